import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  agentsForServiceLevel,
  agentsForTargets,
  erlangAMetrics,
  erlangB,
  erlangC,
  erlangCMetrics,
  linesForBlocking,
} from './erlang.ts';

/** ln(Σ e^x) without overflow. */
function logSumExp(xs: number[]): number {
  const max = Math.max(...xs);
  return max + Math.log(xs.reduce((s, x) => s + Math.exp(x - max), 0));
}

/** ln(A^k / k!) for k = 0..n, by summing logarithms: an independent route to the Erlang terms. */
function logPoissonTerms(traffic: number, n: number): number[] {
  const out = [0];
  for (let k = 1; k <= n; k++) out.push(out[k - 1]! + Math.log(traffic) - Math.log(k));
  return out;
}

function erlangBLogSpace(traffic: number, lines: number): number {
  const terms = logPoissonTerms(traffic, lines);
  return Math.exp(terms[lines]! - logSumExp(terms));
}

/** Textbook Erlang C with explicit factorials: fine for the small n used here. */
function erlangCTextbook(a: number, n: number): number {
  let fact = 1;
  let sum = 0;
  for (let k = 0; k < n; k++) {
    if (k > 0) fact *= k;
    sum += a ** k / fact;
  }
  const top = (a ** n / (fact * n)) * (n / (n - a));
  return top / (sum + top);
}

// The classic worked example: 100 calls per half hour, 3-minute handling → 10 Erlangs.
const example = { callsPerPeriod: 100, periodSeconds: 1800, ahtSeconds: 180, targetSeconds: 20 };

