import { sql } from 'kysely';
import type { Db } from '../../platform/db.ts';
import { declarePurge } from '../../platform/retention.ts';

// All SQL of the live contact centre: the append-only contact_event table and the agents behind app
// users. Rows are mapped to domain types here. (What the events add up to is reporting's.)

/** A contact event ready to be stored: the engine's event plus the keys it is indexed by. */
export interface NewContactEvent {
  at: Date;
  type: string;
  /** The switch that produced it ('simulazione' for the simulated switch). */
  source: string;
  callId: string | null;
  line: string | null;
  queueId: string | null;
  agentId: string | null;
  /** The whole event as the engine emitted it. */
  payload: Record<string, unknown>;
  /** Unique per emitted event: an event written twice (a retry, a replay) is stored once. */
  eventKey?: string | null;
}

export interface StoredContactEvent extends NewContactEvent {
  id: number;
}

/** Rows per INSERT: far below PostgreSQL's 65,535 parameters (8 per row). */
export const INSERT_CHUNK = 1000;

/**
 * Taken shared by every transaction that appends contact events, and exclusively (for an instant) by a
 * reader that wants a horizon: an id below which no append is still in flight (see eventHorizon).
 */
const APPEND_LOCK = 0x5370_6f72; // 'Spor'

/**
 * Appends events in the order given (ids grow in that order), in one transaction; an event whose key is
 * stored is skipped. Under the append lock, shared: eventHorizon waits for appends in flight.
 */
export async function insertContactEvents(db: Db, events: readonly NewContactEvent[]): Promise<void> {
  if (events.length === 0) return;
  if (!db.isTransaction) {
    await db.transaction().execute((tx) => insertContactEvents(tx, events));
    return;
  }
  await sql`select pg_advisory_xact_lock_shared(${APPEND_LOCK})`.execute(db);
  for (let i = 0; i < events.length; i += INSERT_CHUNK) {
    await db
      .insertInto('contact_event')
      .values(
        events.slice(i, i + INSERT_CHUNK).map((e) => ({
          at: e.at,
          type: e.type,
          source: e.source,
          call_id: e.callId,
          line: e.line,
          queue_id: e.queueId,
          agent_id: e.agentId,
          payload: JSON.stringify(e.payload),
          event_key: e.eventKey ?? null,
        })),
      )
      .onConflict((oc) => oc.column('event_key').doNothing())
      .execute();
  }
}

/**
 * The highest contact_event id below which every append has committed: taken under the append lock, so
 * no transaction holding a lower id is still running. A reader following ids (the call facts' projection)
 * reads up to it and never skips a row committed late.
 */
