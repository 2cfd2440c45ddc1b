import { sql } from 'kysely';
import type { Db } from '../../../platform/db.ts';

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
