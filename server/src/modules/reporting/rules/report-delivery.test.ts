import { describe, expect, it } from 'vitest';
import { lateWorkingDays, reportDeadline } from './report-delivery.ts';

// MR-3: €500 per working day a monthly report is late (due by the 15th of the next month).
describe('a monthly report delivered late', () => {
  it('is due on the 15th of the next month, December into January', () => {
    expect(reportDeadline('2026-11')).toBe('2026-12-15');
    expect(reportDeadline('2026-12')).toBe('2027-01-15');
  });

  it('counts the working days after the deadline up to the delivery, holidays and weekends out', () => {
    // Due Tuesday 15 December 2026: on time that day; Wednesday 16 is one day late.
    expect(lateWorkingDays('2026-12-15', '2026-12-15', '2027-01-10')).toBe(0);
    expect(lateWorkingDays('2026-12-15', '2026-12-16', '2027-01-10')).toBe(1);
    // Delivered Monday 28 December: 16, 17, 18, 21, 22, 23, 24 (not 25 Christmas, 26 a Saturday), 28 = 8.
    expect(lateWorkingDays('2026-12-15', '2026-12-28', '2027-01-10')).toBe(8);
    // Not delivered: late so far, to today (Saturday 19 December: 16, 17, 18).
    expect(lateWorkingDays('2026-12-15', null, '2026-12-19')).toBe(3);
    expect(lateWorkingDays('2026-12-15', null, '2026-12-10')).toBe(0);
  });
});
