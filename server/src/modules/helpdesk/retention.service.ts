/**
 * HD-5, SEC-1: the help desk keeps e-mails and attachments for the contract's duration and destroys
 * them once it has ended (HELPDESK_CONTRACT_END, a Rome date: destruction starts the day after). A ticket
 * under legal hold keeps everything until the hold is lifted. What remains is the anonymous skeleton the
 * reports need — queue, level, channel, the states and their times — and one audit record per ticket
 * destroyed, naming the patient it concerned.
 */
import { sql } from 'kysely';
import { audit, auditedRead } from '../../platform/audit.ts';
import { romeDate } from '../../platform/calendar.ts';
import type { Clock } from '../../platform/clock.ts';
import { actorOf, type RequestContext, systemContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { AppError, invalidField, notFound } from '../../platform/errors.ts';

const BATCH = 200;

export interface DestructionResult {
  /** Whether the contract has ended (nothing is destroyed before). */
  ended: boolean;
  tickets: number;
  /** Messages that were never a ticket (auto-replies, bounces, receipts). */
  looseMessages: number;
  /** Tickets kept by a legal hold. */
  held: number;
}

export async function destroyHelpdeskContent(
  db: Db,
  clock: Clock,
  contractEnd: string | null,
): Promise<DestructionResult> {
  const now = clock.now();
  const result: DestructionResult = { ended: false, tickets: 0, looseMessages: 0, held: 0 };
  if (!contractEnd || romeDate(now) <= contractEnd) return result;
  result.ended = true;
  const ctx = systemContext(clock, 'helpdesk.retention');
  // In batches, each its own transaction: a run stopped half-way is finished by the next.
  for (;;) {
    const done = await db.transaction().execute(async (tx) => {
      const batch = await tx
        .selectFrom('helpdesk_ticket')
        .select(['id', 'patient_id'])
        .where('content_destroyed_at', 'is', null)
        .where('legal_hold_reason', 'is', null)
        .orderBy('id')
        .limit(BATCH)
        .forUpdate()
        .skipLocked()
        .execute();
      if (batch.length === 0) return 0;
      const ids = batch.map((b) => String(b.id));
      await tx
        .updateTable('helpdesk_message')
        .set({
          subject: '',
          body: '',
          from_address: null,
          to_address: null,
          pec: null,
          in_reply_to: null,
          refs: sql`'{}'`,
          error: null,
          content_destroyed_at: now,
        })
        .where('ticket_id', 'in', ids)
        .execute();
      await tx
        .updateTable('helpdesk_attachment')
        .set({ content: null, filename: '', sha256: '' })
        .where('ticket_id', 'in', ids)
        .execute();
      await tx.updateTable('helpdesk_event').set({ body: null }).where('ticket_id', 'in', ids).execute();
      await tx
        .updateTable('helpdesk_ticket')
        .set({
          subject: '',
          requester_name: null,
          requester_email: null,
          requester_phone: null,
          patient_id: null,
          call_id: null,
          pec: null,
          content_destroyed_at: now,
        })
        .where('id', 'in', ids)
        .execute();
      for (const b of batch) {
        await audit(tx, ctx, {
          action: 'delete',
          resourceType: 'HelpdeskTicket',
          resourceId: String(b.id),
          patientId: b.patient_id,
          purpose: `contract ended ${contractEnd}: e-mails, attachments and personal data destroyed (HD-5)`,
        });
      }
      return batch.length;
    });
    result.tickets += done;
    if (done < BATCH) break;
  }
  const loose = await db
    .updateTable('helpdesk_message')
    .set({
      subject: '',
      body: '',
      from_address: null,
      to_address: null,
      pec: null,
      content_destroyed_at: now,
    })
    .where('ticket_id', 'is', null)
    .where('content_destroyed_at', 'is', null)
    .executeTakeFirst();
  result.looseMessages = Number(loose.numUpdatedRows);
  const held = await db
    .selectFrom('helpdesk_ticket')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('legal_hold_reason', 'is not', null)
    .executeTakeFirstOrThrow();
  result.held = Number(held.n);
  return result;
}

/** HD-5: the privacy officer puts a ticket under legal hold (with the reason) or lifts it. */
export async function setLegalHold(
  db: Db,
  ctx: RequestContext,
  id: string,
  hold: { hold: boolean; reason?: string | undefined },
): Promise<LegalHold> {
  const actor = actorOf(ctx);
  const reason = hold.reason?.trim() ?? '';
  if (hold.hold && reason.length < 5)
    throw invalidField('reason', 'say why the ticket is held (the proceeding)');
  const now = ctx.clock.now();
  return db.transaction().execute(async (tx) => {
    const t = await tx
      .selectFrom('helpdesk_ticket')
      .select(['id', 'patient_id', 'content_destroyed_at'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!t) throw notFound('ticket', 'id');
    if (hold.hold && t.content_destroyed_at) {
      throw new AppError(
        'INVALID_STATE',
        'the content of this ticket was destroyed at the end of the contract',
        'hold',
      );
    }
    await tx
      .updateTable('helpdesk_ticket')
      .set(
        hold.hold
          ? { legal_hold_reason: reason, legal_hold_at: now, legal_hold_by: actor.id }
          : { legal_hold_reason: null, legal_hold_at: null, legal_hold_by: null },
      )
      .where('id', '=', id)
      .execute();
    await audit(tx, ctx, {
      action: 'update',
      resourceType: 'HelpdeskLegalHold',
      resourceId: id,
      patientId: t.patient_id,
      purpose: hold.hold ? `legal hold: ${reason}` : 'legal hold lifted',
    });
    return {
      id,
      number: `#${id}`,
      legalHold: hold.hold ? { reason, at: now.toISOString() } : null,
      contentDestroyedAt: null,
    };
  });
}

export interface LegalHold {
  id: string;
  number: string;
  legalHold: { reason: string; at: string } | null;
  /** When the retention job destroyed its content (a hold can no longer be put). */
  contentDestroyedAt: string | null;
}

/** HD-5: whether a ticket is held, for the privacy officer — no more of the ticket than that (audited). */
export async function getLegalHold(db: Db, ctx: RequestContext, id: string): Promise<LegalHold> {
  return auditedRead(
    db,
    ctx,
    async (tx) => {
      const t = await tx
        .selectFrom('helpdesk_ticket')
        .select(['id', 'patient_id', 'legal_hold_reason', 'legal_hold_at', 'content_destroyed_at'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (!t) throw notFound('ticket', 'id');
      return {
        id,
        number: `#${id}`,
        legalHold:
          t.legal_hold_reason && t.legal_hold_at
            ? { reason: t.legal_hold_reason, at: new Date(t.legal_hold_at).toISOString() }
            : null,
        contentDestroyedAt: t.content_destroyed_at ? new Date(t.content_destroyed_at).toISOString() : null,
        patientId: t.patient_id,
      };
    },
    (h) => [
      {
        action: 'read',
        resourceType: 'HelpdeskLegalHold',
        resourceId: id,
        patientId: h.patientId,
        purpose: 'legal hold (HD-5)',
      },
    ],
  ).then(({ patientId: _, ...hold }) => hold);
}
