import { DateTime } from 'luxon';
import { AppError, invalidField } from '../../../platform/errors.ts';
import type { Logger } from '../../../platform/logger.ts';
import {
  meanOf,
  type Scheduler,
  SeededRandom,
  SimulatedSwitch,
  type TelephonyPort,
} from '../../telephony/index.ts';
import { basilicataCentre } from '../config/builtin-config.ts';
import { withSelfCancellation } from '../config/self-service.ts';
import type { RestoredCallback } from '../engine/callbacks.ts';
import type { ContactCentreConfig } from '../engine/config.ts';
import {
  type AgentAction,
  type AgentView,
  ContactCentreEngine,
  type EngineSnapshot,
} from '../engine/engine.ts';
import { type ContactEvent, ContactEventHub } from '../engine/events.ts';
import { normaliseNumber } from '../engine/lines.ts';
import { ContactCentreRuntime, type DurableStore, type SelfServicePort } from '../engine/runtime.ts';
import type { VirtualCallRequest } from '../engine/virtual-operator.ts';
import { BUILTIN_SCENARIOS } from '../simulation/builtin-scenarios.ts';
import { scenarioCallers } from '../simulation/callers.ts';
import type { Scenario } from '../simulation/scenario.ts';
import { SimulatedAgents } from '../simulation/simulated-agents.ts';
import { TrafficModel } from '../simulation/traffic.ts';
import { type CallCard, CallCards, ScriptedCallers } from './call-cards.ts';
import { WallClockScheduler } from './realtime.ts';

/** On the simulated switch every figure and call of the live centre says so. */
export const SIMULATION_LABEL = 'simulazione';
/**
 * What the centre's calls carry: 'simulazione' on the simulated switch, null when they are real
 * (TELEPHONY=asterisk) — the console and the wallboard show the label only when there is one.
 */
export type CentreLabel = typeof SIMULATION_LABEL | null;
/** The `source` of the contact events of real calls through Asterisk (simulated ones: 'simulazione'). */
export const ASTERISK_SOURCE = 'asterisk';
/** Traffic curve, caller behaviour and simulated agents' handling of the live simulation. */
export const LIVE_SCENARIO = 'cup-2013';
/** Queue that front-end agents transfer to for the back office (CC-9); served by backoffice users. */
export const BACK_OFFICE_QUEUE = 'back-office';
export const CUP_LINE = '848821821';
const ZONE = 'Europe/Rome';
/** Occupancy the simulated agents are sized for at the day's peak hour. */
const SIM_OCCUPANCY = 0.85;

/**
 * The built-in Basilicata centre plus the back-office queue agents transfer to. `alwaysOpen` opens every
 * line at every hour (SIM_HOURS=always: demos, training, browser tests at night).
 */
export function liveCentreConfig(
  options: { alwaysOpen?: boolean; selfService?: boolean } = {},
): ContactCentreConfig {
  // OB-4: with the booking system behind it, callers may cancel a booking alone, at any hour.
  const base = options.selfService ? withSelfCancellation(basilicataCentre()) : basilicataCentre();
  return {
    ...base,
    lines: options.alwaysOpen ? base.lines.map((l) => ({ ...l, hours: 'always' as const })) : base.lines,
    // CC-3: the caller confirms the number to call back, or keys one (a withheld caller id too).
    callbacks: { ...base.callbacks, confirmNumber: true },
    queues: [
      ...base.queues,
      {
        id: BACK_OFFICE_QUEUE,
        name: 'Back office CUP',
        service: 'cup',
        skills: [{ skill: BACK_OFFICE_QUEUE }],
        expectedHandlingSeconds: 600,
      },
    ],
  };
}

export interface LiveAgentView extends AgentView {
  /** A simulated agent (the switch's seats), not a person at the console. */
  simulated: boolean;
  /** The app user behind a human agent. */
  username: string | null;
}

/** How the contact events are being stored (issue 8 §16): shown on /health and the wallboard. */
export interface StorageHealth {
  /**
   * ok: written to the database; degraded: the database is unreachable, events wait in memory (bounded)
   * and in the spill file on disk, none lost; failing: the disk refuses them too.
   */
  state: 'ok' | 'degraded' | 'failing';
  /** Events in memory not yet stored. */
  buffered: number;
  /** Events in the spill file, waiting for the database. */
  spilled: number;
  /** Since when the database writes fail (epoch ms), null when ok. */
  since: number | null;
}

