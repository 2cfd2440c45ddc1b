import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { invalidField } from '../../../platform/errors.ts';
import type { ContactEvent, ContactEventSink } from '../engine/events.ts';
import { StatsCollector, type StatsReport } from '../reporting/stats.ts';
import { BUILTIN_SCENARIOS } from './builtin-scenarios.ts';
import { type Scenario, type Staffing, validateScenario } from './scenario.ts';
import { formatReport } from './simulate.cli.ts';
import { Simulation } from './simulator.ts';

export interface SimulationOptions {
  /** A scenario, or the name of a built-in one ('cup-2013', 'regional-2013', 'erlang-c-example', …). */
  scenario: Scenario | string;
  days: number;
  seed?: number;
  /** First day, 'YYYY-MM-DD' (local); default the scenario's, else today. */
  startDate?: string;
  /** Constant agents, replacing the scenario's staffing. */
  agents?: number;
  staffing?: Staffing;
  /** Service-level target, default 20 s. */
  targetSeconds?: number;
  /** Hours simulated after the last arrival so that calls in progress finish. Default 6. */
  drainHours?: number;
  onProgress?: (progress: { fraction: number; simulatedAt: number; calls: number }) => void;
  /** Further receivers of every contact event (e.g. a log for replay or comparison). */
  sinks?: ContactEventSink[];
}

export interface SimulationReport {
  /** Every figure comes from the simulated switch. */
  label: 'simulazione';
  scenario: string;
  seed: number;
  startDate: string;
  days: number;
  staffing: Staffing;
  wallSeconds: number;
  /** Discrete events processed (arrivals, caller and agent actions, engine ticks). */
  simulatedEvents: number;
  contactEvents: number;
  simulatedEventsPerSecond: number;
  contactEventsPerSecond: number;
  stats: StatsReport;
}

const STEPS_PER_SLICE = 50_000;

