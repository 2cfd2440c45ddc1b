import { DateTime } from 'luxon';
import { invalidField } from '../../../platform/errors.ts';
import { meanOf, type Random, type Scheduler, SeededRandom, SimulatedSwitch } from '../../telephony/index.ts';
import { OpeningCalendar, WEEKDAYS } from '../engine/calendar.ts';
import { ContactCentreEngine } from '../engine/engine.ts';
import { ContactEventHub, type ContactEventSink } from '../engine/events.ts';
import { TimeHeap } from '../engine/heap.ts';
import { ContactCentreRuntime } from '../engine/runtime.ts';
import { scenarioCallers } from './callers.ts';
import { dialledLines, type Scenario, type Staffing, scenarioCentre } from './scenario.ts';
import { SimulatedAgents } from './simulated-agents.ts';
import { TrafficModel } from './traffic.ts';

interface Scheduled {
  at: number;
  seq: number;
  action: () => void;
}

/** The discrete-event list: a binary heap of actions by (time, insertion order), and a virtual clock. */
export class VirtualScheduler implements Scheduler {
  private readonly heap = new TimeHeap<Scheduled>();
  private current: number;
  private seq = 0;
  /** Actions run so far. */
  processed = 0;

  constructor(start: number) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  at(time: number, action: () => void): void {
    // Nothing may be scheduled in the past: the clock never goes backwards.
    this.heap.push({ at: Math.max(time, this.current), seq: this.seq++, action });
  }

  get pending(): number {
    return this.heap.size;
  }

  /** Runs actions due before `end` (at most `maxSteps`); false when the list ran dry first. */
  runUntil(end: number, maxSteps = Number.POSITIVE_INFINITY): boolean {
    for (let steps = 0; steps < maxSteps; steps++) {
      const top = this.heap.peek();
      if (!top) return false;
      if (top.at >= end) {
        this.current = end;
        return false;
      }
      this.heap.pop();
      this.current = top.at;
      this.processed++;
      top.action();
    }
    return true;
  }
}

const HOUR_MS = 3_600_000;

/**
 * Agents hour by hour, from `from` (the start of an hour, epoch ms): what an Erlang staffing becomes once
 * the planning module has sized it (the simulator takes agents, not targets, so it needs no queueing model).
 */
export interface HourlyStaffing {
  kind: 'hourly';
  from: number;
  /** agents[i]: the agents in the hour starting at from + i hours; none after the last. */
  agents: number[];
}

/** What the simulator staffs with: a constant, a weekly table, or agents hour by hour. */
export type SimulatedStaffing = Exclude<Staffing, { kind: 'erlang' }> | HourlyStaffing;

export function validateHourlyStaffing(s: HourlyStaffing, p: string): void {
  if (!Number.isSafeInteger(s.from) || s.from % HOUR_MS !== 0)
    throw invalidField(`${p}.from`, `${p}.from must be the start of an hour (epoch ms)`);
  if (!Array.isArray(s.agents) || s.agents.some((n) => !Number.isSafeInteger(n) || n < 0))
    throw invalidField(`${p}.agents`, `${p}.agents must be integers >= 0`);
}

/** Agents wanted in the local hour starting at `hourStart`. */
export function staffingAt(staffing: SimulatedStaffing, hourStart: number, zone = 'Europe/Rome'): number {
  switch (staffing.kind) {
    case 'constant':
      return staffing.agents;
    case 'table': {
      const local = DateTime.fromMillis(hourStart, { zone });
      const day = WEEKDAYS[local.weekday - 1]!;
      const hhmm = local.toFormat('HH:mm');
      let agents = 0;
      for (const iv of staffing.intervals) {
        if (iv.days.includes(day) && hhmm >= iv.from && hhmm < iv.to) agents = Math.max(agents, iv.agents);
      }
      return agents;
    }
    case 'hourly':
      return staffing.agents[Math.round((hourStart - staffing.from) / HOUR_MS)] ?? 0;
  }
}

/**
 * The load a staffing rule sizes for, hour by hour: the expected calls on the lines open then (callers out
 * of hours need nobody) and the mean handling time (talk + after-call work). Expected values only: nothing
 * random is drawn.
 */