const STORAGE_OK: StorageHealth = { state: 'ok', buffered: 0, spilled: 0, since: null };

/** The engine's live picture, labelled: the wallboard and the console read this. */
export interface LiveSnapshot extends Omit<EngineSnapshot, 'agents'> {
  label: CentreLabel;
  runId: string;
  startedAt: number;
  simulation: {
    scenario: string;
    agents: number;
    traffic: 'on' | 'off';
    /** Share of the scenario's curve placed today (sized to the simulated agents), null without traffic. */
    trafficScale: number | null;
  };
  agents: LiveAgentView[];
  /** Callbacks found pending at start-up and taken back into the engine (CC-3). */
  recoveredCallbacks: number;
  storage: StorageHealth;
}

export interface InjectedCall {
  line?: string | undefined;
  callerId?: string | undefined;
  digits?: string | undefined;
  patienceSeconds?: number | undefined;
}

export interface LiveEngineOptions {
  log: Logger;
  /** Simulated agents logged in for the whole run. */
  agents: number;
  traffic: boolean;
  /** Every line open at every hour (SIM_HOURS=always). */
  alwaysOpen?: boolean;
  /** Time and deferred work; the wall clock unless a test passes its own. */
  scheduler?: Scheduler;
  seed?: number;
  /** Prefix of call ids, unique per run so that ids never repeat across restarts. */
  runId: string;
  /** Where the writes the engine waits on go (a callback request, a dial attempt); at once without. */
  store?: DurableStore;
  /** How the events are being stored, for the snapshot. */
  storage?: () => StorageHealth;
  /** OB-4: the booking system for the IVR's self-service cancellation; without it, callers go to agents. */
  selfService?: SelfServicePort;
  /**
   * A real switch (issue 15: Asterisk over ARI). With it no simulated caller or agent runs and nothing
   * is labelled; without it the centre runs on the simulated switch.
   */
  telephony?: { port: TelephonyPort; source: string };
}

/** A scheduler that can be stopped: actions due after `stop()` never run. */
class StoppableScheduler implements Scheduler {
  stopped = false;
  constructor(private readonly inner: Scheduler) {}
  now(): number {
    return this.inner.now();
  }
  at(time: number, action: () => void): void {
    this.inner.at(time, () => {
      if (!this.stopped) action();
    });
  }
  stop(): void {
    this.stopped = true;
    if (this.inner instanceof WallClockScheduler) this.inner.stop();
  }
}

/**
 * The contact-centre engine live: the built-in Basilicata configuration on the simulated switch
 * ("simulazione") in real time, simulated callers at today's CUP curve, simulated agents, and the people
 * logged in through the console, who take the simulated calls like real ones. The same parts as
 * RealtimeDriver (engine, switch, runtime), composed here so that the scheduler can be injected, call
 * ids are unique per run, and the simulated agents act through the runtime. With a real switch
 * (`options.telephony`, TELEPHONY=asterisk) the same engine answers real calls, with people only.
 */
export class LiveEngine {
  readonly label: CentreLabel;
  /** The contact events' `source`: 'simulazione', or the real switch's name. */
  readonly source: string;
  readonly hub = new ContactEventHub();
  readonly engine: ContactCentreEngine;
  /** The simulated switch, null when the centre runs on a real one. */
  readonly phone: SimulatedSwitch | null;
  readonly scheduler: Scheduler;
  readonly startedAt: number;
  readonly runId: string;
  readonly scenario: Scenario;
  trafficScale: number | null = null;
  /** Today's simulated traffic, as scheduled (its expected calls per hour are today's forecast). */
  private todayTraffic: TrafficModel | null = null;
  /** Callbacks pending before the restart that the engine took back (restoreCallback). */
  recoveredCallbacks = 0;
  private readonly timing: StoppableScheduler;
  private readonly runtime: ContactCentreRuntime;
  private readonly callers: ScriptedCallers;
  private readonly simulated: SimulatedAgents;
  private readonly cards = new CallCards();
  private readonly humans = new Map<string, string>();
  private readonly lines: Set<string>;
  private readonly seed: number;

