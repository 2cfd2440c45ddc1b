// GSM 03.38 (3GPP TS 23.038) or UCS-2 for one SMS, and how many parts it is billed as (issue 11 §1).

/** The default alphabet: one septet each. */
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** The extension table: an escape and the character, two septets each. */
const EXTENSION = '^{}\\[~]|€\f';

const basic = new Set(BASIC);
const extension = new Set(EXTENSION);

export type SmsEncoding = 'gsm7' | 'ucs2';

export interface SmsSize {
  encoding: SmsEncoding;
  /** Septets (GSM) or UTF-16 code units (UCS-2). */
  units: number;
  /** Parts billed: one up to 160 septets / 70 units, else 153 / 67 per part (the rest is the UDH). */
  segments: number;
}

/**
 * Whether the text fits the GSM default alphabet, and its size. Italian's accented capitals other than É
 * (À, È, Ì, Ò, Ù) are not in it: one of them makes the whole message UCS-2, at 70 characters a part.
 */
export function smsSize(text: string): SmsSize {
  let septets = 0;
  for (const ch of text) {
    if (basic.has(ch)) septets += 1;
    else if (extension.has(ch)) septets += 2;
    else {
      const units = text.length; // UTF-16 code units: a character outside the BMP counts two
      return { encoding: 'ucs2', units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
    }
  }
  return { encoding: 'gsm7', units: septets, segments: septets <= 160 ? 1 : partsOf(text) };
}

/** GSM parts of 153 septets, never splitting an escape from its character. */
function partsOf(text: string): number {
  let parts = 1;
  let used = 0;
  for (const ch of text) {
    const size = extension.has(ch) ? 2 : 1;
    if (used + size > 153) {
      parts++;
      used = 0;
    }
    used += size;
  }
  return parts;
}

/**
 * The message cut into the parts its size counted (one part, or 153 septets / 67 UTF-16 units each,
 * never splitting an escape pair or a surrogate pair), for concatenation with a UDH.
 */
export function smsParts(text: string): string[] {
  const size = smsSize(text);
  if (size.segments === 1) return [text];
  const limit = size.encoding === 'gsm7' ? 153 : 67;
  const parts: string[] = [];
  let current = '';
  let used = 0;
  for (const ch of text) {
    const units = size.encoding === 'gsm7' ? (extension.has(ch) ? 2 : 1) : ch.length;
    if (used + units > limit) {
      parts.push(current);
      current = '';
      used = 0;
    }
    current += ch;
    used += units;
  }
  parts.push(current);
  return parts;
}
