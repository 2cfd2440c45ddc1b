import { audit } from '../../../platform/audit.ts';
import { actorOf, type RequestContext } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { AppError, invalidField, notFound } from '../../../platform/errors.ts';
import { findPatientByFiscalCode } from '../../registry/index.ts';
import { lowestLevelSeen, refusal } from '../rules/access.ts';
import {
  budgetMs,
  type Channel,
  canMove,
  checkEscalation,
  type Level,
  type TicketState,
} from '../rules/lifecycle.ts';
import type { PecData } from '../rules/pec.ts';
import { queueById } from '../rules/queues.ts';
import { LINK_DAYS, newReferralToken, referralText, tokenDigest } from '../rules/referral.ts';
import * as mailRepo from './messages.repository.ts';
import { dueAt, PURPOSE, refreshDeadline, ticketView } from './ticket-view.service.ts';
import * as repo from './tickets.repository.ts';
import type { CheckedDocument, TicketAction, TicketView } from './tickets.types.ts';

export interface NewTicket {
  queue: string;
  channel: Channel;
  subject: string;
  /** The request in the citizen's words (the e-mail's text, what was said on the phone). */
  body: string;
  requester?: { name?: string | undefined; email?: string | undefined; phone?: string | undefined };
  fiscalCode?: string | undefined;
  callId?: string | undefined;
  /** When the request was sent (a letter's date of arrival, an e-mail's); now by default. */
  receivedAt?: string | undefined;
}

/** HD-1: a request becomes a ticket in its queue of competence, at the queue's level, its clock running. */
export async function createTicket(db: Db, ctx: RequestContext, input: NewTicket): Promise<TicketView> {
  actorOf(ctx);
  return db.transaction().execute(async (tx) => {
    const id = await openTicket(tx, ctx, input);
    return ticketView(tx, id, ctx.clock.now());
  });
}

/**
 * Opens a ticket inside the caller's transaction (staff over HTTP, the mailbox reader); returns its id.
 * `message` is the e-mail it came from, `pec` that e-mail's certification data.
 */
export async function openTicket(
  tx: Db,
  ctx: RequestContext,
  input: NewTicket,
  from: { message?: string; pec?: PecData | null } = {},
): Promise<string> {
  const queue = queueById(input.queue);
  if (!queue) throw invalidField('queue', `no queue ${input.queue}`);
  const subject = input.subject.trim();
  if (!subject) throw invalidField('subject', 'give the request a subject');
  const body = input.body.trim();
  if (!body) throw invalidField('body', "write the request in the citizen's words");
  const now = ctx.clock.now();
  const received = input.receivedAt ? new Date(input.receivedAt) : now;
  if (received.getTime() > now.getTime())
    throw invalidField('receivedAt', 'the request cannot arrive in the future');
  const patient = input.fiscalCode ? await findPatientByFiscalCode(tx, input.fiscalCode) : null;
  if (input.fiscalCode && !patient) throw invalidField('fiscalCode', 'no patient with this fiscal code');
  const budget = budgetMs(input.channel, queue.level, queue);
  const actorId = ctx.actor?.id ?? null;
  const id = await repo.insertTicket(tx, {
    queue: queue.id,
    level: queue.level,
    state: 'new',
    channel: input.channel,
    subject: subject.slice(0, 200),
    requester_name: input.requester?.name?.trim() || null,
    requester_email: input.requester?.email?.trim() || null,
    requester_phone: input.requester?.phone?.trim() || null,
    patient_id: patient?.id ?? null,
    call_id: input.callId ?? null,
    received_at: received,
    created_at: now,
    created_by: actorId,
    due_at: budget === null ? null : dueAt(received.getTime(), budget, []),
    updated_at: now,
    pec: from.pec ? JSON.stringify(from.pec) : null,
  });
  await repo.insertEvent(tx, {
    ticket_id: id,
    at: now,
    actor_id: actorId,
    kind: 'created',
    body,
    to_state: 'new',
    message_id: from.message ?? null,
  });
  await audit(tx, ctx, {
    action: 'create',
    resourceType: 'HelpdeskTicket',
    resourceId: id,
    patientId: patient?.id ?? null,
    channel: input.channel,
    purpose: PURPOSE,
  });
  return id;
}

