import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildNre, ITALIAN_REGION_CODES, isItalianRegionCode, validateNre } from './nre.ts';

const regionCodes = Object.keys(ITALIAN_REGION_CODES);
const alphanumeric = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split('');

describe('ITALIAN_REGION_CODES', () => {
  it('lists the 21 SSN regions and autonomous provinces', () => {
    expect(regionCodes).toHaveLength(21);
    expect(ITALIAN_REGION_CODES['170']).toBe('Basilicata');
    expect(isItalianRegionCode('041')).toBe(true);
    expect(isItalianRegionCode('040')).toBe(false);
    expect(isItalianRegionCode('toString')).toBe(false);
  });
});

describe('validateNre', () => {
  it('accepts a Basilicata NRE and splits it', () => {
    expect(validateNre('1700A4001234567')).toEqual({
      ok: true,
      value: '1700A4001234567',
      regionCode: '170',
      batch: '0A',
      progressive: '4001234567',
    });
  });

  it('normalises case and surrounding spaces', () => {
    expect(validateNre('  170ab0000000042 ')).toMatchObject({
      ok: true,
      value: '170AB0000000042',
      batch: 'AB',
    });
  });

  it('names what is wrong', () => {
    const reasonOf = (input: string) => {
      const result = validateNre(input);
      return result.ok ? null : result.reason;
    };
    expect(reasonOf('')).toBe('must be 15 characters, got 0');
    expect(reasonOf('170AB000000004')).toBe('must be 15 characters, got 14');
    expect(reasonOf('170AB00000000420')).toBe('must be 15 characters, got 16');
    expect(reasonOf('170AB 000000042')).toBe('must contain only letters and digits');
    expect(reasonOf('170-B0000000042')).toBe('must contain only letters and digits');
    // Upper-casing would turn ß into SS and make a 15-character string.
    expect(reasonOf('170ß0000000042')).toBe('must be 15 characters, got 14');
    expect(reasonOf('1A0AB0000000042')).toBe('characters 1–3 (region code) must be digits');
    expect(reasonOf('999AB0000000042')).toBe('unknown region code 999');
    expect(reasonOf('040AB0000000042')).toBe('unknown region code 040');
    expect(reasonOf('170AB000000004X')).toBe('characters 6–15 (progressive number) must be digits');
  });
});

describe('buildNre', () => {
  it('pads the progressive number', () => {
    expect(buildNre('170', 'a1', 42)).toBe('170A10000000042');
    expect(buildNre('041', '00', 9_999_999_999)).toBe('041009999999999');
  });

  it('rejects bad parts', () => {
    expect(() => buildNre('171', 'A1', 1)).toThrow(RangeError);
    expect(() => buildNre('170', 'A', 1)).toThrow(RangeError);
    expect(() => buildNre('170', 'A-', 1)).toThrow(RangeError);
    expect(() => buildNre('170', 'A1', -1)).toThrow(RangeError);
    expect(() => buildNre('170', 'A1', 1.5)).toThrow(RangeError);
    expect(() => buildNre('170', 'A1', 10_000_000_000)).toThrow(RangeError);
  });
});

describe('properties', () => {
  it('build → validate round-trips', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...regionCodes),
        fc.string({ unit: fc.constantFrom(...alphanumeric), minLength: 2, maxLength: 2 }),
        fc.integer({ min: 0, max: 9_999_999_999 }),
        (regionCode, batch, progressive) => {
          const nre = buildNre(regionCode, batch, progressive);
          expect(validateNre(nre)).toEqual({
            ok: true,
            value: nre,
            regionCode,
            batch,
            progressive: String(progressive).padStart(10, '0'),
          });
          expect(validateNre(` ${nre.toLowerCase()}  `)).toMatchObject({ ok: true, value: nre });
        },
      ),
    );
  });

  it('rejects any string of the wrong length', () => {
    const anyString = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.string({ unit: fc.constantFrom(...alphanumeric, 'ß', ' '), maxLength: 40 }),
    );
    fc.assert(
      fc.property(
        anyString.filter((s) => s.trim().length !== 15),
        (s) => {
          expect(validateNre(s).ok).toBe(false);
        },
      ),
    );
  });

  it('rejects any 15-character string whose region code is unknown', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...alphanumeric), minLength: 15, maxLength: 15 }),
        (s) => {
          fc.pre(!regionCodes.includes(s.slice(0, 3)));
          expect(validateNre(s).ok).toBe(false);
        },
      ),
    );
  });
});
