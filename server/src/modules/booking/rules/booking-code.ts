import { randomInt } from 'node:crypto';

// Crockford-style alphabet without I, L, O, U: easy to read out on the phone and to type back.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A human-readable booking code like "PRN-7K3M-9Q2D": 8 random symbols, 40 bits. */
export function newBookingCode(random: (max: number) => number = randomInt): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += ALPHABET[random(ALPHABET.length)];
  return `PRN-${s.slice(0, 4)}-${s.slice(4)}`;
}

export const BOOKING_CODE_PATTERN = /^PRN-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;
