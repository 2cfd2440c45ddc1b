import { italianHolidaySet } from '../../../platform/calendar.ts';

/**
 * National public holidays (and Easter Monday) in [fromYear, toYear] as 'YYYY-MM-DD'. Local patron
 * saints' days are agenda closures, since they differ by municipality.
 */
export function italianHolidays(fromYear: number, toYear: number): string[] {
  const days: string[] = [];
  for (let y = fromYear; y <= toYear; y++) days.push(...italianHolidaySet(y));
  return days.sort();
}
