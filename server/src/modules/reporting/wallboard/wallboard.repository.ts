import { sql } from 'kysely';
import type { Db } from '../../../platform/db.ts';
import type { ContactEvent } from '../../contact-centre/index.ts';
import type { Counters } from '../indicators/indicators.ts';

// The wallboard's stored figures (MR-4): the hours folded by the statistics' code (call_hour, its job's
// watermark and cursor), the events a refresh folds itself, and the agents' and the survey's time series.

/** The events the calls' counts are folded from (StatsCollector's calls; agents' time is by state). */
const CALL_EVENT_TYPES = [
  'call.arrived',
  'call.busy',
  'call.turned-away',
  'call.out-of-hours',
  'call.queued',
  'call.presented',
  'call.answered',
  'call.abandoned',
  'call.ended',
  'callback.requested',
  'callback.answered',
] as const;

/** A source's call events with `from <= at < to` and id at most `maxId`, in the order they were stored. */
export async function callEvents(
  db: Db,
  q: { source: string; from: Date; to: Date; maxId?: bigint },
): Promise<ContactEvent[]> {
  let query = db
    .selectFrom('contact_event')
    .select('payload')
    .where('type', 'in', CALL_EVENT_TYPES)
    .where('source', '=', q.source)
    .where('at', '>=', q.from)
    .where('at', '<', q.to)
    .orderBy('id');
  if (q.maxId !== undefined) query = query.where('id', '<=', String(q.maxId));
  return (await query.execute()).map((r) => r.payload as unknown as ContactEvent);
}

export interface HourRow {
  hour: Date;
  /** '' for every call of the hour. */
  queueId: string;
  /** The queue's service ('' on the hour's row). */
  service: string;
  counters: Counters;
}

/** The folded hours of a source in [from, to). */
export async function hourRows(db: Db, source: string, from: Date, to: Date): Promise<HourRow[]> {
  const rows = await db
    .selectFrom('call_hour')
    .select(['hour', 'queue_id', 'service', 'counters'])
    .where('source', '=', source)
    .where('hour', '>=', from)
    .where('hour', '<', to)
    .execute();
  return rows.map((r) => ({
    hour: new Date(r.hour),
    queueId: r.queue_id,
    service: r.service,
    counters: r.counters as Counters,
  }));
}

/** Replaces a source's hours in [from, to) by `rows`. */
export async function replaceHours(
  db: Db,
  source: string,
  from: Date,
  to: Date,
  rows: readonly HourRow[],
): Promise<void> {
  await db
    .deleteFrom('call_hour')
    .where('source', '=', source)
    .where('hour', '>=', from)
    .where('hour', '<', to)
    .execute();
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto('call_hour')
      .values(
        rows.slice(i, i + 1000).map((r) => ({
          source,
          hour: r.hour,
          queue_id: r.queueId,
          service: r.service,
          counters: JSON.stringify(r.counters),
        })),
      )
      .execute();
  }
}

/** Hours no window reads any more. */
export async function dropHoursBefore(db: Db, before: Date): Promise<void> {
  await db.deleteFrom('call_hour').where('hour', '<', before).execute();
}

/** Up to when each source's hours are folded. */
export async function settledUntil(db: Db): Promise<Map<string, Date>> {
  const rows = await db.selectFrom('call_hour_source').select(['source', 'settled_until']).execute();
  return new Map(rows.map((r) => [r.source, new Date(r.settled_until)]));
}

export async function setSettledUntil(db: Db, source: string, until: Date): Promise<void> {
  await db
    .insertInto('call_hour_source')
    .values({ source, settled_until: until })
    .onConflict((oc) => oc.column('source').doUpdateSet({ settled_until: until }))
    .execute();
}

/** The cursor's last id, locked for the transaction (one fold of hours at a time). */
export async function lockCursor(tx: Db): Promise<bigint> {
  const r = await tx
    .selectFrom('call_hour_cursor')
    .select('last_id')
    .where('id', '=', 1)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return BigInt(r.last_id);
}

export async function saveCursor(tx: Db, lastId: bigint): Promise<void> {
  await tx
    .updateTable('call_hour_cursor')
    .set({ last_id: String(lastId) })
    .where('id', '=', 1)
    .execute();
}

/** Per source, the earliest time among the events stored with ids in (after, upTo]. */
export async function earliestStored(db: Db, after: bigint, upTo: bigint): Promise<Map<string, Date>> {
  const r = await sql<{ source: string; at: Date | string }>`
    select source, min(at) as at from contact_event
    where id > ${String(after)}::bigint and id <= ${String(upTo)}::bigint
    group by source
  `.execute(db);
  return new Map(r.rows.map((x) => [x.source, new Date(x.at)]));
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
