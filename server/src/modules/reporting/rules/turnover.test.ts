import { describe, expect, it } from 'vitest';
import { turnover } from './turnover.ts';

// Seed 003 §6: the yearly operator turnover above 15% costs 0.5% of the supply. Leavings ÷ the average
// headcount over the year's days; the expected figures are worked out by hand below.
describe('the yearly operator turnover', () => {
  const year = (n: number, startedOn = '2024-01-01') =>
    Array.from({ length: n }, () => ({ startedOn, leftOn: null }));

  it('counts leavers over the average headcount of the days: two of ten replaced mid-year is 20%', () => {
    // 8 all year (8 × 365); 2 until 30 June (2 × 181 days); 2 from 1 July (2 × 184 days): 3,650 / 365 = 10.
    const t = [
      ...year(8),
      { startedOn: '2024-03-01', leftOn: '2025-06-30' },
      { startedOn: '2023-09-15', leftOn: '2025-06-30' },
      { startedOn: '2025-07-01', leftOn: null },
      { startedOn: '2025-07-01', leftOn: null },
    ];
    expect(turnover(t, '2025-01-01', '2025-12-31')).toEqual({
      leavers: 2,
      hires: 2,
      averageHeadcount: 10,
      rate: 0.2,
    });
  });

  it('counts a leaving on the last day of the period, not one the day after; a leap year has 366 days', () => {
    const t = [
      ...year(9),
      { startedOn: '2024-01-01', leftOn: '2024-12-31' },
      { startedOn: '2020-01-01', leftOn: '2025-01-01' },
    ];
    // 2024 is a leap year: 11 in service on every one of its 366 days.
    const f = turnover(t, '2024-01-01', '2024-12-31');
    expect(f).toEqual({ leavers: 1, hires: 10, averageHeadcount: 11, rate: 1 / 11 });
  });

  it('has no rate with nobody in service, and a period started and ended inside counts its days only', () => {
    expect(turnover([], '2025-01-01', '2025-12-31').rate).toBeNull();
    // One person from 1 to 10 March (10 days) of a 31-day month.
    const f = turnover([{ startedOn: '2025-03-01', leftOn: '2025-03-10' }], '2025-03-01', '2025-03-31');
    expect(f.averageHeadcount).toBeCloseTo(10 / 31, 12);
    expect(f.leavers).toBe(1);
  });

  it('crosses the DST change without losing or gaining a day (Rome, 30 March 2025)', () => {
    const f = turnover([{ startedOn: '2025-03-29', leftOn: '2025-03-31' }], '2025-03-29', '2025-03-31');
    expect(f.averageHeadcount).toBe(1);
  });
});
