/**
 * The wallboard's figures read against the contract's targets (issue 14 §10, seed 003 §6): the service
 * level against 90% answered within 20 s, abandonment against at most 10%. Green when the target is met,
 * amber within a band short of it, red beyond; the thresholds are shown beside the colour, never the
 * colour alone.
 */
export type TargetStatus = 'ok' | 'warning' | 'critical' | 'none';

export interface Target {
  /** The contract's level. */
  target: number;
  /** 'at-least': higher is better (service level); 'at-most': lower is better (abandonment). */
  direction: 'at-least' | 'at-most';
  /** How far past the target is amber before red. */
  band: number;
}

export const SERVICE_LEVEL_TARGET: Target = { target: 0.9, direction: 'at-least', band: 0.1 };
export const ABANDONED_TARGET: Target = { target: 0.1, direction: 'at-most', band: 0.05 };

export function targetStatus(value: number | null | undefined, t: Target): TargetStatus {
  if (value === null || value === undefined) return 'none';
  const short = t.direction === 'at-least' ? t.target - value : value - t.target;
  if (short <= 1e-9) return 'ok';
  return short <= t.band + 1e-9 ? 'warning' : 'critical';
}

/** The amber and red edges, for the legend beside the figure. */
export function thresholds(t: Target): { amber: number; red: number } {
  const red = t.direction === 'at-least' ? t.target - t.band : t.target + t.band;
  return { amber: t.target, red };
}

/** Every abandoned call over the decided offered calls: within and after the 20 s together. */
export function abandonedShare(today: {
  abandonedWithinTargetShare: number | null;
  abandonedAfterTargetShare: number | null;
}): number | null {
  const { abandonedWithinTargetShare: a, abandonedAfterTargetShare: b } = today;
  return a === null || b === null ? null : a + b;
}

/** Fewer decided calls than this in the window say nothing about a trend: no alert on one bad call. */
export const RISK_MIN_CALLS = 5;

export interface Risk {
  kind: 'serviceLevel' | 'abandoned';
  value: number;
  target: number;
}

/**
 * Issue 14 §10: the targets at risk over the last minutes — missed there although the day may still
 * meet them — when enough calls were decided for it to mean something.
 */
export function targetsAtRisk(recent: {
  decided: number;
  serviceLevel: number | null;
  abandonedShare: number | null;
}): Risk[] {
  if (recent.decided < RISK_MIN_CALLS) return [];
  const risks: Risk[] = [];
  if (recent.serviceLevel !== null && targetStatus(recent.serviceLevel, SERVICE_LEVEL_TARGET) !== 'ok')
    risks.push({ kind: 'serviceLevel', value: recent.serviceLevel, target: SERVICE_LEVEL_TARGET.target });
  if (recent.abandonedShare !== null && targetStatus(recent.abandonedShare, ABANDONED_TARGET) !== 'ok')
    risks.push({ kind: 'abandoned', value: recent.abandonedShare, target: ABANDONED_TARGET.target });
  return risks;
}
