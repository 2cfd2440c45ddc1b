/** Means of independent replications with 95% confidence intervals (Student t). */

/** t quantiles at 0.975 for 1–30 degrees of freedom. */
const T975 = [
  12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.306, 2.2622, 2.2281, 2.201, 2.1788, 2.1604,
  2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.093, 2.086, 2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555,
  2.0518, 2.0484, 2.0452, 2.0423,
];
const Z975 = 1.959963984540054;

/** The 0.975 quantile of Student's t: the table, then the Cornish–Fisher expansion (error < 1e-5 past 30). */
export function studentT975(degreesOfFreedom: number): number {
  if (!(degreesOfFreedom >= 1)) throw new RangeError('degrees of freedom must be >= 1');
  const df = Math.floor(degreesOfFreedom);
  if (df <= T975.length) return T975[df - 1]!;
  const z = Z975;
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3)
  );
}

export interface Estimate {
  /** Mean over the replications that measured something. */
  mean: number | null;
  /** 95% confidence interval of the mean; null with fewer than two values. */
  low: number | null;
  high: number | null;
  /** Replications that measured something (e.g. an interval with calls). */
  n: number;
}

/**
 * The replications' mean and 95% interval. `bounds` clips the interval to what the quantity can be (a
 * share stays in [0, 1]): with few replications the symmetric t interval can reach past them.
 */
export function estimate(values: (number | null)[], bounds: { min?: number; max?: number } = {}): Estimate {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { mean: null, low: null, high: null, n };
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  if (n < 2) return { mean, low: null, high: null, n };
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
  const half = studentT975(n - 1) * Math.sqrt(variance / n);
  const min = bounds.min ?? Number.NEGATIVE_INFINITY;
  const max = bounds.max ?? Number.POSITIVE_INFINITY;
  return { mean, low: Math.max(min, mean - half), high: Math.min(max, mean + half), n };
}
