import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildFiscalCode,
  computeFiscalCodeCheckChar,
  type FiscalCodePerson,
  normalizeFiscalCode,
  validateFiscalCode,
} from './fiscal-code.ts';

// A fixed "today" keeps the century choice deterministic.
const TODAY = new Date('2025-06-15T10:00:00Z');
const OMOCODIA_LETTERS = 'LMNPQRSTUV';
const NUMERIC_POSITIONS = [6, 7, 9, 10, 12, 13, 14];

const replaceAt = (s: string, i: number, c: string) => s.slice(0, i) + c + s.slice(i + 1);

const withCheckChar = (first15: string) => first15 + computeFiscalCodeCheckChar(first15);

describe('normalizeFiscalCode', () => {
  it('trims and upper-cases', () => {
    expect(normalizeFiscalCode('  rssmra85t10a562s \n')).toBe('RSSMRA85T10A562S');
  });
});

describe('validateFiscalCode: known codes', () => {
  it('accepts RSSMRA85T10A562S and decodes it', () => {
    expect(validateFiscalCode('RSSMRA85T10A562S', TODAY)).toEqual({
      ok: true,
      value: 'RSSMRA85T10A562S',
      birthDate: '1985-12-10',
      sex: 'M',
      municipalityCode: 'A562',
    });
  });

  // Check characters below were computed by hand with the odd/even tables.
  it('accepts a woman born in Potenza (day + 40)', () => {
    expect(validateFiscalCode('BNCLRA90C55G942N', TODAY)).toEqual({
      ok: true,
      value: 'BNCLRA90C55G942N',
      birthDate: '1990-03-15',
      sex: 'F',
      municipalityCode: 'G942',
    });
  });

  it('accepts a woman born in 2003 in Policoro', () => {
    const result = validateFiscalCode('DNDMGR03B68G786Q', TODAY);
    expect(result).toMatchObject({ ok: true, birthDate: '2003-02-28', sex: 'F', municipalityCode: 'G786' });
  });

  it('accepts lower case and surrounding spaces, returning the normalised value', () => {
    expect(validateFiscalCode('  rssmra85t10a562s ', TODAY)).toMatchObject({
      ok: true,
      value: 'RSSMRA85T10A562S',
    });
  });

  it('decodes a fully omocodic code', () => {
    // BNZVCN32S10E573Z with all seven digits replaced by omocodia letters.
    expect(validateFiscalCode('BNZVCNPNSMLERTPX', TODAY)).toEqual({
      ok: true,
      value: 'BNZVCNPNSMLERTPX',
      birthDate: '1932-11-10',
      sex: 'M',
      municipalityCode: 'E573',
    });
  });

  it('accepts a foreign birthplace (Z + 3 digits)', () => {
    const code = withCheckChar('RSSMRA85T10Z404');
    expect(validateFiscalCode(code, TODAY)).toMatchObject({ ok: true, municipalityCode: 'Z404' });
  });
});

describe('validateFiscalCode: century of the birth year', () => {
  it('puts years up to the current one in the 2000s', () => {
    expect(validateFiscalCode(withCheckChar('RSSMRA25A10G942'), TODAY)).toMatchObject({
      birthDate: '2025-01-10',
    });
    expect(validateFiscalCode(withCheckChar('RSSMRA00A10G942'), TODAY)).toMatchObject({
      birthDate: '2000-01-10',
    });
  });

  it('puts later years in the 1900s', () => {
    expect(validateFiscalCode(withCheckChar('RSSMRA26A10G942'), TODAY)).toMatchObject({
      birthDate: '1926-01-10',
    });
  });

  it('never places a birth after today, even within the current year', () => {
    expect(validateFiscalCode(withCheckChar('RSSMRA25T10G942'), TODAY)).toMatchObject({
      birthDate: '1925-12-10',
    });
  });

  it('uses the Italian calendar day of `today`', () => {
    // 22:30 UTC on 14 June is already 15 June in Rome.
    const lateEvening = new Date('2025-06-14T22:30:00Z');
    expect(validateFiscalCode(withCheckChar('RSSMRA25H15G942'), lateEvening)).toMatchObject({
      birthDate: '2025-06-15',
    });
  });

  it('rejects 29 February of a non-leap year', () => {
    expect(validateFiscalCode(withCheckChar('RSSMRA23B29G942'), TODAY)).toEqual({
      ok: false,
      reason: 'birth date 2023-02-29 does not exist',
    });
    expect(validateFiscalCode(withCheckChar('RSSMRA24B29G942'), TODAY)).toMatchObject({
      ok: true,
      birthDate: '2024-02-29',
    });
  });
});

