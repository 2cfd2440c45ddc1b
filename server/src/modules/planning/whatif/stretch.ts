import {
  runSimulation,
  type Scenario,
  type SimulatedStaffing,
  type StatisticsPeriod,
} from '../../contact-centre/index.ts';
import {
  OccupancyFold,
  type OccupancyPart,
  occupancySink,
  StatsCollector,
  type StatsPart,
} from '../../reporting/index.ts';

// One stretch of a long run cut in calendar months (stretches.ts): what the worker threads run.

/** What one stretch needs: plain data, so that it can be posted to a worker thread. */
export interface StretchInput {
  scenario: Scenario;
  staffing: SimulatedStaffing;
  /** The simulated span: from `startDate` (local; the warm-up's first day) for `days` days. */
  startDate: string;
  days: number;
  seed: number;
  /** What this stretch counts: from `from`; up to `until`, or to the end (the last stretch). */
  from: number;
  until: number | null;
  /** The whole run's end: the last stretch's bands of channel occupancy count up to it. */
  end: number;
  /** Fold the channel occupancy (CC-5) of the stretch's own 30-minute bands too. */
  occupancy: boolean;
  targetSeconds: number;
  drainHours: number;
}

export interface StretchResult {
  part: StatsPart;
  occupancy: OccupancyPart | null;
  simulatedEvents: number;
  contactEvents: number;
}

/** Runs one stretch on the simulator, warm-up included, and returns what it counted. */
export async function runStretch(
  input: StretchInput,
  onProgress?: (fraction: number, calls: number) => void,
): Promise<StretchResult> {
  let stats: StatsCollector | undefined;
  // A band belongs to the stretch its start falls in (the cuts are local midnights, on band boundaries);
  // the warm-up's calls only set the channels in use.
  const occupancy = input.occupancy ? new OccupancyFold(input.from, input.until ?? input.end) : null;
  const report = await runSimulation({
    scenario: input.scenario,
    staffing: input.staffing,
    startDate: input.startDate,
    days: input.days,
    seed: input.seed,
    targetSeconds: input.targetSeconds,
    drainHours: input.drainHours,
    ...(occupancy ? { sinks: [occupancySink(occupancy)] } : {}),
    statistics: (period: StatisticsPeriod) => {
      stats = new StatsCollector({ ...period, stretch: { from: input.from, until: input.until } });
      return stats;
    },
    ...(onProgress
      ? { onProgress: (p: { fraction: number; calls: number }) => onProgress(p.fraction, p.calls) }
      : {}),
  });
  const folded = stats as StatsCollector | undefined;
  if (!folded) throw new Error('the simulation made no statistics');
  return {
    part: folded.part(),
    occupancy: occupancy?.part() ?? null,
    simulatedEvents: report.simulatedEvents,
    contactEvents: report.contactEvents,
  };
}
