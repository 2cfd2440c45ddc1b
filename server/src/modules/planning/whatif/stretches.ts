import { availableParallelism } from 'node:os';
import { DateTime } from 'luxon';
import {
  type SimulationOptions,
  type SimulationReport,
  simulationPeriod,
  simulationReport,
  simulationStaffing,
} from '../../contact-centre/index.ts';
import { StatsCollector, type StatsReport } from '../../reporting/index.ts';
import { replicationPool } from './replication-pool.ts';
import { erlangStaffing } from './scenario-run.ts';
import { runStretch, type StretchInput, type StretchResult } from './stretch.ts';

/**
 * Days simulated before each stretch after the first and not counted: enough for the callbacks and
 * redials carried over from before it (an out-of-hours callback waits for the next opening, at most
 * three days away in the built-in calendars: Easter's Saturday to Tuesday).
 */
export const WARM_UP_DAYS = 4;

export type StretchesOptions = Omit<SimulationOptions, 'statistics' | 'sinks' | 'backpressure'> & {
  /** Months simulated at once on worker threads; default the machine's cores (1: in this thread). */
  workers?: number;
};

export type StretchesReport = SimulationReport<StatsReport> & {
  /** The calendar months the run was cut into, each simulated on its own. */
  stretches: number;
};

/**
 * A long simulation on every core: cut into calendar months, each simulated on its own (after a
 * warm-up of WARM_UP_DAYS, not counted) on the simulation's worker threads, and their statistics added
 * up. Month m runs seed + m, so a seed gives the same report on any machine; the first month is the
 * single run's own. Another random stream than `simulateScenario`'s single run, so not the same
 * figures, but the same model: a call counts in the month it arrived, everything else in the month its
 * time falls in. Only the statistics come back (a run with event sinks runs as one stream).
 */
export async function simulateInStretches(options: StretchesOptions): Promise<StretchesReport> {
  const { scenario, zone, startDate, start, end } = simulationPeriod(options);
  const seed = options.seed ?? 1;
  const asked = simulationStaffing(options, scenario);
  const staffing = asked.kind === 'erlang' ? erlangStaffing(scenario, asked, start, end) : asked;
  const targetSeconds = options.targetSeconds ?? 20;
  const drainHours = options.drainHours ?? 6;
  const inputs = stretchInputs(startDate, options.days, zone, end).map(
    (s, i): StretchInput => ({ ...s, scenario, staffing, seed: seed + i, targetSeconds, drainHours }),
  );
  const began = performance.now();
  const fractions = inputs.map(() => 0);
  const calls = inputs.map(() => 0);
  const progress = (i: number) => (fraction: number, simulated?: number) => {
    fractions[i] = fraction;
    calls[i] = simulated ?? calls[i]!;
    const done = fractions.reduce((sum, f) => sum + f, 0) / fractions.length;
    const sum = calls.reduce((s, c) => s + c, 0);
    options.onProgress?.({ fraction: done, simulatedAt: start + done * (end - start), calls: sum });
  };
  const lanes = Math.max(1, Math.min(options.workers ?? availableParallelism(), inputs.length));
  const results: StretchResult[] = new Array(inputs.length);
  let next = 0;
  // In this thread one month after another, or `lanes` at once on the pool's workers, each lane taking
  // the next month when it is done with one.
  const pool = lanes > 1 ? replicationPool() : null;
  const run = (input: StretchInput, i: number) =>
    pool ? pool.run({ stretch: input, onProgress: progress(i) }) : runStretch(input, progress(i));
  const lane = async () => {
    while (next < inputs.length) {
      const i = next++;
      results[i] = await run(inputs[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  const merged = new StatsCollector({ targetSeconds, zone, from: start, until: end });
  for (const r of results) merged.absorb(r.part);
  const stats = merged.report(end + drainHours * 3_600_000);
  const report = simulationReport({
    scenario: scenario.name,
    seed,
    startDate,
    days: options.days,
    staffing: asked,
    wallSeconds: (performance.now() - began) / 1000,
    simulatedEvents: results.reduce((sum, r) => sum + r.simulatedEvents, 0),
    contactEvents: results.reduce((sum, r) => sum + r.contactEvents, 0),
    stats,
  });
  return { ...report, stretches: inputs.length };
}

/** The months of [start, end) as simulated spans: each from its warm-up's first day, counting from its own. */
export function stretchInputs(startDate: string, days: number, zone: string, end: number) {
  const first = DateTime.fromISO(startDate, { zone });
  const cuts: DateTime[] = [];
  for (let m = first.startOf('month').plus({ months: 1 }); m.toMillis() < end; m = m.plus({ months: 1 })) {
    cuts.push(m);
  }
  const froms = [first, ...cuts];
  return froms.map((from, i) => {
    const next = cuts[i];
    const warmUp = i === 0 ? from : DateTime.max(first, from.minus({ days: WARM_UP_DAYS }));
    // Whole calendar days (DST-proof); the last stretch ends where the run does, fraction of a day included.
    const toNext = next ? next.diff(warmUp, 'days').days : first.diff(warmUp, 'days').days + days;
    return {
      startDate: warmUp.toISODate()!,
      days: Math.round(toNext * 1e6) / 1e6,
      from: from.toMillis(),
      until: next ? next.toMillis() : null,
    };
  });
}