describe('validateFiscalCode: reasons', () => {
  const reasonOf = (code: string) => {
    const result = validateFiscalCode(code, TODAY);
    return result.ok ? null : result.reason;
  };

  it('names what is wrong', () => {
    expect(reasonOf('')).toBe('must be 16 characters, got 0');
    expect(reasonOf('RSSMRA85T10A562')).toBe('must be 16 characters, got 15');
    expect(reasonOf('RSSMRA85T10A562SX')).toBe('must be 16 characters, got 17');
    expect(reasonOf('RSSMRA85T10-562S')).toBe('must contain only letters and digits');
    // Upper-casing would turn ß into SS and rebuild RSSMRA85T10A562S.
    expect(reasonOf('RßMRA85T10A562S')).toBe('must be 16 characters, got 15');
    expect(reasonOf('RSſMRA85T10A562S')).toBe('must contain only letters and digits');
    expect(reasonOf('RSSMR185T10A562S')).toBe('characters 1–6 (family and given name) must be letters');
    expect(reasonOf('RSSMRAA5T10A562S')).toMatch(/^character 7 must be a digit/);
    expect(reasonOf('RSSMRA85F10A562S')).toBe('character 9 (birth month) must be one of ABCDEHLMPRST, got F');
    expect(reasonOf('RSSMRA85T101562S')).toBe('character 12 (birthplace code) must be a letter');
    expect(reasonOf('RSSMRA85T10A5621')).toBe('character 16 (check character) must be a letter');
    expect(reasonOf('RSSMRA85T10A562K')).toBe('check character is wrong: expected S');
    expect(reasonOf(withCheckChar('RSSMRA85T35A562'))).toBe(
      'birth day must be 01–31 (men) or 41–71 (women), got 35',
    );
    expect(reasonOf(withCheckChar('RSSMRA85T00A562'))).toBe(
      'birth day must be 01–31 (men) or 41–71 (women), got 00',
    );
    expect(reasonOf(withCheckChar('RSSMRA85T72A562'))).toBe(
      'birth day must be 01–31 (men) or 41–71 (women), got 72',
    );
    expect(reasonOf(withCheckChar('RSSMRA85B30A562'))).toBe('birth date 1985-02-30 does not exist');
  });
});

describe('computeFiscalCodeCheckChar', () => {
  it('computes the check character', () => {
    expect(computeFiscalCodeCheckChar('RSSMRA85T10A562')).toBe('S');
    expect(computeFiscalCodeCheckChar('bnclra90c55g942')).toBe('N');
  });

  it('rejects input that is not 15 letters or digits', () => {
    expect(() => computeFiscalCodeCheckChar('RSSMRA85T10A56')).toThrow(RangeError);
    expect(() => computeFiscalCodeCheckChar('RSSMRA85T10A56-')).toThrow(RangeError);
  });
});

