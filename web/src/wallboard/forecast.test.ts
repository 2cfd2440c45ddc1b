import { describe, expect, it } from 'vitest';
import { forecastRows } from './forecast.ts';

describe('forecast against arrivals today (issue 14 §13)', () => {
  it('keeps the hours with either, compares only the hours already over, and totals them', () => {
    const day = [...Array(24).keys()].map((hour) => ({
      hour,
      forecast: hour >= 8 && hour < 18 ? 10.5 : 0,
      arrived: hour === 8 ? 12 : hour === 9 ? 7 : hour === 10 ? 3 : hour === 22 ? 1 : 0,
    }));
    const { rows, forecastSoFar, arrivedSoFar } = forecastRows(day, 10);
    expect(rows.map((r) => r.hour)).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 22]);
    expect(rows.slice(0, 3).map((r) => r.gap)).toEqual([1.5, -3.5, null]);
    expect(forecastSoFar).toBe(21);
    expect(arrivedSoFar).toBe(19);
  });
});
