import type { RequestContext } from './context.ts';
import type { Db } from './db.ts';

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
    .values({
      at: ctx.clock.now(),
      type,
      aggregate_id: aggregateId,
      payload: JSON.stringify({ ...payload, requestId: ctx.requestId, actorId: ctx.actor?.id ?? null }),
    })
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
