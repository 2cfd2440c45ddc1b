import { randomUUID } from 'node:crypto';
import { actorOf, type Channel, type RequestContext } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { AppError, invalidField, notFound } from '../../../platform/errors.ts';
import { retryTransaction } from '../../../platform/retry.ts';
import { getPrescription } from '../../registry/index.ts';
import type { BookingOptions, Hold } from '../rules/booking.types.ts';
import { BACK_OFFICE_ROLES, MAX_LIVE_HOLDS_PER_ACTOR } from '../rules/policy.ts';
import * as slots from './slot.repository.ts';
import { checkSlotFits, slotTaken } from './slot.service.ts';

export interface HoldInput {
  slotId: number;
  /** The prescription item the caller is deciding about: the hold gets booking's checks. */
  nre: string;
  itemIndex: number;
  channel: Channel;
}

/**
 * A hold keeps one place of a slot for the operator while the caller decides; it expires by itself. It
 * is checked like a booking (the slot offers the item's service, is open to the channel, and is not
 * reserved for another priority class), and an operator's live holds are capped atomically.
 */
export async function placeHold(
  db: Db,
  ctx: RequestContext,
  input: HoldInput,
  opts: BookingOptions,
): Promise<Hold> {
  const actor = actorOf(ctx);
  const now = ctx.clock.now();
  return retryTransaction(() =>
    db.transaction().execute(async (tx) => {
      // One operator's holds queue on this lock, so the count below cannot be raced past the cap.
      await slots.lockActorHolds(tx, actor.id);
      if ((await slots.countLiveHolds(tx, actor.id, now)) >= MAX_LIVE_HOLDS_PER_ACTOR) {
        throw new AppError(
          'CONFLICT',
          `at most ${MAX_LIVE_HOLDS_PER_ACTOR} holds at a time; release one first`,
        );
      }
      const p = await getPrescription(tx, ctx, input.nre);
      const item = p.items.find((i) => i.index === input.itemIndex);
      if (!item) throw invalidField('itemIndex', `the prescription has no item ${input.itemIndex}`);
      if (item.state === 'booked')
        throw new AppError('CONFLICT', 'this prescription item is already booked', 'itemIndex');
      checkSlotFits(
        await slots.findSlotForBooking(tx, input.slotId, item.service.code),
        p.priority,
        input.channel,
        now,
        item.service.code,
      );
      await slots.releaseExpiredHolds(tx, now, input.slotId);
      if (!(await slots.takeSlot(tx, input.slotId, { now, overbook: false }))) throw slotTaken();
      const hold: Hold = {
        id: randomUUID(),
        slotId: input.slotId,
        expiresAt: new Date(now.getTime() + opts.holdTtlSeconds * 1000),
      };
      await slots.insertHold(tx, { ...hold, actorId: actor.id, createdAt: now });
      return hold;
    }),
  );
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
