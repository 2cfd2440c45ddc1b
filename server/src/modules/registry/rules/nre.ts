/**
 * NRE (Numero di Ricetta Elettronica), the number of an electronic prescription (BK-2):
 * 15 characters = 3-digit SSN region code + 2-character batch (letters/digits) + 10-digit progressive.
 */

/** SSN region codes (the ones that open an NRE). */
export const ITALIAN_REGION_CODES = {
  '010': 'Piemonte',
  '020': "Valle d'Aosta",
  '030': 'Lombardia',
  '041': 'Provincia autonoma di Bolzano',
  '042': 'Provincia autonoma di Trento',
  '050': 'Veneto',
  '060': 'Friuli-Venezia Giulia',
  '070': 'Liguria',
  '080': 'Emilia-Romagna',
  '090': 'Toscana',
  '100': 'Umbria',
  '110': 'Marche',
  '120': 'Lazio',
  '130': 'Abruzzo',
  '140': 'Molise',
  '150': 'Campania',
  '160': 'Puglia',
  '170': 'Basilicata',
  '180': 'Calabria',
  '190': 'Sicilia',
  '200': 'Sardegna',
} as const satisfies Readonly<Record<string, string>>;

export type ItalianRegionCode = keyof typeof ITALIAN_REGION_CODES;

export type NreValidation =
  | { ok: true; value: string; regionCode: string; batch: string; progressive: string }
  | { ok: false; reason: string };

export const NRE_LENGTH = 15;
const MAX_PROGRESSIVE = 9_999_999_999;

export function isItalianRegionCode(code: string): code is ItalianRegionCode {
  return Object.hasOwn(ITALIAN_REGION_CODES, code);
}

export function normalizeNre(input: string): string {
  return input.trim().toUpperCase();
}

export function validateNre(input: string): NreValidation {
  // Checked before upper-casing, which can change the length (ß → SS).
  const trimmed = input.trim();
  if (trimmed.length !== NRE_LENGTH) {
    return { ok: false, reason: `must be ${NRE_LENGTH} characters, got ${trimmed.length}` };
  }
  if (!/^[A-Za-z0-9]+$/.test(trimmed)) return { ok: false, reason: 'must contain only letters and digits' };
  const value = normalizeNre(trimmed);
  const regionCode = value.slice(0, 3);
  const batch = value.slice(3, 5);
  const progressive = value.slice(5);
  if (!/^\d{3}$/.test(regionCode))
    return { ok: false, reason: 'characters 1–3 (region code) must be digits' };
  if (!isItalianRegionCode(regionCode)) return { ok: false, reason: `unknown region code ${regionCode}` };
  if (!/^\d{10}$/.test(progressive)) {
    return { ok: false, reason: 'characters 6–15 (progressive number) must be digits' };
  }
  return { ok: true, value, regionCode, batch, progressive };
}

/** Builds an NRE; throws RangeError on an unknown region, a malformed batch or an out-of-range progressive. */
export function buildNre(regionCode: string, batch: string, progressive: number): string {
  if (!isItalianRegionCode(regionCode)) throw new RangeError(`unknown region code ${regionCode}`);
  const normalisedBatch = batch.toUpperCase();
  if (!/^[A-Z0-9]{2}$/.test(normalisedBatch)) {
    throw new RangeError(`batch must be 2 letters or digits, got ${batch}`);
  }
  if (!Number.isInteger(progressive) || progressive < 0 || progressive > MAX_PROGRESSIVE) {
    throw new RangeError(`progressive must be an integer from 0 to ${MAX_PROGRESSIVE}, got ${progressive}`);
  }
  return regionCode + normalisedBatch + String(progressive).padStart(10, '0');
}
