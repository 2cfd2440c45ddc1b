import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { audit } from '../../../platform/audit.ts';
import { ZONE } from '../../../platform/calendar.ts';
import type { Clock } from '../../../platform/clock.ts';
import { actorOf, type RequestContext } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { fail, invalidField, notFound } from '../../../platform/errors.ts';
import type { ReportData, ReportKind, StoredReport } from '../rules/report.types.ts';
import { reportData, reportPeriod } from './report-data.service.ts';
import * as repo from './reports.repository.ts';

export type { StoredReport } from '../rules/report.types.ts';

// MR-3: reports made by the scheduled job (or on demand), stored as made, listed and read back; CC-5's
// capacity decisions recorded against the occupancy report that called for them.

/** Makes and stores a report of a past period; a period made before gets a new version beside the old. */
export async function generateReport(
  db: Db,
  ctx: RequestContext,
  q: { kind: ReportKind; period: string },
): Promise<{ id: string; version: number }> {
  const { from, to } = reportPeriod(q.kind, q.period, ctx.clock.now());
  const data = await reportData(db, { ...q, from, to });
  const id = randomUUID();
  const version = await db.transaction().execute(async (tx) => {
    const v = await repo.insertReport(tx, {
      id,
      ...q,
      from,
      to,
      data: data as unknown as Record<string, unknown>,
      generatedAt: ctx.clock.now(),
      generatedBy: ctx.actor?.id ?? null,
    });
    await audit(tx, ctx, { action: 'create', resourceType: 'Report', resourceId: id, purpose: q.period });
    return v;
  });
  return { id, version };
}

export async function listReports(db: Db, ctx: RequestContext) {
  const rows = await repo.listReports(db);
  await audit(db, ctx, { action: 'search', resourceType: 'Report' });
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    period: r.period,
    from: new Date(r.from_at).toISOString(),
    to: new Date(r.to_at).toISOString(),
    version: r.version,
    generatedAt: new Date(r.generated_at).toISOString(),
    generatedBy: r.generated_by ?? null,
  }));
}

export async function getReport(db: Db, ctx: RequestContext, id: string): Promise<StoredReport> {
  const r = (await repo.findReport(db, id)) ?? fail(notFound('report', 'id'));
  const decisions = await repo.decisionsOf(db, id);
  await audit(db, ctx, { action: 'read', resourceType: 'Report', resourceId: id });
  return {
    id: r.id,
    kind: r.kind,
    period: r.period,
    version: r.version,
    generatedAt: new Date(r.generated_at).toISOString(),
    generatedBy: r.generated_by_name ?? null,
    data: r.data as unknown as ReportData,
    decisions: decisions.map((d) => ({
      id: d.id,
      line: d.line,
      channelsFrom: d.channels_from,
      channelsTo: d.channels_to,
      note: d.note,
      decidedAt: new Date(d.decided_at).toISOString(),
      decidedBy: d.username,
    })),
  };
}

/**
 * CC-5: the manager applies (or sets otherwise) a line's channels after an occupancy report; the decision
 * is kept with the report and the figures it answered. The trunk itself is the carrier's to change.
 */
export async function recordCapacityDecision(
  db: Db,
  ctx: RequestContext,
  reportId: string,
  input: { line: string; channels: number; note?: string | undefined },
): Promise<{ id: string }> {
  const actor = actorOf(ctx);
  const r = (await repo.findReport(db, reportId)) ?? fail(notFound('report', 'reportId'));
  const data = r.data as unknown as ReportData;
  const line = data.occupancy.find((l) => l.line === input.line);
  if (!line) throw invalidField('line', 'the report has no such line');
  if (input.channels === line.channels)
    throw invalidField('channels', 'that is already the number of channels');
  const id = randomUUID();
  await db.transaction().execute(async (tx) => {
    await repo.insertDecision(tx, {
      id,
      reportId,
      line: input.line,
      from: line.channels,
      to: input.channels,
      note: input.note?.trim() ?? '',
      by: actor.id,
      at: ctx.clock.now(),
    });
    await audit(tx, ctx, {
      action: 'create',
      resourceType: 'CapacityDecision',
      resourceId: id,
      purpose: `${input.line}: ${line.channels}→${input.channels}`,
    });
  });
  return { id };
}

/**
 * The scheduled job: the last month's report (the contract wants it by the 15th: it is made on the 1st),
 * and, during the contract's first four months, each week's; periods missed while the server was down
 * are made on the next run. A period already made is left alone.
 */
export async function makeDueReports(db: Db, clock: Clock, contractStart: string | null): Promise<string[]> {
  const ctx: RequestContext = { requestId: 'reports-job', actor: null, clock };
  const now = clock.now();
  const rome = DateTime.fromJSDate(now, { zone: ZONE });
  const made: string[] = [];
  const due: { kind: ReportKind; period: string }[] = [];
  // Months: the last one, and any the job missed since the contract began (a year back at most).
  const lastMonth = rome.minus({ months: 1 }).startOf('month');
  const start = contractStart ? DateTime.fromISO(contractStart, { zone: ZONE }) : null;
  let month = start ? DateTime.max(start.startOf('month'), lastMonth.minus({ months: 11 })) : lastMonth;
  for (; month <= lastMonth; month = month.plus({ months: 1 }))
    due.push({ kind: 'monthly', period: month.toFormat('yyyy-MM') });
  // Weeks: every complete week that touches the contract's first four months, missed ones included.
  if (start) {
    const lastWeek = rome.minus({ weeks: 1 }).startOf('week');
    for (
      let week = start.startOf('week');
      week <= lastWeek && week < start.plus({ months: 4 });
      week = week.plus({ weeks: 1 })
    )
      due.push({ kind: 'weekly', period: week.toFormat("kkkk-'W'WW") });
  }
  for (const d of due) {
    if (await repo.hasReport(db, d.kind, d.period)) continue;
    await generateReport(db, ctx, d);
    made.push(`${d.kind} ${d.period}`);
  }
  return made;
}
