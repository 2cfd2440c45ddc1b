import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { audit, auditedRead } from '../../platform/audit.ts';
import { romeDate, ZONE } from '../../platform/calendar.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { AppError, invalidField, notFound } from '../../platform/errors.ts';
import * as repo from './staff.repository.ts';
import { LEAVING_REASONS, type LeavingReason, type Tenure } from './staff.types.ts';

// The register behind the tender's yearly turnover: who of the front line started on the contract and
// when, who left, when and why. One open tenure per person; a new one only after the last ended.

/** Those the contract calls operators: the front line who answer and book. */
const FRONT_LINE = ['operator', 'backoffice'];
/** How far ahead a start or a leaving may be recorded (a notice period already agreed). */
const AHEAD_DAYS = { start: 31, leaving: 92 };

function dayWithin(field: string, value: string, today: string, aheadDays: number): string {
  const d = DateTime.fromISO(value, { zone: ZONE });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !d.isValid) throw invalidField(field, 'a day is YYYY-MM-DD');
  const latest = DateTime.fromISO(today, { zone: ZONE }).plus({ days: aheadDays }).toISODate()!;
  if (value > latest) throw invalidField(field, `at most ${aheadDays} days ahead (until ${latest})`);
  if (value < '2000-01-01') throw invalidField(field, 'too far in the past');
  return value;
}

export function listRegister(db: Db, ctx: RequestContext): Promise<Tenure[]> {
  return auditedRead(
    db,
    ctx,
    (tx) => repo.listTenures(tx),
    () => [{ action: 'search', resourceType: 'StaffTenure', purpose: 'staff register (turnover)' }],
  );
}

export async function recordStart(
  db: Db,
  ctx: RequestContext,
  body: { userId: string; startedOn: string; note?: string | undefined },
): Promise<Tenure> {
  const startedOn = dayWithin('startedOn', body.startedOn, romeDate(ctx.clock.now()), AHEAD_DAYS.start);
  return db.transaction().execute(async (tx) => {
    const user = await repo.lockUser(tx, body.userId);
    if (!user) throw notFound('user', 'userId');
    if (!user.roles.some((r) => FRONT_LINE.includes(r)))
      throw invalidField('userId', 'the register is of the front line: operators and back office');
    const last = await repo.latestTenureOf(tx, body.userId);
    if (last && last.leftOn === null)
      throw new AppError(
        'INVALID_STATE',
        'this person is in service already: record the leaving first',
        'userId',
      );
    if (last?.leftOn && startedOn <= last.leftOn)
      throw invalidField('startedOn', `after the last day of the previous period (${last.leftOn})`);
    const id = randomUUID();
    await repo.insertTenure(tx, {
      id,
      userId: body.userId,
      startedOn,
      note: body.note?.trim() || null,
      at: ctx.clock.now(),
    });
    await audit(tx, ctx, { action: 'create', resourceType: 'StaffTenure', resourceId: id });
    return (await repo.findTenure(tx, id))!;
  });
}

export async function recordLeaving(
  db: Db,
  ctx: RequestContext,
  id: string,
  body: { leftOn: string; reason: LeavingReason; note?: string | undefined },
): Promise<Tenure> {
  const leftOn = dayWithin('leftOn', body.leftOn, romeDate(ctx.clock.now()), AHEAD_DAYS.leaving);
  if (!LEAVING_REASONS.includes(body.reason)) throw invalidField('reason', 'not a leaving reason');
  return db.transaction().execute(async (tx) => {
    const t = await repo.findTenure(tx, id, { forUpdate: true });
    if (!t) throw notFound('tenure', 'id');
    if (t.leftOn !== null)
      throw new AppError('INVALID_STATE', `the leaving is recorded already (${t.leftOn})`);
    if (leftOn < t.startedOn) throw invalidField('leftOn', `not before the start (${t.startedOn})`);
    await repo.setLeaving(tx, id, {
      leftOn,
      reason: body.reason,
      note: body.note?.trim() || t.note,
      at: ctx.clock.now(),
    });
    await audit(tx, ctx, { action: 'update', resourceType: 'StaffTenure', resourceId: id });
    return (await repo.findTenure(tx, id))!;
  });
}

/** For the turnover (reporting): the tenures in service on at least one day of [from, to]. */
export const tenuresOverlapping = (db: Db, from: string, to: string) => repo.tenuresOverlapping(db, from, to);
