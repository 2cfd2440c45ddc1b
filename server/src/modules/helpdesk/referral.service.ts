/**
 * The third level (HD-2): a case outside the regional offices' competence goes to an outside department
 * by e-mail, with a link to the case. The link is tracked — when it was sent, first opened and answered —
 * and the department answers through it without an account; the answer lands in the ticket's history
 * and gives the case back to the second level, which tells the citizen the outcome. The e-mail carries
 * only the number, subject and reason; the request itself is read behind the link (the link's token is
 * a random secret stored only as its digest, valid for 30 days).
 */
import { audit } from '../../platform/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import { systemContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { AppError, invalidField, notFound } from '../../platform/errors.ts';
import { queueById } from './rules/queues.ts';
import { looksLikeToken, tokenDigest } from './rules/referral.ts';
import { refreshDeadline } from './tickets/ticket-view.service.ts';
import * as repo from './tickets/tickets.repository.ts';

const PURPOSE = 'third-level referral (HD-2)';

async function byToken(tx: Db, token: string, forUpdate = false) {
  if (!looksLikeToken(token)) throw notFound('referral', 'token');
  let q = tx
    .selectFrom('helpdesk_ticket')
    .selectAll()
    .where('referral_token_sha256', '=', tokenDigest(token));
  if (forUpdate) q = q.forUpdate();
  const t = await q.executeTakeFirst();
  if (!t) throw notFound('referral', 'token');
  return t;
}

function checkOpen(t: { referral_expires_at: Date | string | null }, now: Date) {
  if (!t.referral_expires_at || new Date(t.referral_expires_at).getTime() <= now.getTime())
    throw new AppError(
      'INVALID_STATE',
      'this link has expired: ask the contact centre for a new one',
      'token',
    );
}

export interface ReferralView {
  number: string;
  subject: string;
  queueName: string;
  department: string;
  /** The request in the citizen's words, and why it came to this department. */
  request: string;
  reason: string;
  sentAt: string;
  expiresAt: string;
  /** The department's answers so far, oldest first. */
  answers: { at: string; body: string }[];
  /** The case is over at the contact centre: no more answers. */
  closed: boolean;
}

const ANSWER_PREFIX = 'Risposta di ';

/** The case behind the link; the first reading is recorded (the link is tracked) and every one audited. */
export async function readReferral(db: Db, clock: Clock, token: string): Promise<ReferralView> {
  return db.transaction().execute(async (tx) => {
    const t = await byToken(tx, token, true);
    const now = clock.now();
    checkOpen(t, now);
    const ctx = systemContext(clock, `helpdesk.referral.${t.id}`);
    if (!t.referral_opened_at) {
      await repo.updateTicket(tx, String(t.id), { referral_opened_at: now });
      await repo.insertEvent(tx, {
        ticket_id: String(t.id),
        at: now,
        actor_id: null,
        kind: 'note',
        body: `Link aperto da ${t.referral_name}`,
      });
    }
    await audit(tx, ctx, {
      action: 'read',
      resourceType: 'HelpdeskReferral',
      resourceId: String(t.id),
      patientId: t.patient_id,
      purpose: PURPOSE,
    });
    const events = await repo.ticketEvents(tx, [String(t.id)]);
    const prefix = `${ANSWER_PREFIX}${t.referral_name}: `;
    return {
      number: `#${t.id}`,
      subject: t.subject,
      queueName: queueById(t.queue)?.name ?? t.queue,
      department: t.referral_name ?? '',
      request: events.find((e) => e.kind === 'created')?.body ?? '',
      reason: events.filter((e) => e.kind === 'escalated' && e.to_level === 3).at(-1)?.body ?? '',
      sentAt: new Date(t.referral_sent_at!).toISOString(),
      expiresAt: new Date(t.referral_expires_at!).toISOString(),
      answers: events
        .filter((e) => e.kind === 'note' && e.actor_id === null && e.body?.startsWith(prefix))
        .map((e) => ({ at: new Date(e.at).toISOString(), body: e.body!.slice(prefix.length) })),
      closed: t.state === 'resolved' || t.state === 'closed',
    };
  });
}

/** The department's answer: into the history, and the case back to the second level (its clock running). */
export async function answerReferral(
  db: Db,
  clock: Clock,
  token: string,
  answer: string,
): Promise<ReferralView> {
  const body = answer.trim();
  if (!body) throw invalidField('body', 'write the answer');
  await db.transaction().execute(async (tx) => {
    const t = await byToken(tx, token, true);
    const now = clock.now();
    checkOpen(t, now);
    if (t.state === 'resolved' || t.state === 'closed')
      throw new AppError('INVALID_STATE', 'the case is already closed at the contact centre', 'body');
    const id = String(t.id);
    await repo.insertEvent(tx, {
      ticket_id: id,
      at: now,
      actor_id: null,
      kind: 'note',
      body: `${ANSWER_PREFIX}${t.referral_name}: ${body}`,
    });
    if (t.state === 'pending-third-party') {
      await repo.insertEvent(tx, {
        ticket_id: id,
        at: now,
        actor_id: null,
        kind: 'state',
        from_state: t.state,
        to_state: 'open',
        body: null,
      });
      await repo.updateTicket(tx, id, { state: 'open' });
    }
    await repo.updateTicket(tx, id, {
      referral_answered_at: t.referral_answered_at ?? now,
      referral_opened_at: t.referral_opened_at ?? now,
      updated_at: now,
    });
    await refreshDeadline(tx, id);
    await audit(tx, systemContext(clock, `helpdesk.referral.${id}`), {
      action: 'update',
      resourceType: 'HelpdeskTicket',
      resourceId: id,
      patientId: t.patient_id,
      purpose: PURPOSE,
    });
  });
  return readReferral(db, clock, token);
}
