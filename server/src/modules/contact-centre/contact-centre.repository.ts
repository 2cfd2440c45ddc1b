import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../platform/db.ts';
import { declarePurge } from '../../platform/retention.ts';

// All SQL of the live contact centre: the append-only contact_event table, the agents behind app users,
// and the indicator queries of the wallboard (MR-4). Rows are mapped to domain types here.

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

const HOUR_MS = 3_600_000;

/**
 * Appends events in the order given (ids grow in that order), in one transaction; an event whose key is
 * stored is skipped. The wallboard's hourly counts (contact_hour) are kept in the same transaction, from
 * the rows actually inserted.
 */
export async function insertContactEvents(db: Db, events: readonly NewContactEvent[]): Promise<void> {
  if (events.length === 0) return;
  if (!db.isTransaction) {
    await db.transaction().execute((tx) => insertContactEvents(tx, events));
    return;
  }
  await sql`select pg_advisory_xact_lock_shared(${APPEND_LOCK})`.execute(db);
  const ids: string[] = [];
  for (let i = 0; i < events.length; i += INSERT_CHUNK) {
    const inserted = await db
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
      .returning('id')
      .execute();
    for (const r of inserted) ids.push(String(r.id));
  }
  // Only the rows inserted now: an event already stored (its key) was counted when it was.
  if (ids.length > 0) await addHourCounts(db, sql<boolean>`id = any(${ids}::bigint[])`);
}

/** The events the hourly counts add up, and the wallboard's windows count: calls in, refused, answered. */
const COUNTED = sql<boolean>`type in ('call.arrived', 'call.busy', 'call.turned-away', 'call.answered')
  and (type <> 'call.answered' or payload ->> 'transferred' = 'false')`;

/** The counts of the COUNTED events that also meet `when`, as `arrived…`, `refused…`, `answered…`, `wait_ms…`. */
function countColumns(when: RawBuilder<boolean>, suffix = '') {
  return sql`
    count(*) filter (where type = 'call.arrived' and ${when}) as ${sql.ref(`arrived${suffix}`)},
    count(*) filter (where type in ('call.busy', 'call.turned-away') and ${when}) as ${sql.ref(`refused${suffix}`)},
    count(*) filter (where type = 'call.answered' and ${when}) as ${sql.ref(`answered${suffix}`)},
    coalesce(sum((payload ->> 'waitMs')::float8) filter (where type = 'call.answered' and ${when}), 0)
      as ${sql.ref(`wait_ms${suffix}`)}`;
}

/** Adds the COUNTED events among `rows` of contact_event to their source's and hour's counts. */
async function addHourCounts(db: Db, rows: RawBuilder<boolean>): Promise<void> {
  await sql`
    insert into contact_hour (source, hour, arrived, refused, answered, wait_ms)
      select source, date_trunc('hour', at, 'UTC'), ${countColumns(sql<boolean>`true`)}
      from contact_event
      where ${rows} and ${COUNTED}
      group by 1, 2
    on conflict (source, hour) do update set
      arrived = contact_hour.arrived + excluded.arrived,
      refused = contact_hour.refused + excluded.refused,
      answered = contact_hour.answered + excluded.answered,
      wait_ms = contact_hour.wait_ms + excluded.wait_ms`.execute(db);
}

/**
 * Counts into contact_hour the next window of the events stored before contact_hour existed (ids up to
 * the migration's max); returns false once they are all counted. A window and its progress commit together.
 */
export async function backfillHourCounts(db: Db, windowIds: bigint): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('contact_hour_backfill')
      .select(['up_to_id', 'done_id'])
      .where('id', '=', 1)
      .forUpdate()
      .executeTakeFirst();
    if (!row) return false;
    const upTo = BigInt(row.up_to_id);
    const done = BigInt(row.done_id);
    if (done >= upTo) return false;
    const next = done + windowIds;
    const hi = next > upTo ? upTo : next;
    await addHourCounts(tx, sql<boolean>`id > ${String(done)}::bigint and id <= ${String(hi)}::bigint`);
    await tx
      .updateTable('contact_hour_backfill')
      .set({ done_id: String(hi) })
      .where('id', '=', 1)
      .execute();
    return hi < upTo;
  });
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
    from contact_event r
    where r.type = 'callback.requested' and r.source = ${source}
      and r.at >= ${new Date(now.getTime() - CALLBACK_LOOKBACK_MS)}::timestamptz and r.at <= ${now}::timestamptz
      and (r.payload ->> 'expiresAt')::bigint > ${now.getTime()}::bigint
      and not exists (
        select 1 from contact_event t
        where t.call_id = r.payload ->> 'callbackId'
          and (t.type in ('callback.answered', 'callback.expired', 'callback.cancelled')
               or (t.type = 'callback.failed' and t.payload ->> 'final' = 'true'))
      )
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

