import { sql } from 'kysely';
import type { Db } from '../../platform/db.ts';

// Reporting reads the event stores other modules write (issue 12): never writes them.

/** Ids read per query when walking a period's events. */
const ID_WINDOW = 50_000n;

/**
 * The ids of the events of [from, to), found on the time index. Events are stored in the order they
 * happened, so the period is then walked by primary-key windows: each page is a range of the key, whatever
 * the planner thinks of the time index (paging by LIMIT let it rescan the month for every page).
 */
async function idRange(db: Db, from: Date, to: Date): Promise<{ first: bigint; last: bigint } | null> {
  const r = await db
    .selectFrom('contact_event')
    .select((eb) => [eb.fn.min('id').as('first'), eb.fn.max('id').as('last')])
    .where('at', '>=', from)
    .where('at', '<', to)
    .executeTakeFirst();
  return r?.first
    ? { first: BigInt(r.first as string | number), last: BigInt(r.last as string | number) }
    : null;
}

/** Every contact event in [from, to), in order, page by page. */
export async function forEachEvent(
  db: Db,
  q: { from: Date; to: Date },
  fn: (e: Record<string, unknown>, source: string) => void,
): Promise<void> {
  const range = await idRange(db, q.from, q.to);
  if (!range) return;
  const { first, last } = range;
  for (let lo = first - 1n; lo < last; lo += ID_WINDOW) {
    const hi = lo + ID_WINDOW < last ? lo + ID_WINDOW : last;
    const rows = await db
      .selectFrom('contact_event')
      .select(['id', 'payload', 'source'])
      .where('id', '>', sql<string>`${String(lo)}::bigint`)
      .where('id', '<=', sql<string>`${String(hi)}::bigint`)
      .where('at', '>=', q.from)
      .where('at', '<', q.to)
      .orderBy('id')
      .execute();
    for (const r of rows) fn(r.payload, r.source);
  }
}

/**
 * MR-6: answered inbound calls since `since`, per line and Rome hour of arrival: the waits from the
 * call's start to its first answer (the contract's wait), least, average and most, in seconds.
 */
export async function waitsByHour(
  db: Db,
  since: Date,
): Promise<
  { line: string; hour: number; calls: number; minSeconds: number; avgSeconds: number; maxSeconds: number }[]
> {
  const { rows } = await sql<{
    line: string;
    hour: number | string;
    calls: number | string;
    min: number | string;
    avg: number | string;
    max: number | string;
  }>`
    with arrived as (
      select call_id, at, payload ->> 'line' as line from contact_event
      where type = 'call.arrived' and at >= ${since}),
    answered as (
      select call_id, min(at) as at from contact_event
      where type = 'call.answered' and at >= ${since}
        and coalesce((payload ->> 'transferred')::boolean, false) = false
      group by call_id),
    waits as (
      select a.line, extract(hour from a.at at time zone 'Europe/Rome') as hour,
        extract(epoch from (w.at - a.at)) as seconds
      from arrived a join answered w on w.call_id = a.call_id)
    select line, hour, count(*) as calls, min(seconds) as min, avg(seconds) as avg, max(seconds) as max
    from waits group by line, hour order by line, hour`.execute(db);
  return rows.map((r) => ({
    line: r.line,
    hour: Number(r.hour),
    calls: Number(r.calls),
    minSeconds: Number(r.min),
    avgSeconds: Number(r.avg),
    maxSeconds: Number(r.max),
  }));
}