describe('buildFiscalCode', () => {
  it('builds known codes', () => {
    expect(
      buildFiscalCode({
        familyName: 'Rossi',
        givenName: 'Mario',
        birthDate: '1985-12-10',
        sex: 'M',
        municipalityCode: 'A562',
      }),
    ).toBe('RSSMRA85T10A562S');
    expect(
      buildFiscalCode({
        familyName: 'Bianchi',
        givenName: 'Laura',
        birthDate: '1990-03-15',
        sex: 'F',
        municipalityCode: 'G942',
      }),
    ).toBe('BNCLRA90C55G942N');
  });

  it('handles apostrophes, spaces, accents and given names with four or more consonants', () => {
    // Nolè → NLO; Giuseppe has consonants G S P P → 1st, 3rd, 4th = GPP.
    expect(
      buildFiscalCode({
        familyName: 'Nolè',
        givenName: 'Giuseppe',
        birthDate: '1948-08-01',
        sex: 'M',
        municipalityCode: 'f052',
      }),
    ).toBe('NLOGPP48M01F052N');
    // D'Andrea → DND; Maria Grazia has consonants M R G R Z → MGR.
    expect(
      buildFiscalCode({
        familyName: "D'Andrea",
        givenName: 'Maria Grazia',
        birthDate: '2003-02-28',
        sex: 'F',
        municipalityCode: 'G786',
      }),
    ).toBe('DNDMGR03B68G786Q');
  });

  it('pads short names with X', () => {
    const code = buildFiscalCode({
      familyName: 'Fo',
      givenName: 'Lù',
      birthDate: '1970-01-01',
      sex: 'M',
      municipalityCode: 'G942',
    });
    expect(code.slice(0, 6)).toBe('FOXLUX');
  });

  it('rejects unusable input', () => {
    const base: FiscalCodePerson = {
      familyName: 'Rossi',
      givenName: 'Mario',
      birthDate: '1985-12-10',
      sex: 'M',
      municipalityCode: 'A562',
    };
    expect(() => buildFiscalCode({ ...base, familyName: " ' " })).toThrow(RangeError);
    expect(() => buildFiscalCode({ ...base, birthDate: '1985-02-30' })).toThrow(RangeError);
    expect(() => buildFiscalCode({ ...base, birthDate: '10/12/1985' })).toThrow(RangeError);
    expect(() => buildFiscalCode({ ...base, municipalityCode: 'A56' })).toThrow(RangeError);
  });
});

// ---- Properties ----

const nameUnit = fc.constantFrom(
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZàèéìòùÀÈÌÒÙçñ'.split(''),
  ' ',
  "'",
  '-',
);
const nameArb = fc
  .string({ unit: nameUnit, minLength: 1, maxLength: 20 })
  .filter((s) => /[a-z]/i.test(s.normalize('NFD')));

// Birth dates within the 100 years before TODAY are the ones the two-digit year decodes unambiguously.
const birthDateArb = fc
  .date({ min: new Date('1925-06-16T00:00:00Z'), max: new Date('2025-06-15T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

const municipalityArb = fc
  .tuple(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('')), fc.integer({ min: 0, max: 999 }))
  .map(([letter, n]) => letter + String(n).padStart(3, '0'));

const personArb: fc.Arbitrary<FiscalCodePerson> = fc.record({
  familyName: nameArb,
  givenName: nameArb,
  birthDate: birthDateArb,
  sex: fc.constantFrom('M' as const, 'F' as const),
  municipalityCode: municipalityArb,
});

describe('properties', () => {
  it('build → validate round-trips birth date, sex and birthplace', () => {
    fc.assert(
      fc.property(personArb, (person) => {
        const code = buildFiscalCode(person);
        expect(validateFiscalCode(code, TODAY)).toEqual({
          ok: true,
          value: code,
          birthDate: person.birthDate,
          sex: person.sex,
          municipalityCode: person.municipalityCode,
        });
      }),
    );
  });

  it('rejects every single-character substitution of a valid code', () => {
    // Lower-case letters are not corruptions: the code is normalised to upper case.
    const alphabet = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', ' ', '-', '.', '*', 'È'];
    const codeArb = fc.oneof(
      fc.constantFrom('RSSMRA85T10A562S', 'BNCLRA90C55G942N', 'BNZVCNPNSMLERTPX'),
      personArb.map(buildFiscalCode),
    );
    fc.assert(
      fc.property(codeArb, (code) => {
        for (let i = 0; i < code.length; i++) {
          for (const c of alphabet) {
            if (c === code[i]) continue;
            const corrupted = replaceAt(code, i, c);
            const result = validateFiscalCode(corrupted, TODAY);
            if (result.ok) throw new Error(`accepted corruption ${corrupted} of ${code}`);
          }
        }
      }),
      { numRuns: 50 },
    );
  });

  it('omocodia variants validate and decode to the same person data', () => {
    fc.assert(
      fc.property(personArb, fc.subarray(NUMERIC_POSITIONS, { minLength: 1 }), (person, positions) => {
        const code = buildFiscalCode(person);
        let first15 = code.slice(0, 15);
        for (const i of positions) first15 = replaceAt(first15, i, OMOCODIA_LETTERS[Number(first15[i])]!);
        const variant = withCheckChar(first15);
        expect(validateFiscalCode(variant, TODAY)).toEqual({
          ok: true,
          value: variant,
          birthDate: person.birthDate,
          sex: person.sex,
          municipalityCode: person.municipalityCode,
        });
      }),
    );
  });
});