// Wallboard indicators (MR-4) ---------------------------------------------------------------------------

export interface WindowCounts {
  arrived: number;
  /** Met busy or were turned away (CC-5, CC-6, CC-7). */
  refused: number;
  /** Answered by an agent (first answer, not after a transfer). */
  answered: number;
  /** Average wait in queue of the answered calls, seconds. */
  averageWaitSeconds: number | null;
}

/**
 * Inbound calls in each window ending at `to` (windows are given by their start; `to` included). The
 * whole hours inside a window are summed from contact_hour, only the partial hours at its ends are counted
 * from contact_event: the cost is bounded by two hours of events, whatever the window and the history.
 */
export async function windowCounts<K extends string>(
  db: Db,
  source: string,
  to: Date,
  windows: Record<K, Date>,
): Promise<Record<K, WindowCounts>> {
  const keys = Object.keys(windows) as K[];
  const tail = Math.floor(to.getTime() / HOUR_MS) * HOUR_MS;
  // Per window: events in [from, head) and [tail, to], hours in [head, tail).
  const parts = keys.map((k) => {
    const from = windows[k].getTime();
    const head = Math.min(Math.ceil(from / HOUR_MS) * HOUR_MS, tail);
    return { from, head: Math.max(head, from) };
  });
  const ts = (ms: number) => sql`${new Date(ms)}::timestamptz`;
  const rawColumns = parts.map(({ from, head }, i) =>
    countColumns(
      sql<boolean>`((at >= ${ts(from)} and at < ${ts(head)}) or at >= ${ts(Math.max(tail, from))})`,
      `_${i}`,
    ),
  );
  const ranges = parts.map(({ from, head }) => sql`(at >= ${ts(from)} and at < ${ts(head)})`);
  const hourColumns = parts.map(({ head }, i) => {
    const inWindow = sql`hour >= ${ts(head)}`;
    return sql`
      coalesce(sum(arrived) filter (where ${inWindow}), 0) as ${sql.ref(`arrived_${i}`)},
      coalesce(sum(refused) filter (where ${inWindow}), 0) as ${sql.ref(`refused_${i}`)},
      coalesce(sum(answered) filter (where ${inWindow}), 0) as ${sql.ref(`answered_${i}`)},
      coalesce(sum(wait_ms) filter (where ${inWindow}), 0) as ${sql.ref(`wait_ms_${i}`)}`;
  });
  const earliestHead = Math.min(...parts.map((p) => p.head));
  const [raw, hours] = await Promise.all([
    sql<Record<string, number | string | null>>`
      select ${sql.join(rawColumns)}
      from contact_event
      where source = ${source} and at <= ${to}::timestamptz
        and (${sql.join([...ranges, sql`at >= ${ts(tail)}`], sql` or `)})
        and ${COUNTED}
    `.execute(db),
    sql<Record<string, number | string | null>>`
      select ${sql.join(hourColumns)}
      from contact_hour
      where source = ${source} and hour >= ${ts(earliestHead)} and hour < ${ts(tail)}
    `.execute(db),
  ]);
  const r = raw.rows[0] ?? {};
  const h = hours.rows[0] ?? {};
  const sum = (name: string) => Number(r[name] ?? 0) + Number(h[name] ?? 0);
  const out = {} as Record<K, WindowCounts>;
  keys.forEach((k, i) => {
    const answered = sum(`answered_${i}`);
    out[k] = {
      arrived: sum(`arrived_${i}`),
      refused: sum(`refused_${i}`),
      answered,
      averageWaitSeconds: answered === 0 ? null : sum(`wait_ms_${i}`) / answered / 1000,
    };
  });
  return out;
}

/** An agent's state is looked for at most this far before a window when it did not change inside it. */
const STATE_LOOKBACK = '24 hours';

