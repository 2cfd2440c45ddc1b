import { DateTime } from 'luxon';
import { italianHolidaySet, ZONE } from '../../../platform/calendar.ts';

/** When an SMS may reach a patient: Europe/Rome hours of the day, no Sundays, no national holidays. */
export interface SendingWindow {
  /** Minutes after midnight, inclusive. */
  fromMinute: number;
  /** Minutes after midnight, exclusive. */
  toMinute: number;
  sundays: boolean;
  holidays: boolean;
}

export const DEFAULT_WINDOW: SendingWindow = {
  fromMinute: 8 * 60,
  toMinute: 21 * 60,
  sundays: false,
  holidays: false,
};

/** `HH:MM-HH:MM` (e.g. QUIET_HOURS's allowed span '08:00-21:00') as a window on the other defaults. */
export function parseWindow(text: string): SendingWindow {
  const m = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(text.trim());
  const from = m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
  const to = m ? Number(m[3]) * 60 + Number(m[4]) : Number.NaN;
  if (!(from >= 0 && to <= 24 * 60 && from < to)) {
    throw new Error(`a sending window is HH:MM-HH:MM with the start before the end, not ${text}`);
  }
  return { ...DEFAULT_WINDOW, fromMinute: from, toMinute: to };
}

/** That wall-clock time of the day (not minutes elapsed since midnight, which a clock change shifts). */
const wallClock = (day: DateTime, minute: number) =>
  minute >= 24 * 60 ? day.plus({ days: 1 }) : day.set({ hour: Math.floor(minute / 60), minute: minute % 60 });

function openDay(day: DateTime, w: SendingWindow): boolean {
  if (!w.sundays && day.weekday === 7) return false;
  if (!w.holidays && italianHolidaySet(day.year).has(day.toISODate()!)) return false;
  return true;
}

/**
 * The first instant at or after `at` when a message may go out. On the Rome clock: a message due at
 * 21:30 on a Saturday waits for 08:00 on Monday (Tuesday if Monday is a holiday). Hours are wall-clock
 * hours, so 08:00 stays 08:00 across the clock changes.
 */
export function nextSendingTime(at: Date, w: SendingWindow = DEFAULT_WINDOW): Date {
  const local = DateTime.fromJSDate(at, { zone: ZONE });
  for (let d = 0; d < 30; d++) {
    const day = local.startOf('day').plus({ days: d });
    if (!openDay(day, w)) continue;
    const opens = wallClock(day, w.fromMinute);
    const closes = wallClock(day, w.toMinute);
    if (d === 0 && local >= closes) continue;
    return (d === 0 && local > opens ? local : opens).toJSDate();
  }
  throw new Error('no sending day within 30 days: check the window');
}
