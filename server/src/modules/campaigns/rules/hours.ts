import { DateTime } from 'luxon';
import { italianHolidaySet, ZONE } from '../../../platform/calendar.ts';

/**
 * Allowed hours of a campaign: Rome time, "HH:MM" to "HH:MM", Monday to Saturday except national
 * holidays — or every day when `everyDay` (an urgent recontact, a training centre).
 */
export interface AllowedHours {
  from: string;
  to: string;
  everyDay?: boolean | undefined;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export const validHours = (h: AllowedHours) => HHMM.test(h.from) && HHMM.test(h.to) && h.from < h.to;

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Nobody is called on a Sunday or a national holiday (as no SMS is sent then: quiet hours). */
const callingDay = (t: DateTime) => t.weekday !== 7 && !italianHolidaySet(t.year).has(t.toISODate()!);

/** Whether a contact may be attempted at `at`: a calling day, within the hours (Rome time). */
export function withinHours(at: Date, h: AllowedHours): boolean {
  const t = DateTime.fromJSDate(at, { zone: ZONE });
  const m = t.hour * 60 + t.minute;
  return (h.everyDay === true || callingDay(t)) && m >= minutes(h.from) && m < minutes(h.to);
}

/** `at` itself when allowed, else the next opening of the allowed hours (Rome time, DST included). */
export function nextAllowed(at: Date, h: AllowedHours): Date {
  if (withinHours(at, h)) return at;
  const from = minutes(h.from);
  let day = DateTime.fromJSDate(at, { zone: ZONE }).startOf('day');
  // A fortnight holds a calling day whatever the holidays (Christmas to Epiphany has working days too).
  for (let i = 0; i < 15; i++, day = day.plus({ days: 1 })) {
    const open = day.set({ hour: Math.floor(from / 60), minute: from % 60 });
    if ((h.everyDay === true || callingDay(day)) && open.toMillis() > at.getTime()) return open.toJSDate();
  }
  throw new Error('no calling day in the next fortnight');
}
