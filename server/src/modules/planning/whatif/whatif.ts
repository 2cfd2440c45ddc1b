import {
  normaliseNumber,
  type Scenario,
  Simulation,
  scenarioCentre,
  validateScenario,
} from '../../contact-centre/index.ts';
import { type Distribution, meanOf } from '../../telephony/index.ts';
import { type Estimate, estimate } from '../maths/estimates.ts';
import type { HandlingTimes, TrafficCurves } from '../plan/forecast.ts';
import {
  assessPenalties,
  PenaltyMeasures,
  type PenaltyRule,
  type PenaltyTable,
  rulesFor,
} from './penalties.ts';
import { type Counts, FIELDS, PlanCollector } from './plan-collector.ts';

/**
 * WF-1 what-if: a staffing plan run through the contact-centre simulator (the same engine as the live
 * line, on a virtual clock), several replications with different seeds, and each figure reported as the
 * replications' mean with a 95% Student t interval — per interval, per day, in total, and the month's
 * penalties under the contract's rules (MR-5).
 */

export interface ScheduledInterval {
  start: string;
  startMs: number;
  date: string;
  time: string;
  /** Agents on the phones in the simulation: the plan's planned agents. */
  agents: number;
  /** What the targets require, shown next to the planned agents. */
  requiredAgents?: number;
  /** What the queueing model predicted for the planned agents, shown next to the simulation. */
  modelServiceLevel?: number;
}

export interface WhatIfInput {
  scenario: Scenario;
  lineNumber: string;
  lineService: string;
  intervals: ScheduledInterval[];
  intervalMinutes: number;
  /** Simulated span [startMs, endMs): arrivals stop at endMs, calls in progress then finish. */
  startMs: number;
  endMs: number;
  replications: number;
  seed: number;
  /** Queue-wait target of the per-interval service level (the Erlang one). */
  targetSeconds: number;
  penalties: PenaltyTable;
  /** The service's value in the observation period (euros), to turn penalty shares into money. */
  serviceValueEuros?: number;
  /** Agents stay after the last interval of an opening to answer the callers still queued. */
  closingGraceMinutes?: number;
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

const HOUR_MS = 3_600_000;
const STEPS_PER_SLICE = 50_000;

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

interface Replication {
  counts: Counts;
  measured: (number | null)[];
  busy: number;
  peakChannelsInUse: number;
  cc5: boolean;
  suggestedChannels: number;
  channels: number;
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

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

async function replicate(
  input: WhatIfInput,
  rules: PenaltyRule[],
  seed: number,
  r: number,
): Promise<Replication> {
  const intervalMs = input.intervalMinutes * 60_000;
  const index = new Map(input.intervals.map((iv, i) => [iv.startMs, i]));
  const line = normaliseNumber(input.lineNumber);
  const measures = new PenaltyMeasures(input.penalties, rules);
  const collector = new PlanCollector(index, intervalMs, input.targetSeconds * 1000, line, measures);
  const simulation = new Simulation({
    scenario: input.scenario,
    start: input.startMs,
    end: input.endMs,
    seed,
    staffing: { kind: 'constant', agents: 0 },
    sinks: [collector],
  });
  simulation.start();
  // Scheduled after start()'s own "0 agents", so at equal times the plan wins.
  const grace = (input.closingGraceMinutes ?? 10) * 60_000;
  for (const [i, iv] of input.intervals.entries()) {
    simulation.scheduler.at(iv.startMs, () => simulation.agents.setTarget(iv.agents));
    const end = iv.startMs + intervalMs;
    const next = input.intervals[i + 1]?.startMs ?? Number.POSITIVE_INFINITY;
    if (next - end > grace) simulation.scheduler.at(end + grace, () => simulation.agents.setTarget(0));
  }
  const drainEnd = input.endMs + 2 * HOUR_MS;
  while (simulation.step(drainEnd, STEPS_PER_SLICE)) {
    const at = simulation.scheduler.now();
    const fraction = Math.min(1, (at - input.startMs) / (input.endMs - input.startMs));
    input.onProgress?.({ replication: r, fraction });
    await yieldToEventLoop();
  }
  const ls = collector.lineStats;
  const cc5 = [...ls.saturatedHours].some((h) => ls.saturatedHours.has(h + 1));
  return {
    counts: collector.counts,
    measured: measures.values(),
    busy: ls.busy,
    peakChannelsInUse: ls.peakChannelsInUse,
    cc5,
    suggestedChannels: cc5 ? Math.ceil(ls.channels * 1.2) : ls.channels,
    channels: ls.channels,
  };
}

/** Runs the replications one after another (yielding to the event loop) and folds them into estimates. */
export async function runWhatIf(input: WhatIfInput): Promise<WhatIfReport> {
  validateScenario(input.scenario);
  const rules = rulesFor(input.penalties, input.lineService);
  const began = performance.now();
  const seeds = Array.from({ length: input.replications }, (_, r) => input.seed + r);
  const reps: Replication[] = [];
  for (const [r, seed] of seeds.entries()) reps.push(await replicate(input, rules, seed, r));

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
