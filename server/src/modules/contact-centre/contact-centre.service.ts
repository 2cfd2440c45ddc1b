import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Clock } from '../../platform/clock.ts';
import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import type { Logger } from '../../platform/logger.ts';
import type { AsteriskSwitch, Prompt, PromptAudio, Scheduler } from '../telephony/index.ts';
import * as repo from './contact-centre.repository.ts';
import type { RestoredCallback } from './engine/callbacks.ts';
import type { CampaignDial } from './engine/campaign-calls.ts';
import type { ContactEvent } from './engine/events.ts';
import { type FirstChoice, firstChoices } from './engine/ivr.ts';
import { normaliseNumber } from './engine/lines.ts';
import type { VirtualCallRequest } from './engine/virtual-operator.ts';
import { ContactEventWriter, type WriterHealth } from './event-writer.ts';
import { AgentPresence, type LogoffReason } from './live/agent-presence.ts';
import { type CentreLabel, type InjectedCall, LiveEngine, type LiveSnapshot } from './live/live-centre.ts';
import { AgentPhones, asteriskSwitch, promptAudio } from './live/real-switch.ts';
import { bookingSelfService } from './self-service.ts';

/** A callback found pending in contact_event at start-up (CC-3), and whether the engine took it back. */
export interface RecoveredCallback extends repo.PendingCallback {
  /** Back in the engine; false when it expired at once (its queue or line is no longer configured). */
  restored: boolean;
}

/** Action ids remembered per agent: far more than a console retries. */
const ACTION_IDS_KEPT = 50;

/**
 * The live contact centre of the server: the engine on the simulated switch (LiveEngine), every event
 * written to contact_event in batches, and the callbacks start-up found pending from before.
 */
export class LiveContactCentre {
  /** Who is really at the console (issue 8 §17). */
  readonly presence: AgentPresence;
  /** Console actions taken, by agent and action id: a retry is a replay (issue 10 §6). */
  private readonly actions = new Map<string, Map<string, string>>();

  constructor(
    readonly db: Db,
    readonly engine: LiveEngine,
    readonly writer: ContactEventWriter,
    /** Callbacks pending in contact_event at start-up (CC-3), handed back to the engine. */
    readonly recoveredCallbacks: RecoveredCallback[],
    private readonly log: Logger,
    private readonly unsubscribe: () => void,
    /** The prompts' audio a real switch plays (issue 15 §2). */
    readonly prompts: PromptAudio,
    /** The agents' phones on a real switch (issue 15). */
    readonly phones: AgentPhones,
    /** The real switch, closed on stop; null on the simulated one. */
    private readonly realSwitch: AsteriskSwitch | null,
    streamGraceMs?: number,
  ) {
    this.presence = new AgentPresence(engine, engine.scheduler, log, streamGraceMs);
  }

  private heartbeat: NodeJS.Timeout | null = null;

  /** 'simulazione' on the simulated switch; null when the calls are real. */
  get label(): CentreLabel {
    return this.engine.label;
  }

  /**
   * MR-5: a 'centre.heartbeat' every `everyMs` while the centre answers, with the switch's state; the
   * reporting module measures the IVR's availability from them (a gap is an outage).
   */
  startHeartbeat(everyMs = HEARTBEAT_MS): void {
    const beat = () =>
      this.writer.push({
        type: 'centre.heartbeat',
        at: this.engine.scheduler.now(),
        runId: this.engine.runId,
        switch: this.engine.source,
      });
    beat();
    this.heartbeat = setInterval(beat, everyMs);
    this.heartbeat.unref();
  }

  /** The centre's clock: events, waits and indicator windows use it. */
  now(): Date {
    return new Date(this.engine.scheduler.now());
  }

  snapshot(): LiveSnapshot {
    return this.engine.snapshot();
  }

  /** Today's forecast arrivals per Rome hour, from the scheduled traffic (null with traffic off). */
  forecastToday(): { hour: number; calls: number }[] | null {
    return this.engine.forecastToday();
  }

  /** Writes every event emitted so far to the database. */
  flush(): Promise<void> {
    return this.writer.flush();
  }

  /**
   * Makes every event emitted so far durable: in the database or, while it is unreachable, in the spill
   * file (issue 8 §16). What the operator is told happened waits on this.
   */
  async persist(): Promise<void> {
    try {
      await this.writer.persist();
    } catch {
      throw new AppError(
        'UNAVAILABLE',
        'contact events cannot be stored now (database and disk unavailable)',
      );
    }
  }

  /** The console action taken under this id by this agent, if any (issue 10 §6). */
  takenAction(agentId: string, actionId: string): string | undefined {
    return this.actions.get(agentId)?.get(actionId);
  }

  actionTaken(agentId: string, actionId: string, type: string): void {
    let taken = this.actions.get(agentId);
    if (!taken) {
      taken = new Map();
      this.actions.set(agentId, taken);
    }
    taken.set(actionId, type);
    if (taken.size > ACTION_IDS_KEPT) taken.delete(taken.keys().next().value!);
  }

