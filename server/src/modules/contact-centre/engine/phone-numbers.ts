import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

const CALLABLE = new Set(['FIXED_LINE', 'MOBILE', 'FIXED_LINE_OR_MOBILE']);

/**
 * A number a caller keyed for a callback (CC-3), as national digits ('0971555666', '3331234567'), when it
 * is a valid Italian fixed or mobile number (with or without +39 / 0039); null otherwise: too short or
 * long, not Italian, or a premium-rate, toll-free or shared-cost number the centre must not dial.
 */
export function italianCallbackNumber(keyed: string): string | null {
  const digits = keyed.replace(/[\s./-]/g, '');
  if (!/^(\+|00)?\d{3,15}$/.test(digits)) return null;
  const parsed = parsePhoneNumberFromString(digits.startsWith('00') ? `+${digits.slice(2)}` : digits, 'IT');
  if (parsed?.country !== 'IT' || !parsed.isValid()) return null;
  const type = parsed.getType();
  return type && CALLABLE.has(type) ? parsed.nationalNumber : null;
}