/** MR-7: first-access bookings requested in [from, to), with what the monitoring needs of each. */
export async function firstAccessBookings(db: Db, from: Date, to: Date) {
  const rows = await db
    .selectFrom('appointment as a')
    .innerJoin('prescription as p', 'p.id', 'a.prescription_id')
    .innerJoin('facility as f', 'f.id', 'a.facility_id')
    .innerJoin('service as s', 's.code', 'a.service_code')
    .select([
      'a.service_code',
      'f.district',
      'a.priority',
      's.kind',
      'a.requested_at',
      'a.first_offered_at',
      'a.within_guarantee',
      'a.start_at',
    ])
    .where('p.access', '=', 'first')
    .where('a.requested_at', '>=', from)
    .where('a.requested_at', '<', to)
    .execute();
  return rows.map((r) => ({
    serviceCode: r.service_code,
    district: r.district,
    priority: r.priority,
    kind: r.kind,
    requestedAt: new Date(r.requested_at),
    firstOfferedAt: r.first_offered_at ? new Date(r.first_offered_at) : null,
    withinGuarantee: r.within_guarantee,
    start: new Date(r.start_at),
  }));
}

/** MR-7: places offered and refused in [from, to) (first accesses), by the refused place's district. */
export async function firstAccessRefusals(db: Db, from: Date, to: Date) {
  const rows = await db
    .selectFrom('declined_offer as d')
    .innerJoin('prescription as p', 'p.id', 'd.prescription_id')
    .innerJoin('slot as sl', 'sl.id', 'd.slot_id')
    .innerJoin('agenda as ag', 'ag.id', 'sl.agenda_id')
    .innerJoin('facility as f', 'f.id', 'ag.facility_id')
    .select(['d.service_code', 'f.district', 'd.priority', 'd.within_guarantee'])
    .where('p.access', '=', 'first')
    .where('d.declined_at', '>=', from)
    .where('d.declined_at', '<', to)
    .execute();
  return rows.map((r) => ({
    serviceCode: r.service_code,
    district: r.district,
    priority: r.priority,
    withinGuarantee: r.within_guarantee,
  }));
}

/** MR-3: a generation of a report, numbered after the period's earlier ones (none lost, none replaced). */
export async function insertReport(
  db: Db,
  r: {
    id: string;
    kind: 'weekly' | 'monthly';
    period: string;
    from: Date;
    to: Date;
    data: Record<string, unknown>;
    generatedAt: Date;
    generatedBy: string | null;
  },
): Promise<number> {
  const { rows } = await sql<{ version: number }>`
    insert into report (id, kind, period, from_at, to_at, version, data, generated_at, generated_by)
    select ${r.id}, ${r.kind}, ${r.period}, ${r.from}, ${r.to}, coalesce(max(version), 0) + 1,
      ${JSON.stringify(r.data)}::jsonb, ${r.generatedAt}, ${r.generatedBy}
    from report where kind = ${r.kind} and period = ${r.period}
    returning version`.execute(db);
  return rows[0]!.version;
}

export const hasReport = async (db: Db, kind: string, period: string) =>
  (await db
    .selectFrom('report')
    .select('id')
    .where('kind', '=', kind as 'weekly')
    .where('period', '=', period)
    .executeTakeFirst()) !== undefined;

/** Every generation, newest period first (data left out: the list stays small). */
export async function listReports(db: Db) {
  return db
    .selectFrom('report as r')
    .leftJoin('app_user as u', 'u.id', 'r.generated_by')
    .select([
      'r.id',
      'r.kind',
      'r.period',
      'r.from_at',
      'r.to_at',
      'r.version',
      'r.generated_at',
      'u.username as generated_by',
    ])
    .orderBy('r.from_at', 'desc')
    .orderBy('r.kind')
    .orderBy('r.version', 'desc')
    .limit(500)
    .execute();
}

export const findReport = (db: Db, id: string) =>
  db
    .selectFrom('report as r')
    .leftJoin('app_user as u', 'u.id', 'r.generated_by')
    .selectAll('r')
    .select('u.username as generated_by_name')
    .where('r.id', '=', id)
    .executeTakeFirst();

export const decisionsOf = (db: Db, reportId: string) =>
  db
    .selectFrom('capacity_decision as d')
    .innerJoin('app_user as u', 'u.id', 'd.decided_by')
    .select(['d.id', 'd.line', 'd.channels_from', 'd.channels_to', 'd.note', 'd.decided_at', 'u.username'])
    .where('d.report_id', '=', reportId)
    .orderBy('d.decided_at')
    .execute();