/** HD-1: the console's outcome "passed to the back office" opens a ticket for the call, in the caller's tx. */
export async function openTicketFromCall(
  tx: Db,
  ctx: RequestContext,
  call: {
    queue: string;
    subject: string;
    body: string;
    callId: string;
    phone: string | null;
    fiscalCode: string | null;
  },
): Promise<{ id: string; number: string; queueName: string }> {
  const queue = queueById(call.queue);
  if (!queue) throw invalidField('backOfficeQueue', `no help-desk queue ${call.queue}`);
  // Caller ids are digits with an optional +; anything else (withheld, a SIP URI) is not a phone to call.
  const phone = call.phone && /^\+?[0-9]{6,20}$/.test(call.phone) ? call.phone : undefined;
  const id = await openTicket(tx, ctx, {
    queue: queue.id,
    channel: 'phone',
    subject: call.subject,
    body: call.body,
    callId: call.callId,
    fiscalCode: call.fiscalCode ?? undefined,
    requester: phone ? { phone } : undefined,
  });
  return { id, number: `#${id}`, queueName: queue.name };
}

/**
 * HD-1, HD-3: a request with the documents that came with it (a scanned letter, a chat's prescription):
 * the documents are attachments of the ticket's first message, which holds the request. Without
 * documents, a ticket as any other. In the caller's transaction.
 */
export async function openTicketWithDocuments(
  tx: Db,
  ctx: RequestContext,
  input: NewTicket,
  files: readonly CheckedDocument[],
): Promise<string> {
  if (files.length === 0) return openTicket(tx, ctx, input);
  const message = await mailRepo.insertMessage(tx, {
    ticket_id: null,
    direction: 'in',
    disposition: 'ticket',
    from_address: input.requester?.email?.trim() || null,
    subject: input.subject.trim().slice(0, 500),
    body: input.body.trim().slice(0, 100_000),
    refs: [],
    at: ctx.clock.now(),
  });
  const id = await openTicket(tx, ctx, input, { message: message! });
  await mailRepo.updateMessage(tx, message!, { ticket_id: id });
  await mailRepo.insertDocuments(tx, { messageId: message!, ticketId: id }, files);
  return id;
}

/**
 * CC-10 and HD-1: a chat becomes a ticket, as a written contact on the web, with the conversation's
 * transcript as the request (an operator passing it to the back office, or the citizen leaving a
 * request out of hours with the e-mail address to answer to).
 */
export async function openTicketFromChat(
  tx: Db,
  ctx: RequestContext,
  chat: {
    queue: string;
    subject: string;
    transcript: string;
    email?: string | undefined;
    /** The documents the citizen sent in the chat (HD-3): attached to the ticket. */
    documents?: readonly CheckedDocument[];
  },
): Promise<{ id: string; number: string; queueName: string }> {
  const queue = queueById(chat.queue);
  if (!queue) throw invalidField('queue', `no help-desk queue ${chat.queue}`);
  const input: NewTicket = {
    queue: queue.id,
    channel: 'web',
    subject: chat.subject,
    body: chat.transcript,
    requester: chat.email ? { email: chat.email } : undefined,
  };
  const id = await openTicketWithDocuments(tx, ctx, input, chat.documents ?? []);
  return { id, number: `#${id}`, queueName: queue.name };
}

/**
 * The citizen wrote again (HD-2): the message joins the history; a ticket waiting on them, resolved or
 * closed opens again, and its clock runs again.
 */
export async function recordCitizenMessage(
  tx: Db,
  ctx: RequestContext,
  ticketId: string,
  message: string,
  body: string,
): Promise<void> {
  const t = await repo.findTicket(tx, ticketId, { forUpdate: true });
  if (!t) throw notFound('ticket', 'id');
  const now = ctx.clock.now();
  await repo.insertEvent(tx, {
    ticket_id: ticketId,
    at: now,
    actor_id: null,
    kind: 'email-in',
    body,
    message_id: message,
  });
  const state = t.state as TicketState;
  if (state === 'pending-citizen' || state === 'resolved' || state === 'closed') {
    await repo.insertEvent(tx, {
      ticket_id: ticketId,
      at: now,
      actor_id: null,
      kind: 'state',
      from_state: state,
      to_state: 'open',
      body: null,
    });
    await repo.updateTicket(tx, ticketId, { state: 'open', resolved_at: null, closed_at: null });
  }
  await refreshDeadline(tx, ticketId);
  await repo.updateTicket(tx, ticketId, { updated_at: now });
  await audit(tx, ctx, {
    action: 'update',
    resourceType: 'HelpdeskTicket',
    resourceId: ticketId,
    patientId: t.patient_id,
    channel: 'email',
    purpose: PURPOSE,
  });
}

