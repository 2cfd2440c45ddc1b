import { audit } from '../../platform/audit.ts';
import { actorOf, type RequestContext, type Role } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { AppError, invalidField } from '../../platform/errors.ts';
import { openTicketFromCall } from '../helpdesk/index.ts';
import { announcedCode, phoneEndpointOf } from '../identity/index.ts';
import { findPatientByFiscalCode, findPatientsByPhone, type Patient } from '../registry/index.ts';
import * as repo from './contact-centre.repository.ts';
import { type LiveContactCentre, requireCentre } from './contact-centre.service.ts';
import type { AgentAction } from './engine/engine.ts';
import type { AgentState } from './engine/events.ts';
import { describeIvrStep, type IvrStepWords } from './engine/ivr.ts';
import { phoneVariants } from './engine/lines.ts';
import type { LogoffReason } from './live/agent-presence.ts';
import type { CallCard } from './live/call-cards.ts';
import { BACK_OFFICE_QUEUE, type CentreLabel } from './live/live-centre.ts';

// The agent console (CC-2, CC-9): logging in to the line, the call card, actions on a call.

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
