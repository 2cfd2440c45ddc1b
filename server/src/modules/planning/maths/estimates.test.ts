import { describe, expect, it } from 'vitest';
import { estimate, studentT975 } from './estimates.ts';

describe('confidence intervals across replications', () => {
  it('uses Student t quantiles', () => {
    expect(studentT975(1)).toBeCloseTo(12.706, 3);
    expect(studentT975(9)).toBeCloseTo(2.262, 3);
    expect(studentT975(30)).toBeCloseTo(2.042, 3);
    expect(studentT975(60)).toBeCloseTo(2.0003, 3);
    expect(studentT975(120)).toBeCloseTo(1.9799, 3);
    expect(studentT975(1e6)).toBeCloseTo(1.96, 3);
  });

  it('gives the mean ± t·s/√n, clipped to the quantity’s range, and no interval from one value', () => {
    const e = estimate([1, 2, 3]);
    expect(e.mean).toBe(2);
    expect(e.high! - e.mean!).toBeCloseTo(4.3027 / Math.sqrt(3), 4);
    expect(estimate([0.98, 1, 1], { min: 0, max: 1 }).high).toBe(1);
    expect(estimate([5])).toEqual({ mean: 5, low: null, high: null, n: 1 });
    expect(estimate([null, 4, null, 6]).n).toBe(2);
    expect(estimate([])).toEqual({ mean: null, low: null, high: null, n: 0 });
  });
});
