import { sql } from 'kysely';
import type { Db } from '../../../platform/db.ts';

// Reporting reads the event stores other modules write (issue 12): never writes them.

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
