import { randomInt } from 'node:crypto';

// Crockford-style alphabet without I, L, O, U: easy to read out on the phone and to type back.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `n` random symbols of that alphabet (5 bits each). */
export function randomSymbols(n: number, random: (max: number) => number = randomInt): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[random(ALPHABET.length)];
  return s;
}

/** A human-readable booking code like "PRN-7K3M-9Q2D": 8 random symbols, 40 bits. */
export function newBookingCode(random: (max: number) => number = randomInt): string {
  const s = randomSymbols(8, random);
  return `PRN-${s.slice(0, 4)}-${s.slice(4)}`;
}

export const BOOKING_CODE_PATTERN = /^PRN-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

// The phone keypad's letters (ITU E.161): the code's letters typed on the keys that carry them.
const KEYS: Record<string, string> = Object.fromEntries(
  [...'ABCDEFGHJKMNPQRSTVWXYZ'].map((c, i) => [c, '2223334455667777889999'[i]!]),
);

/**
 * The booking code as typed on a phone keypad (OB-4, the IVR's cancellation): its eight symbols after
 * "PRN-", each letter as the key that carries it (K → 5), digits as themselves — "PRN-7K3M-9Q2D" is
 * 75369723. Several codes share a keypad form; the IVR asks for the birth date as well, and the database
 * keeps the same form (appointment.keypad_code, the same mapping in SQL).
 */
export function keypadCode(code: string): string {
  return [...code.slice(4).replace('-', '')].map((c) => KEYS[c] ?? c).join('');
}

/** The proof of a cancellation the patient is given: unique, as an appointment is cancelled once. */
export const cancellationNumber = (a: { code: string; version: number }) =>
  `ANN-${a.code.slice(4)}-${a.version}`;