export function loadScenario(nameOrPath: string): Scenario {
  const builtin = BUILTIN_SCENARIOS[nameOrPath];
  if (builtin) return builtin;
  let text: string;
  try {
    text = readFileSync(nameOrPath, 'utf8');
  } catch {
    throw invalidField(
      'scenario',
      `scenario ${nameOrPath}: neither a built-in (${Object.keys(BUILTIN_SCENARIOS).join(', ')}) nor a readable file`,
    );
  }
  try {
    return JSON.parse(text) as Scenario;
  } catch (error) {
    throw invalidField('scenario', `scenario ${nameOrPath} is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * Runs a scenario on the engine through the simulated switch, with a virtual clock, and folds the
 * contact events into the service indicators. Yields to the event loop now and then so that progress
 * can be shown.
 */
export async function runSimulation(options: SimulationOptions): Promise<SimulationReport> {
  const scenario = typeof options.scenario === 'string' ? loadScenario(options.scenario) : options.scenario;
  validateScenario(scenario);
  if (!Number.isFinite(options.days) || options.days <= 0 || options.days > 3660) {
    throw invalidField('days', 'days must be a number in (0, 3660]');
  }
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed)) throw invalidField('seed', 'seed must be an integer');
  const zone = scenario.timeZone ?? 'Europe/Rome';
  const startDate = options.startDate ?? scenario.startDate ?? DateTime.now().setZone(zone).toISODate()!;
  const first = DateTime.fromISO(startDate, { zone });
  if (!first.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(startDate))
    throw invalidField('startDate', 'startDate must be YYYY-MM-DD');
  const start = first.toMillis();
  const end =
    first.plus({ days: Math.floor(options.days) }).toMillis() + Math.round((options.days % 1) * 86_400_000);
  let staffing: Staffing = options.staffing ?? scenario.staffing;
  if (options.agents !== undefined) {
    if (!Number.isSafeInteger(options.agents) || options.agents < 0)
      throw invalidField('agents', 'agents must be an integer >= 0');
    staffing = { kind: 'constant', agents: options.agents };
  }
  const stats = new StatsCollector({ targetSeconds: options.targetSeconds ?? 20, zone, until: end });
  let contactEvents = 0;
  let calls = 0;
  const counter: ContactEventSink = {
    emit: (e: ContactEvent) => {
      contactEvents++;
      if (e.type === 'call.arrived') calls++;
    },
  };
  const simulation = new Simulation({
    scenario,
    start,
    end,
    seed,
    staffing,
    sinks: [stats, counter, ...(options.sinks ?? [])],
  });
  const began = performance.now();
  simulation.start();
  const drainEnd = end + (options.drainHours ?? 6) * 3_600_000;
  while (simulation.step(drainEnd, STEPS_PER_SLICE)) {
    const at = simulation.scheduler.now();
    options.onProgress?.({ fraction: Math.min(1, (at - start) / (end - start)), simulatedAt: at, calls });
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  options.onProgress?.({ fraction: 1, simulatedAt: end, calls });
  const wallSeconds = (performance.now() - began) / 1000;
  const simulatedEvents = simulation.scheduler.processed;
  return {
    label: 'simulazione',
    scenario: scenario.name,
    seed,
    startDate,
    days: options.days,
    staffing,
    wallSeconds,
    simulatedEvents,
    contactEvents,
    simulatedEventsPerSecond: simulatedEvents / wallSeconds,
    contactEventsPerSecond: contactEvents / wallSeconds,
    stats: stats.report(drainEnd),
  };
}

/** Arguments of `sportello simulate` as commander hands them over (strings, or numbers if parsed). */
export interface SimulateArgs {
  scenario: string;
  days?: string | number;
  agents?: string | number;
  staffing?: string;
  seed?: string | number;
  start?: string;
  json?: boolean;
}

function integer(value: string | number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) throw invalidField(name, `--${name} must be an integer (got ${value})`);
  return n;
}

/**
 * `sportello simulate --scenario <builtin|file> --days N --agents N|--staffing <file> --seed S [--json]`:
 * prints a table (or the JSON report); a progress bar goes to stderr when it is a terminal.
 */
export async function simulateCommand(args: SimulateArgs): Promise<void> {
  if (args.agents !== undefined && args.staffing !== undefined) {
    throw invalidField('agents', 'give either --agents or --staffing, not both');
  }
  let staffing: Staffing | undefined;
  if (args.staffing !== undefined) {
    try {
      staffing = JSON.parse(readFileSync(args.staffing, 'utf8')) as Staffing;
    } catch (error) {
      throw invalidField('staffing', `--staffing ${args.staffing}: ${(error as Error).message}`);
    }
  }
  const scenario = loadScenario(args.scenario);
  const bar = progressBar(process.stderr);
  const report = await runSimulation({
    scenario: staffing ? { ...scenario, staffing } : scenario,
    days: integer(args.days, 'days', 1),
    seed: integer(args.seed, 'seed', 1),
    ...(args.agents !== undefined ? { agents: integer(args.agents, 'agents', 0) } : {}),
    ...(args.start !== undefined ? { startDate: args.start } : {}),
    onProgress: bar.update,
  });
  bar.done();
  process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
}

function progressBar(stream: NodeJS.WriteStream) {
  const tty = Boolean(stream.isTTY);
  const began = Date.now();
  let last = 0;
  let shown = false;
  return {
    update: ({ fraction, calls }: { fraction: number; calls: number }) => {
      const now = Date.now();
      // Only runs that last are worth a bar; redraw at most 10 times a second.
      if (!tty || now - began < 500 || now - last < 100) return;
      last = now;
      shown = true;
      const width = 30;
      const full = Math.round(fraction * width);
      stream.write(
        `\rsimulazione [${'#'.repeat(full)}${'-'.repeat(width - full)}] ${(fraction * 100).toFixed(0).padStart(3)}% ` +
          `${calls.toLocaleString('it-IT')} chiamate`,
      );
    },
    done: () => {
      if (shown) stream.write('\n');
    },
  };
}