/** The action as sent (one flat object), checked field by field. */
export function parseAction(raw: {
  type: 'move' | 'escalate' | 'note' | 'reply' | 'called-back';
  to?: TicketState | undefined;
  note?: string | undefined;
  level?: Level | undefined;
  reason?: string | undefined;
  queue?: string | undefined;
  body?: string | undefined;
  reply?: string | undefined;
  department?: string | undefined;
  departmentEmail?: string | undefined;
}): TicketAction {
  if (raw.type === 'move') {
    if (!raw.to) throw invalidField('to', 'say which state the ticket goes to');
    return { type: 'move', to: raw.to, note: raw.note, reply: raw.reply };
  }
  if (raw.type === 'reply') return { type: 'reply', body: raw.body ?? '' };
  if (raw.type === 'called-back') return { type: 'called-back', note: raw.note };
  if (raw.type === 'escalate') {
    if (raw.level === undefined) throw invalidField('level', 'say which level the ticket goes to');
    // HD-2: the third level is an outside department, reached by e-mail.
    let department: { name: string; email: string } | undefined;
    if (raw.level === 3) {
      if (!raw.department?.trim()) throw invalidField('department', 'say which outside department takes it');
      if (!raw.departmentEmail) throw invalidField('departmentEmail', "give the department's e-mail address");
      department = { name: raw.department.trim(), email: raw.departmentEmail };
    }
    return { type: 'escalate', level: raw.level, reason: raw.reason ?? '', queue: raw.queue, department };
  }
  return { type: 'note', body: raw.body ?? '' };
}

/**
 * Queues an e-mail in the ticket's thread (mail.service's queueOutgoing, passed in so the ticket's rules
 * do not depend on the mail's) — to the requester, or to the department of a referral; null when there
 * is no address. `publicUrl` is where the third level's links point (null: no links).
 */
export interface Outbox {
  queue: (
    tx: Db,
    ctx: RequestContext,
    ticketId: string,
    kind: 'answer' | 'outcome' | 'referral',
    text: string,
    recipient?: string,
  ) => Promise<string | null>;
  publicUrl: string | null;
}

