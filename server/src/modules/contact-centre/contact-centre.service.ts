import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { audit } from '../../platform/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Config } from '../../platform/config.ts';
import { type Actor, actorOf, type RequestContext, type Role } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { AppError, forbidden, invalidField, notFound } from '../../platform/errors.ts';
import type { Logger } from '../../platform/logger.ts';
import { openTicketFromCall } from '../helpdesk/index.ts';
import { announcedCode, phoneEndpointOf } from '../identity/index.ts';
import { exchangesWith } from '../outreach/index.ts';
import { findPatientByFiscalCode, findPatientsByPhone, type Patient } from '../registry/index.ts';
import type { AsteriskSwitch, Prompt, PromptAudio, Scheduler } from '../telephony/index.ts';
import * as repo from './contact-centre.repository.ts';
import type { RestoredCallback } from './engine/callbacks.ts';
import type { CampaignDial } from './engine/campaign-calls.ts';
import type { AgentAction } from './engine/engine.ts';
import type { AgentState, ContactEvent } from './engine/events.ts';
import { describeIvrStep, type FirstChoice, firstChoices, type IvrStepWords } from './engine/ivr.ts';
import { normaliseNumber, phoneVariants } from './engine/lines.ts';
import type { VirtualCallRequest } from './engine/virtual-operator.ts';
import { ContactEventWriter, type WriterHealth } from './event-writer.ts';
import { AgentPresence, type LogoffReason } from './live/agent-presence.ts';
import type { CallCard } from './live/call-cards.ts';
import {
  BACK_OFFICE_QUEUE,
  type CentreLabel,
  type InjectedCall,
  LiveEngine,
  type LiveSnapshot,
} from './live/live-centre.ts';
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

// Agents (CC-2, CC-9) -----------------------------------------------------------------------------------

/** Skills given to an app user the first time they log in to the line (kept in contact_agent). */
export const DEFAULT_SKILLS: Record<'operator' | 'backoffice', Record<string, number>> = {
  operator: { 'cup-prenotazioni': 2, 'cup-disdette': 1, 'cup-disponibilita': 1, 'cup-informazioni': 1 },
  backoffice: { [BACK_OFFICE_QUEUE]: 2, 'secondo-livello': 1 },
};

export function defaultSkills(roles: readonly Role[]): Record<string, number> {
  const skills: Record<string, number> = {};
  const sets = roles.flatMap((r) => (r === 'operator' || r === 'backoffice' ? [DEFAULT_SKILLS[r]] : []));
  for (const set of sets.length > 0 ? sets : [DEFAULT_SKILLS.operator]) {
    for (const [skill, level] of Object.entries(set)) skills[skill] = Math.max(skills[skill] ?? 0, level);
  }
  return skills;
}

/**
 * CC-2: the code the caller hears is digits, read one by one. It comes from app_user.operator_code: its
 * digits ('OP101' → '101'), at least two and at most eight.
 */
export { announcedCode };

export interface PatientMatch {
  id: string;
  fiscalCode: string;
  givenName: string;
  familyName: string;
  birthDate: string;
}

export interface ConsoleCallCard extends Omit<CallCard, 'ivr'> {
  /** What the caller chose in the IVR, in the flow's words (issue 10 §6). */
  ivr: (CallCard['ivr'][number] & IvrStepWords)[];
  /** The call is over (wrap-up, or the last one handled). */
  finished: boolean;
  /** Seconds waited: up to the answer, or up to now while still waiting. */
  waitedSeconds: number | null;
  queueName: string | null;
  /** Registry patients with the caller's number (read audited, SEC-1). */
  patients: PatientMatch[];
}

export interface AgentConsole {
  label: CentreLabel;
  agentId: string;
  code: string | null;
  state: AgentState;
  reason: string | null;
  since: number | null;
  secondsInState: number | null;
  /** In wrap-up with a time limit: the seconds until the line makes the agent ready by itself. */
  wrapUpSecondsLeft: number | null;
  skills: Record<string, number>;
  pauseReasons: string[];
  transferQueues: { id: string; name: string }[];
  call: ConsoleCallCard | null;
  /** A logoff waiting for the end of the call in progress (issue 8 §17): the console warns. */
  logoffPending: LogoffReason | null;
  /** The help-desk ticket this action's outcome opened (passed to the back office). */
  openedTicket?: { id: string; number: string; queueName: string } | null;
}