export async function eventHorizon(db: Db): Promise<bigint> {
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(${APPEND_LOCK})`.execute(tx);
    const r = await sql<{ max: string | null }>`select max(id) as max from contact_event`.execute(tx);
    return BigInt(r.rows[0]?.max ?? 0);
  });
}

type EventRow = {
  id: string | number;
  at: Date | string;
  type: string;
  source: string;
  call_id: string | null;
  line: string | null;
  queue_id: string | null;
  agent_id: string | null;
  payload: unknown;
};

const toEvent = (r: EventRow): StoredContactEvent => ({
  id: Number(r.id),
  at: new Date(r.at),
  type: r.type,
  source: r.source,
  callId: r.call_id,
  line: r.line,
  queueId: r.queue_id,
  agentId: r.agent_id,
  payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, unknown>,
});

/** Events in storage order, optionally after an id (for tests and exports). */
export async function listContactEvents(
  db: Db,
  opts: { afterId?: number; source?: string; limit?: number } = {},
): Promise<StoredContactEvent[]> {
  let q = db
    .selectFrom('contact_event')
    .selectAll()
    .orderBy('id')
    .limit(opts.limit ?? 10_000);
  if (opts.afterId !== undefined) q = q.where('id', '>', String(opts.afterId));
  if (opts.source !== undefined) q = q.where('source', '=', opts.source);
  return (await q.execute()).map(toEvent);
}

/**
 * Every event of one inbound call: the call itself, its callback (requested, queued, dialled, answered,
 * failed, expired), the callback's outbound legs and the satisfaction survey about it, in order.
 */
export async function callEvents(db: Db, callId: string): Promise<StoredContactEvent[]> {
  const rows = await sql<EventRow>`
    with callbacks as (
      select payload ->> 'callbackId' as id from contact_event
      where call_id = ${callId} and type = 'callback.requested'
    ),
    legs as (
      select payload ->> 'legId' as id from contact_event
      where (type = 'callback.dialled' and call_id in (select id from callbacks))
         or (type = 'survey.dialled' and call_id = ${callId})
    ),
    ids as (
      select ${callId}::text as id union select id from callbacks union select id from legs
    )
    select * from contact_event where call_id in (select id from ids) order by id
  `.execute(db);
  return rows.rows.map(toEvent);
}

/** The latest inbound calls from a number, or whose callback went to it, newest first. */
export async function callIdsByNumber(db: Db, numbers: readonly string[], limit: number): Promise<string[]> {
  if (numbers.length === 0) return [];
  const rows = await sql<{ call_id: string }>`
    select call_id from (
      select call_id, max(id) as last from contact_event
      where call_id is not null and (
        (type = 'call.arrived' and payload ->> 'callerId' in (${sql.join(numbers)}))
        or (type = 'callback.requested' and payload ->> 'number' in (${sql.join(numbers)}))
      )
      group by call_id
    ) calls
    order by last desc
    limit ${limit}
  `.execute(db);
  return rows.rows.map((r) => r.call_id);
}

/**
 * The calls of a patient, newest first: those whose outcome named them (a callback's outcome counts for
 * the call it came from) and those from or called back on their numbers.
 */
export async function callIdsOfPatient(
  db: Db,
  patientId: string,
  numbers: readonly string[],
  limit: number,
): Promise<string[]> {
  const byNumber =
    numbers.length === 0
      ? sql`false`
      : sql`(type = 'call.arrived' and payload ->> 'callerId' in (${sql.join(numbers)}))
          or (type = 'callback.requested' and payload ->> 'number' in (${sql.join(numbers)}))`;
  const rows = await sql<{ call_id: string }>`
    select call_id from (
      select coalesce(
               (select r.call_id from contact_event r
                 where r.type = 'callback.requested' and e.payload ->> 'callbackId' is not null
                   and r.payload ->> 'callbackId' = e.payload ->> 'callbackId' limit 1),
               e.call_id) as call_id,
             max(e.id) as last
      from contact_event e
      where e.call_id is not null and (
        (e.type = 'call.outcome' and e.payload ->> 'patientId' = ${patientId}) or ${byNumber}
      )
      group by 1
    ) calls
    order by last desc
    limit ${limit}
  `.execute(db);
  return rows.rows.map((r) => r.call_id);
}

/** A callback the caller was promised (callback.requested) that no terminal event has closed. */
export interface PendingCallback {
  callbackId: string;
  callId: string;
  requestedAt: Date;
  line: string;
  number: string;
  queueId: string;
  requestType: string;
  priority: number;
  outOfHours: boolean;
  notBefore: Date;
  expiresAt: Date;
  /** Its place in line (requests stored before this was recorded: their notBefore). */
  enqueuedAt: Date;
  /** Attempts dialled so far, over every run (callback.dialled). */
  attempts: number;
  /** The last failed attempt (callback.failed), if any. */
  lastFailedAt: Date | null;
  /** Its last attempt was dialled and had no outcome when the run ended (see RestoredCallback). */
  attemptInProgress: boolean;
}

/** How far back a still-valid callback request can be (a long holiday weekend, then its expiry). */
const CALLBACK_LOOKBACK_MS = 14 * 86_400_000;

/**
 * The callbacks still pending at `now` (the one definition): `requested` holds the requests of the
 * look-back, `r` is one of them, `still` says it is pending. The requests are read first on their own
 * (materialised): planned together with the anti-join, PostgreSQL scanned every event of the 14 days.
 */
const requested = (source: string, now: Date) => sql`
  with requested as materialized (
    select id, at, call_id, payload from contact_event
    where type = 'callback.requested' and source = ${source}
      and at >= ${new Date(now.getTime() - CALLBACK_LOOKBACK_MS)}::timestamptz and at <= ${now}::timestamptz
  )`;
const still = (now: Date) => sql<boolean>`
  (r.payload ->> 'expiresAt')::bigint > ${now.getTime()}::bigint
  and not exists (
    select 1 from contact_event t
    where t.call_id = r.payload ->> 'callbackId'
      and (t.type in ('callback.answered', 'callback.expired', 'callback.cancelled')
           or (t.type = 'callback.failed' and t.payload ->> 'final' = 'true'))
  )`;

/** How many callbacks are pending (see pendingCallbacks), without reading their attempts. */
export async function countPendingCallbacks(db: Db, source: string, now: Date): Promise<number> {
  const r = await sql<{ n: string | number }>`
    ${requested(source, now)}
    select count(*) as n from requested r where ${still(now)}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * CC-3: callbacks requested and not yet answered, expired or finally failed, still within their expiry,
 * in their order in line (place, then request). This is what a restart must not lose; it is computed
 * from contact_event alone, one row per callback.requested however many restarts took it back.
 */
export async function pendingCallbacks(db: Db, source: string, now: Date): Promise<PendingCallback[]> {
  const rows = await sql<{
    at: Date | string;
    call_id: string;
    payload: Record<string, unknown>;
    attempts: number | string;
    last_failed_at: Date | string | null;
    in_progress: boolean;
  }>`
    ${requested(source, now)}
    select r.at, r.call_id, r.payload,
      (select count(*) from contact_event d
       where d.call_id = r.payload ->> 'callbackId' and d.type = 'callback.dialled') as attempts,
      (select max(f.at) from contact_event f
       where f.call_id = r.payload ->> 'callbackId' and f.type = 'callback.failed') as last_failed_at,
      -- An attempt dialled and neither answered (see below) nor failed: it was ringing when the run ended.
      exists (select 1 from contact_event d
        where d.call_id = r.payload ->> 'callbackId' and d.type = 'callback.dialled'
          and not exists (select 1 from contact_event f
            where f.call_id = d.call_id and f.type = 'callback.failed'
              and f.payload ->> 'legId' = d.payload ->> 'legId')) as in_progress
    from requested r
    where ${still(now)}
    order by coalesce(r.payload ->> 'enqueuedAt', r.payload ->> 'notBefore')::bigint, r.id
  `.execute(db);
  return rows.rows.map((r) => {
    const p = r.payload;
    const notBefore = Number(p.notBefore);
    return {
      callbackId: String(p.callbackId),
      callId: r.call_id,
      requestedAt: new Date(r.at),
      line: String(p.line),
      number: String(p.number),
      queueId: String(p.queueId),
      requestType: String(p.requestType),
      priority: Number(p.priority),
      outOfHours: p.outOfHours === true,
      notBefore: new Date(notBefore),
      expiresAt: new Date(Number(p.expiresAt)),
      enqueuedAt: new Date(p.enqueuedAt === undefined ? notBefore : Number(p.enqueuedAt)),
      attempts: Number(r.attempts),
      lastFailedAt: r.last_failed_at === null ? null : new Date(r.last_failed_at),
      attemptInProgress: r.in_progress === true,
    };
  });
}

// Agents behind app users -----------------------------------------------------------------------------

export interface ContactAgent {
  userId: string;
  agentId: string;
  skills: Record<string, number>;
}

/** The user's agent, created with `defaults` the first time (the demo seed needs no change). */
export async function ensureContactAgent(
  db: Db,
  input: { userId: string; skills: Record<string, number>; now: Date },
): Promise<ContactAgent> {
  await db
    .insertInto('contact_agent')
    .values({
      user_id: input.userId,
      agent_id: input.userId,
      skills: JSON.stringify(input.skills),
      created_at: input.now,
      updated_at: input.now,
    })
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();
  const row = await db
    .selectFrom('contact_agent')
    .selectAll()
    .where('user_id', '=', input.userId)
    .executeTakeFirstOrThrow();
  return { userId: row.user_id, agentId: row.agent_id, skills: row.skills };
}

/** A hot-survey answer with the number of the caller who gave it (OB-6: low scores are called back). */
export interface SurveyAnswerRow {
  /** The event's id: readers keep their place by it. */
  id: string;
  surveyId: string;
  /** The rated call, and the number it came from (null when withheld or no longer stored). */
  callId: string;
  callerId: string | null;
  agentId: string;
  question: string;
  score: number;
  at: Date;
}

/** Survey answers stored after event `afterId`, in order; at most `limit`. */
export async function surveyAnswersAfter(db: Db, afterId: string, limit: number): Promise<SurveyAnswerRow[]> {
  const result = await sql<{ id: string; payload: Record<string, unknown>; at: Date; caller: string | null }>`
    select e.id, e.payload, e.at,
      (select c.payload ->> 'callerId' from contact_event c
        where c.type = 'call.arrived' and c.call_id = e.payload ->> 'callId' limit 1) as caller
    from contact_event e
    where e.type = 'survey.answer' and e.id > ${afterId}::bigint
    order by e.id
    limit ${limit}`.execute(db);
  return result.rows.map((r) => ({
    id: String(r.id),
    surveyId: String(r.payload.surveyId),
    callId: String(r.payload.callId),
    callerId: r.caller,
    agentId: String(r.payload.agentId),
    question: String(r.payload.question),
    score: Number(r.payload.score),
    at: new Date(r.at),
  }));
}

/** Deletes the contact events recorded before `before` (the retention job). */
export async function deleteContactEventsBefore(db: Db, before: Date): Promise<number> {
  return db.transaction().execute(async (tx) => {
    await declarePurge(tx, 'contact_event', before);
    const r = await tx.deleteFrom('contact_event').where('at', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows);
  });
}