export const insertDecision = (
  db: Db,
  d: {
    id: string;
    reportId: string;
    line: string;
    from: number;
    to: number;
    note: string;
    by: string;
    at: Date;
  },
) =>
  db
    .insertInto('capacity_decision')
    .values({
      id: d.id,
      report_id: d.reportId,
      line: d.line,
      channels_from: d.from,
      channels_to: d.to,
      note: d.note,
      decided_by: d.by,
      decided_at: d.at,
    })
    .execute();

export interface ContactRow {
  callId: string;
  arrivedAt: Date;
  line: string;
  callerId: string;
  outcome: string | null;
  requestType: string | null;
  queueId: string | null;
  durationMs: number | null;
  talkMs: number | null;
  agentId: string | null;
  resolvedFirstContact: boolean | null;
  escalated: boolean | null;
  surveyScore: number | null;
  eventId: string;
}

/**
 * MR-1: inbound contacts that arrived in [from, to), newest first, with how each ended (call.ended), who
 * answered (first call.answered), its outcome (call.outcome) and its survey's mean score; filtered, a page
 * after the keyset `before` (arrival, event id).
 */
export async function searchContacts(
  db: Db,
  q: {
    from: Date;
    to: Date;
    callers: string[] | null;
    line: string | null;
    requestType: string | null;
    outcome: string | null;
    before: { at: Date; id: string } | null;
    limit: number;
  },
): Promise<ContactRow[]> {
  const { rows } = await sql<{
    call_id: string;
    at: Date;
    line: string;
    caller: string;
    outcome: string | null;
    request_type: string | null;
    queue_id: string | null;
    duration_ms: string | number | null;
    talk_ms: string | number | null;
    agent_id: string | null;
    resolved: boolean | null;
    escalated: boolean | null;
    score: string | number | null;
    id: string | number;
  }>`
    select a.call_id, a.at, a.line, a.payload ->> 'callerId' as caller, a.id,
      e.payload ->> 'outcome' as outcome,
      coalesce(o.payload ->> 'requestType', e.payload ->> 'requestType') as request_type,
      e.payload ->> 'queueId' as queue_id,
      (e.payload ->> 'durationMs')::bigint as duration_ms, (e.payload ->> 'talkMs')::bigint as talk_ms,
      w.agent_id, (o.payload ->> 'resolvedFirstContact')::boolean as resolved,
      (o.payload ->> 'escalated')::boolean as escalated, s.score
    from contact_event a
    left join lateral (
      select payload from contact_event
      where call_id = a.call_id and type = 'call.ended' order by id limit 1) e on true
    left join lateral (
      select agent_id from contact_event
      where call_id = a.call_id and type = 'call.answered' order by id limit 1) w on true
    left join lateral (
      select payload from contact_event
      where call_id = a.call_id and type = 'call.outcome' order by id limit 1) o on true
    left join lateral (
      select avg((payload ->> 'score')::numeric) as score from contact_event
      where call_id = a.call_id and type = 'survey.answer') s on true
    where a.type = 'call.arrived' and a.at >= ${q.from} and a.at < ${q.to}
      ${q.callers ? sql`and a.payload ->> 'callerId' in (${sql.join(q.callers)})` : sql``}
      ${q.line ? sql`and a.line = ${q.line}` : sql``}
      ${q.outcome ? sql`and e.payload ->> 'outcome' = ${q.outcome}` : sql``}
      ${q.requestType ? sql`and coalesce(o.payload ->> 'requestType', e.payload ->> 'requestType') = ${q.requestType}` : sql``}
      ${q.before ? sql`and (a.at, a.id) < (${q.before.at}, ${q.before.id}::bigint)` : sql``}
    order by a.at desc, a.id desc
    limit ${q.limit}`.execute(db);
  const num = (v: string | number | null) => (v === null ? null : Number(v));
  return rows.map((r) => ({
    callId: r.call_id,
    arrivedAt: new Date(r.at),
    line: r.line,
    callerId: r.caller,
    outcome: r.outcome,
    requestType: r.request_type,
    queueId: r.queue_id,
    durationMs: num(r.duration_ms),
    talkMs: num(r.talk_ms),
    agentId: r.agent_id,
    resolvedFirstContact: r.resolved,
    escalated: r.escalated,
    surveyScore: num(r.score),
    eventId: String(r.id),
  }));
}