  constructor(readonly options: LiveEngineOptions) {
    this.timing = new StoppableScheduler(options.scheduler ?? new WallClockScheduler());
    const scheduler = this.timing;
    this.scheduler = scheduler;
    this.runId = options.runId;
    this.seed = options.seed ?? 1;
    this.startedAt = scheduler.now();
    this.scenario = BUILTIN_SCENARIOS[LIVE_SCENARIO]!;
    const config = liveCentreConfig({
      alwaysOpen: options.alwaysOpen === true,
      selfService: options.selfService !== undefined,
    });
    this.lines = new Set(config.lines.map((l) => normaliseNumber(l.number)));
    this.engine = new ContactCentreEngine({
      config,
      clock: { now: () => new Date(scheduler.now()), nowMs: () => scheduler.now() },
      random: new SeededRandom(this.seed, 1),
      sink: this.hub,
    });
    this.callers = new ScriptedCallers(scenarioCallers(this.scenario.callers));
    const real = options.telephony;
    this.label = real ? null : SIMULATION_LABEL;
    this.source = real ? real.source : SIMULATION_LABEL;
    this.phone = real
      ? null
      : new SimulatedSwitch(scheduler, this.callers, new SeededRandom(this.seed, 2), options.runId);
    this.runtime = new ContactCentreRuntime(
      this.engine,
      real ? real.port : (this.phone as SimulatedSwitch),
      scheduler,
      (error, input) =>
        options.log.warn(
          { err: error, input: input.type, source: this.source },
          'contact-centre input failed',
        ),
      options.store,
      options.selfService,
    );
    this.simulated = new SimulatedAgents(
      this.runtime,
      this.engine,
      scheduler,
      new SeededRandom(this.seed, 3),
      this.scenario.handling,
      this.scenario.agents.skills,
      // The engine ends wrap-up by itself (agents.wrapUpSeconds), for people and simulated agents alike.
      true,
    );
    this.hub.subscribe(this.cards.onEvent);
    this.hub.subscribe(this.simulated.onEvent);
  }

  /**
   * CC-3: takes back a callback pending before the restart (before `start()`, so that it keeps its place
   * ahead of new callers). True when the engine holds it; false when it expired at once (its queue or
   * line is no longer configured).
   */
  restoreCallback(callback: RestoredCallback): boolean {
    this.ensureRunning();
    this.runtime.dispatch({ type: 'callback.restore', ...callback });
    const held = this.engine.holdsCallback(callback.callbackId);
    if (held) this.recoveredCallbacks++;
    return held;
  }

  /** Logs the simulated agents in and starts the day's traffic. */
  start(): void {
    if (!this.phone) return; // real calls, real agents
    this.simulated.setTarget(this.options.agents);
    if (this.options.traffic) this.scheduleTraffic();
  }

  /** Simulated agents logged in (none on a real switch). */
  get simulatedAgents(): number {
    return this.phone ? this.options.agents : 0;
  }

  stop(): void {
    this.timing.stop();
  }

  get stopped(): boolean {
    return this.timing.stopped;
  }

  /** An agent's action; throws AppError (404, 409, 422) when it is not possible now. */
  act(action: AgentAction): void {
    this.ensureRunning();
    this.runtime.dispatch(action);
  }

  /** OB-3: the virtual operator calls a patient about a booking (the result comes as virtual.ended). */
  placeVirtualCall(request: VirtualCallRequest): void {
    this.ensureRunning();
    this.runtime.dispatch({ type: 'virtual.call', ...request });
  }

  /** Marks an agent as a person at the console (not one of the simulated seats). */
  registerHuman(agentId: string, username: string): void {
    this.humans.set(agentId, username);
  }

  isHuman(agentId: string): boolean {
    return this.humans.has(agentId);
  }

  /**
   * Places a simulated call now; `digits` are the keys the caller presses (IVR, then callback offer), and
   * `patienceSeconds` how long they wait on hold before hanging up (for ever when not given).
   */
  injectCall(input: InjectedCall): string {
    this.ensureRunning();
    const phone = this.simulatedSwitch();
    const line = normaliseNumber(input.line ?? CUP_LINE);
    if (!this.lines.has(line)) throw invalidField('line', `line ${input.line} is not a line of the centre`);
    const callerId = input.callerId === undefined ? undefined : normaliseNumber(input.callerId);
    if (callerId !== undefined && !/^\+?\d{3,15}$/.test(callerId)) {
      throw invalidField('callerId', 'callerId must be a telephone number');
    }
    return this.callers.place(input.digits, input.patienceSeconds, () =>
      phone.offerCall({ dialledNumber: line, callerId }),
    );
  }

  /** A simulated person our outbound calls reach: see ScriptedCallers.scriptPerson. */
  scriptPerson(number: string, answers: boolean[], keys: string[]): void {
    this.simulatedSwitch();
    this.callers.scriptPerson(normaliseNumber(number), answers, keys);
  }

