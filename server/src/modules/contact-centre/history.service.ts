import { audit } from '../../platform/audit.ts';
import { type Actor, actorOf, type RequestContext, type Role } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { exchangesWith } from '../outreach/index.ts';
import { findPatientByFiscalCode } from '../registry/index.ts';
import * as repo from './contact-centre.repository.ts';
import { type LiveContactCentre, type RecoveredCallback, requireCentre } from './contact-centre.service.ts';
import { phoneVariants } from './engine/lines.ts';

// Contact history (MR-1): a call, a number, a patient; and the callbacks recovered at start-up (CC-3).

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
