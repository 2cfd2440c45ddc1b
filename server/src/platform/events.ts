import { type AuditEntry, auditRows } from './audit.ts';
import type { RequestContext } from './context.ts';
import type { Db } from './db.ts';

function eventRow(ctx: RequestContext, type: string, aggregateId: string, payload: Record<string, unknown>) {
  return {
    at: ctx.clock.now(),
    type,
    aggregate_id: aggregateId,
    payload: JSON.stringify({ ...payload, requestId: ctx.requestId, actorId: ctx.actor?.id ?? null }),
  };
}

/**
 * Domain events are appended in the transaction that caused them (an outbox): reminders, recall and
 * reporting read them later, and nothing is announced that did not commit.
 */
export async function appendEvent(
  db: Db,
  ctx: RequestContext,
  type: string,
  aggregateId: string,
  payload: Record<string, unknown>,
): Promise<void> {
  await db
    .insertInto('domain_event')
    .values(eventRow(ctx, type, aggregateId, payload))
    .execute();
}

/**
 * appendEvent and audit() of the same change in one statement, so a hot path pays one round trip for
 * both: the same rows, in the caller's transaction.
 */
export async function appendEventAndAudit(
  db: Db,
  ctx: RequestContext,
  event: { type: string; aggregateId: string; payload: Record<string, unknown> },
  ...entries: AuditEntry[]
): Promise<void> {
  if (entries.length === 0) return appendEvent(db, ctx, event.type, event.aggregateId, event.payload);
  await db
    .with('event', (q) =>
      q
        .insertInto('domain_event')
        .values(eventRow(ctx, event.type, event.aggregateId, event.payload))
        .returning('id'),
    )
    .insertInto('audit_event')
    .values(auditRows(ctx, entries))
    .execute();
}

export interface DomainEvent {
  id: number;
  at: Date;
  type: string;
  aggregateId: string;
  payload: Record<string, unknown>;
}

export async function listEvents(db: Db, opts: { type?: string; afterId?: number; limit?: number }) {
  let q = db
    .selectFrom('domain_event')
    .selectAll()
    .orderBy('id')
    .limit(opts.limit ?? 1000);
  if (opts.type) q = q.where('type', '=', opts.type);
  if (opts.afterId !== undefined) q = q.where('id', '>', String(opts.afterId));
  const rows = await q.execute();
  return rows.map(
    (r): DomainEvent => ({
      id: Number(r.id),
      at: new Date(r.at),
      type: r.type,
      aggregateId: r.aggregate_id,
      payload: r.payload as Record<string, unknown>,
    }),
  );
}
