import { availableParallelism } from 'node:os';
import {
  normaliseNumber,
  type Scenario,
  scenarioCentre,
  validateScenario,
} from '../../contact-centre/index.ts';
import { assessPenalties, type PenaltyRule, rulesFor } from '../../reporting/index.ts';
import { type Distribution, meanOf } from '../../telephony/index.ts';
import { type Estimate, estimate } from '../maths/estimates.ts';
import type { HandlingTimes, TrafficCurves } from '../plan/forecast.ts';
import { type Counts, FIELDS } from './plan-collector.ts';
import { type Replication, type ReplicationInput, replicate, type ScheduledInterval } from './replication.ts';
import { replicationPool } from './replication-pool.ts';

export type { ScheduledInterval } from './replication.ts';
export { replicationPool } from './replication-pool.ts';

/**
 * WF-1 what-if: a staffing plan run through the contact-centre simulator (the same engine as the live
 * line, on a virtual clock), several replications with different seeds, and each figure reported as the
 * replications' mean with a 95% Student t interval — per interval, per day, in total, and the month's
 * penalties under the contract's rules (MR-5).
 */

export interface WhatIfInput extends ReplicationInput {
  replications: number;
  seed: number;
  /** The service's value in the observation period (euros), to turn penalty shares into money. */
  serviceValueEuros?: number;
  /**
   * Worker threads for the replications (each replication is independent and seeded, so the report is
   * the same with any number). Default: the machine's cores, up to the replications, when the span is
   * long enough (a week or more) to repay a worker's start-up; else 1, in this thread.
   */
  workers?: number;
  onProgress?: (p: { replication: number; fraction: number }) => void;
}

export interface WhatIfFigures {
  /** Calls entering an operator queue. */
  offered: Estimate;
  /** Answered within the target (queue wait) over offered. */
  serviceLevel: Estimate;
  /** Hung up in queue over offered. */
  abandonment: Estimate;
  answeredShare: Estimate;
  averageSpeedOfAnswerSeconds: Estimate;
}

export interface WhatIfRule {
  id: string;
  description: string;
  comparison: PenaltyRule['comparison'];
  threshold: number;
  measured: Estimate;
  points: Estimate;
  share: Estimate;
  euros: Estimate | null;
}

export interface WhatIfReport {
  label: 'simulazione';
  replications: number;
  seeds: number[];
  targetSeconds: number;
  wallSeconds: number;
  intervals: (Omit<ScheduledInterval, 'startMs'> & WhatIfFigures)[];
  byDay: ({ date: string } & WhatIfFigures)[];
  total: WhatIfFigures;
  penalties: {
    source: string;
    observedDays: number;
    rules: WhatIfRule[];
    share: Estimate;
    euros: Estimate | null;
    /** Share of replications (0–1) with some penalty. */
    probabilityOfPenalty: number;
  };
  line: {
    number: string;
    channels: number;
    busy: Estimate;
    peakChannelsInUse: Estimate;
    /** Share of replications (0–1) in which CC-5's two-consecutive-bands saturation happened. */
    cc5Triggered: number;
    suggestedChannels: number;
  };
}

/** The same distribution family with another mean (spread scaled alike); 0 becomes a constant 0. */
export function withMean(d: Distribution, mean: number): Distribution {
  const old = meanOf(d);
  if (Math.abs(old - mean) < 1e-9) return d;
  if (mean === 0 || old === 0) return { type: 'constant', value: mean };
  const k = mean / old;
  switch (d.type) {
    case 'constant':
      return { type: 'constant', value: mean };
    case 'exponential':
      return { type: 'exponential', mean };
    case 'lognormal':
      return { type: 'lognormal', mean, sd: d.sd * k };
    case 'uniform':
      return { type: 'uniform', min: d.min * k, max: d.max * k };
  }
}

/**
 * The scenario a plan is simulated on: the built-in one with the plan's curves, handling means and
 * channels on its line. Staffing comes from the plan, interval by interval (see runWhatIf).
 */