/**
 * Agent-seconds spent in each state within [from, to), from agent.state events. The state at `from` is
 * the agent's last change before it (within a day, and not before a restart); 'centre.stopped' and
 * 'centre.started' events end every interval, since a stop or a restart logs every agent out.
 */
export async function agentStateSeconds(
  db: Db,
  source: string,
  from: Date,
  to: Date,
): Promise<Record<string, number>> {
  const f = sql`${from}::timestamptz`;
  const t = sql`${to}::timestamptz`;
  const result = await sql<{ state: string; seconds: number | string }>`
    with starts as (
      select at from contact_event
      where type in ('centre.started', 'centre.stopped') and source = ${source} and at < ${t}
    ),
    initial as (
      select distinct on (agent_id) agent_id, ${f} as at, 0::bigint as id, payload ->> 'to' as state
      from contact_event
      where type = 'agent.state' and source = ${source} and at < ${f}
        and at >= greatest(${f} - interval '${sql.raw(STATE_LOOKBACK)}',
                           coalesce((select max(at) from starts where at <= ${f}), '-infinity'::timestamptz))
      order by agent_id, at desc, id desc
    ),
    changes as (
      select agent_id, at, id, payload ->> 'to' as state
      from contact_event
      where type = 'agent.state' and source = ${source} and at >= ${f} and at < ${t}
      union all
      select agent_id, at, id, state from initial
    ),
    intervals as (
      select c.state, c.at,
        least(
          coalesce(lead(c.at) over (partition by c.agent_id order by c.at, c.id), ${t}),
          coalesce((select min(s.at) from starts s where s.at > c.at), ${t})
        ) as until
      from changes c
    )
    select state, sum(extract(epoch from (until - at))) as seconds
    from intervals where until > at
    group by state
  `.execute(db);
  return Object.fromEntries(result.rows.map((r) => [r.state, Number(r.seconds)]));
}

/** Calls entering a queue (not transfers) per service and local hour, from `from` to `to`. */
export async function arrivalsByServiceAndHour(
  db: Db,
  source: string,
  from: Date,
  to: Date,
  zone: string,
): Promise<{ service: string; hour: number; calls: number }[]> {
  const result = await sql<{ service: string; hour: number | string; calls: number | string }>`
    select payload ->> 'service' as service,
      extract(hour from at at time zone ${zone})::int as hour,
      count(*) as calls
    from contact_event
    where type = 'call.queued' and source = ${source}
      and at >= ${from}::timestamptz and at <= ${to}::timestamptz
      and payload ->> 'transferred' = 'false'
    group by 1, 2
    order by 1, 2
  `.execute(db);
  return result.rows.map((r) => ({ service: r.service, hour: Number(r.hour), calls: Number(r.calls) }));
}

/** Calls arrived at the lines per local hour in [from, to] (before the IVR: what the traffic forecast counts). */
export async function arrivedByHour(
  db: Db,
  source: string,
  from: Date,
  to: Date,
  zone: string,
): Promise<Map<number, number>> {
  const result = await sql<{ hour: number | string; calls: number | string }>`
    select extract(hour from at at time zone ${zone})::int as hour, count(*) as calls
    from contact_event
    where type = 'call.arrived' and source = ${source}
      and at >= ${from}::timestamptz and at <= ${to}::timestamptz
    group by 1
  `.execute(db);
  return new Map(result.rows.map((r) => [Number(r.hour), Number(r.calls)]));
}

export interface ServiceLevelCounts {
  /** Calls entering a queue (not transfers): the base of service level and abandonment. */
  offered: number;
  answered: number;
  answeredWithinTarget: number;
  /** Hung up while waiting for an agent, within the target and after it (MR-2). */
  abandonedWithinTarget: number;
  abandonedAfterTarget: number;
  /** Offered calls still waiting at `to` whose wait is under the target: not decided yet. */
  waitingUnderTarget: number;
}

/** The service-level counts between `from` and `to`, with the same rules as the simulator's statistics. */
export async function serviceLevelCounts(
  db: Db,
  source: string,
  from: Date,
  to: Date,
  targetSeconds: number,
): Promise<ServiceLevelCounts> {
  return sumServiceLevelCounts(
    (await serviceLevelCountsByQueue(db, source, from, to, targetSeconds)).values(),
  );
}