  subscribe(listener: (event: ContactEvent) => void): () => void {
    return this.hub.subscribe(listener);
  }

  agent(agentId: string): AgentView | undefined {
    return this.engine.agent(agentId);
  }

  card(callId: string): CallCard | undefined {
    return this.cards.get(callId);
  }

  snapshot(): LiveSnapshot {
    const s = this.engine.snapshot();
    return {
      ...s,
      label: this.label,
      runId: this.runId,
      startedAt: this.startedAt,
      simulation: {
        scenario: this.scenario.name,
        agents: this.simulatedAgents,
        traffic: this.phone && this.options.traffic ? 'on' : 'off',
        trafficScale: this.trafficScale,
      },
      agents: s.agents.map((a) => ({
        ...a,
        simulated: !this.humans.has(a.id),
        username: this.humans.get(a.id) ?? null,
      })),
      recoveredCallbacks: this.recoveredCallbacks,
      storage: this.options.storage?.() ?? STORAGE_OK,
    };
  }

  /** Simulated calls and people exist only on the simulated switch. */
  private simulatedSwitch(): SimulatedSwitch {
    if (!this.phone) {
      throw new AppError(
        'INVALID_STATE',
        'the centre answers real calls (TELEPHONY=asterisk): none can be simulated',
      );
    }
    return this.phone;
  }

  private ensureRunning(): void {
    if (this.timing.stopped) throw new AppError('INVALID_STATE', 'the contact centre is stopping');
  }

  /**
   * Today's arrivals on the CUP line from the scenario's curve (month, weekday, hour), scaled so that the
   * simulated agents could carry the day's peak hour; then tomorrow's at midnight.
   */
  /**
   * Today's forecast arrivals per Rome hour (issue 14 §13): the expected calls of the traffic the
   * centre scheduled — the line's yearly volume spread by the tender's monthly, weekday and hourly
   * curves, the same spreading the planning uses — or null when no traffic was scheduled. The hours
   * of a daylight-saving day are 23 or 25; a repeated hour is summed.
   */
  forecastToday(): { hour: number; calls: number }[] | null {
    const model = this.todayTraffic;
    if (!model) return null;
    const day = DateTime.fromMillis(this.timing.now(), { zone: ZONE }).startOf('day');
    const end = day.plus({ days: 1 }).toMillis();
    const byHour = new Map<number, number>();
    for (let h = day.toMillis(); h < end; h += 3_600_000) {
      const hour = DateTime.fromMillis(h, { zone: ZONE }).hour;
      byHour.set(hour, (byHour.get(hour) ?? 0) + model.callsInHour(h));
    }
    return [...byHour].sort(([a], [b]) => a - b).map(([hour, calls]) => ({ hour, calls }));
  }

  private scheduleTraffic(): void {
    const now = this.timing.now();
    const day = DateTime.fromMillis(now, { zone: ZONE }).startOf('day');
    const dayEnd = day.plus({ days: 1 }).toMillis();
    const spec = this.scenario.traffic[0]!;
    const stream = 10 + Math.floor(day.toMillis() / 86_400_000);
    let scale = 1;
    if (spec.kind === 'curves') {
      const model = new TrafficModel(spec, new SeededRandom(this.seed, stream));
      let peak = 0;
      for (let h = day.toMillis(); h < dayEnd; h += 3_600_000) peak = Math.max(peak, model.callsInHour(h));
      const handling = meanOf(this.scenario.handling.talk) + (this.engine.config.agents.wrapUpSeconds ?? 60);
      const capacity = (Math.max(1, this.options.agents) * SIM_OCCUPANCY * 3600) / handling;
      scale = peak > 0 ? Math.min(1, capacity / peak) : 1;
    }
    this.trafficScale = scale;
    const scaled = spec.kind === 'curves' ? { ...spec, yearlyCalls: spec.yearlyCalls * scale } : spec;
    this.todayTraffic = new TrafficModel(scaled, new SeededRandom(this.seed, stream));
    this.phone?.startTraffic(new TrafficModel(scaled, new SeededRandom(this.seed, stream)), dayEnd);
    this.options.log.info(
      { label: SIMULATION_LABEL, scenario: this.scenario.name, scale: Number(scale.toFixed(4)) },
      'contact centre (simulazione): traffic for today scheduled',
    );
    this.timing.at(dayEnd, () => this.scheduleTraffic());
  }
}