export function planScenario(
  base: Scenario,
  options: {
    lineNumber: string;
    channels?: number;
    curves?: TrafficCurves;
    handling?: Partial<HandlingTimes>;
  },
): Scenario {
  const centre = scenarioCentre(base);
  const line = normaliseNumber(options.lineNumber);
  const h = options.handling ?? {};
  return {
    ...base,
    centre: {
      ...centre,
      lines: centre.lines.map((l) =>
        normaliseNumber(l.number) === line && options.channels !== undefined
          ? { ...l, channels: options.channels }
          : l,
      ),
    },
    rules: undefined,
    traffic: base.traffic.map((t) =>
      t.kind === 'curves' && normaliseNumber(t.line) === line && options.curves
        ? { ...t, ...options.curves }
        : t,
    ),
    handling: {
      ...base.handling,
      talk: h.talkSeconds !== undefined ? withMean(base.handling.talk, h.talkSeconds) : base.handling.talk,
      afterCallWork:
        h.afterCallWorkSeconds !== undefined
          ? withMean(base.handling.afterCallWork, h.afterCallWorkSeconds)
          : base.handling.afterCallWork,
    },
    staffing: { kind: 'constant', agents: 0 },
  };
}

type Summed = Record<(typeof FIELDS)[number], number>;
const POSITIVE = { min: 0 };
const SHARE = { min: 0, max: 1 };

function sumOver(counts: Counts, indices: number[]): Summed {
  const out = { offered: 0, answered: 0, within: 0, waitMs: 0, abandoned: 0 };
  for (const f of FIELDS) for (const i of indices) out[f] += counts[f][i]!;
  return out;
}

function figures(reps: Summed[]): WhatIfFigures {
  const ratio = (f: (s: Summed) => number, g: (s: Summed) => number, max = 1) =>
    estimate(
      reps.map((s) => (g(s) > 0 ? f(s) / g(s) : null)),
      { min: 0, max },
    );
  return {
    offered: estimate(
      reps.map((s) => s.offered),
      POSITIVE,
    ),
    serviceLevel: ratio(
      (s) => s.within,
      (s) => s.offered,
    ),
    abandonment: ratio(
      (s) => s.abandoned,
      (s) => s.offered,
    ),
    answeredShare: ratio(
      (s) => s.answered,
      (s) => s.offered,
    ),
    averageSpeedOfAnswerSeconds: ratio(
      (s) => s.waitMs / 1000,
      (s) => s.answered,
      Number.POSITIVE_INFINITY,
    ),
  };
}

/** Below a week a replication is too short to repay a worker's start-up (about 0.4 s, bundled). */
const WORKERS_FROM_MS = 7 * 86_400_000;

function workerCount(input: WhatIfInput): number {
  if (input.workers !== undefined) return Math.max(1, Math.min(input.workers, input.replications));
  if (input.replications < 2 || input.endMs - input.startMs < WORKERS_FROM_MS) return 1;
  return Math.min(availableParallelism(), input.replications);
}

/** The replication input without what cannot cross to a worker thread (the progress callback). */
function replicationInput(input: WhatIfInput): ReplicationInput {
  const { replications: _r, seed: _s, serviceValueEuros: _v, workers: _w, onProgress: _p, ...rest } = input;
  return rest;
}

/**
 * Runs the replications, in this thread one after another (yielding to the event loop) or on the
 * shared worker threads, at most `workers` of this what-if's at once, each worker taking the next when
 * it is free. Replication r always runs seed + r, so the result is the same either way; it comes back
 * in replication order.
 */
