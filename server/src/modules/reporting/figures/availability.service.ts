import { randomUUID } from 'node:crypto';
import { audit } from '../../../platform/audit.ts';
import { actorOf, type RequestContext } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { invalidField } from '../../../platform/errors.ts';
import { basilicataCentre, HEARTBEAT_MS, OpeningCalendar } from '../../contact-centre/index.ts';
import { availability, type Interval, merge, TENDER_AVAILABILITY } from '../rules/availability.ts';
import type { AvailabilityResult } from '../rules/report.types.ts';
import * as repo from './figures.repository.ts';

// MR-5 (issue 12 §2): the IVR's continuity and the operators' technical unavailability, measured from
// the live centre's heartbeats, with declared maintenance taken out.

const HOUR_MS = 3_600_000;
const MAX_MAINTENANCE_MS = 72 * HOUR_MS;

/**
 * The opening hours of the lines where operators answer citizens (CUP and regional line; not the
 * discontinued numbers, which only play a message), within [from, to).
 */
function workingHours(from: number, to: number): Interval[] {
  return merge(
    basilicataCentre()
      .lines.filter((l) => (l.service === 'cup' || l.service === 'regionale') && !l.redirect)
      .flatMap((l) => new OpeningCalendar(l.hours).openIntervals(from, to)),
  );
}

/** The period's availability; `until` cuts a period still running at now. */
export async function measureAvailability(db: Db, from: Date, to: Date): Promise<AvailabilityResult> {
  const [{ beats, firstEver }, windows] = await Promise.all([
    repo.heartbeats(db, from, to),
    repo.maintenanceWindows(db, from, to),
  ]);
  const a = availability({
    from: from.getTime(),
    to: to.getTime(),
    beats,
    firstBeatEver: firstEver,
    maintenance: windows.map((w) => [new Date(w.from_at).getTime(), new Date(w.to_at).getTime()]),
    open: workingHours(from.getTime(), to.getTime()),
    coverMs: 2 * HEARTBEAT_MS,
  });
  const t = TENDER_AVAILABILITY;
  const points = a.ivr === null ? 0 : Math.floor(Math.max(0, (t.ivrThreshold - a.ivr) * 100) + 1e-9);
  const hours = Math.ceil(a.downWorkingMs / HOUR_MS - 1e-9);
  return {
    source: t.source,
    measuredFrom: a.measuredFrom === null ? null : new Date(a.measuredFrom).toISOString(),
    ivr: {
      measured: a.ivr,
      threshold: t.ivrThreshold,
      met: a.ivr === null ? null : a.ivr >= t.ivrThreshold,
      points,
      penaltyShare: points * t.ivrPenaltyPerPoint,
    },
    downMinutes: Math.round(a.downMs / 60_000),
    maintenanceMinutes: Math.round(a.maintenanceMs / 60_000),
    technical: {
      downWorkingMinutes: Math.round(a.downWorkingMs / 60_000),
      workingHours: hours,
      penaltyEuro: hours * t.technicalEuroPerWorkingHour,
    },
    outages: a.outages.slice(0, 100).map(([s, e]) => ({
      from: new Date(s).toISOString(),
      to: new Date(e).toISOString(),
    })),
  };
}

/** A maintenance window, declared before it begins (never to excuse an outage after the fact). */
export async function declareMaintenance(
  db: Db,
  ctx: RequestContext,
  input: { from: string; to: string; note: string },
): Promise<{ id: string }> {
  const actor = actorOf(ctx);
  const now = ctx.clock.now();
  const from = new Date(input.from);
  const to = new Date(input.to);
  if (Number.isNaN(from.getTime())) throw invalidField('from', 'not a date-time');
  if (Number.isNaN(to.getTime())) throw invalidField('to', 'not a date-time');
  if (from.getTime() <= now.getTime()) throw invalidField('from', 'maintenance is declared before it begins');
  if (to.getTime() <= from.getTime()) throw invalidField('to', 'the window ends before it begins');
  if (to.getTime() - from.getTime() > MAX_MAINTENANCE_MS)
    throw invalidField('to', 'a window is at most 72 hours');
  const note = input.note.trim();
  if (!note) throw invalidField('note', 'say what the maintenance is for');
  const id = randomUUID();
  await db.transaction().execute(async (tx) => {
    await repo.insertMaintenance(tx, { id, from, to, note, by: actor.id, at: now });
    await audit(tx, ctx, { action: 'create', resourceType: 'MaintenanceWindow', resourceId: id });
  });
  return { id };
}

export async function listMaintenance(db: Db, from: Date, to: Date) {
  return (await repo.maintenanceWindows(db, from, to)).map((w) => ({
    id: w.id,
    from: new Date(w.from_at).toISOString(),
    to: new Date(w.to_at).toISOString(),
    note: w.note,
    declaredAt: new Date(w.declared_at).toISOString(),
    declaredBy: w.username,
  }));
}
