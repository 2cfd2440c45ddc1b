import type React from 'react';
import { useEffect, useRef } from 'react';

/**
 * Keyboard shortcuts of the app. Alt + a letter, read from the physical key (`event.code`) so that they
 * work on every layout and on macOS, where Option+letter types a symbol. The letters avoid the
 * browsers' own Alt shortcuts (Chromium: D, E, F; Firefox menus: B, E, F, H, S, T, V).
 */
export const SHORTCUTS = {
  patient: 'Alt+C',
  prescription: 'Alt+R',
  availability: 'Alt+A',
  appointments: 'Alt+P',
  /** A new call (console), a new ticket (help desk). */
  newCall: 'Alt+N',
  confirm: 'Alt+O',
  /** The first filter: the service (availability), the queue (help desk). */
  serviceFilter: 'Alt+S',
  /** The next step on the line: answer the call on offer, or ready after a pause or the wrap-up. */
  line: 'Alt+L',
  hangUp: 'Alt+U',
  /** The note of the call's outcome (esito); on the help desk, the ticket's internal note. */
  note: 'Alt+M',
  /** The help desk's inbox: the next and the previous ticket of the list, opened. */
  ticketNext: 'Alt+J',
  ticketPrevious: 'Alt+K',
  /** The help desk: the answer to the citizen. */
  answer: 'Alt+I',
} as const;

export type ShortcutName = keyof typeof SHORTCUTS;

/** "Alt+C" for Alt and the C key, null for anything that is not Alt + one letter. */
export function shortcutOf(e: Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'code'>) {
  if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return null;
  const m = /^Key([A-Z])$/.exec(e.code);
  return m ? `Alt+${m[1]}` : null;
}

/** Runs the handler of a shortcut pressed anywhere on the page while the component is mounted. */
export function useShortcuts(handlers: Partial<Record<ShortcutName, () => void>>): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const pressed = shortcutOf(e);
      if (!pressed) return;
      for (const [name, keys] of Object.entries(SHORTCUTS) as [ShortcutName, string][]) {
        const handler = ref.current[name];
        if (keys === pressed && handler) {
          e.preventDefault();
          handler();
          return;
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/**
 * Enter in a select submits its form, as it does in a text field: browsers do not submit from a
 * select, and the operator's hands stay on the keys.
 */
export function submitOnEnter(e: React.KeyboardEvent<HTMLSelectElement>): void {
  if (e.key !== 'Enter' || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
  e.preventDefault();
  e.currentTarget.form?.requestSubmit();
}