/**
 * CC-10 beside the phone: whether the user, as an agent of the live line, has a call ringing for them or
 * is on one (a blended operator takes no new chat meanwhile). No live line, or not logged in: false.
 */
export function agentOnCall(centre: LiveContactCentre | null | undefined, userId: string): boolean {
  const state = centre?.engine.agent(userId)?.state;
  return state === 'offered' || state === 'on-call';
}

/** The current user logs in to the line as an agent, paused ('accesso') until ready. Idempotent. */
export async function agentLogin(
  db: Db,
  ctx: RequestContext,
  centre: LiveContactCentre | null,
): Promise<AgentConsole> {
  const live = requireCentre(centre);
  const actor = actorOf(ctx);
  const code = announcedCode(actor.operatorCode);
  if (!code) {
    throw new AppError('INVALID_STATE', 'your account has no operator code to announce to callers (CC-2)');
  }
  const agent = await repo.ensureContactAgent(db, {
    userId: actor.id,
    skills: defaultSkills(actor.roles),
    now: ctx.clock.now(),
  });
  live.engine.registerHuman(agent.agentId, actor.username);
  // Issue 15: on a real switch the agent's calls ring the phone of their profile (read at each login).
  live.phones.set(agent.agentId, await phoneEndpointOf(db, actor.id));
  const current = live.engine.agent(agent.agentId);
  if (!current || current.state === 'logged-out') {
    live.engine.act({ type: 'agent.login', agentId: agent.agentId, code, skills: agent.skills });
  }
  await live.persist();
  return myAgent(db, ctx, centre);
}

export type ConsoleAction =
  | { type: 'logout' }
  | { type: 'ready' }
  | { type: 'pause'; reason: string }
  | { type: 'answer' }
  | { type: 'hang-up' }
  | { type: 'transfer'; queueId: string }
  | {
      type: 'outcome';
      requestType: string;
      resolvedAtFirstContact: boolean;
      escalated: boolean;
      note?: string | null | undefined;
      /** The patient the operator served on the call, so it shows in the patient's contact history. */
      fiscalCode?: string | null | undefined;
      /** Passed to the back office (HD-1): the help-desk queue a ticket is opened in, the note its text. */
      backOfficeQueue?: string | null | undefined;
    };

/**
 * An action of the current user's own agent; AppError 409 when the agent's state does not allow it. With
 * an action id (issue 10 §6) an action the engine already took is not taken again: a retry after a failed
 * answer (e.g. its events could not be stored) only stores and answers, so an outcome is never recorded
 * twice. The engine lives in memory, so do the ids (the last few per agent).
 */
export async function agentAct(
  db: Db,
  ctx: RequestContext,
  centre: LiveContactCentre | null,
  action: ConsoleAction,
  actionId?: string,
): Promise<AgentConsole> {
  const live = requireCentre(centre);
  const agentId = actorOf(ctx).id;
  if (actionId !== undefined) {
    const taken = live.takenAction(agentId, actionId);
    if (taken !== undefined) {
      if (taken !== action.type) {
        throw new AppError(
          'IDEMPOTENCY_KEY_REUSED',
          `action id already used for ${taken}`,
          'Idempotency-Key',
        );
      }
      await live.persist();
      return myAgent(db, ctx, centre);
    }
  }
  const view = live.engine.agent(agentId);
  if (!view || (view.state === 'logged-out' && action.type !== 'logout')) {
    throw new AppError('INVALID_STATE', 'log in to the line first (POST /api/v1/contact-centre/agent/login)');
  }
  const served =
    action.type === 'outcome' && action.fiscalCode ? await servedPatient(db, action.fiscalCode) : null;
  const callId = view.callId ?? view.lastCallId;
  const take = () => live.engine.act(engineAction(agentId, action, callId, served?.id ?? null));
  let opened: Awaited<ReturnType<typeof ticketFromCall>> | null = null;
  if (action.type === 'outcome' && action.backOfficeQueue) {
    opened = await ticketFromCall(db, ctx, live, action, callId, served, take);
  } else take();
  if (actionId !== undefined) live.actionTaken(agentId, actionId, action.type);
  if (served && callId) {
    // The call is now in the patient's contact history: a write about the patient, audited.
    await audit(db, ctx, {
      action: 'update',
      resourceType: 'ContactHistory',
      resourceId: callId,
      patientId: served.id,
      channel: 'phone',
      purpose: 'call outcome for the patient served',
    });
  }
  // What the operator is told happened (an outcome, a state change) is stored before the answer (in the
  // database, or the spill file while it is down), so a crash right after loses none of it.
  await live.persist();
  return { ...(await myAgent(db, ctx, centre)), openedTicket: opened };
}

