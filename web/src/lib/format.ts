// Formatting for people: money in euro the Italian way, instants on the Europe/Rome clock whatever the
// workstation's time zone, so that what the operator reads out is what the patient will find.

export const ZONE = 'Europe/Rome';

export type Lang = 'it' | 'en';
export const LOCALES: Record<Lang, string> = { it: 'it-IT', en: 'en-GB' };

const euro = new Intl.NumberFormat('it-IT', { style: 'currency', currency: 'EUR' });

/** 3615 → "36,15 €" (it-IT in every UI language: the amount is read out to the patient). */
export function formatEuro(cents: number): string {
  return euro.format(cents / 100);
}

const cache = new Map<string, Intl.DateTimeFormat>();
function dtf(lang: Lang, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALES[lang], { timeZone: ZONE, ...options });
    cache.set(key, f);
  }
  return f;
}

/** An instant as the Rome wall clock: "mar 24/11/2026, 08:40". */
export function formatDateTime(iso: string | Date, lang: Lang = 'it'): string {
  return dtf(lang, {
    weekday: 'short',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

/** An instant to the second on the Rome clock, for records: "24/11/2026, 08:40:05". */
export function formatInstant(iso: string | Date, lang: Lang = 'it'): string {
  return dtf(lang, {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(new Date(iso));
}

/** The day of an instant on the Rome clock, spelt out: "martedì 24 novembre 2026". */
export function formatLongDate(iso: string | Date, lang: Lang = 'it'): string {
  return dtf(lang, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(iso));
}

/** The time of an instant on the Rome clock: "08:40". */
export function formatTime(iso: string | Date, lang: Lang = 'it'): string {
  return dtf(lang, { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

/** A calendar date with no time ("1958-07-12", e.g. a birth date) → "12/07/1958"; never shifted by a zone. */
export function formatCalendarDate(date: string, lang: Lang = 'it'): string {
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return date;
  return new Intl.DateTimeFormat(LOCALES[lang], {
    timeZone: 'UTC',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** Seconds as "m:ss" for the hold countdown. */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** 0.4567 → "46 %" (it) / "46%" (en). */
/** A count with the language's digit grouping (18.000 in Italian). */
export function formatNumber(n: number, lang: Lang = 'it'): string {
  return new Intl.NumberFormat(LOCALES[lang]).format(n);
}

export function formatPercent(fraction: number, lang: Lang = 'it', digits = 0): string {
  return new Intl.NumberFormat(LOCALES[lang], { style: 'percent', maximumFractionDigits: digits }).format(
    fraction,
  );
}

/** Minutes east of UTC of the Rome clock at an instant (60 in winter, 120 in summer). */
function romeOffsetMinutes(at: Date): number {
  const parts = dtf('en', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((wall - at.getTime()) / 60_000);
}

/** Midnight at the start of a Rome calendar day ("2026-03-29") as an ISO instant, DST-safe. */
export function romeDayStart(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) throw new RangeError(`not a date: ${date}`);
  const utcMidnight = Date.UTC(y, m - 1, d);
  // The offset at local midnight is the one before any change that day (changes happen at 02:00/03:00).
  const offset = romeOffsetMinutes(new Date(utcMidnight - 60 * 60_000));
  return new Date(utcMidnight - offset * 60_000).toISOString();
}

/** Today's date on the Rome clock as "YYYY-MM-DD". */
export function romeToday(now: Date = new Date()): string {
  const parts = dtf('en', { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** A file's size as the app shows it: whole kilobytes, at least 1 ("12 kB"). */
export function formatKilobytes(bytes: number): string {
  return `${Math.max(1, Math.round(bytes / 1024))} kB`;
}
