import { useId, useState } from 'react';
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

/** A short screen (a 1280×720 monitor), where every line above the work area costs the operator. */
const SHORT_SCREEN = '(max-height: 800px)';

/**
 * The console's keyboard shortcuts: unfolded on a tall screen; folded to one line on a short one, where
 * the work area must start within the first third of the screen (issue 14 §1) and each field and button
 * shows its own shortcut anyway.
 */
export function ShortcutLegend() {
  const { t } = useI18n();
  const id = useId();
  const [open] = useState(() => !window.matchMedia?.(SHORT_SCREEN).matches);
  return (
    <details className="shortcut-legend" open={open} aria-labelledby={`${id}-title`}>
      <summary className="small fw-semibold" id={`${id}-title`}>
        {t('shortcut.title')}
      </summary>
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
    </details>
  );
}
