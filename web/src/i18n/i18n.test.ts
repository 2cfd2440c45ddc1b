import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { interpolate, translator } from './i18n.tsx';
import { it as itDict } from './it.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dictionaries', () => {
  it('gives English the same keys and placeholders as Italian', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(itDict).sort());
    for (const [key, text] of Object.entries(itDict)) {
      expect(placeholders(en[key as keyof typeof en]), key).toEqual(placeholders(text));
      expect(en[key as keyof typeof en].trim(), key).not.toBe('');
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(interpolate('Ricetta {nre}', { nre: '170A01234567890' })).toBe('Ricetta 170A01234567890');
    expect(interpolate('{a} e {b}', { a: 1 })).toBe('1 e {b}');
    expect(translator('en')('patient.found', { name: 'Mario Rossi' })).toBe('Patient found: Mario Rossi.');
    expect(translator('it')('patient.found', { name: 'Mario Rossi' })).toBe(
      'Assistito trovato: Mario Rossi.',
    );
  });
});
