import { DateTime } from 'luxon';
import { ZONE } from '../../../platform/calendar.ts';
import type { Db } from '../../../platform/db.ts';
import { invalidField } from '../../../platform/errors.ts';
import { chatFiguresBetween } from '../../chat/index.ts';
import { type ContactEvent, MIN_CHANNELS } from '../../contact-centre/index.ts';
import { ticketsOfPeriod } from '../../helpdesk/index.ts';
import { ratingFiguresBetween } from '../../portal/index.ts';
import { measureAvailability } from '../figures/availability.service.ts';
import { measureOutbound } from '../figures/outbound.service.ts';
import { measureReminders } from '../figures/reminders.service.ts';
import { measureTurnover } from '../figures/turnover.service.ts';
import { StatsCollector } from '../indicators/stats.ts';
import { CallFactFold, FactSet, FOLD_EVENT_TYPES, type FoldEvent } from '../rules/call-facts.ts';
import { helpdeskLevels } from '../rules/helpdesk-levels.ts';
import { OCCUPANCY_EVENTS, type OccupancyEvent, OccupancyFold } from '../rules/occupancy.ts';
import { type PenaltyTable, TENDER_PENALTIES } from '../rules/penalties.ts';
import type { ReportData, ReportKind } from '../rules/report.types.ts';
import * as repo from './reports.repository.ts';

export type { ReportData, ReportKind } from '../rules/report.types.ts';

import {
  definitionsOf,
  GRACE_MS,
  lineServices,
  NOT_MEASURED,
  SlaAccumulator,
  withEuro,
} from './sla.service.ts';

// MR-3, CC-5: what a weekly or monthly report holds, computed from the period's contact events alone, so
// that regenerating a past period gives the same figures.

/** The Rome instants of a report's period, refusing one not yet over (a report is of a past period). */
export function reportPeriod(kind: ReportKind, period: string, now: Date): { from: Date; to: Date } {
  let start: DateTime;
  let end: DateTime;
  if (kind === 'monthly') {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) throw invalidField('period', 'a month is YYYY-MM');
    start = DateTime.fromISO(`${period}-01`, { zone: ZONE });
    end = start.plus({ months: 1 });
  } else {
    if (!/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/.test(period))
      throw invalidField('period', 'a week is YYYY-Www (ISO week, e.g. 2026-W45)');
    start = DateTime.fromISO(`${period}-1`, { zone: ZONE });
    if (!start.isValid || start.toFormat("kkkk-'W'WW") !== period)
      throw invalidField('period', 'that ISO week does not exist');
    end = start.plus({ weeks: 1 });
  }
  if (end.toMillis() > now.getTime()) throw invalidField('period', 'the period is not over yet');
  return { from: start.toJSDate(), to: end.toJSDate() };
}

/** A report's figures from the stored contact events of its period (no clock read: deterministic). */
export async function reportData(
  db: Db,
  q: { kind: ReportKind; period: string; from: Date; to: Date },
  table: PenaltyTable = TENDER_PENALTIES,
): Promise<ReportData> {
  const from = q.from.getTime();
  const to = q.to.getTime();
  const services = lineServices();
  const stats = new StatsCollector({ from, until: to });
  const facts = new FactSet();
  const factFold = new CallFactFold(facts);
  const occupancy = new OccupancyFold(from, to);
  /** Calls that arrived in the period: after it, only their events are read. */
  const calls = new Set<string>();
  /** The callbacks they asked for: a callback answered after the period still measures its call. */
  const callbacks = new Set<string>();
  const sources = new Set<string>();
  await repo.forEachEvent(db, { from: q.from, to: new Date(to + GRACE_MS) }, (payload, source) => {
    const e = payload as unknown as ContactEvent;
    if (e.type === 'call.arrived') {
      if (e.at >= to) return;
      calls.add(e.callId);
    }
    if (e.type === 'callback.requested' && calls.has(e.callId)) callbacks.add(e.callbackId);
    if (e.at >= to) {
      const callId = (e as { callId?: unknown }).callId;
      const callbackId = (e as { callbackId?: unknown }).callbackId;
      const ours =
        (typeof callId === 'string' && calls.has(callId)) ||
        (typeof callbackId === 'string' && callbacks.has(callbackId));
      if (!ours) {
        // Past the period, only the ends that give channels back (for the count) are still needed.
        if (e.type === 'outbound.ended') occupancy.add(e);
        return;
      }
    } else {
      sources.add(source);
    }
    stats.emit(e);
    if (FOLDED.has(e.type)) factFold.add(e as unknown as FoldEvent);
    if (OCCUPANCY_EVENTS.has(e.type)) occupancy.add(e as OccupancyEvent);
  });
  // Agents still working at the period's end worked up to it.
  const report = stats.report(to);
  const sla = new SlaAccumulator(table, services);
  sla.measure(facts.measuredCalls(from, to), facts.measuredOutcomes(from, to), to + GRACE_MS);
  return {
    kind: q.kind,
    period: q.period,
    from: q.from.toISOString(),
    to: q.to.toISOString(),
    sources: [...sources].sort(),
    traffic: {
      targetSeconds: report.targetSeconds,
      total: report.total,
      byDay: report.byDay.filter((d) => d.date >= isoDate(from) && d.date < isoDate(to)),
      byHour: report.byHour,
      byQueue: [...report.byQueue].sort((a, b) => a.queueId.localeCompare(b.queueId)),
      byRequestType: [...report.byRequestType].sort((a, b) => a.requestType.localeCompare(b.requestType)),
      byLine: [...report.byLine].sort((a, b) => a.line.localeCompare(b.line)),
      outcomes: report.outcomes,
      surveys: report.surveys,
    },
    sla: {
      source: table.source,
      definitions: definitionsOf(table),
      services: sla.result(null),
      notMeasured: NOT_MEASURED.map((n) => ({ ...n })),
      availability: await measureAvailability(db, q.from, q.to),
      // Batches finished within the period only: the same figures whenever it is made.
      outbound: withEuro(await measureOutbound(db, q.from, q.to, q.to), null),
      // The year so far at the period's last day, as the register stands (final in December's).
      turnover: await measureTurnover(db, isoDate(to - 1), isoDate(to), null),
      // The period's tickets as they stood at its end (HD-6, MR-5).
      helpdesk: helpdeskLevels(await ticketsOfPeriod(db, q.from, q.to, q.to)).map((l) => ({
        ...l,
        penaltyEuro: null,
      })),
    },
    occupancy: occupancy.result((line) => MIN_CHANNELS[services.get(line) ?? ''] ?? 1),
    chat: await chatFiguresBetween(db, q.from, q.to),
    reminders: await measureReminders(db, q.from, q.to),
    portalRatings: await ratingFiguresBetween(db, q.from, q.to),
  };
}

const FOLDED: ReadonlySet<string> = new Set(FOLD_EVENT_TYPES);

const isoDate = (ms: number) => DateTime.fromMillis(ms, { zone: ZONE }).toISODate()!;
