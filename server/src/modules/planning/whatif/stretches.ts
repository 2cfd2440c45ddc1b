import { availableParallelism } from 'node:os';
import { DateTime } from 'luxon';
import {
  dialledLines,
  OpeningCalendar,
  type Scenario,
  type SimulationOptions,
  type SimulationReport,
  simulationPeriod,
  simulationReport,
  simulationStaffing,
} from '../../contact-centre/index.ts';
import { OccupancyFold, StatsCollector, type StatsReport } from '../../reporting/index.ts';
import { replicationPool } from './replication-pool.ts';
import { erlangStaffing } from './scenario-run.ts';
import { runStretch, type StretchInput, type StretchResult } from './stretch.ts';

/**
 * Days simulated before each stretch after the first and not counted: enough for the callbacks and
 * redials carried over from before it (an out-of-hours callback waits for the next opening, at most
 * three days away in the national calendar: Easter's Saturday to Tuesday).
 */
export const WARM_UP_DAYS = 4;
/**
 * Days on which a line opens that the warm-up must hold, reaching back through a longer closure (a
 * summer shutdown in the lines' closed dates): every callback asked for while closed waits for the
 * reopening (its expiry counts from then), so the warm-up starts before the closure.
 */
export const WARM_UP_OPEN_DAYS = 2;
/** The farthest a warm-up reaches back, whatever the closure. */
export const MAX_WARM_UP_DAYS = 62;

export type StretchesOptions = Omit<SimulationOptions, 'statistics' | 'sinks' | 'backpressure'> & {
  /** Months simulated at once on worker threads; default the machine's cores (1: in this thread). */
  workers?: number;
  /** Fold the channel occupancy (CC-5) too, each month its own 30-minute bands. */
  occupancy?: boolean;
};

export type StretchesReport = SimulationReport<StatsReport> & {
  /** The calendar months the run was cut into, each simulated on its own. */
  stretches: number;
  /** The months' channel occupancy added up, when asked for. */
  occupancy?: OccupancyFold;
};

/**
 * A long simulation on every core: cut into calendar months, each simulated on its own (after a
 * warm-up, not counted: see stretchInputs) on the simulation's worker threads, and their statistics added
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
  const inputs = stretchInputs(startDate, options.days, zone, end, scenarioOpenDays(scenario)).map(
    (s, i): StretchInput => ({
      ...s,
      scenario,
      staffing,
      seed: seed + i,
      end,
      occupancy: options.occupancy ?? false,
      targetSeconds,
      drainHours,
    }),
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
  if (!options.occupancy) return { ...report, stretches: inputs.length };
  const occupancy = new OccupancyFold(start, end);
  for (const r of results) if (r.occupancy) occupancy.absorb(r.occupancy);
  return { ...report, stretches: inputs.length, occupancy };
}

/** Whether a line the scenario's callers dial opens at some time in [from, to) (epoch ms). */
function scenarioOpenDays(scenario: Scenario): (from: number, to: number) => boolean {
  const calendars = [...new Set(dialledLines(scenario))].map((l) => new OpeningCalendar(l.hours));
  return (from, to) => calendars.some((c) => c.openIntervals(from, to).length > 0);
}

/**
 * The months of [start, end) as simulated spans: each from its warm-up's first day, counting from its own.
 * A warm-up is WARM_UP_DAYS long, or longer until it holds WARM_UP_OPEN_DAYS days on which `opens` says a
 * line opens (never before the run's start, nor more than MAX_WARM_UP_DAYS).
 */
export function stretchInputs(
  startDate: string,
  days: number,
  zone: string,
  end: number,
  opens: (from: number, to: number) => boolean = () => true,
) {
  const first = DateTime.fromISO(startDate, { zone });
  const cuts: DateTime[] = [];
  for (let m = first.startOf('month').plus({ months: 1 }); m.toMillis() < end; m = m.plus({ months: 1 })) {
    cuts.push(m);
  }
  const froms = [first, ...cuts];
  const opensOn = (day: DateTime) => opens(day.toMillis(), day.plus({ days: 1 }).toMillis());
  const warmUpOf = (from: DateTime) => {
    let warmUp = DateTime.max(first, from.minus({ days: WARM_UP_DAYS }));
    let open = 0;
    for (let d = warmUp; d < from; d = d.plus({ days: 1 })) if (opensOn(d)) open++;
    while (open < WARM_UP_OPEN_DAYS && warmUp > first && from.diff(warmUp, 'days').days < MAX_WARM_UP_DAYS) {
      warmUp = warmUp.minus({ days: 1 });
      if (opensOn(warmUp)) open++;
    }
    return warmUp;
  };
  return froms.map((from, i) => {
    const next = cuts[i];
    const warmUp = i === 0 ? from : warmUpOf(from);
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
