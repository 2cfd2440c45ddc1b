import { parse } from 'csv-parse/sync';
import { BOOKING_CODE_PATTERN } from '../../booking/index.ts';
import { isMobile } from '../../outreach/index.ts';
import { validateFiscalCode } from '../../registry/index.ts';
import type { CampaignChannel } from './channel.ts';

/** At most this many contacts per upload: a campaign of a region's district, not of the region. */
export const MAX_CSV_ROWS = 10_000;

/** A contact as uploaded: checked, normalised, not yet matched to the registry. */
export interface CsvContact {
  /** The CSV's line number (the header is line 1). */
  row: number;
  name: string;
  fiscalCode: string | null;
  phone: string | null;
  email: string | null;
  bookingCode: string | null;
  note: string | null;
}

export interface CsvRowError {
  row: number;
  /** The column at fault (its canonical name), or null for the row as a whole. */
  field: string | null;
  message: string;
}

/** Column names accepted, Italian first; each maps to the canonical (English) field. */
const COLUMNS: Record<string, keyof Omit<CsvContact, 'row'>> = {
  nome: 'name',
  name: 'name',
  codice_fiscale: 'fiscalCode',
  fiscal_code: 'fiscalCode',
  telefono: 'phone',
  phone: 'phone',
  email: 'email',
  codice_prenotazione: 'bookingCode',
  booking_code: 'bookingCode',
  note: 'note',
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An Italian number as stored for patients: +39 and the digits, or null when it is not one. */
export function normalisePhone(input: string): string | null {
  const digits = input.replace(/[\s./()-]/g, '');
  const national = digits.replace(/^(\+39|0039)/, '');
  if (!/^\d+$/.test(national)) return null;
  // Mobiles: 3 and 9–10 digits; landlines: 0 and 6–11 digits.
  if (/^3\d{8,9}$/.test(national) || /^0\d{5,10}$/.test(national)) return `+39${national}`;
  return null;
}

/**
 * Reads an uploaded list of contacts (comma or semicolon separated, UTF-8, a header row) and checks
 * every row: a name; what the channel needs (a telephone number for calls, a mobile for SMS, an e-mail
 * address for e-mail); a valid fiscal code and booking code when given; no number twice. Every error is
 * reported with its row and column, so the whole file can be mended at once.
 */
export function parseContactsCsv(
  text: string,
  channel: CampaignChannel,
  today: Date,
): { contacts: CsvContact[]; errors: CsvRowError[] } {
  const errors: CsvRowError[] = [];
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: string[][];
  try {
    records = parse(text, {
      delimiter,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    });
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? null;
    return {
      contacts: [],
      errors: [
        { row: line ?? 1, field: null, message: `the file is not valid CSV: ${(err as Error).message}` },
      ],
    };
  }
  const [header, ...rows] = records;
  if (!header) return { contacts: [], errors: [{ row: 1, field: null, message: 'the file is empty' }] };
  const fields = header.map((h) => COLUMNS[h.toLowerCase().replace(/\s+/g, '_')] ?? null);
  header.forEach((h, i) => {
    if (!fields[i]) errors.push({ row: 1, field: null, message: `unknown column "${h}"` });
  });
  if (!fields.includes('name'))
    errors.push({ row: 1, field: 'name', message: 'a column "nome" is required' });
  if (rows.length === 0) errors.push({ row: 2, field: null, message: 'the file has no contacts' });
  if (rows.length > MAX_CSV_ROWS)
    errors.push({ row: MAX_CSV_ROWS + 2, field: null, message: `at most ${MAX_CSV_ROWS} contacts per file` });
  if (errors.length > 0) return { contacts: [], errors };

  const contacts: CsvContact[] = [];
  const seen = new Map<string, number>();
  rows.forEach((cells, i) => {
    const row = i + 2;
    const value = (f: keyof Omit<CsvContact, 'row'>) => {
      const at = fields.indexOf(f);
      const v = at === -1 ? '' : (cells[at] ?? '');
      return v === '' ? null : v;
    };
    const bad = (field: string | null, message: string) => errors.push({ row, field, message });
    const before = errors.length;
    if (cells.length > header.length) bad(null, `${cells.length} cells, the header has ${header.length}`);
    const name = value('name');
    if (!name) bad('name', 'the name is missing');
    else if (name.length > 200) bad('name', 'the name is longer than 200 characters');
    let fiscalCode = value('fiscalCode');
    if (fiscalCode) {
      const check = validateFiscalCode(fiscalCode, today);
      if (!check.ok) bad('fiscalCode', `the fiscal code ${check.reason}`);
      else fiscalCode = fiscalCode.toUpperCase();
    }
    const rawPhone = value('phone');
    const phone = rawPhone ? normalisePhone(rawPhone) : null;
    if (rawPhone && !phone) bad('phone', `"${rawPhone}" is not an Italian telephone number`);
    const email = value('email');
    if (email && !EMAIL.test(email)) bad('email', `"${email}" is not an e-mail address`);
    const bookingCode = value('bookingCode')?.toUpperCase() ?? null;
    if (bookingCode && !BOOKING_CODE_PATTERN.test(bookingCode))
      bad('bookingCode', `"${bookingCode}" is not a booking code (PRN-XXXX-XXXX)`);
    if ((channel === 'agent' || channel === 'voice') && !rawPhone)
      bad('phone', 'a telephone number is needed for a call');
    if (channel === 'sms' && !rawPhone) bad('phone', 'a mobile number is needed for an SMS');
    if (channel === 'sms' && phone && !isMobile(phone)) bad('phone', `${rawPhone} is not a mobile number`);
    if (channel === 'email' && !email) bad('email', 'an e-mail address is needed for an e-mail');
    const key = channel === 'email' ? email?.toLowerCase() : phone;
    if (key) {
      const first = seen.get(key);
      if (first !== undefined)
        bad(
          channel === 'email' ? 'email' : 'phone',
          `the same ${channel === 'email' ? 'address' : 'number'} as row ${first}`,
        );
      else seen.set(key, row);
    }
    if (errors.length === before)
      contacts.push({ row, name: name!, fiscalCode, phone, email, bookingCode, note: value('note') });
  });
  return { contacts: errors.length > 0 ? [] : contacts, errors };
}
