import { describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/errors.ts';
import { meanOf, pickWeighted, SeededRandom, sample, validateDistribution } from './random.ts';

describe('SeededRandom', () => {
  it('repeats its numbers for a seed and stream, and differs across streams', () => {
    const a = new SeededRandom(42, 1);
    const b = new SeededRandom(42, 1);
    const c = new SeededRandom(42, 2);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it('is uniform enough: mean and spread of 100,000 draws', () => {
    const r = new SeededRandom(7);
    let sum = 0;
    let sq = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const x = r.next();
      sum += x;
      sq += x * x;
    }
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(sq / n - (sum / n) ** 2).toBeCloseTo(1 / 12, 2);
  });
});

describe('distributions', () => {
  const cases = [
    { type: 'constant', value: 42 },
    { type: 'exponential', mean: 180 },
    { type: 'lognormal', mean: 173, sd: 130 },
    { type: 'uniform', min: 2, max: 6 },
  ] as const;
  it.each(cases)('$type samples around its mean', (d) => {
    const r = new SeededRandom(3);
    const n = 50_000;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += sample(d, r);
    expect(Math.abs(sum / n - meanOf(d)) / meanOf(d)).toBeLessThan(0.02);
  });

  it('rejects bad distributions naming the path', () => {
    const bad = (d: unknown) => () => validateDistribution(d, 'scenario.handling.talk');
    expect(bad({ type: 'exponential', mean: 0 })).toThrow(/scenario\.handling\.talk\.mean/);
    expect(bad({ type: 'gamma' })).toThrow(/scenario\.handling\.talk\.type must be one of/);
    expect(bad({ type: 'uniform', min: 5, max: 1 })).toThrow(AppError);
    expect(bad(null)).toThrow(/distribution object/);
  });

  it('picks weighted keys in proportion', () => {
    const r = new SeededRandom(5);
    const counts: Record<string, number> = { '1': 0, '2': 0, '3': 0 };
    for (let i = 0; i < 30_000; i++) counts[pickWeighted({ '1': 0.5, '2': 0.3, '3': 0.2 }, r)!]!++;
    expect(counts['1']! / 30_000).toBeCloseTo(0.5, 1);
    expect(counts['3']! / 30_000).toBeCloseTo(0.2, 1);
    expect(pickWeighted({ '1': 0 }, r)).toBeNull();
  });
});
