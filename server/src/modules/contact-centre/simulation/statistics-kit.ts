// Test support only: shared by the statistical tests against Erlang C and Erlang A.
import { expect } from 'vitest';

/**
 * The engine against queueing theory, on the stationary single-queue scenarios: Poisson arrivals,
 * exponential handling, no IVR, agents who answer at once. 100 simulated days (about 480,000 calls) put
 * the standard error of the service level near 0.002 and of the ASA near 0.2 s (batch means over days,
 * checked below); the stated tolerances are about four standard errors.
 */
export const DAYS = 100;
export const traffic = { callsPerPeriod: 100, periodSeconds: 1800, ahtSeconds: 180, targetSeconds: 20 };

/** Mean and standard error of a per-day indicator (days are nearly independent batches). */
export function batch<R>(days: R[], pick: (r: R) => number | null): { mean: number; se: number } {
  const xs = days.map(pick).filter((x): x is number => x !== null);
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
  return { mean, se: Math.sqrt(variance / xs.length) };
}

export function agrees(name: string, simulated: number, theory: number, tolerance: number, se: number): void {
  const error = Math.abs(simulated - theory);
  expect(error, `${name}: simulated ${simulated.toFixed(4)} vs theory ${theory.toFixed(4)}`).toBeLessThan(
    tolerance,
  );
  expect(error, `${name}: more than 4 standard errors (${se.toFixed(4)}) away`).toBeLessThan(
    Math.max(4 * se, tolerance / 4),
  );
}