describe('erlangB', () => {
  it('matches hand-computed and table values', () => {
    expect(erlangB(1, 1)).toBeCloseTo(0.5, 15);
    expect(erlangB(1, 2)).toBeCloseTo(0.2, 15);
    expect(erlangB(10, 15)).toBeCloseTo(0.0365, 4);
    expect(erlangB(5, 0)).toBe(1);
    expect(erlangB(0, 3)).toBe(0);
  });

  it('stays finite and exact at 1,000 and 2,000 lines', () => {
    for (const [a, n] of [
      [950, 1000],
      [1900, 2000],
      [2000, 2000],
      [1500, 2000],
    ] as const) {
      const b = erlangB(a, n);
      expect(b).toBeGreaterThan(0);
      expect(b).toBeLessThan(1);
      expect(Math.abs(b - erlangBLogSpace(a, n)) / b).toBeLessThan(1e-10);
    }
  });

  it('sizes lines for a blocking target', () => {
    const lines = linesForBlocking(10, 0.01);
    expect(lines).toBe(18);
    expect(erlangB(10, lines)).toBeLessThanOrEqual(0.01);
    expect(erlangB(10, lines - 1)).toBeGreaterThan(0.01);
    expect(linesForBlocking(10, 1)).toBe(0);
    expect(linesForBlocking(0, 0.01)).toBe(0);
    const big = linesForBlocking(1800, 0.001);
    expect(erlangB(1800, big)).toBeLessThanOrEqual(0.001);
    expect(erlangB(1800, big - 1)).toBeGreaterThan(0.001);
  });

  it('rejects invalid input', () => {
    expect(() => erlangB(-1, 1)).toThrow(RangeError);
    expect(() => erlangB(Number.NaN, 1)).toThrow(RangeError);
    expect(() => erlangB(1, 1.5)).toThrow(RangeError);
    expect(() => erlangB(1, -1)).toThrow(RangeError);
    expect(() => erlangB(Number.POSITIVE_INFINITY, 1)).toThrow(RangeError);
    expect(() => linesForBlocking(1, 0)).toThrow(RangeError);
    expect(() => linesForBlocking(1, 1.1)).toThrow(RangeError);
  });

  it('is a probability, decreasing in lines, up to 2,000 lines', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 2000, noNaN: true }),
        fc.integer({ min: 0, max: 1999 }),
        (a, n) => {
          const b0 = erlangB(a, n);
          const b1 = erlangB(a, n + 1);
          expect(b0).toBeGreaterThanOrEqual(0);
          expect(b0).toBeLessThanOrEqual(1);
          expect(b1).toBeLessThanOrEqual(b0);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('erlangC', () => {
  it('reproduces the worked example (10 Erlangs, 20 s target)', () => {
    const m14 = erlangCMetrics({ ...example, agents: 14 });
    expect(m14.trafficErlangs).toBeCloseTo(10, 12);
    expect(m14.probabilityOfWaiting).toBeCloseTo(0.1741, 3);
    expect(m14.serviceLevel).toBeCloseTo(0.8884, 3);
    expect(Math.abs(m14.averageSpeedOfAnswerSeconds - 7.84)).toBeLessThanOrEqual(0.01);
    expect(m14.occupancy).toBeCloseTo(10 / 14, 12);
    expect(erlangCMetrics({ ...example, agents: 15 }).serviceLevel).toBeCloseTo(0.941, 3);
  });

  it('sizes 80% in 20 s at 14 agents, since 13 agents only reach 79.56%', () => {
    expect(erlangCMetrics({ ...example, agents: 13 }).serviceLevel).toBeCloseTo(0.7956, 4);
    expect(agentsForServiceLevel({ ...example, serviceLevel: 0.8 })).toBe(14);
    expect(agentsForServiceLevel({ ...example, serviceLevel: 0.79 })).toBe(13);
    expect(agentsForServiceLevel({ ...example, serviceLevel: 0.9 })).toBe(15);
    // Occupancy cap 70%: 10/14 > 0.7, 10/15 ≤ 0.7.
    expect(agentsForServiceLevel({ ...example, serviceLevel: 0.8, maxOccupancy: 0.7 })).toBe(15);
    // Even a zero target yields a stable staffing.
    expect(agentsForServiceLevel({ ...example, serviceLevel: 0 })).toBe(11);
    expect(agentsForServiceLevel({ ...example, callsPerPeriod: 0, serviceLevel: 0.8 })).toBe(0);
  });

  it('agrees with the textbook formula and with the metrics', () => {
    for (const [a, n] of [
      [1, 2],
      [2.5, 3],
      [10, 11],
      [10, 14],
      [15.3, 20],
    ] as const) {
      expect(erlangC(a, n)).toBeCloseTo(erlangCTextbook(a, n), 12);
    }
    expect(erlangCMetrics({ ...example, agents: 14 }).probabilityOfWaiting).toBe(erlangC(10, 14));
    expect(erlangC(0, 1)).toBe(0);
  });

  it('reports an unstable queue and an empty one', () => {
    expect(erlangC(10, 10)).toBe(1);
    expect(erlangC(10, 3)).toBe(1);
    expect(erlangCMetrics({ ...example, agents: 10 })).toEqual({
      trafficErlangs: 10,
      probabilityOfWaiting: 1,
      serviceLevel: 0,
      averageSpeedOfAnswerSeconds: Number.POSITIVE_INFINITY,
      occupancy: 1,
    });
    expect(erlangCMetrics({ ...example, callsPerPeriod: 0, agents: 2 })).toEqual({
      trafficErlangs: 0,
      probabilityOfWaiting: 0,
      serviceLevel: 1,
      averageSpeedOfAnswerSeconds: 0,
      occupancy: 0,
    });
  });

  it('stays finite near 2,000 agents', () => {
    const m = erlangCMetrics({
      callsPerPeriod: 19500,
      periodSeconds: 1800,
      ahtSeconds: 180,
      agents: 2000,
      targetSeconds: 20,
    });
    expect(m.trafficErlangs).toBeCloseTo(1950, 9);
    expect(m.probabilityOfWaiting).toBeGreaterThan(0);
    expect(m.probabilityOfWaiting).toBeLessThan(1);
    const b = erlangBLogSpace(1950, 2000);
    expect(m.probabilityOfWaiting).toBeCloseTo((2000 * b) / (2000 - 1950 * (1 - b)), 10);
  });

  it('rejects invalid input', () => {
    expect(() => erlangC(10, 12.5)).toThrow(RangeError);
    expect(() => erlangC(-1, 2)).toThrow(RangeError);
    expect(() => erlangCMetrics({ ...example, agents: 14, callsPerPeriod: -1 })).toThrow(RangeError);
    expect(() => erlangCMetrics({ ...example, agents: 14, periodSeconds: 0 })).toThrow(RangeError);
    expect(() => erlangCMetrics({ ...example, agents: 14, ahtSeconds: Number.NaN })).toThrow(RangeError);
    expect(() => erlangCMetrics({ ...example, agents: 14, targetSeconds: -5 })).toThrow(/targetSeconds/);
    expect(() => agentsForServiceLevel({ ...example, serviceLevel: 1.2 })).toThrow(RangeError);
    expect(() => agentsForServiceLevel({ ...example, serviceLevel: 0.8, maxOccupancy: 0 })).toThrow(
      RangeError,
    );
  });

  it('is a probability, non-increasing in agents, up to 2,000 agents', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 1990, noNaN: true }),
        fc.integer({ min: 0, max: 1999 }),
        fc.integer({ min: 0, max: 120 }),
        (a, n, t) => {
          const c0 = erlangC(a, n);
          const c1 = erlangC(a, n + 1);
          expect(c0).toBeGreaterThanOrEqual(0);
          expect(c0).toBeLessThanOrEqual(1);
          expect(c1).toBeLessThanOrEqual(c0);
          const input = { callsPerPeriod: a * 10, periodSeconds: 1800, ahtSeconds: 180, targetSeconds: t };
          const s0 = erlangCMetrics({ ...input, agents: n }).serviceLevel;
          const s1 = erlangCMetrics({ ...input, agents: n + 1 }).serviceLevel;
          expect(s0).toBeGreaterThanOrEqual(0);
          expect(s1).toBeLessThanOrEqual(1);
          expect(s1).toBeGreaterThanOrEqual(s0);
        },
      ),
      { numRuns: 200 },
    );
  });
});