/** MR-1: a contact's events in order — the call's, its survey's, and those of the callbacks it asked. */
export async function contactEvents(db: Db, callId: string) {
  // The call's events, its callbacks' (keyed by the callback id), and those of the callbacks' outbound
  // legs (keyed by the leg id: the conversation's classification, the leg's end).
  const rows = await sql<{
    id: string;
    at: Date;
    type: string;
    call_id: string | null;
    line: string | null;
    queue_id: string | null;
    agent_id: string | null;
    payload: Record<string, unknown>;
  }>`
    with callbacks as (
      select payload ->> 'callbackId' as id from contact_event
      where call_id = ${callId} and type = 'callback.requested'
    ), legs as (
      select payload ->> 'legId' as id from contact_event
      where call_id in (select id from callbacks) and type = 'callback.dialled'
    )
    select id, at, type, call_id, line, queue_id, agent_id, payload from contact_event
    where call_id = ${callId} or call_id in (select id from callbacks) or call_id in (select id from legs)
    order by id
    limit 1000`.execute(db);
  return rows.rows;
}

/** MR-5: the centre's heartbeats in [from, to), the one before (it covers the start), and the first ever. */
export async function heartbeats(db: Db, from: Date, to: Date) {
  const [inPeriod, before, first] = await Promise.all([
    db
      .selectFrom('contact_event')
      .select('at')
      .where('type', '=', 'centre.heartbeat')
      .where('at', '>=', from)
      .where('at', '<', to)
      .orderBy('at')
      .execute(),
    db
      .selectFrom('contact_event')
      .select('at')
      .where('type', '=', 'centre.heartbeat')
      .where('at', '<', from)
      .orderBy('at', 'desc')
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom('contact_event')
      .select('at')
      .where('type', '=', 'centre.heartbeat')
      .orderBy('at')
      .limit(1)
      .executeTakeFirst(),
  ]);
  const ms = (d: Date | string) => new Date(d).getTime();
  return {
    beats: [...(before ? [ms(before.at)] : []), ...inPeriod.map((r) => ms(r.at))],
    firstEver: first ? ms(first.at) : null,
  };
}

export const maintenanceWindows = (db: Db, from: Date, to: Date) =>
  db
    .selectFrom('maintenance_window as m')
    .innerJoin('app_user as u', 'u.id', 'm.declared_by')
    .select(['m.id', 'm.from_at', 'm.to_at', 'm.note', 'm.declared_at', 'u.username'])
    .where('m.to_at', '>', from)
    .where('m.from_at', '<', to)
    .orderBy('m.from_at')
    .execute();

export const insertMaintenance = (
  db: Db,
  m: { id: string; from: Date; to: Date; note: string; by: string; at: Date },
) =>
  db
    .insertInto('maintenance_window')
    .values({ id: m.id, from_at: m.from, to_at: m.to, note: m.note, declared_by: m.by, declared_at: m.at })
    .execute();

/** MR-3: when a period's report was first made (its version 1), if it was. */
export async function firstMade(db: Db, kind: 'weekly' | 'monthly', period: string): Promise<Date | null> {
  const r = await db
    .selectFrom('report')
    .select((eb) => eb.fn.min('generated_at').as('at'))
    .where('kind', '=', kind)
    .where('period', '=', period)
    .executeTakeFirst();
  return r?.at ? new Date(r.at as Date | string) : null;
}