/**
 * HD-1: a call passed to the back office opens a ticket in the chosen queue, with the call, the caller's
 * number and the patient served; the note is the request. The outcome is taken inside the ticket's
 * transaction, so a refused outcome leaves no ticket, and a refused ticket no outcome.
 */
async function ticketFromCall(
  db: Db,
  ctx: RequestContext,
  live: LiveContactCentre,
  action: Extract<ConsoleAction, { type: 'outcome' }>,
  callId: string | null,
  served: Patient | null,
  takeOutcome: () => void,
): Promise<{ id: string; number: string; queueName: string }> {
  if (!action.escalated)
    throw invalidField('backOfficeQueue', 'a call passed to the back office is escalated');
  const note = action.note?.trim() ?? '';
  if (!note) throw invalidField('note', "write the request for the back office in the caller's words");
  if (!callId) throw new AppError('INVALID_STATE', 'there is no current or last call to classify');
  const card = live.engine.card(callId);
  return db.transaction().execute(async (tx) => {
    const ticket = await openTicketFromCall(tx, ctx, {
      queue: action.backOfficeQueue!,
      // The request's first line, in the caller's words, names the ticket in the back office's queue.
      subject: note.split('\n')[0]!.slice(0, 120),
      body: note,
      callId,
      phone: card?.callerId ?? null,
      fiscalCode: served?.fiscalCode ?? null,
    });
    takeOutcome();
    return ticket;
  });
}

/** The registry patient an outcome names; a 422 on `fiscalCode` when it is not a known one. */
async function servedPatient(db: Db, fiscalCode: string): Promise<Patient> {
  const patient = await findPatientByFiscalCode(db, fiscalCode);
  if (!patient) throw invalidField('fiscalCode', 'no patient with this fiscal code in the registry');
  return patient;
}

function engineAction(
  agentId: string,
  action: ConsoleAction,
  callId: string | null,
  patientId: string | null,
): AgentAction {
  switch (action.type) {
    case 'logout':
      return { type: 'agent.logout', agentId };
    case 'ready':
      return { type: 'agent.ready', agentId };
    case 'pause':
      return { type: 'agent.pause', agentId, reason: action.reason };
    case 'answer':
      return { type: 'agent.answer', agentId };
    case 'hang-up':
      return { type: 'agent.hang-up', agentId };
    case 'transfer':
      return { type: 'agent.transfer', agentId, queueId: action.queueId };
    case 'outcome':
      if (!callId) throw new AppError('INVALID_STATE', 'there is no current or last call to classify');
      return {
        type: 'agent.outcome',
        agentId,
        callId,
        requestType: action.requestType,
        resolvedFirstContact: action.resolvedAtFirstContact,
        escalated: action.escalated,
        note: action.note ?? null,
        patientId,
      };
  }
}

/** My agent: state, time in it, and the card of the current (or last) call with the matching patients. */
export async function myAgent(
  db: Db,
  ctx: RequestContext,
  centre: LiveContactCentre | null,
): Promise<AgentConsole> {
  const live = requireCentre(centre);
  const agentId = actorOf(ctx).id;
  const view = live.engine.agent(agentId);
  const config = live.engine.engine.config;
  const now = live.now().getTime();
  const queueNames = new Map(config.queues.map((q) => [q.id, q.name]));
  const base = {
    label: live.label,
    agentId,
    pauseReasons: config.agents.pauseReasons,
    transferQueues: config.queues.map((q) => ({ id: q.id, name: q.name })),
  } as const;
  if (!view) {
    return {
      ...base,
      code: null,
      state: 'logged-out',
      reason: null,
      since: null,
      secondsInState: null,
      wrapUpSecondsLeft: null,
      skills: {},
      call: null,
      logoffPending: null,
    };
  }
  const callId = view.callId ?? view.lastCallId;
  const card = callId ? live.engine.card(callId) : undefined;
  let call: ConsoleCallCard | null = null;
  if (card) {
    const waitedMs =
      card.waitedMs ?? (card.waitingSince !== null && card.endedAt === null ? now - card.waitingSince : null);
    call = {
      ...card,
      ivr: card.ivr.map((step) => ({ ...step, ...describeIvrStep(config.flows, step.menu, step.digits) })),
      finished: view.callId === null,
      waitedSeconds: waitedMs === null ? null : Math.round(waitedMs / 1000),
      queueName: card.queueId ? (queueNames.get(card.queueId) ?? null) : null,
      // CC-2: on offer, the code the caller is about to hear.
      operatorCode: card.operatorCode ?? (view.state === 'offered' ? view.code : null),
      patients: await callerPatients(db, ctx, card.callerId),
    };
  }
  return {
    ...base,
    code: view.code,
    state: view.state,
    reason: view.reason,
    since: view.since,
    secondsInState: Math.max(0, Math.round((now - view.since) / 1000)),
    wrapUpSecondsLeft:
      view.state === 'wrap-up' && config.agents.wrapUpSeconds !== null
        ? Math.max(0, Math.round(config.agents.wrapUpSeconds - (now - view.since) / 1000))
        : null,
    skills: view.skills,
    call,
    logoffPending: live.presence.pending(agentId),
  };
}

