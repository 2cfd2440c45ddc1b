/**
 * The back office's view across tickets (HD-2): the same citizen's other tickets, related tickets linked
 * both ways, and a duplicate merged into the ticket that carries on — its e-mails and attachments move
 * there, it is closed with a pointer (late replies to it follow), and it no longer counts as a request
 * of its own in the month's service levels; the ticket that carries on starts its clock from the earlier
 * of the two requests, since the citizen asked then.
 */
import { audit, auditedRead } from '../../platform/audit.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { AppError, invalidField, notFound } from '../../platform/errors.ts';
import { lowestLevelSeen, refusal } from './rules/access.ts';
import type { Channel, Level, TicketState } from './rules/lifecycle.ts';
import { queueById } from './rules/queues.ts';
import { refreshDeadline, ticketView } from './tickets/ticket-view.service.ts';
import * as repo from './tickets/tickets.repository.ts';
import type { TicketView } from './tickets/tickets.types.ts';

const PURPOSE = 'help-desk ticket (HD-1)';

/** Both tickets, locked in id order (two merges crossing cannot deadlock), each checked as seen. */
async function lockPair(tx: Db, ctx: RequestContext, id: string, other: string, otherField: string) {
  const actor = actorOf(ctx);
  if (id === other) throw invalidField(otherField, 'a ticket cannot be joined to itself');
  const order = BigInt(id) < BigInt(other) ? [id, other] : [other, id];
  const rows = new Map<string, repo.TicketRow>();
  for (const x of order) {
    const row = await repo.findTicket(tx, x, { forUpdate: true });
    if (row) rows.set(x, row);
  }
  const lowest = lowestLevelSeen(actor.roles);
  const a = rows.get(id);
  if (!a || a.level < lowest) throw notFound('ticket', 'id');
  const b = rows.get(other);
  if (!b || b.level < lowest) throw invalidField(otherField, `no ticket #${other}`);
  return { actor, a, b };
}

/** Each ticket may be worked by `actor` (the level's role and the queue's own staff), or FORBIDDEN. */
function mayWork(
  actor: { username: string; roles: readonly string[] },
  type: 'move' | 'note',
  ...tickets: { level: number; queue: string }[]
) {
  for (const t of tickets) {
    const refused = refusal(actor, type, t, true);
    if (refused) throw new AppError('FORBIDDEN', refused);
  }
}

/** HD-2: the duplicate `id` is closed into `into`, which carries on with both threads. */
export async function mergeTicket(
  db: Db,
  ctx: RequestContext,
  id: string,
  into: string,
): Promise<TicketView> {
  const now = ctx.clock.now();
  return db.transaction().execute(async (tx) => {
    const { actor, a: dup, b: keep } = await lockPair(tx, ctx, id, into, 'into');
    mayWork(actor, 'move', dup, keep);
    if (dup.merged_into)
      throw new AppError('INVALID_STATE', `this ticket was already merged into #${dup.merged_into}`, 'id');
    if (keep.merged_into)
      throw invalidField('into', `#${into} was merged into #${keep.merged_into}: merge into that one`);
    if (keep.state === 'closed') throw invalidField('into', `#${into} is closed: reopen it first`);
    // The outside department's link names the duplicate: its answer must not land on a closed ticket.
    if (dup.referral_sent_at && !dup.referral_answered_at)
      throw new AppError(
        'INVALID_STATE',
        `this ticket awaits the answer of ${dup.referral_name}: merge #${into} into it instead`,
        'id',
      );
    await repo.moveThread(tx, id, into);
    await repo.insertEvent(tx, {
      ticket_id: id,
      at: now,
      actor_id: actor.id,
      kind: 'merged',
      from_state: dup.state,
      to_state: 'closed',
      body: `Unito nel ticket #${into}`,
    });
    await repo.updateTicket(tx, id, {
      state: 'closed',
      merged_into: into,
      resolved_at: dup.resolved_at ?? now,
      closed_at: now,
      due_at: null,
      updated_at: now,
    });
    await repo.insertEvent(tx, {
      ticket_id: into,
      at: now,
      actor_id: actor.id,
      kind: 'merged',
      body: `Unito il ticket #${id}: ${dup.subject}`,
    });
    const earlier = new Date(dup.received_at).getTime() < new Date(keep.received_at).getTime();
    await repo.updateTicket(tx, into, {
      // The citizen asked when the first of the two was sent.
      received_at: earlier ? dup.received_at : keep.received_at,
      // What the duplicate knew of the citizen and the keeper did not, it keeps.
      requester_name: keep.requester_name ?? dup.requester_name,
      requester_email: keep.requester_email ?? dup.requester_email,
      requester_phone: keep.requester_phone ?? dup.requester_phone,
      patient_id: keep.patient_id ?? dup.patient_id,
      updated_at: now,
    });
    await refreshDeadline(tx, into);
    for (const [t, patientId] of [
      [id, dup.patient_id],
      [into, keep.patient_id ?? dup.patient_id],
    ] as const) {
      await audit(tx, ctx, {
        action: 'update',
        resourceType: 'HelpdeskTicket',
        resourceId: t,
        patientId,
        purpose: PURPOSE,
      });
    }
    return ticketView(tx, into, now);
  });
}

