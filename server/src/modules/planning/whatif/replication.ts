import { normaliseNumber, type Scenario, Simulation } from '../../contact-centre/index.ts';
import { PenaltyMeasures, type PenaltyRule, type PenaltyTable } from '../../reporting/index.ts';
import { type Counts, PlanCollector } from './plan-collector.ts';

// One replication of a what-if, on its own: what the worker threads run (replication-worker.mjs).

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

/** What one replication needs: plain data, so that it can be posted to a worker thread. */
export interface ReplicationInput {
  scenario: Scenario;
  lineNumber: string;
  lineService: string;
  intervals: ScheduledInterval[];
  intervalMinutes: number;
  /** Simulated span [startMs, endMs): arrivals stop at endMs, calls in progress then finish. */
  startMs: number;
  endMs: number;
  /** Queue-wait target of the per-interval service level (the Erlang one). */
  targetSeconds: number;
  penalties: PenaltyTable;
  /** Agents stay after the last interval of an opening to answer the callers still queued. */
  closingGraceMinutes?: number;
}

export interface Replication {
  counts: Counts;
  measured: (number | null)[];
  busy: number;
  peakChannelsInUse: number;
  cc5: boolean;
  suggestedChannels: number;
  channels: number;
}

const HOUR_MS = 3_600_000;
const STEPS_PER_SLICE = 50_000;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** One replication of a what-if: the plan's agents on the simulator with one seed, folded into counts. */
export async function replicate(
  input: ReplicationInput,
  rules: PenaltyRule[],
  seed: number,
  onProgress?: (fraction: number) => void,
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
    onProgress?.(fraction);
    await yieldToEventLoop();
  }
  collector.settle();
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