/** SEC-1: patients matching the caller's number; every patient returned is audited as read. */
async function callerPatients(db: Db, ctx: RequestContext, callerId: string): Promise<PatientMatch[]> {
  return db.transaction().execute(async (tx) => {
    const found = new Map<string, Patient>();
    for (const variant of phoneVariants(callerId)) {
      for (const p of await findPatientsByPhone(tx, variant)) found.set(p.id, p);
    }
    const patients = [...found.values()].slice(0, 20);
    await audit(
      tx,
      ctx,
      ...patients.map((p) => ({
        action: 'search' as const,
        resourceType: 'Patient',
        resourceId: p.id,
        patientId: p.id,
        channel: 'phone',
        purpose: 'caller identification (contact centre)',
      })),
    );
    return patients.map((p) => ({
      id: p.id,
      fiscalCode: p.fiscalCode,
      givenName: p.givenName,
      familyName: p.familyName,
      birthDate: p.birthDate,
    }));
  });
}

// Simulated calls and contact history -------------------------------------------------------------------

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

export interface HistoryEvent {
  id: number;
  at: Date;
  type: string;
  callId: string | null;
  line: string | null;
  queueId: string | null;
  agentId: string | null;
  data: Record<string, unknown>;
}

export interface Contact {
  callId: string;
  events: HistoryEvent[];
}

const READS_EVERYTHING: readonly Role[] = ['supervisor', 'admin'];
const readsEverything = (actor: Actor) => actor.roles.some((r) => READS_EVERYTHING.includes(r));

/** The agent's current or last call, and for a callback the call it came from. */
function ownCalls(
  centre: LiveContactCentre | null,
  actor: Actor,
): { ids: Set<string>; numbers: Set<string> } {
  const ids = new Set<string>();
  const numbers = new Set<string>();
  const view = centre?.engine.agent(actor.id);
  for (const id of [view?.callId, view?.lastCallId]) {
    if (!id) continue;
    ids.add(id);
    const card = centre?.engine.card(id);
    if (card?.originCallId) ids.add(card.originCallId);
    if (card) numbers.add(card.callerId);
  }
  return { ids, numbers };
}

const toHistoryEvent = (e: repo.StoredContactEvent): HistoryEvent => ({
  id: e.id,
  at: e.at,
  type: e.type,
  callId: e.callId,
  line: e.line,
  queueId: e.queueId,
  agentId: e.agentId,
  data: e.payload,
});

/**
 * MR-1: a call's history from contact_event (IVR, queues, agents, transfers, outcome, callback, survey).
 * Operators and back office see their own current or last call; supervisors and admins any call.
 */
export async function callHistory(
  db: Db,
  ctx: RequestContext,
  centre: LiveContactCentre | null,
  callId: string,
): Promise<Contact> {
  const actor = actorOf(ctx);
  if (!readsEverything(actor) && !ownCalls(centre, actor).ids.has(callId)) {
    throw forbidden('operators see the history of their own current or last call only');
  }
  await centre?.flush();
  const root = centre?.engine.card(callId)?.originCallId ?? callId;
  const events = await repo.callEvents(db, root);
  const number = events.find((e) => e.type === 'call.arrived')?.payload?.callerId;
  await audit(db, ctx, {
    action: 'read',
    resourceType: 'ContactHistory',
    resourceId: root,
    subject: typeof number === 'string' ? number : null,
    channel: 'phone',
    purpose: 'contact history (contact centre)',
  });
  return { callId: root, events: events.map(toHistoryEvent) };
}