/**
 * Independent check of Erlang A: the stationary distribution by direct products, and the tagged caller's
 * fate by integrating the Kolmogorov equations of "callers ahead" (RK4), not by the closed forms.
 */
function erlangABruteForce(p: { lambda: number; mu: number; theta: number; n: number; t: number }): {
  answeredWithin: number;
  answered: number;
  asa: number;
  pw: number;
  pab: number;
} {
  const { lambda, mu, theta, n, t } = p;
  const nMu = n * mu;
  const pi: number[] = [1];
  for (let k = 1; ; k++) {
    const term = (pi[k - 1]! * lambda) / (k <= n ? k * mu : nMu + (k - n) * theta);
    pi.push(term);
    if (k > n && term < 1e-22 * Math.max(...pi) && lambda < nMu + (k - n) * theta) break;
  }
  const total = pi.reduce((s, x) => s + x, 0);
  const norm = pi.map((x) => x / total);
  const immediate = norm.slice(0, n).reduce((s, x) => s + x, 0);
  const queue = norm.slice(n).reduce((s, x, j) => s + j * x, 0);

  // ahead[i]: arrivals still waiting with i callers ahead; leaves at nμ + iθ (+θ own patience), served from 0.
  let ahead = norm.slice(n);
  const leave = ahead.map((_, i) => nMu + (i + 1) * theta);
  const advance = ahead.map((_, i) => nMu + i * theta);
  const deriv = (x: number[]) =>
    x.map((v, i) => -leave[i]! * v + (i + 1 < x.length ? advance[i + 1]! * x[i + 1]! : 0));
  const dtMax = Math.min(0.05, 0.5 / leave[leave.length - 1]!);
  const dt = t > 0 ? t / Math.ceil(t / dtMax) : dtMax;
  let served = 0;
  let servedTime = 0;
  let servedWithin = 0;
  let step = 0;
  // Run past the target until (almost) every caller has been served or has abandoned.
  for (; step * dt < t + dt / 2 || ahead.reduce((sum, v) => sum + v, 0) > 1e-14; step++) {
    const s = step * dt;
    if (Math.abs(s - t) < dt / 2) servedWithin = served;
    const k1 = deriv(ahead);
    const a2 = ahead.map((v, i) => v + (dt / 2) * k1[i]!);
    const k2 = deriv(a2);
    const a3 = ahead.map((v, i) => v + (dt / 2) * k2[i]!);
    const k3 = deriv(a3);
    const a4 = ahead.map((v, i) => v + dt * k3[i]!);
    const k4 = deriv(a4);
    // The service flow nμ·ahead[0] (and its time-weighted version) integrated with the same RK4 stages.
    const f1 = nMu * ahead[0]!;
    const f2 = nMu * a2[0]!;
    const f3 = nMu * a3[0]!;
    const f4 = nMu * a4[0]!;
    served += (dt / 6) * (f1 + 2 * f2 + 2 * f3 + f4);
    servedTime += (dt / 6) * (s * f1 + 2 * (s + dt / 2) * (f2 + f3) + (s + dt) * f4);
    ahead = ahead.map((v, i) => v + (dt / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!));
  }
  const answered = immediate + served;
  return {
    answeredWithin: immediate + servedWithin,
    answered,
    asa: servedTime / answered,
    pw: 1 - immediate,
    pab: (theta * queue) / lambda,
  };
}

