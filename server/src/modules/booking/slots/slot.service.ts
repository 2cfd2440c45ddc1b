import type { Channel, RequestContext } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { AppError, invalidField, notFound } from '../../../platform/errors.ts';
import type { Priority } from '../../registry/index.ts';
import { BACK_OFFICE_ROLES } from '../rules/policy.ts';
import * as slots from './slot.repository.ts';

export type Slot = NonNullable<Awaited<ReturnType<typeof slots.findSlotForBooking>>>;

/** The checks every use of a slot makes (booking, move, hold): service, channel, reserved class, time. */
export function checkSlotFits(
  slot: Slot | undefined,
  priority: Priority,
  channel: Channel,
  now: Date,
  serviceCode: string,
): Slot {
  if (!slot) throw notFound('slot', 'slotId');
  if (!slot.offersService)
    throw invalidField('slotId', `the agenda of this slot does not offer service ${serviceCode}`);
  if (!slot.channels.includes(channel))
    throw invalidField('channel', `the agenda of this slot is not open to channel ${channel}`);
  if (slot.reservedPriority && slot.reservedPriority !== priority) {
    throw invalidField('slotId', `this slot is reserved for priority class ${slot.reservedPriority}`);
  }
  if (slot.start <= now) throw invalidField('slotId', 'this slot has already started');
  if (!slot.open || !slot.agendaActive) throw new AppError('SLOT_TAKEN', 'this slot is closed', 'slotId');
  return slot;
}

export const slotTaken = () => new AppError('SLOT_TAKEN', 'this slot is no longer free', 'slotId');

/**
 * Takes one place in the slot through `take` (one statement; it may also insert what the place is
 * for). The common case is that one statement; only when the slot looks full are expired holds on it
 * reclaimed and the take retried, and an overbooking take is tried when asked for. Callers run this as
 * the last write of their transaction, so the slot's row lock is held for as short a time as possible.
 */
export async function takeOrThrow<T extends { taken: number; capacity: number }>(
  tx: Db,
  ctx: RequestContext,
  slotId: number,
  overbook: boolean | undefined,
  take: (opts: { now: Date; overbook: boolean }) => Promise<T | undefined>,
): Promise<T & { overbooked: boolean }> {
  const now = ctx.clock.now();
  const attempt = async (over: boolean) =>
    (await take({ now, overbook: over })) ??
    ((await slots.releaseExpiredHolds(tx, now, slotId)) > 0
      ? await take({ now, overbook: over })
      : undefined);
  let taken = await attempt(false);
  if (!taken && overbook) {
    if (!ctx.actor?.roles.some((r) => BACK_OFFICE_ROLES.has(r))) {
      throw new AppError('FORBIDDEN', 'only the back office may overbook');
    }
    taken = await attempt(true);
  }
  if (!taken) throw slotTaken();
  return { ...taken, overbooked: taken.taken > taken.capacity };
}
