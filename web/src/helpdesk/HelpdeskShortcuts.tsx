import { Kbd } from '../components/Kbd.tsx';
import { type MessageKey, useI18n } from '../i18n/i18n.tsx';
import { SHORTCUTS, type ShortcutName } from '../lib/shortcuts.ts';

/** The help desk's keys, folded to one line: the inbox is worked from the keyboard like the console. */
export function HelpdeskShortcuts({ creates }: { creates: boolean }) {
  const { t } = useI18n();
  const legend: [ShortcutName, MessageKey][] = [
    ['ticketNext', 'shortcut.ticketNext'],
    ['ticketPrevious', 'shortcut.ticketPrevious'],
    ['answer', 'shortcut.answer'],
    ['note', 'shortcut.ticketNote'],
    ['serviceFilter', 'shortcut.queueFilter'],
    ...(creates ? [['newCall', 'shortcut.newTicket'] as [ShortcutName, MessageKey]] : []),
  ];
  return (
    <details className="shortcut-legend mb-2">
      <summary className="small fw-semibold">{t('shortcut.title')}</summary>
      <ul className="list-inline mb-0 small" data-testid="helpdesk-shortcuts">
        {legend.map(([name, label]) => (
          <li key={name} className="list-inline-item">
            <Kbd keys={SHORTCUTS[name]} /> {t(label)}
          </li>
        ))}
      </ul>
    </details>
  );
}