async function runReplications(
  input: WhatIfInput,
  rules: PenaltyRule[],
  seeds: number[],
): Promise<Replication[]> {
  const workers = workerCount(input);
  const progress = (r: number) => (fraction: number) => input.onProgress?.({ replication: r, fraction });
  if (workers <= 1) {
    const reps: Replication[] = [];
    for (const [r, seed] of seeds.entries()) reps.push(await replicate(input, rules, seed, progress(r)));
    return reps;
  }
  const data = replicationInput(input);
  const pool = replicationPool();
  const reps: Replication[] = new Array(seeds.length);
  let next = 0;
  let failed = false;
  // `workers` lanes, each running its next replication when the last is back; the first failure fails
  // the what-if and stops the lanes taking more.
  const lane = async () => {
    while (next < seeds.length && !failed) {
      const r = next++;
      try {
        reps[r] = await pool.run({ input: data, seed: seeds[r]!, onProgress: progress(r) });
      } catch (error) {
        failed = true;
        throw new Error(`what-if replication ${r}: ${(error as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(workers, pool.size) }, lane));
  return reps;
}

/** Runs the replications (see runReplications) and folds them into estimates. */
export async function runWhatIf(input: WhatIfInput): Promise<WhatIfReport> {
  validateScenario(input.scenario);
  const rules = rulesFor(input.penalties, input.lineService);
  const began = performance.now();
  const seeds = Array.from({ length: input.replications }, (_, r) => input.seed + r);
  const reps = await runReplications(input, rules, seeds);

  const all = input.intervals.map((_, i) => i);
  const intervals = input.intervals.map(({ startMs: _ms, ...iv }, i) => ({
    ...iv,
    ...figures(reps.map((rep) => sumOver(rep.counts, [i]))),
  }));
  const dates = new Map<string, number[]>();
  for (const [i, iv] of input.intervals.entries()) {
    const list = dates.get(iv.date);
    if (list) list.push(i);
    else dates.set(iv.date, [i]);
  }
  const byDay = [...dates].map(([date, idx]) => ({
    date,
    ...figures(reps.map((rep) => sumOver(rep.counts, idx))),
  }));

  const assessed = reps.map((rep) => assessPenalties(input.penalties, rules, rep.measured));
  const value = input.serviceValueEuros;
  const euros = (shares: number[]) =>
    value === undefined
      ? null
      : estimate(
          shares.map((s) => s * value),
          POSITIVE,
        );
  const channels = reps[0]?.channels ?? 0;
  return {
    label: 'simulazione',
    replications: input.replications,
    seeds,
    targetSeconds: input.targetSeconds,
    wallSeconds: (performance.now() - began) / 1000,
    intervals,
    byDay,
    total: figures(reps.map((rep) => sumOver(rep.counts, all))),
    penalties: {
      source: input.penalties.source,
      observedDays: dates.size,
      rules: rules.map((rule, k) => {
        const shares = assessed.map((a) => a.rules[k]!.share);
        return {
          id: rule.id,
          description: rule.description,
          comparison: rule.comparison,
          threshold: rule.threshold,
          measured: estimate(
            assessed.map((a) => a.rules[k]!.measured),
            SHARE,
          ),
          points: estimate(
            assessed.map((a) => a.rules[k]!.points),
            POSITIVE,
          ),
          share: estimate(shares, SHARE),
          euros: euros(shares),
        };
      }),
      share: estimate(
        assessed.map((a) => a.share),
        SHARE,
      ),
      euros: euros(assessed.map((a) => a.share)),
      probabilityOfPenalty: assessed.filter((a) => a.share > 0).length / Math.max(1, assessed.length),
    },
    line: {
      number: normaliseNumber(input.lineNumber),
      channels,
      busy: estimate(
        reps.map((r) => r.busy),
        POSITIVE,
      ),
      peakChannelsInUse: estimate(
        reps.map((r) => r.peakChannelsInUse),
        { min: 0, max: channels },
      ),
      cc5Triggered: reps.filter((r) => r.cc5).length / Math.max(1, reps.length),
      suggestedChannels: Math.max(channels, ...reps.map((r) => r.suggestedChannels)),
    },
  };
}
