import { fireEvent, render } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { SHORTCUTS, shortcutOf, useShortcuts } from './shortcuts.ts';

const key = (
  code: string,
  mods: Partial<Record<'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey', boolean>> = {},
) => ({
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  code,
  ...mods,
});

function Probe({ patient }: { patient: () => void }) {
  useShortcuts({ patient });
  return null;
}

describe('keyboard shortcuts', () => {
  it('reads Alt + a letter from the physical key', () => {
    expect(shortcutOf(key('KeyC', { altKey: true }))).toBe('Alt+C');
    expect(shortcutOf(key('KeyC'))).toBeNull();
    expect(shortcutOf(key('KeyC', { altKey: true, ctrlKey: true }))).toBeNull();
    expect(shortcutOf(key('KeyC', { altKey: true, shiftKey: true }))).toBeNull();
    expect(shortcutOf(key('Digit1', { altKey: true }))).toBeNull();
  });

  it('has one key per action, none of them a browser menu key', () => {
    const keys = Object.values(SHORTCUTS);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of keys)
      expect(['Alt+D', 'Alt+E', 'Alt+F', 'Alt+B', 'Alt+H', 'Alt+T', 'Alt+V']).not.toContain(k);
  });

  it('runs the handler and keeps the browser from acting on it', () => {
    const patient = vi.fn();
    const { unmount } = render(<Probe patient={patient} />);
    const notPrevented = fireEvent.keyDown(window, { code: 'KeyC', key: 'c', altKey: true });
    expect(patient).toHaveBeenCalledTimes(1);
    expect(notPrevented).toBe(false);
    fireEvent.keyDown(window, { code: 'KeyR', key: 'r', altKey: true });
    expect(patient).toHaveBeenCalledTimes(1);
    unmount();
    fireEvent.keyDown(window, { code: 'KeyC', key: 'c', altKey: true });
    expect(patient).toHaveBeenCalledTimes(1);
  });
});