/** HD-2: two related tickets, linked (`on`) or unlinked, each side's history saying so. */
export async function linkTickets(
  db: Db,
  ctx: RequestContext,
  id: string,
  other: string,
  on: boolean,
): Promise<TicketView> {
  const now = ctx.clock.now();
  const field = on ? 'ticket' : 'other';
  return db.transaction().execute(async (tx) => {
    const { actor, a, b } = await lockPair(tx, ctx, id, other, field);
    mayWork(actor, 'note', a);
    const changed = on
      ? await repo.insertLink(tx, id, other, now, actor.id)
      : await repo.deleteLink(tx, id, other);
    if (!changed && !on) throw notFound('link', 'other');
    if (changed) {
      for (const [t, o, patientId] of [
        [id, other, a.patient_id],
        [other, id, b.patient_id],
      ] as const) {
        await repo.insertEvent(tx, {
          ticket_id: t,
          at: now,
          actor_id: actor.id,
          kind: 'linked',
          body: on ? `Collegato al ticket #${o}` : `Scollegato dal ticket #${o}`,
        });
        await audit(tx, ctx, {
          action: 'update',
          resourceType: 'HelpdeskTicket',
          resourceId: t,
          patientId,
          purpose: PURPOSE,
        });
      }
    }
    return ticketView(tx, id, now);
  });
}

export interface CitizenTicket {
  id: string;
  number: string;
  subject: string;
  state: TicketState;
  level: Level;
  queueName: string;
  channel: Channel;
  receivedAt: string;
}

/** §6: the same citizen's other tickets — same e-mail, phone or patient — newest first (audited). */
export async function citizenTickets(db: Db, ctx: RequestContext, id: string): Promise<CitizenTicket[]> {
  const lowest = lowestLevelSeen(actorOf(ctx).roles);
  return auditedRead(
    db,
    ctx,
    async (tx) => {
      const t = await repo.findTicket(tx, id);
      if (!t || t.level < lowest) throw notFound('ticket', 'id');
      const rows = await repo.requesterTickets(tx, {
        id,
        email: t.requester_email,
        phone: t.requester_phone,
        patientId: t.patient_id,
        minLevel: lowest,
      });
      return {
        patientId: t.patient_id,
        tickets: rows.map((r) => ({
          id: String(r.id),
          number: `#${r.id}`,
          subject: r.subject,
          state: r.state as TicketState,
          level: r.level as Level,
          queueName: queueById(r.queue)?.name ?? r.queue,
          channel: r.channel as Channel,
          receivedAt: new Date(r.received_at).toISOString(),
        })),
      };
    },
    (r) => [
      {
        action: 'search',
        resourceType: 'HelpdeskTicket',
        resourceId: id,
        patientId: r.patientId,
        subject: `tickets of the requester of #${id}`,
        purpose: PURPOSE,
      },
    ],
  ).then((r) => r.tickets);
}