/** Moves, escalations, answers and notes (HD-2): one at a time per ticket, each in its history. */
export async function actOnTicket(
  db: Db,
  ctx: RequestContext,
  id: string,
  action: TicketAction,
  outbox: Outbox,
): Promise<TicketView> {
  const actor = actorOf(ctx);
  const now = ctx.clock.now();
  return db.transaction().execute(async (tx) => {
    const t = await repo.findTicket(tx, id, { forUpdate: true });
    if (!t) throw notFound('ticket', 'id');
    const state = t.state as TicketState;
    const level = t.level as Level;
    const event = { ticket_id: id, at: now, actor_id: actor.id };
    // A call back owed before the merge is still reported on the duplicate.
    if (t.merged_into && action.type !== 'note' && action.type !== 'called-back') {
      throw new AppError(
        'INVALID_STATE',
        `this ticket was merged into #${t.merged_into}: work that one`,
        'type',
      );
    }
    if (level < lowestLevelSeen(actor.roles)) throw notFound('ticket', 'id');
    const refused = refusal(actor, action.type, t);
    if (refused) throw new AppError('FORBIDDEN', refused);
    if (action.type === 'note') {
      const body = action.body.trim();
      if (!body) throw invalidField('body', 'the note is empty');
      await repo.insertEvent(tx, { ...event, kind: 'note', body });
    } else if (action.type === 'reply') {
      const body = action.body.trim();
      if (!body) throw invalidField('body', 'the answer is empty');
      if (!t.requester_email)
        throw invalidField('body', 'the citizen left no e-mail address: call them back');
      await outbox.queue(tx, ctx, id, 'answer', body);
    } else if (action.type === 'called-back') {
      if (!t.callback_due_at || t.callback_done_at) {
        throw new AppError('INVALID_STATE', 'no call back is owed on this ticket', 'type');
      }
      await repo.insertEvent(tx, {
        ...event,
        kind: 'note',
        body: `Richiamato con l'esito${action.note?.trim() ? `: ${action.note.trim()}` : ''}`,
      });
      await repo.updateTicket(tx, id, { callback_done_at: now });
    } else if (action.type === 'move') {
      if (!canMove(state, action.to)) {
        throw new AppError('INVALID_STATE', `a ${state} ticket cannot become ${action.to}`, 'to');
      }
      const outcome = action.reply?.trim() ?? '';
      // HD-2: a higher level's resolution reaches the citizen — by e-mail, or a call back from the front end.
      if (action.to === 'resolved' && level >= 1 && !outcome) {
        throw invalidField('reply', 'write the outcome the citizen will be told');
      }
      await repo.insertEvent(tx, {
        ...event,
        kind: 'state',
        from_state: state,
        to_state: action.to,
        body: action.note?.trim() || null,
      });
      await repo.updateTicket(tx, id, {
        state: action.to,
        resolved_at: action.to === 'resolved' ? now : action.to === 'closed' ? t.resolved_at : null,
        closed_at: action.to === 'closed' ? now : null,
      });
      if (action.to === 'resolved' && outcome) {
        const sent = t.requester_email ? await outbox.queue(tx, ctx, id, 'outcome', outcome) : null;
        if (!sent && t.requester_phone) {
          await repo.updateTicket(tx, id, { callback_due_at: now, callback_done_at: null });
          await repo.insertEvent(tx, {
            ...event,
            kind: 'note',
            body: `Esito da comunicare per telefono: ${outcome}`,
          });
        } else if (!sent) {
          await repo.insertEvent(tx, { ...event, kind: 'note', body: `Esito (nessun recapito): ${outcome}` });
        }
      }
    } else {
      const check = checkEscalation(level, action.level, action.reason);
      if (check === 'not-higher') throw invalidField('level', `escalation goes above level ${level}`);
      if (check === 'no-reason') throw invalidField('reason', 'say why the level below cannot solve it');
      if (action.queue && !queueById(action.queue)) throw invalidField('queue', `no queue ${action.queue}`);
      if (state === 'resolved' || state === 'closed') {
        throw new AppError('INVALID_STATE', `a ${state} ticket is not escalated; reopen it first`, 'level');
      }
      // The third level is outside: the case waits on it (the clock stops) until the department answers.
      const to = action.department ? 'pending-third-party' : 'open';
      await repo.insertEvent(tx, {
        ...event,
        kind: 'escalated',
        from_state: state,
        to_state: to,
        from_level: level,
        to_level: action.level,
        body: action.reason.trim(),
      });
      await repo.updateTicket(tx, id, { level: action.level, queue: action.queue ?? t.queue, state: to });
      if (action.department) {
        // HD-2: the department is e-mailed a tracked link to the case (its digest only is kept).
        const token = newReferralToken();
        await repo.updateTicket(tx, id, {
          referral_name: action.department.name,
          referral_email: action.department.email,
          referral_token_sha256: tokenDigest(token),
          referral_sent_at: now,
          referral_expires_at: new Date(now.getTime() + LINK_DAYS * 86_400_000),
          referral_opened_at: null,
          referral_answered_at: null,
        });
        const link = outbox.publicUrl ? `${outbox.publicUrl}/terzo-livello/${token}` : null;
        const text = referralText({ id, subject: t.subject }, action.department, action.reason.trim(), link);
        await outbox.queue(tx, ctx, id, 'referral', text, action.department.email);
      }
    }
    await refreshDeadline(tx, id);
    await repo.updateTicket(tx, id, { updated_at: now });
    await audit(tx, ctx, {
      action: 'update',
      resourceType: 'HelpdeskTicket',
      resourceId: id,
      patientId: t.patient_id,
      purpose: PURPOSE,
    });
    return ticketView(tx, id, now);
  });
}
