import {
  runSimulation,
  type Scenario,
  type SimulatedStaffing,
  type StatisticsPeriod,
} from '../../contact-centre/index.ts';
import { StatsCollector, type StatsPart } from '../../reporting/index.ts';

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
  targetSeconds: number;
  drainHours: number;
}

export interface StretchResult {
  part: StatsPart;
  simulatedEvents: number;
  contactEvents: number;
}

/** Runs one stretch on the simulator, warm-up included, and returns what it counted. */
export async function runStretch(
  input: StretchInput,
  onProgress?: (fraction: number, calls: number) => void,
): Promise<StretchResult> {
  let stats: StatsCollector | undefined;
  const report = await runSimulation({
    scenario: input.scenario,
    staffing: input.staffing,
    startDate: input.startDate,
    days: input.days,
    seed: input.seed,
    targetSeconds: input.targetSeconds,
    drainHours: input.drainHours,
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
    simulatedEvents: report.simulatedEvents,
    contactEvents: report.contactEvents,
  };
}
