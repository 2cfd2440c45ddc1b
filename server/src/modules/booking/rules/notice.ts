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

/** Whether cancelling at `at` an appointment starting at `start` is later than the notice. */
export function isLateCancellation(
  at: Date,
  start: Date,
  workingDays = CANCELLATION_NOTICE_WORKING_DAYS,
  localHolidays: ReadonlySet<string> = NONE,
): boolean {
  return romeDate(at) > lastTimelyCancellationDate(romeDate(start), workingDays, localHolidays);
}
