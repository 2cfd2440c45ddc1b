import { sql } from 'kysely';
import type { Db } from '../../../platform/db.ts';
import type {
  CallFact,
  FactFoldState,
  FoldEvent,
  MeasuredCall,
  MeasuredOutcome,
  OutcomeFact,
} from '../rules/call-facts.ts';

// The call facts' projection (issue 12 §7): its cursor over contact_event, the facts it writes, and the
// month's facts as the evaluation reads them.

export interface FactCursor {
  lastId: bigint;
  /** The fold's open calls, per source. */
  state: Record<string, FactFoldState>;
}

/** The cursor, locked for the rest of the transaction (one projection runs at a time). */
export async function lockCursor(tx: Db): Promise<FactCursor> {
  const r = await tx
    .selectFrom('call_fact_cursor')
    .select(['last_id', 'state'])
    .where('id', '=', 1)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return { lastId: BigInt(r.last_id), state: r.state as Record<string, FactFoldState> };
}

export async function saveCursor(tx: Db, c: FactCursor): Promise<void> {
  await tx
    .updateTable('call_fact_cursor')
    .set({ last_id: String(c.lastId), state: JSON.stringify(c.state) })
    .where('id', '=', 1)
    .execute();
}

export interface SourcedEvent {
  id: bigint;
  source: string;
  event: FoldEvent;
}

/** The fold's events with ids in (after, upTo], in order, only the fields it reads taken out. */
export async function foldEvents(
  db: Db,
  after: bigint,
  upTo: bigint,
  types: readonly string[],
): Promise<SourcedEvent[]> {
  const { rows } = await sql<{
    id: string;
    source: string;
    type: string;
    at: number;
    call_id: string | null;
    line: string | null;
    wait_ms: number | null;
    transferred: boolean | null;
    callback_id: string | null;
    resolved: boolean | null;
    outcome: string | null;
    duration_ms: number | null;
  }>`
    select id, source, type, (payload ->> 'at')::float8 as at, payload ->> 'callId' as call_id,
      payload ->> 'line' as line, (payload ->> 'waitMs')::float8 as wait_ms,
      (payload ->> 'transferred')::boolean as transferred, payload ->> 'callbackId' as callback_id,
      (payload ->> 'resolvedFirstContact')::boolean as resolved, payload ->> 'outcome' as outcome,
      (payload ->> 'durationMs')::float8 as duration_ms
    from contact_event
    where id > ${String(after)}::bigint and id <= ${String(upTo)}::bigint and type in (${sql.join(types)})
    order by id`.execute(db);
  return rows.map((r) => ({
    id: BigInt(r.id),
    source: r.source,
    event: {
      type: r.type,
      at: r.at,
      callId: r.call_id,
      line: r.line,
      waitMs: r.wait_ms,
      transferred: r.transferred ?? false,
      callbackId: r.callback_id,
      resolvedFirstContact: r.resolved ?? false,
      outcome: r.outcome,
      durationMs: r.duration_ms,
    } as unknown as FoldEvent,
  }));
}

const CHUNK = 1000;

/** Facts written once: a batch projected again (after a crash before the cursor moved) adds nothing. */
export async function insertFacts(
  tx: Db,
  f: {
    calls: (CallFact & { source: string })[];
    answers: { source: string; callbackId: string; at: number }[];
    outcomes: (OutcomeFact & { source: string; eventId: bigint })[];
  },
): Promise<void> {
  for (let i = 0; i < f.calls.length; i += CHUNK) {
    await tx
      .insertInto('call_fact')
      .values(
        f.calls.slice(i, i + CHUNK).map((c) => ({
          source: c.source,
          call_id: c.callId,
          line: c.line,
          arrived_ms: c.arrivedAt,
          ended_ms: c.endedAt,
          outcome: c.outcome,
          duration_ms: c.durationMs,
          answered_ms: c.answeredAt,
          queue_wait_ms: c.queueWaitMs,
          callback_id: c.callbackId,
        })),
      )
      .onConflict((oc) => oc.columns(['source', 'call_id']).doNothing())
      .execute();
  }
  for (let i = 0; i < f.answers.length; i += CHUNK) {
    await tx
      .insertInto('callback_answer')
      .values(
        f.answers
          .slice(i, i + CHUNK)
          .map((a) => ({ source: a.source, callback_id: a.callbackId, answered_ms: a.at })),
      )
      // The first answer stands.
      .onConflict((oc) => oc.columns(['source', 'callback_id']).doNothing())
      .execute();
  }
  for (let i = 0; i < f.outcomes.length; i += CHUNK) {
    await tx
      .insertInto('outcome_fact')
      .values(
        f.outcomes.slice(i, i + CHUNK).map((o) => ({
          event_id: String(o.eventId),
          source: o.source,
          call_id: o.callId,
          callback_id: o.callbackId,
          at_ms: o.at,
          resolved: o.resolvedFirstContact,
        })),
      )
      .onConflict((oc) => oc.column('event_id').doNothing())
      .execute();
  }
}

/** The calls arrived in [from, to) and their classified conversations, joined as FactSet joins them. */
export async function periodFacts(
  db: Db,
  from: Date,
  to: Date,
): Promise<{ calls: MeasuredCall[]; outcomes: MeasuredOutcome[] }> {
  const range = { from: from.getTime(), to: to.getTime() };
  const [calls, outcomes] = await Promise.all([
    sql<MeasuredCall>`
      select c.line, c.arrived_ms as "arrivedAt", c.ended_ms as "endedAt", c.outcome,
        c.duration_ms as "durationMs", c.answered_ms as "answeredAt", c.queue_wait_ms as "queueWaitMs",
        a.answered_ms as "callbackAnsweredAt"
      from call_fact c
      left join callback_answer a on a.source = c.source and a.callback_id = c.callback_id
      where c.arrived_ms >= ${range.from} and c.arrived_ms < ${range.to}`.execute(db),
    sql<MeasuredOutcome>`
      select c.line, c.arrived_ms as "arrivedAt", o.at_ms as "at", false as "viaCallback",
        o.resolved as "resolvedFirstContact"
      from outcome_fact o join call_fact c on c.source = o.source and c.call_id = o.call_id
      where c.arrived_ms >= ${range.from} and c.arrived_ms < ${range.to}
      union all
      select c.line, c.arrived_ms, o.at_ms, true, o.resolved
      from outcome_fact o join call_fact c on c.source = o.source and c.callback_id = o.callback_id
      where c.arrived_ms >= ${range.from} and c.arrived_ms < ${range.to}`.execute(db),
  ]);
  return { calls: calls.rows, outcomes: outcomes.rows };
}