  /**
   * OB-5: the agent calls a campaign's contact now. AppError 409 when the agent cannot (not logged in,
   * busy, no free channel); the outcome comes as campaign.answered or campaign.failed.
   */
  dialForCampaign(agentId: string, dial: Omit<CampaignDial, 'agentId'>): void {
    this.engine.act({ type: 'agent.dial', agentId, ...dial });
  }

  /** OB-3, OB-7: the virtual operator's recall or reminder call; its result comes as virtual.ended. */
  placeVirtualCall(request: VirtualCallRequest): void {
    this.engine.placeVirtualCall(request);
  }

  /** Where a page of ours plays a prompt as the switch would (e.g. a campaign's words before it is made). */
  promptAudioPath(prompt: Prompt): string {
    return this.prompts.path(prompt);
  }

  /** Every contact event as it happens (campaign and recall legs included). */
  subscribe(listener: (event: ContactEvent) => void): () => void {
    return this.engine.subscribe(listener);
  }

  /** The event writer's state, for /health and the wallboard. */
  storage(): WriterHealth {
    return this.writer.health();
  }

  /**
   * Graceful stop: no more calls or timers, a 'centre.stopped' event, and every event written. Calls in
   * progress are cut off; contact_event shows them without an end, after the stop.
   */
  async stop(): Promise<void> {
    if (this.engine.stopped) return;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.engine.stop();
    this.realSwitch?.close();
    this.unsubscribe();
    this.writer.push({ type: 'centre.stopped', at: this.engine.scheduler.now(), runId: this.engine.runId });
    await this.writer.stop();
    this.log.info(
      { source: this.engine.source, runId: this.engine.runId, written: this.writer.written },
      'contact centre stopped; every event written',
    );
  }
}

/** How often the live centre records that it answers (MR-5 availability). */
export const HEARTBEAT_MS = 60_000;

export interface LiveContactCentreOptions {
  /** Heartbeat interval (tests shorten it). */
  heartbeatMs?: number;
  db: Db;
  clock: Clock;
  config: Config;
  log: Logger;
  /** Time for the engine and the simulated switch; the wall clock by default, a manual one in tests. */
  scheduler?: Scheduler;
  seed?: number;
  /** How often buffered events are written (ms). */
  flushEveryMs?: number;
  /** Events held in memory while the database is unreachable, before they go to the spill file. */
  maxBufferedEvents?: number;
  /** The spill file; `DATA_DIR/contact-events.spill.jsonl` by default. */
  spillPath?: string;
  /** How long a console's stream may be gone before its agent is logged off (ms; 60 s by default). */
  streamGraceMs?: number;
}

/** Where contact events wait on disk while the database is unreachable (issue 8 §16). */
export const spillFile = (dataDir: string) => join(dataDir, 'contact-events.spill.jsonl');

/**
 * Starts the live contact centre (CONTACT_CENTRE=simulated), or returns null when it is off. Callbacks
 * still pending in contact_event are handed back to the engine first; then the simulated agents log in
 * and, with SIM_TRAFFIC=on, today's simulated callers start dialling. Stop it with `stop()` to write
 * every event.
 */
export async function startLiveContactCentre(
  opts: LiveContactCentreOptions,
): Promise<LiveContactCentre | null> {
  const { db, config, log } = opts;
  if (config.CONTACT_CENTRE === 'off') {
    log.info('contact centre off (CONTACT_CENTRE=off)');
    return null;
  }
  const startedAt = opts.scheduler?.now() ?? opts.clock.now().getTime();
  const runId = `${startedAt.toString(36)}${randomBytes(2).toString('hex')}`;
  const spillPath = opts.spillPath ?? spillFile(config.dataDir);
  mkdirSync(dirname(spillPath), { recursive: true });
  // Issue 15: the simulated switch, or Asterisk; the events say which (their `source`).
  const phones = new AgentPhones();
  const prompts = promptAudio(config);
  const real = config.TELEPHONY === 'asterisk' ? asteriskSwitch(config, log, phones, prompts) : null;
  const source = real?.source ?? 'simulazione';
  const writer = new ContactEventWriter(db, source, log, {
    everyMs: opts.flushEveryMs ?? 200,
    ...(opts.maxBufferedEvents !== undefined ? { maxBuffered: opts.maxBufferedEvents } : {}),
    spillPath,
    keyPrefix: runId,
  });
  // Events a previous run could only spill to disk go in first: pending callbacks are read from them too.
  await writer.recover();
  const engine = new LiveEngine({
    log,
    agents: config.SIM_AGENTS,
    traffic: config.SIM_TRAFFIC === 'on',
    alwaysOpen: config.SIM_HOURS === 'always',
    runId,
    // CC-3: a callback request is confirmed, and an attempt dialled, only once stored.
    store: { persist: () => writer.persist() },
    storage: () => writer.health(),
    // OB-4: callers cancel a booking alone, 24/7, against the booking system.
    selfService: bookingSelfService({ db, clock: opts.clock, log }),
    ...(real ? { telephony: real } : {}),
    ...(opts.scheduler ? { scheduler: opts.scheduler } : {}),
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
  });
  const pending = await repo.pendingCallbacks(db, source, new Date(engine.startedAt));
  writer.push({
    type: 'centre.started',
    at: engine.startedAt,
    runId,
    label: source,
    simulatedAgents: engine.simulatedAgents,
    traffic: engine.phone ? config.SIM_TRAFFIC : 'off',
    recoveredCallbacks: pending.map((c) => c.callbackId),
  });
  const unsubscribe = engine.subscribe((event) => writer.push(event));
  // CC-3: back into their queues before any new caller, in their order in line, so none loses its place.
  const recovered = pending.map(
    (c): RecoveredCallback => ({ ...c, restored: engine.restoreCallback(toRestored(c)) }),
  );
  writer.start();
  engine.start();
  log.info(
    {
      source,
      runId,
      simulatedAgents: engine.simulatedAgents,
      traffic: engine.phone ? config.SIM_TRAFFIC : 'off',
      restoredCallbacks: engine.recoveredCallbacks,
      ...(real ? { ari: config.ARI_URL, app: config.ARI_APP } : {}),
    },
    real ? 'contact centre started on Asterisk (ARI)' : 'contact centre (simulazione) started',
  );
  const expired = recovered.filter((c) => !c.restored).map((c) => c.callbackId);
  if (expired.length > 0) {
    log.warn(
      { source, callbacks: expired },
      'callbacks pending from before the restart expired: their queue or line is no longer configured',
    );
  }
  await writer.flush();
  const centre = new LiveContactCentre(
    db,
    engine,
    writer,
    recovered,
    log,
    unsubscribe,
    prompts,
    phones,
    real?.port ?? null,
    opts.streamGraceMs,
  );
  centre.startHeartbeat(opts.heartbeatMs);
  return centre;
}