/** The centre's counts: the sum of its queues'. */
export function sumServiceLevelCounts(counts: Iterable<ServiceLevelCounts>): ServiceLevelCounts {
  const total = emptyServiceLevelCounts();
  for (const c of counts)
    for (const k of Object.keys(total) as (keyof ServiceLevelCounts)[]) total[k] += c[k];
  return total;
}

const emptyServiceLevelCounts = (): ServiceLevelCounts => ({
  offered: 0,
  answered: 0,
  answeredWithinTarget: 0,
  abandonedWithinTarget: 0,
  abandonedAfterTarget: 0,
  waitingUnderTarget: 0,
});

/** The same counts per queue the calls entered (issue 14 §13); the centre's are their sum. */
export async function serviceLevelCountsByQueue(
  db: Db,
  source: string,
  from: Date,
  to: Date,
  targetSeconds: number,
): Promise<Map<string, ServiceLevelCounts>> {
  const target = targetSeconds * 1000;
  const result = await sql<Record<string, number | string | null>>`
    select
      coalesce(queue_id, '') as queue_id,
      count(*) filter (where type = 'call.queued') as offered,
      count(*) filter (where type = 'call.answered') as answered,
      count(*) filter (where type = 'call.answered' and (payload ->> 'waitMs')::bigint <= ${target})
        as answered_within,
      count(*) filter (where type = 'call.abandoned' and (payload ->> 'waitMs')::bigint <= ${target})
        as abandoned_within,
      count(*) filter (where type = 'call.abandoned' and (payload ->> 'waitMs')::bigint > ${target})
        as abandoned_after
    from contact_event
    where source = ${source} and at >= ${from}::timestamptz and at <= ${to}::timestamptz
      and type in ('call.queued', 'call.answered', 'call.abandoned')
      and payload ->> 'transferred' = 'false'
      and (type <> 'call.abandoned' or payload ->> 'stage' <> 'ivr')
    group by 1
  `.execute(db);
  // Queued within the target before `to` and not yet answered, abandoned or gone (a callback instead).
  const waiting = await sql<{ queue_id: string; n: number | string }>`
    select coalesce(q.queue_id, '') as queue_id, count(*) as n from contact_event q
    where q.source = ${source} and q.type = 'call.queued' and q.payload ->> 'transferred' = 'false'
      and q.at > ${new Date(Math.max(from.getTime(), to.getTime() - target))}::timestamptz
      and q.at <= ${to}::timestamptz
      and not exists (
        select 1 from contact_event e
        where e.source = q.source and e.call_id = q.call_id and e.at >= q.at and e.at <= ${to}::timestamptz
          and e.type in ('call.answered', 'call.abandoned', 'call.ended', 'callback.requested')
      )
    group by 1
  `.execute(db);
  const out = new Map<string, ServiceLevelCounts>();
  const of = (queue: string) => {
    let c = out.get(queue);
    if (!c) {
      c = emptyServiceLevelCounts();
      out.set(queue, c);
    }
    return c;
  };
  for (const r of result.rows) {
    const c = of(String(r.queue_id));
    c.offered = Number(r.offered ?? 0);
    c.answered = Number(r.answered ?? 0);
    c.answeredWithinTarget = Number(r.answered_within ?? 0);
    c.abandonedWithinTarget = Number(r.abandoned_within ?? 0);
    c.abandonedAfterTarget = Number(r.abandoned_after ?? 0);
  }
  for (const r of waiting.rows) of(r.queue_id).waitingUnderTarget = Number(r.n);
  return out;
}

export interface SurveyScore {
  question: string;
  answers: number;
  /** Mean of the 1–5 keypad scores. */
  averageScore: number;
}

/** CC-8: the hot survey's answers between `from` and `to`, per question, in the order first asked. */
export async function surveyScores(db: Db, source: string, from: Date, to: Date): Promise<SurveyScore[]> {
  const result = await sql<{ question: string; answers: number | string; average: number | string }>`
    select payload ->> 'question' as question, count(*) as answers,
      avg((payload ->> 'score')::numeric) as average
    from contact_event
    where type = 'survey.answer' and source = ${source}
      and at >= ${from}::timestamptz and at <= ${to}::timestamptz
    group by 1
    order by min(id)
  `.execute(db);
  return result.rows.map((r) => ({
    question: r.question,
    answers: Number(r.answers),
    averageScore: Number(r.average),
  }));
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