export function scenarioLoad(scenario: Scenario): {
  callsInHour: (hourStart: number) => number;
  handlingSeconds: number;
} {
  const lines = dialledLines(scenario);
  const traffic = scenario.traffic.map((spec, i) => ({
    // The stream is never drawn from: callsInHour reads the curves only.
    model: new TrafficModel(spec, new SeededRandom(0), scenario.timeZone),
    calendar: new OpeningCalendar(lines[i]!.hours),
  }));
  return {
    callsInHour: (hourStart) => {
      let total = 0;
      for (const t of traffic) if (t.calendar.isOpen(hourStart)) total += t.model.callsInHour(hourStart);
      return total;
    },
    handlingSeconds: meanOf(scenario.handling.talk) + meanOf(scenario.handling.afterCallWork),
  };
}

export interface SimulationSetup {
  scenario: Scenario;
  start: number;
  end: number;
  seed: number;
  staffing: SimulatedStaffing;
  /** Receives every contact event (statistics, logs). */
  sinks: ContactEventSink[];
}

/**
 * One simulation: the engine, the simulated switch and simulated agents on a virtual clock. Random
 * streams are separate (engine, callers, agents, each traffic source), all derived from the seed.
 */
export class Simulation {
  readonly scheduler: VirtualScheduler;
  readonly engine: ContactCentreEngine;
  readonly phone: SimulatedSwitch;
  readonly agents: SimulatedAgents;
  readonly hub = new ContactEventHub();
  private readonly traffic: { model: TrafficModel; calendar: OpeningCalendar }[];

  constructor(private readonly setup: SimulationSetup) {
    const { scenario, seed } = setup;
    const stream = (n: number): Random => new SeededRandom(seed, n);
    this.scheduler = new VirtualScheduler(setup.start);
    const scheduler = this.scheduler;
    for (const sink of setup.sinks) this.hub.subscribe((e) => sink.emit(e));
    const acw = scenario.handling.afterCallWork;
    const noWrapUp = acw.type === 'constant' && acw.value === 0;
    const centre = scenarioCentre(scenario);
    this.engine = new ContactCentreEngine({
      // Simulated agents end their own after-call work, drawn from the scenario.
      config: { ...centre, agents: { ...centre.agents, wrapUpSeconds: noWrapUp ? 0 : null } },
      clock: { now: () => new Date(scheduler.now()), nowMs: () => scheduler.now() },
      random: stream(1),
      sink: this.hub,
    });
    this.phone = new SimulatedSwitch(scheduler, scenarioCallers(scenario.callers), stream(2));
    const runtime = new ContactCentreRuntime(this.engine, this.phone, scheduler);
    this.agents = new SimulatedAgents(
      runtime,
      this.engine,
      scheduler,
      stream(3),
      scenario.handling,
      scenario.agents.skills,
      noWrapUp,
    );
    this.hub.subscribe(this.agents.onEvent);
    const lines = dialledLines(scenario);
    this.traffic = scenario.traffic.map((spec, i) => ({
      model: new TrafficModel(spec, stream(10 + i), scenario.timeZone),
      calendar: new OpeningCalendar(lines[i]!.hours),
    }));
  }

  /** Schedules traffic and staffing; then call `step` until it returns false. */
  start(): void {
    const { start, end, staffing, scenario } = this.setup;
    for (const t of this.traffic) this.phone.startTraffic(t.model, end);
    const plan = (hourStart: number) => staffingAt(staffing, hourStart, scenario.timeZone);
    if (staffing.kind === 'constant') {
      this.scheduler.at(start, () => this.agents.setTarget(staffing.agents));
      return;
    }
    const firstHour = Math.floor(start / HOUR_MS) * HOUR_MS;
    const schedule = (hourStart: number) => {
      this.scheduler.at(Math.max(start, hourStart), () => {
        this.agents.setTarget(plan(hourStart));
        if (hourStart + HOUR_MS < end) schedule(hourStart + HOUR_MS);
      });
    };
    schedule(firstHour);
  }

  /** Runs up to `maxSteps` actions before `until`; false once nothing is left to do before it. */
  step(until: number, maxSteps: number): boolean {
    return this.scheduler.runUntil(until, maxSteps);
  }
}
