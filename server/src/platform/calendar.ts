import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { invalidField } from './errors.ts';

/** Every date boundary of the product is on the Europe/Rome calendar. */
export const ZONE = 'Europe/Rome';

/** The Europe/Rome calendar date of an instant, 'YYYY-MM-DD' (never the UTC date). */
export const romeDate = (at: Date): string => DateTime.fromJSDate(at, { zone: ZONE }).toISODate()!;

/** The first instant of a Rome calendar date. */
export const startOfRomeDate = (date: string): Date =>
  DateTime.fromISO(date, { zone: ZONE }).startOf('day').toJSDate();

/** `date` plus `days` calendar days ('YYYY-MM-DD'). */
export const addDays = (date: string, days: number): string =>
  DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!;

/**
 * A period of Rome dates asked for by a report (`from` and `to` inclusive, today by default, `to` at most
 * `maxDays` after `from`), checked, with the instants that bound it. Errors name the field.
 */
export function romePeriod(
  today: string,
  q: { from?: string | undefined; to?: string | undefined },
  maxDays = Number.POSITIVE_INFINITY,
): { from: string; to: string; start: Date; end: Date } {
  const from = q.from ?? today;
  const to = q.to ?? from;
  if (to < from) throw invalidField('to', 'the period ends before it starts');
  if (Number.isFinite(maxDays) && addDays(from, maxDays) <= to)
    throw invalidField('to', `a period is at most ${maxDays} days`);
  return { from, to, start: startOfRomeDate(from), end: startOfRomeDate(addDays(to, 1)) };
}

const italy = new Holidays('IT');
const holidayCache = new Map<number, Set<string>>();

/** Italian national public holidays (Easter Monday included) of a year, as 'YYYY-MM-DD'. */
export function italianHolidaySet(year: number): Set<string> {
  let set = holidayCache.get(year);
  if (!set) {
    set = new Set(
      italy
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10)),
    );
    holidayCache.set(year, set);
  }
  return set;
}

/** Monday to Friday and not a national holiday (patron saints are local and not counted). */
export function isWorkingDay(date: string): boolean {
  const d = DateTime.fromISO(date, { zone: 'UTC' });
  return d.weekday <= 5 && !italianHolidaySet(d.year).has(date);
}

/** Working days strictly between two dates (from and to excluded). */
export function workingDaysBetween(from: string, to: string): number {
  let n = 0;
  for (let d = addDays(from, 1); d < to; d = addDays(d, 1)) if (isWorkingDay(d)) n++;
  return n;
}
