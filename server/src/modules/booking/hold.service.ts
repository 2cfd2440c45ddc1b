import { randomUUID } from 'node:crypto';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { BookingOptions, Hold } from './booking.types.ts';
import { BACK_OFFICE_ROLES, MAX_LIVE_HOLDS_PER_ACTOR } from './rules/policy.ts';
import * as slots from './slot.repository.ts';

/** A hold keeps one place of a slot for the operator while the caller decides; it expires by itself. */
export async function placeHold(
  db: Db,
  ctx: RequestContext,
  slotId: number,
  opts: BookingOptions,
): Promise<Hold> {
  const actor = actorOf(ctx);
  const now = ctx.clock.now();
  return db.transaction().execute(async (tx) => {
    if ((await slots.countLiveHolds(tx, actor.id, now)) >= MAX_LIVE_HOLDS_PER_ACTOR) {
      throw new AppError(
        'CONFLICT',
        `at most ${MAX_LIVE_HOLDS_PER_ACTOR} holds at a time; release one first`,
      );
    }
    await slots.releaseExpiredHolds(tx, now, slotId);
    const slot = await slots.findSlotForBooking(tx, slotId, null);
    if (!slot) throw notFound('slot', 'slotId');
    if (!(await slots.takeSlot(tx, slotId, { now, overbook: false }))) {
      throw new AppError('SLOT_TAKEN', 'this slot is no longer free', 'slotId');
    }
    const hold: Hold = {
      id: randomUUID(),
      slotId,
      expiresAt: new Date(now.getTime() + opts.holdTtlSeconds * 1000),
    };
    await slots.insertHold(tx, { ...hold, actorId: actor.id, createdAt: now });
    return hold;
  });
}

export async function releaseHold(db: Db, ctx: RequestContext, holdId: string): Promise<void> {
  const actor = actorOf(ctx);
  await db.transaction().execute(async (tx) => {
    const hold = await slots.findHold(tx, holdId, { forUpdate: true });
    if (!hold) throw notFound('hold', 'holdId');
    if (hold.actorId !== actor.id && !actor.roles.some((r) => BACK_OFFICE_ROLES.has(r))) {
      throw new AppError('FORBIDDEN', 'this hold belongs to another operator');
    }
    await slots.deleteHold(tx, holdId);
    await slots.releaseSlot(tx, hold.slotId);
  });
}

/**
 * Gives the places of expired holds back, one slot per statement: each statement locks a single slot,
 * so the sweep never deadlocks with bookings or moves that lock slots in id order.
 */
export async function releaseExpiredHolds(db: Db, now: Date): Promise<number> {
  let released = 0;
  for (;;) {
    const slotIds = await slots.slotsWithExpiredHolds(db, now, 500);
    for (const slotId of slotIds) released += await slots.releaseExpiredHolds(db, now, slotId);
    if (slotIds.length < 500) return released;
  }
}
