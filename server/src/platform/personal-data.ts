// Free text a citizen writes where no personal data is asked for (a rating's words, a chat message read by a
// language model): what is easy to recognise is taken out before the text is kept or sent (SEC-1, data
// minimisation). Names and addresses cannot be recognised this way; the forms ask for none.

const MASK = '[omesso]';

const PATTERNS: RegExp[] = [
  /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu, // an e-mail address
  /\b[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-EHLMPR-T][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]\b/gi, // a fiscal code
  /\b\d{3}[A-Z0-9]{2}\d{10}\b/gi, // a prescription's NRE
  /\+?\d[\d\s./-]{5,}\d/g, // a phone number or another long number (dates with slashes too)
];

/** The text with each e-mail address, fiscal code, NRE and phone or other long number replaced by `[omesso]`. */
export function maskPersonalData(text: string): string {
  let masked = text;
  for (const p of PATTERNS) masked = masked.replace(p, MASK);
  return masked;
}
