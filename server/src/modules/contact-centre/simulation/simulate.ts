import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { invalidField } from '../../../platform/errors.ts';
import type { ContactEvent, ContactEventSink } from '../engine/events.ts';
import { BUILTIN_SCENARIOS } from './builtin-scenarios.ts';
import { type Scenario, type Staffing, validateScenario } from './scenario.ts';
import { type HourlyStaffing, Simulation, validateHourlyStaffing } from './simulator.ts';

/** The period a simulation's statistics cover (see `statistics` below). */
export interface StatisticsPeriod {
  /** The service-level target in seconds. */
  targetSeconds: number;
  zone: string;
  /** The first simulated instant (the time-weighted means' base). */
  from: number;
  /** The end of the simulated traffic: agents' time after it (the drain) is not counted. */
  until: number;
}

/** What folds a run's contact events into its statistics: the reporting module's (StatsCollector). */
export interface SimulationStatistics<S> extends ContactEventSink {
  report(end: number): S;
}

export interface SimulationOptions<S = null> {
  /** A scenario, or the name of a built-in one ('cup-2013', 'regional-2013', 'erlang-c-example', …). */
  scenario: Scenario | string;
  days: number;
  seed?: number;
  /** First day, 'YYYY-MM-DD' (local); default the scenario's, else today. */
  startDate?: string;
  /** Constant agents, replacing the scenario's staffing. */
  agents?: number;
  /**
   * Replaces the scenario's staffing. An 'erlang' staffing (targets, not agents) must be sized first by
   * the planning module, which passes the agents hour by hour ('hourly'): see its `simulateScenario`.
   */
  staffing?: Staffing | HourlyStaffing;
  /** Service-level target, default 20 s. */
  targetSeconds?: number;
  /** Hours simulated after the last arrival so that calls in progress finish. Default 6. */
  drainHours?: number;
  onProgress?: (progress: { fraction: number; simulatedAt: number; calls: number }) => void;
  /** Further receivers of every contact event (e.g. a log for replay or comparison). */
  sinks?: ContactEventSink[];
  /** Awaited between slices of the run: a slow receiver (a database) holds the simulation back. */
  backpressure?: () => Promise<void>;
  /** The statistics the report carries (`stats`); without, `stats` is null. */
  statistics?: (period: StatisticsPeriod) => SimulationStatistics<S>;
}

export interface SimulationReport<S = null> {
  /** Every figure comes from the simulated switch. */
  label: 'simulazione';
  scenario: string;
  seed: number;
  startDate: string;
  days: number;
  staffing: Staffing | HourlyStaffing;
  wallSeconds: number;
  /** Discrete events processed (arrivals, caller and agent actions, engine ticks). */
  simulatedEvents: number;
  contactEvents: number;
  simulatedEventsPerSecond: number;
  contactEventsPerSecond: number;
  /** The run's statistics, from the `statistics` given (null without). */
  stats: S;
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

/** The scenario (validated) and the simulated span [start, end) the options ask for. */
export function simulationPeriod(options: Pick<SimulationOptions, 'scenario' | 'days' | 'startDate'>): {
  scenario: Scenario;
  zone: string;
  startDate: string;
  start: number;
  end: number;
} {
  const scenario = typeof options.scenario === 'string' ? loadScenario(options.scenario) : options.scenario;
  validateScenario(scenario);
  if (!Number.isFinite(options.days) || options.days <= 0 || options.days > 3660) {
    throw invalidField('days', 'days must be a number in (0, 3660]');
  }
  const zone = scenario.timeZone ?? 'Europe/Rome';
  const startDate = options.startDate ?? scenario.startDate ?? DateTime.now().setZone(zone).toISODate()!;
  const first = DateTime.fromISO(startDate, { zone });
  if (!first.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(startDate))
    throw invalidField('startDate', 'startDate must be YYYY-MM-DD');
  const start = first.toMillis();
  const end =
    first.plus({ days: Math.floor(options.days) }).toMillis() + Math.round((options.days % 1) * 86_400_000);
  return { scenario, zone, startDate, start, end };
}

/** The staffing a run uses: `agents` (constant), else the given staffing, else the scenario's. */
export function simulationStaffing(
  options: Pick<SimulationOptions, 'agents' | 'staffing'>,
  scenario: Scenario,
): Staffing | HourlyStaffing {
  if (options.agents !== undefined) {
    if (!Number.isSafeInteger(options.agents) || options.agents < 0)
      throw invalidField('agents', 'agents must be an integer >= 0');
    return { kind: 'constant', agents: options.agents };
  }
  return options.staffing ?? scenario.staffing;
}

/**
 * Runs a scenario on the engine through the simulated switch, with a virtual clock, and folds the
 * contact events into the service indicators. Yields to the event loop now and then so that progress
 * can be shown.
 */
export async function runSimulation<S = null>(options: SimulationOptions<S>): Promise<SimulationReport<S>> {
  const { scenario, zone, startDate, start, end } = simulationPeriod(options);
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed)) throw invalidField('seed', 'seed must be an integer');
  const staffing = simulationStaffing(options, scenario);
  if (staffing.kind === 'erlang') {
    throw invalidField(
      'staffing',
      'an erlang staffing sets targets, not agents: size it with the planning module (simulateScenario) first',
    );
  }
  if (staffing.kind === 'hourly') validateHourlyStaffing(staffing, 'staffing');
  const stats =
    options.statistics?.({ targetSeconds: options.targetSeconds ?? 20, zone, from: start, until: end }) ??
    null;
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
    sinks: [...(stats ? [stats] : []), counter, ...(options.sinks ?? [])],
  });
  const began = performance.now();
  simulation.start();
  const drainEnd = end + (options.drainHours ?? 6) * 3_600_000;
  while (simulation.step(drainEnd, STEPS_PER_SLICE)) {
    const at = simulation.scheduler.now();
    options.onProgress?.({ fraction: Math.min(1, (at - start) / (end - start)), simulatedAt: at, calls });
    await new Promise<void>((resolve) => setImmediate(resolve));
    await options.backpressure?.();
  }
  options.onProgress?.({ fraction: 1, simulatedAt: end, calls });
  const wallSeconds = (performance.now() - began) / 1000;
  return simulationReport({
    scenario: scenario.name,
    seed,
    startDate,
    days: options.days,
    staffing,
    wallSeconds,
    simulatedEvents: simulation.scheduler.processed,
    contactEvents,
    stats: (stats ? stats.report(drainEnd) : null) as S,
  });
}

/** A run's report from its figures: labelled a simulation, with its events per second. */
export function simulationReport<S>(
  r: Omit<SimulationReport<S>, 'label' | 'simulatedEventsPerSecond' | 'contactEventsPerSecond'>,
): SimulationReport<S> {
  return {
    label: 'simulazione',
    ...r,
    simulatedEventsPerSecond: r.simulatedEvents / r.wallSeconds,
    contactEventsPerSecond: r.contactEvents / r.wallSeconds,
  };
}
