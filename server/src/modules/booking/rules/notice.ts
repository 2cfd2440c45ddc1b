import { addDays, isWorkingDay, romeDate } from '../../../platform/calendar.ts';

/**
 * The cancellation notice (disdetta): DL 73/2024 art. 3 c. 5 asks for at least two working days before
 * the service. A later cancellation is still accepted, but flagged and counted.
 */
export const CANCELLATION_NOTICE_WORKING_DAYS = 2;

/**
 * The last Rome date on which an appointment on `appointmentDate` can be cancelled in time: `workingDays`
 * working days before it, national holidays and the facility's local ones (its municipality's patron
 * saint, 'YYYY-MM-DD') not counted.
 */
export function lastTimelyCancellationDate(
  appointmentDate: string,
  workingDays: number,
  localHolidays: ReadonlySet<string> = NONE,
): string {
  let d = appointmentDate;
  for (let n = 0; n < workingDays; ) {
    d = addDays(d, -1);
    if (isWorkingDay(d) && !localHolidays.has(d)) n++;
  }
  return d;
}

const NONE: ReadonlySet<string> = new Set();

/**
 * A facility's local holidays (its patron saints, as month and day) as the Rome dates that matter for an
 * appointment on `appointmentDate`: that year and the one before, where a January notice period begins.
 */
export function localHolidayDates(
  days: readonly { month: number; day: number }[],
  appointmentDate: string,
): Set<string> {
  const year = Number(appointmentDate.slice(0, 4));
  const pad = (n: number) => String(n).padStart(2, '0');
  return new Set(days.flatMap((d) => [year - 1, year].map((y) => `${y}-${pad(d.month)}-${pad(d.day)}`)));
}

/** Whether cancelling at `at` an appointment starting at `start` is later than the notice. */
export function isLateCancellation(
  at: Date,
  start: Date,
  workingDays = CANCELLATION_NOTICE_WORKING_DAYS,
  localHolidays: ReadonlySet<string> = NONE,
): boolean {
  return romeDate(at) > lastTimelyCancellationDate(romeDate(start), workingDays, localHolidays);
}