describe('erlangAMetrics', () => {
  it('matches a brute-force chain and Kolmogorov integration', () => {
    const cases = [
      { n: 12, patience: 1e4, t: 5 },
      { n: 9, patience: 1e4, t: 20 },
      { n: 12, patience: 300, t: 20 },
      { n: 8, patience: 300, t: 20 },
      { n: 8, patience: 10, t: 60 },
      { n: 14, patience: 60, t: 30 },
      { n: 3, patience: 120, t: 0 },
    ];
    for (const c of cases) {
      const m = erlangAMetrics({ ...example, agents: c.n, patienceSeconds: c.patience, targetSeconds: c.t });
      const ref = erlangABruteForce({
        lambda: 100 / 1800,
        mu: 1 / 180,
        theta: 1 / c.patience,
        n: c.n,
        t: c.t,
      });
      expect(m.probabilityOfWaiting).toBeCloseTo(ref.pw, 10);
      expect(m.probabilityOfAbandoning).toBeCloseTo(ref.pab, 10);
      // P(abandon) from Little's law on the queue agrees with the callers' fates.
      expect(1 - m.probabilityOfAbandoning).toBeCloseTo(ref.answered, 10);
      expect(m.answeredWithinTargetOverOffered).toBeCloseTo(ref.answeredWithin, 10);
      expect(m.averageSpeedOfAnswerSeconds).toBeCloseTo(ref.asa, 7);
    }
  });

  it('reduces to a Poisson chain when patience equals handling time', () => {
    // θ = μ makes every death rate kμ: the number in system is Poisson(A), as in M/M/∞.
    for (const [a, n] of [
      [10, 9],
      [10, 14],
      [1500, 1480],
      [1500, 1550],
    ] as const) {
      const logs = logPoissonTerms(a, n + 20 * Math.ceil(Math.sqrt(a)) + 100).map((x) => x - a);
      const below = logs.slice(0, n).reduce((s, x) => s + Math.exp(x), 0);
      const excess = logs.reduce((s, x, k) => s + (k > n ? (k - n) * Math.exp(x) : 0), 0);
      const m = erlangAMetrics({ ...example, callsPerPeriod: a * 10, agents: n, patienceSeconds: 180 });
      expect(m.probabilityOfWaiting).toBeCloseTo(1 - below, 10);
      expect(m.probabilityOfAbandoning).toBeCloseTo(excess / a, 10);
    }
  });

  it('tends to Erlang C as patience grows', () => {
    for (const [a, n] of [
      [10, 11],
      [10, 14],
      [10, 20],
      [1950, 2000],
    ] as const) {
      const input = { ...example, callsPerPeriod: a * 10, agents: n };
      const c = erlangCMetrics(input);
      const m = erlangAMetrics({ ...input, patienceSeconds: 1e9 });
      expect(m.probabilityOfWaiting).toBeCloseTo(c.probabilityOfWaiting, 5);
      expect(m.answeredWithinTargetOverOffered).toBeCloseTo(c.serviceLevel, 5);
      expect(Math.abs(m.averageSpeedOfAnswerSeconds / c.averageSpeedOfAnswerSeconds - 1)).toBeLessThan(1e-5);
      expect(m.probabilityOfAbandoning).toBeLessThan(1e-5);
      expect(m.occupancy).toBeCloseTo(c.occupancy, 5);
      // Infinite patience is Erlang C itself.
      const inf = erlangAMetrics({ ...input, patienceSeconds: Number.POSITIVE_INFINITY });
      expect(inf.answeredWithinTargetOverOffered).toBe(c.serviceLevel);
      expect(inf.probabilityOfAbandoning).toBe(0);
    }
  });

  it('follows the fluid limit when overloaded with very long patience', () => {
    // 9 agents for 10 Erlangs: a tenth of the calls must abandon, and the queue sits at (λ − nμ)/θ.
    const m = erlangAMetrics({ ...example, agents: 9, patienceSeconds: 1e9 });
    expect(m.probabilityOfWaiting).toBeCloseTo(1, 12);
    expect(m.probabilityOfAbandoning).toBeCloseTo(0.1, 6);
    expect(m.answeredWithinTargetOverOffered).toBeCloseTo(0, 12);
    expect(Math.abs(m.averageSpeedOfAnswerSeconds / (1e9 * Math.log(10 / 9)) - 1)).toBeLessThan(1e-3);
    expect(m.occupancy).toBeCloseTo(1, 6);
  });

  it('has abandonment in (0, 1), falling as agents are added', () => {
    let previous = 1;
    for (let n = 0; n <= 30; n++) {
      const m = erlangAMetrics({ ...example, agents: n, patienceSeconds: 120 });
      if (n === 0) {
        expect(m.probabilityOfAbandoning).toBeCloseTo(1, 12);
        expect(m.answeredWithinTargetOverOffered).toBe(0);
        expect(m.probabilityOfWaiting).toBe(1);
        continue;
      }
      expect(m.probabilityOfAbandoning).toBeGreaterThan(0);
      expect(m.probabilityOfAbandoning).toBeLessThan(previous);
      previous = m.probabilityOfAbandoning;
    }
  });

  it('handles no calls and rejects invalid input', () => {
    expect(erlangAMetrics({ ...example, callsPerPeriod: 0, agents: 3, patienceSeconds: 60 })).toEqual({
      probabilityOfWaiting: 0,
      probabilityOfAbandoning: 0,
      answeredWithinTargetOverOffered: 1,
      averageSpeedOfAnswerSeconds: 0,
      occupancy: 0,
    });
    const ok = { ...example, agents: 12, patienceSeconds: 60 };
    expect(() => erlangAMetrics({ ...ok, patienceSeconds: 0 })).toThrow(RangeError);
    expect(() => erlangAMetrics({ ...ok, patienceSeconds: Number.NaN })).toThrow(RangeError);
    expect(() => erlangAMetrics({ ...ok, agents: 2.5 })).toThrow(/agents/);
    expect(() => erlangAMetrics({ ...ok, callsPerPeriod: Number.NaN })).toThrow(RangeError);
  });

  it('is consistent and monotone in agents, up to 2,000 agents', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 2000, noNaN: true }),
        fc.integer({ min: 0, max: 1999 }),
        fc.double({ min: 1, max: 3600, noNaN: true }),
        fc.integer({ min: 0, max: 120 }),
        (a, n, patience, t) => {
          const input = {
            callsPerPeriod: a * 10,
            periodSeconds: 1800,
            ahtSeconds: 180,
            patienceSeconds: patience,
          };
          const m0 = erlangAMetrics({ ...input, agents: n, targetSeconds: t });
          const m1 = erlangAMetrics({ ...input, agents: n + 1, targetSeconds: t });
          for (const m of [m0, m1]) {
            for (const p of [
              m.probabilityOfWaiting,
              m.probabilityOfAbandoning,
              m.answeredWithinTargetOverOffered,
              m.occupancy,
            ]) {
              expect(p).toBeGreaterThanOrEqual(0);
              expect(p).toBeLessThanOrEqual(1);
            }
            expect(m.answeredWithinTargetOverOffered).toBeLessThanOrEqual(
              1 - m.probabilityOfAbandoning + 1e-12,
            );
          }
          expect(m1.probabilityOfWaiting).toBeLessThanOrEqual(m0.probabilityOfWaiting + 1e-12);
          expect(m1.probabilityOfAbandoning).toBeLessThanOrEqual(m0.probabilityOfAbandoning + 1e-12);
          expect(m1.answeredWithinTargetOverOffered).toBeGreaterThanOrEqual(
            m0.answeredWithinTargetOverOffered - 1e-12,
          );
          // A longer target can only count more calls as answered in time.
          const later = erlangAMetrics({ ...input, agents: n, targetSeconds: t + 10 });
          expect(later.answeredWithinTargetOverOffered).toBeGreaterThanOrEqual(
            m0.answeredWithinTargetOverOffered - 1e-12,
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('agentsForTargets', () => {
  const targets = { ...example, patienceSeconds: 120, serviceLevel: 0.8, maxAbandonment: 0.05 };
  const meets = (n: number, t: typeof targets & { maxOccupancy?: number }) => {
    const m = erlangAMetrics({ ...t, agents: n });
    return (
      m.answeredWithinTargetOverOffered >= t.serviceLevel &&
      m.probabilityOfAbandoning <= t.maxAbandonment &&
      (t.maxOccupancy === undefined || m.occupancy <= t.maxOccupancy)
    );
  };

  it('returns the fewest agents meeting every target', () => {
    for (const t of [
      targets,
      { ...targets, maxAbandonment: 0.01 },
      { ...targets, serviceLevel: 0.95, targetSeconds: 10 },
      { ...targets, maxOccupancy: 0.6 },
      { ...targets, callsPerPeriod: 19000, patienceSeconds: 300, maxAbandonment: 0.02, maxOccupancy: 0.9 },
    ]) {
      const n = agentsForTargets(t);
      expect(meets(n, t)).toBe(true);
      expect(meets(n - 1, t)).toBe(false);
    }
    expect(agentsForTargets(targets)).toBe(13);
  });

  it('needs no more agents than Erlang C, and equals it with infinite patience', () => {
    const erlangCAgents = agentsForServiceLevel({ ...example, serviceLevel: 0.8 });
    expect(agentsForTargets({ ...targets, maxAbandonment: 1 })).toBeLessThanOrEqual(erlangCAgents);
    expect(agentsForTargets({ ...targets, patienceSeconds: Number.POSITIVE_INFINITY })).toBe(erlangCAgents);
    expect(agentsForTargets({ ...targets, patienceSeconds: 1e9 })).toBe(erlangCAgents);
  });

  it('handles trivial and invalid targets', () => {
    expect(agentsForTargets({ ...targets, callsPerPeriod: 0 })).toBe(0);
    expect(agentsForTargets({ ...targets, serviceLevel: 0, maxAbandonment: 1 })).toBe(0);
    expect(() => agentsForTargets({ ...targets, maxAbandonment: -0.1 })).toThrow(RangeError);
    expect(() => agentsForTargets({ ...targets, serviceLevel: Number.NaN })).toThrow(RangeError);
  });
});
