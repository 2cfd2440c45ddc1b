/**
 * MR-5, the centre's availability from its own heartbeats (issue 12 §2): the live centre records a
 * heartbeat every minute while it answers; a heartbeat vouches for the next `coverMs` (two beats: one
 * missed beat is tolerated). Time no heartbeat covers is time the IVR did not answer. Declared maintenance is taken out of the period
 * (tender: "al netto delle manutenzioni programmate"). The operators' answering was unavailable for a
 * technical problem during the lines' opening hours not covered (penalised per working hour). Pure.
 */

export type Interval = [number, number];

/** Sorted, merged intervals. */
export function merge(intervals: Interval[]): Interval[] {
  const sorted = intervals.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: Interval[] = [];
  for (const [a, b] of sorted) {
    const last = out.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** `a` minus `b` (both merged). */
export function subtract(a: Interval[], b: Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const [s, e] of a) {
    let start = s;
    for (const [bs, be] of b) {
      if (be <= start || bs >= e) continue;
      if (bs > start) out.push([start, bs]);
      start = Math.max(start, be);
      if (start >= e) break;
    }
    if (start < e) out.push([start, e]);
  }
  return out;
}

/** `a` within `b` (both merged). */
export function intersect(a: Interval[], b: Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const [s, e] of a)
    for (const [bs, be] of b) {
      const lo = Math.max(s, bs);
      const hi = Math.min(e, be);
      if (hi > lo) out.push([lo, hi]);
    }
  return merge(out);
}

const total = (xs: Interval[]) => xs.reduce((t, [a, b]) => t + (b - a), 0);

export interface Availability {
  /** From when the period is measured: its start, or the first heartbeat ever if later; null: never. */
  measuredFrom: number | null;
  /** Share of the measured time (maintenance out) the IVR answered; null when nothing was measured. */
  ivr: number | null;
  downMs: number;
  maintenanceMs: number;
  /** Time the centre was down within the lines' opening hours (maintenance out). */
  downWorkingMs: number;
  /** The outages, for the report: [start, end] epoch ms. */
  outages: Interval[];
}

/**
 * The period [from, to)'s availability. `beats`: heartbeat instants in the period (and the last one
 * before it); `firstBeatEver`: when recording began (null: never); `maintenance`: declared windows;
 * `open`: the opening hours within the period.
 */
export function availability(q: {
  from: number;
  to: number;
  beats: number[];
  firstBeatEver: number | null;
  maintenance: Interval[];
  open: Interval[];
  coverMs: number;
}): Availability {
  if (q.firstBeatEver === null || q.firstBeatEver >= q.to)
    return { measuredFrom: null, ivr: null, downMs: 0, maintenanceMs: 0, downWorkingMs: 0, outages: [] };
  const start = Math.max(q.from, q.firstBeatEver);
  const period: Interval[] = [[start, q.to]];
  const maintenance = intersect(merge(q.maintenance), period);
  const measured = subtract(period, maintenance);
  const up = intersect(merge(q.beats.map((b): Interval => [b, b + q.coverMs])), measured);
  const down = subtract(measured, up);
  const measuredMs = total(measured);
  return {
    measuredFrom: start,
    ivr: measuredMs > 0 ? total(up) / measuredMs : null,
    downMs: total(down),
    maintenanceMs: total(maintenance),
    downWorkingMs: total(intersect(down, merge(q.open))),
    outages: down,
  };
}

/** The tender's availability levels (seed 003 §6): IVR continuity 24/7, and the technical unavailability. */
export const TENDER_AVAILABILITY = {
  source: 'Capitolato tecnico Basilicata (seed 003), §6: continuità del servizio IVR; penali',
  ivrThreshold: 0.95,
  /** Share of the service's value per whole point below. */
  ivrPenaltyPerPoint: 0.005,
  /** "Indisponibilità del servizio di risposta con operatore per problemi tecnici": per working hour. */
  technicalEuroPerWorkingHour: 5000,
} as const;