/** MR-1: the latest contacts of a caller's number (calls from it, callbacks to it), newest first. */
export async function numberHistory(
  db: Db,
  ctx: RequestContext,
  centre: LiveContactCentre | null,
  number: string,
  limit = 20,
): Promise<{ contacts: Contact[]; messages: Exchange[] }> {
  const actor = actorOf(ctx);
  const variants = phoneVariants(number);
  if (!readsEverything(actor)) {
    const own = [...ownCalls(centre, actor).numbers].flatMap(phoneVariants);
    if (!variants.some((v) => own.includes(v))) {
      throw forbidden("operators see the history of their own current or last caller's number only");
    }
  }
  await centre?.flush();
  const ids = await repo.callIdsByNumber(db, variants, limit);
  const contacts: Contact[] = [];
  for (const callId of ids) {
    contacts.push({ callId, events: (await repo.callEvents(db, callId)).map(toHistoryEvent) });
  }
  // MR-1: the SMS sent to this number (reminders, offers, answers) and what the patient replied.
  const messages = (await exchangesWith(db, variants, limit)).map((m) => ({ ...m, at: m.at.toISOString() }));
  await audit(db, ctx, {
    action: 'search',
    resourceType: 'ContactHistory',
    resourceId: null,
    subject: number,
    channel: 'phone',
    purpose: 'contact history (contact centre)',
  });
  return { contacts, messages };
}

/**
 * MR-1 by patient (issue 14 §8): the calls whose outcome named this patient, and those from or to the
 * phone on their record, newest first, with the messages to their phone and e-mail. For who serves the
 * patient (front line); audited as a search on the patient.
 */
export async function patientHistory(
  db: Db,
  ctx: RequestContext,
  centre: LiveContactCentre | null,
  fiscalCode: string,
  limit = 20,
): Promise<{ contacts: Contact[]; messages: Exchange[] }> {
  const patient = await findPatientByFiscalCode(db, fiscalCode);
  if (!patient) throw notFound('patient', 'fiscalCode');
  await centre?.flush();
  const numbers = patient.phone ? phoneVariants(patient.phone) : [];
  const ids = await repo.callIdsOfPatient(db, patient.id, numbers, limit);
  const contacts: Contact[] = [];
  for (const callId of ids) {
    contacts.push({ callId, events: (await repo.callEvents(db, callId)).map(toHistoryEvent) });
  }
  const addresses = [...numbers, ...(patient.email ? [patient.email] : [])];
  const messages = (await exchangesWith(db, addresses, limit)).map((m) => ({ ...m, at: m.at.toISOString() }));
  await audit(db, ctx, {
    action: 'search',
    resourceType: 'ContactHistory',
    resourceId: null,
    patientId: patient.id,
    channel: 'phone',
    purpose: "the patient's contact history (console)",
  });
  return { contacts, messages };
}

/** A message to or from the caller's number, in the contact history (MR-1). */
export interface Exchange {
  at: string;
  direction: 'out' | 'in';
  channel: string;
  /** What was sent (reminder, reoffer, …) or what the reply asked (confirm, cancel, stop, unknown). */
  kind: string;
  text: string;
  /** The message's state, or what the reply did. */
  status: string;
}

/**
 * CC-3: callbacks found pending at the last start-up, and whether each is back in the engine. They carry
 * callers' numbers: supervisors see them all, an agent only those of their own current or last call; each
 * number handed out is audited (SEC-1).
 */
export async function recoveredCallbacks(
  db: Db,
  ctx: RequestContext,
  centre: LiveContactCentre | null,
): Promise<RecoveredCallback[]> {
  const actor = actorOf(ctx);
  const all = requireCentre(centre).recoveredCallbacks;
  const own = readsEverything(actor) ? null : ownCalls(centre, actor).ids;
  const visible = own ? all.filter((c) => own.has(c.callId)) : all;
  await audit(
    db,
    ctx,
    ...visible.map((c) => ({
      action: 'read' as const,
      resourceType: 'Callback',
      resourceId: c.callbackId,
      subject: c.number,
      channel: 'phone',
      purpose: 'callback recovery (contact centre)',
    })),
  );
  return visible;
}

/** The retention job's deletion of contact events older than `before` (MR reports need the last months). */
export const purgeContactEvents = (db: Db, before: Date) => repo.deleteContactEventsBefore(db, before);