function toRestored(c: repo.PendingCallback): RestoredCallback {
  return {
    callbackId: c.callbackId,
    originCallId: c.callId,
    number: c.number,
    line: c.line,
    queueId: c.queueId,
    requestType: c.requestType,
    priority: c.priority,
    requestedAt: c.requestedAt.getTime(),
    notBefore: c.notBefore.getTime(),
    expiresAt: c.expiresAt.getTime(),
    enqueuedAt: c.enqueuedAt.getTime(),
    attempts: c.attempts,
    lastFailedAt: c.lastFailedAt?.getTime() ?? null,
    attemptInProgress: c.attemptInProgress,
  };
}

/**
 * Issue 8 §17: the person behind an agent has left (logged out of the app, session ended, console gone):
 * their agent leaves the line now, or at the end of the call in progress.
 */
export function logOffLine(centre: LiveContactCentre, userId: string, reason: LogoffReason): void {
  try {
    centre.presence.logOff(userId, reason);
  } catch (error) {
    centre.engine.options.log.warn({ err: error, reason }, 'agent could not be logged off the line');
  }
}

export function requireCentre(centre: LiveContactCentre | null): LiveContactCentre {
  if (!centre) throw new AppError('INVALID_STATE', 'the contact centre is off (CONTACT_CENTRE=off)');
  return centre;
}

// Simulated calls (training, demos) -------------------------------------------------------------------

export function injectSimulatedCall(
  centre: LiveContactCentre | null,
  input: InjectedCall,
): { callId: string; label: 'simulazione' } {
  const live = requireCentre(centre);
  return { callId: live.engine.injectCall(input), label: 'simulazione' };
}

/** A line a simulated call can be placed on, with the first choices its callers have (training, demos). */
export interface SimulatedCallLine {
  line: string;
  name: string;
  choices: FirstChoice[];
}

/**
 * What a trainer can send as a simulated call: each line open to the public (not a retired number, not
 * one kept for an allow-list of callers) with its first menu's choices in words.
 */
export function simulatedCallChoices(centre: LiveContactCentre | null): {
  label: 'simulazione';
  lines: SimulatedCallLine[];
} {
  const live = requireCentre(centre);
  if (live.engine.label === null) {
    throw new AppError(
      'INVALID_STATE',
      'the centre answers real calls (TELEPHONY=asterisk): none can be simulated',
    );
  }
  const { flows, queues, lines } = live.engine.engine.config;
  const queueNames = new Map(queues.map((q) => [q.id, q.name]));
  return {
    label: 'simulazione',
    lines: lines.flatMap((l) => {
      const flow = flows.find((f) => f.id === l.flow);
      if (!flow || l.redirect || l.allowedCallers) return [];
      return [
        {
          line: normaliseNumber(l.number),
          name: l.name,
          choices: firstChoices(flow, (id) => queueNames.get(id) ?? id),
        },
      ];
    }),
  };
}

/** A simulated person our outbound calls reach (simulazione): answers in order, keys at prompts. */
export function scriptSimulatedPerson(
  centre: LiveContactCentre | null,
  input: { number: string; answers: boolean[]; keys?: string[] | undefined },
): void {
  requireCentre(centre).engine.scriptPerson(input.number, input.answers, input.keys ?? []);
}

/** The retention job's deletion of contact events older than `before` (MR reports need the last months). */
export const purgeContactEvents = (db: Db, before: Date) => repo.deleteContactEventsBefore(db, before);
