import { isWorkingDay, workingDaysBetween } from '../../../platform/calendar.ts';

/**
 * MR-3's penalty (seed 003 §6): a monthly report is due by the 15th of the next month; each working day
 * late (Monday to Friday, national holidays out) costs €500. Pure: dates are Rome calendar dates.
 */
export const REPORT_DUE_DAY = 15;
export const EURO_PER_LATE_WORKING_DAY = 500;

/** The due date of the month's report, 'YYYY-MM-DD'. */
export function reportDeadline(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return `${next}-${String(REPORT_DUE_DAY).padStart(2, '0')}`;
}

/** Working days late: those after the deadline up to the delivery day (or today, while not delivered). */
export function lateWorkingDays(deadline: string, delivered: string | null, today: string): number {
  const until = delivered ?? today;
  if (until <= deadline) return 0;
  return workingDaysBetween(deadline, until) + (isWorkingDay(until) ? 1 : 0);
}
