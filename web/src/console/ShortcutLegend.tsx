import { useId } from 'react';
import { Kbd } from '../components/Kbd.tsx';
import { type MessageKey, useI18n } from '../i18n/i18n.tsx';
import { SHORTCUTS, type ShortcutName } from '../lib/shortcuts.ts';

const LEGEND: [ShortcutName, MessageKey][] = [
  ['patient', 'shortcut.patient'],
  ['prescription', 'shortcut.prescription'],
  ['availability', 'shortcut.availability'],
  ['confirm', 'shortcut.confirm'],
  ['appointments', 'shortcut.appointments'],
  ['newCall', 'shortcut.newCall'],
  ['line', 'shortcut.line'],
  ['hangUp', 'shortcut.hangUp'],
  ['note', 'shortcut.note'],
];

/** The console's keyboard shortcuts, always on screen. */
export function ShortcutLegend() {
  const { t } = useI18n();
  const id = useId();
  return (
    <aside className="shortcut-legend" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="visually-hidden">
        {t('shortcut.title')}
      </h2>
      <ul className="list-inline mb-0 small">
        {LEGEND.map(([name, label]) => (
          <li key={name} className="list-inline-item">
            <Kbd keys={SHORTCUTS[name]} /> {t(label)}
          </li>
        ))}
        <li className="list-inline-item">
          <Kbd keys="Enter" /> {t('shortcut.enter')}
        </li>
        <li className="list-inline-item">
          <Kbd keys="Esc" /> {t('shortcut.escape')}
        </li>
        <li className="list-inline-item">
          <Kbd keys="↑" />
          <Kbd keys="↓" /> {t('shortcut.arrows')}
        </li>
      </ul>
    </aside>
  );
}
