import Holidays from 'date-holidays';

const italy = new Holidays('IT');

/**
 * National public holidays (and Easter Monday) in [fromYear, toYear] as 'YYYY-MM-DD'. Local patron
 * saints' days are agenda closures, since they differ by municipality.
 */
export function italianHolidays(fromYear: number, toYear: number): string[] {
  const days = new Set<string>();
  for (let y = fromYear; y <= toYear; y++) {
    for (const h of italy.getHolidays(y)) {
      if (h.type === 'public') days.add(h.date.slice(0, 10));
    }
  }
  return [...days].sort();
}
