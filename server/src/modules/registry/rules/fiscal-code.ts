/**
 * Italian codice fiscale (tax code) of natural persons: normalisation, validation with decoding of the
 * birth data, check character and construction from personal data (DM 23/12/1976). BK-2, BK-7.
 *
 * Layout (1-based positions):
 *   1–3 family name, 4–6 given name, 7–8 birth year, 9 birth month, 10–11 birth day (+40 for women),
 *   12–15 Belfiore code of the birthplace (municipality, or Z + 3 digits for a foreign state), 16 check.
 * Omocodia: when two people would share a code, the Revenue Agency replaces digits at positions
 * 7, 8, 10, 11, 13, 14, 15 with the letters LMNPQRSTUV (0–9), so those positions accept both.
 */

export type Sex = 'M' | 'F';

export type FiscalCodeValidation =
  | { ok: true; value: string; birthDate: string; sex: Sex; municipalityCode: string }
  | { ok: false; reason: string };

export interface FiscalCodePerson {
  familyName: string;
  givenName: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: Sex;
  /** Belfiore cadastral code, e.g. G942 (Potenza), or Z + 3 digits for a foreign state. */
  municipalityCode: string;
}

const MONTH_LETTERS = 'ABCDEHLMPRST';
const OMOCODIA_LETTERS = 'LMNPQRSTUV';
/** 0-based indexes of the positions that hold digits (or their omocodia letters). */
const NUMERIC_POSITIONS: readonly number[] = [6, 7, 9, 10, 12, 13, 14];
const VOWELS = 'AEIOU';
const CHECK_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Values of A..Z at odd positions (1st, 3rd, ...); digit d counts as the d-th letter (0 = A). */
const ODD_VALUES: readonly number[] = [
  1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
];

export function normalizeFiscalCode(input: string): string {
  return input.trim().toUpperCase();
}

/** Index 0–25 of a letter, or 0–9 of a digit; -1 for anything else. */
function charIndex(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 65;
  return -1;
}

/** Check character of the first 15 characters (official odd/even tables, sum modulo 26). */
export function computeFiscalCodeCheckChar(first15: string): string {
  const s = first15.toUpperCase();
  if (!/^[A-Z0-9]{15}$/.test(s)) throw new RangeError('expected 15 letters or digits');
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const index = charIndex(s[i]!);
    // i is 0-based, so even i is an odd (1st, 3rd, ...) position.
    sum += i % 2 === 0 ? ODD_VALUES[index]! : index;
  }
  return CHECK_ALPHABET[sum % 26]!;
}

function isDigitOrOmocodia(c: string): boolean {
  return (c >= '0' && c <= '9') || OMOCODIA_LETTERS.includes(c);
}

function decodeDigit(c: string): string {
  const omocodia = OMOCODIA_LETTERS.indexOf(c);
  return omocodia === -1 ? c : String(omocodia);
}

function decodeDigits(s: string): string {
  return Array.from(s, decodeDigit).join('');
}

const romeDateFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Rome',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Calendar date in Italy, YYYY-MM-DD: the code's holder was born on an Italian calendar day. */
function isoDateInItaly(date: Date): string {
  const parts = romeDateFormat.formatToParts(date);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function fail(reason: string): FiscalCodeValidation {
  return { ok: false, reason };
}

/**
 * Validates a codice fiscale and decodes birth date, sex and birthplace. The code only carries two digits
 * of the year: the century is chosen so that the person is not born after `today` (Italian calendar day).
 */
export function validateFiscalCode(input: string, today: Date = new Date()): FiscalCodeValidation {
  // Checked before upper-casing, which can change the length (ß → SS) or map non-ASCII letters to ASCII.
  const trimmed = input.trim();
  if (trimmed.length !== 16) return fail(`must be 16 characters, got ${trimmed.length}`);
  if (!/^[A-Za-z0-9]+$/.test(trimmed)) return fail('must contain only letters and digits');
  const value = normalizeFiscalCode(trimmed);
  if (!/^[A-Z]{6}$/.test(value.slice(0, 6))) {
    return fail('characters 1–6 (family and given name) must be letters');
  }
  for (const i of NUMERIC_POSITIONS) {
    if (!isDigitOrOmocodia(value[i]!)) {
      return fail(`character ${i + 1} must be a digit (or one of the omocodia letters ${OMOCODIA_LETTERS})`);
    }
  }
  const monthLetter = value[8]!;
  const month = MONTH_LETTERS.indexOf(monthLetter) + 1;
  if (month === 0) {
    return fail(`character 9 (birth month) must be one of ${MONTH_LETTERS}, got ${monthLetter}`);
  }
  if (!/^[A-Z]$/.test(value[11]!)) return fail('character 12 (birthplace code) must be a letter');
  if (!/^[A-Z]$/.test(value[15]!)) return fail('character 16 (check character) must be a letter');

  const expected = computeFiscalCodeCheckChar(value.slice(0, 15));
  if (value[15] !== expected) return fail(`check character is wrong: expected ${expected}`);

  const encodedDay = Number(decodeDigits(value.slice(9, 11)));
  let sex: Sex;
  let day: number;
  if (encodedDay >= 1 && encodedDay <= 31) {
    sex = 'M';
    day = encodedDay;
  } else if (encodedDay >= 41 && encodedDay <= 71) {
    sex = 'F';
    day = encodedDay - 40;
  } else {
    return fail(`birth day must be 01–31 (men) or 41–71 (women), got ${pad2(encodedDay)}`);
  }

  const twoDigitYear = Number(decodeDigits(value.slice(6, 8)));
  const monthDay = `${pad2(month)}-${pad2(day)}`;
  // Lexicographic comparison of YYYY-MM-DD strings is chronological.
  let year = 2000 + twoDigitYear;
  if (`${year}-${monthDay}` > isoDateInItaly(today)) year -= 100;
  if (!isCalendarDate(year, month, day)) return fail(`birth date ${year}-${monthDay} does not exist`);

  return {
    ok: true,
    value,
    birthDate: `${year}-${monthDay}`,
    sex,
    municipalityCode: value[11]! + decodeDigits(value.slice(12, 15)),
  };
}

/** Upper-case A–Z only: accents stripped (È → E), apostrophes, spaces and hyphens dropped. */
function lettersOf(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z]/g, '');
}

function splitLetters(name: string, what: string): { consonants: string; vowels: string } {
  const letters = lettersOf(name);
  if (letters.length === 0) throw new RangeError(`${what} has no letters`);
  let consonants = '';
  let vowels = '';
  for (const c of letters) {
    if (VOWELS.includes(c)) vowels += c;
    else consonants += c;
  }
  return { consonants, vowels };
}

function familyNamePart(familyName: string): string {
  const { consonants, vowels } = splitLetters(familyName, 'family name');
  return `${consonants}${vowels}XXX`.slice(0, 3);
}

function givenNamePart(givenName: string): string {
  const { consonants, vowels } = splitLetters(givenName, 'given name');
  // With four or more consonants the second is skipped (Giuseppe → GPP).
  if (consonants.length >= 4) return consonants[0]! + consonants[2]! + consonants[3]!;
  return `${consonants}${vowels}XXX`.slice(0, 3);
}

/** Builds the (non-omocodic) codice fiscale of a person. Throws RangeError on unusable input. */
export function buildFiscalCode(p: FiscalCodePerson): string {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(p.birthDate);
  if (!date) throw new RangeError(`birth date must be YYYY-MM-DD, got ${p.birthDate}`);
  const year = Number(date[1]);
  const month = Number(date[2]);
  const day = Number(date[3]);
  if (!isCalendarDate(year, month, day)) throw new RangeError(`birth date ${p.birthDate} does not exist`);
  const municipalityCode = p.municipalityCode.trim().toUpperCase();
  if (!/^[A-Z]\d{3}$/.test(municipalityCode)) {
    throw new RangeError(`municipality code must be a letter and 3 digits, got ${p.municipalityCode}`);
  }
  const first15 =
    familyNamePart(p.familyName) +
    givenNamePart(p.givenName) +
    pad2(year % 100) +
    MONTH_LETTERS[month - 1]! +
    pad2(p.sex === 'F' ? day + 40 : day) +
    municipalityCode;
  return first15 + computeFiscalCodeCheckChar(first15);
}
