import { randomUUID } from 'node:crypto';
import { audit } from '../../platform/audit.ts';
import { actorOf, type Channel, type RequestContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { AppError, invalidField, notFound } from '../../platform/errors.ts';
import { appendEvent, appendEventAndAudit } from '../../platform/events.ts';
import { once } from '../../platform/idempotency.ts';
import {
  copayCents,
  getPatient,
  lockPrescriptionForBooking,
  type Prescription,
  prescriptionCopayCents,
  setPrescriptionItemState,
} from '../registry/index.ts';
import * as appointments from './appointment.repository.ts';
import type { Appointment, BookingOptions } from './booking.types.ts';
import { newBookingCode } from './rules/booking-code.ts';
import { guaranteeDeadline } from './rules/guarantee.ts';
import { canTransition } from './rules/lifecycle.ts';
import { BACK_OFFICE_ROLES } from './rules/policy.ts';
import * as slots from './slot.repository.ts';

async function copayOf(db: Db) {
  const cache = new Map<string, number>();
  return async (prescriptionId: string, exemption: string | null) => {
    let value = cache.get(prescriptionId);
    if (value === undefined) {
      const tariffs =
        (await appointments.prescriptionTariffs(db, [prescriptionId])).get(prescriptionId) ?? [];
      value = copayCents(tariffs, exemption);
      cache.set(prescriptionId, value);
    }
    return value;
  };
}

async function loadAppointment(db: Db, id: string, forUpdate = false): Promise<Appointment> {
  const [a] = await appointments.findAppointments(db, { id }, await copayOf(db), { forUpdate });
  if (!a) throw notFound('appointment', 'id');
  return a;
}

export interface BookingInput {
  nre: string;
  itemIndex: number;
  slotId?: number | undefined;
  holdId?: string | undefined;
  channel: Channel;
  /** BK-6: book beyond capacity within the agenda's overbooking quota (back office only). */
  overbook?: boolean | undefined;
}

type Slot = NonNullable<Awaited<ReturnType<typeof slots.findSlotForBooking>>>;

function checkSlotFits(
  slot: Slot | undefined,
  p: Prescription,
  channel: Channel,
  now: Date,
  serviceCode: string,
): Slot {
  if (!slot) throw notFound('slot', 'slotId');
  if (!slot.offersService)
    throw invalidField('slotId', `the agenda of this slot does not offer service ${serviceCode}`);
  if (!slot.channels.includes(channel))
    throw invalidField('channel', `the agenda of this slot is not open to channel ${channel}`);
  if (slot.reservedPriority && slot.reservedPriority !== p.priority) {
    throw invalidField('slotId', `this slot is reserved for priority class ${slot.reservedPriority}`);
  }
  if (slot.start <= now) throw invalidField('slotId', 'this slot has already started');
  if (!slot.open || !slot.agendaActive) throw new AppError('SLOT_TAKEN', 'this slot is closed', 'slotId');
  return slot;
}

/**
 * Takes one place in the slot through `take` (one statement; it may also insert what the place is
 * for). The common case is that one statement; only when the slot looks full are expired holds on it
 * reclaimed and the take retried, and an overbooking take is tried when asked for. Callers run this as
 * the last write of their transaction, so the slot's row lock is held for as short a time as possible.
 */
async function takeOrThrow<T extends { taken: number; capacity: number }>(
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

const slotTaken = () => new AppError('SLOT_TAKEN', 'this slot is no longer free', 'slotId');

const DATE_FIELDS = ['start', 'end', 'requestedAt', 'firstOfferedAt', 'cancelledAt'] as const;

function reviveAppointment(json: Record<string, unknown>): Appointment {
  const a = { ...json };
  for (const f of DATE_FIELDS) if (typeof a[f] === 'string') a[f] = new Date(a[f] as string);
  return a as unknown as Appointment;
}

/**
 * Books one prescription item into a slot (or the slot of a hold). The slot's place is taken by one
 * atomic update; with an idempotency key, a replay returns the first result.
 */
export async function bookAppointment(
  db: Db,
  ctx: RequestContext,
  input: BookingInput,
  opts: BookingOptions & { idempotencyKey?: string | undefined; requestHash?: string },
): Promise<{ appointment: Appointment; replayed: boolean }> {
  const actor = actorOf(ctx);
  if ((input.slotId === undefined) === (input.holdId === undefined)) {
    throw invalidField('slotId', 'give exactly one of slotId and holdId');
  }
  return db.transaction().execute(async (tx) => {
    const work = async () => {
      const now = ctx.clock.now();
      const p = await lockPrescriptionForBooking(tx, input.nre, opts.prescriptions);
      const item = p.items.find((i) => i.index === input.itemIndex);
      if (!item) throw invalidField('itemIndex', `the prescription has no item ${input.itemIndex}`);
      if (item.state === 'booked')
        throw new AppError('CONFLICT', 'this prescription item is already booked', 'itemIndex');
      if (p.state === 'expired' || p.state === 'cancelled')
        throw new AppError('INVALID_STATE', `the prescription is ${p.state}`, 'nre');

      let slotId = input.slotId;
      if (input.holdId) {
        const hold = await slots.findHold(tx, input.holdId, { forUpdate: true });
        if (!hold) throw notFound('hold', 'holdId');
        if (hold.actorId !== actor.id)
          throw new AppError('FORBIDDEN', 'this hold belongs to another operator');
        if (hold.expiresAt <= now)
          throw new AppError('CONFLICT', 'the hold has expired; search again', 'holdId');
        slotId = hold.slotId;
      }
      // One round trip reads the slot and the MR-7 first slot offered (the soonest free one before it).
      const slot = checkSlotFits(
        await slots.findSlotForBooking(tx, slotId!, item.service.code, {
          now,
          firstOffered: {
            priority: p.priority,
            channel: input.channel,
            evenIfFull: !!input.holdId || input.overbook === true,
          },
        }),
        p,
        input.channel,
        now,
        item.service.code,
      );
      // A slot already full when read is refused before any write (the read skipped the first-offered
      // search for it). The take below is still what decides: a place freed meanwhile is missed, as it
      // would be by a request that came a moment earlier.
      if (!input.holdId && !input.overbook && slot.taken >= slot.capacity && !slot.hasExpiredHolds) {
        throw slotTaken();
      }
      const deadline = guaranteeDeadline(
        await slots.loadGuaranteeRules(tx),
        p.priority,
        item.service.kind,
        now,
      );
      // Overbooking is decided by the take, which comes last; a hold's place was taken when it was placed.
      const overbooked = !input.holdId && input.overbook === true && slot.taken >= slot.capacity;
      const appointment: Appointment = {
        id: randomUUID(),
        code: '',
        status: 'booked',
        patientId: p.patientId,
        nre: p.nre,
        itemIndex: item.index,
        service: { code: item.service.code, description: item.service.description },
        slotId: slot.id,
        agendaId: slot.agendaId,
        facility: slot.facility,
        unitName: slot.unitName,
        start: slot.start,
        end: slot.end,
        channel: input.channel,
        priority: p.priority,
        overbooked,
        copayCents: prescriptionCopayCents(p),
        prescribedOn: p.issuedOn,
        requestedAt: now,
        firstOfferedAt: slot.earlierFreeStart ?? slot.start,
        withinGuarantee: slot.start <= deadline,
        cancelledAt: null,
        cancelReason: null,
        cancelChannel: null,
      };
      const row = {
        ...appointment,
        prescriptionId: p.id,
        serviceCode: item.service.code,
        facilityId: slot.facilityId,
        bookedBy: actor.id,
      };
      await setPrescriptionItemState(tx, p.id, item.index, 'booked');
      await appendEventAndAudit(
        tx,
        ctx,
        {
          type: 'appointment.booked',
          aggregateId: appointment.id,
          payload: {
            slotId: slot.id,
            agendaId: slot.agendaId,
            serviceCode: item.service.code,
            start: slot.start.toISOString(),
            channel: input.channel,
            overbooked,
          },
        },
        {
          action: 'create',
          resourceType: 'Appointment',
          resourceId: appointment.id,
          patientId: p.patientId,
          channel: input.channel,
          purpose: 'booking',
        },
      );
      // Last, the place: one statement takes it and inserts the appointment into it.
      let code = newBookingCode();
      if (input.holdId) {
        await slots.deleteHold(tx, input.holdId); // its place becomes the booking's
        if (!(await appointments.insertAppointment(tx, { ...row, code }))) code = '';
      } else {
        const took = await takeOrThrow(tx, ctx, slot.id, input.overbook, (o) =>
          appointments.takePlaceAndInsertAppointment(tx, { ...row, code }, o),
        );
        appointment.overbooked = took.overbooked;
        if (!took.inserted) code = '';
      }
      // A booking code already in use (rare): the place is ours, draw another code.
      for (let attempt = 0; attempt < 5 && !code; attempt++) {
        const next = newBookingCode();
        if (
          await appointments.insertAppointment(tx, { ...row, overbooked: appointment.overbooked, code: next })
        )
          code = next;
      }
      if (!code) throw new Error('could not draw a free booking code');
      appointment.code = code;
      return appointment;
    };
    if (!opts.idempotencyKey) return { appointment: await work(), replayed: false };
    const { result, replayed } = await once(
      tx,
      {
        scope: `appointment.create:${actor.id}`,
        key: opts.idempotencyKey,
        hash: opts.requestHash ?? '',
        now: ctx.clock.now(),
      },
      work,
    );
    return {
      appointment: replayed ? reviveAppointment(result as unknown as Record<string, unknown>) : result,
      replayed,
    };
  });
}

/** BK-5: cancel with who, why and through which channel; the place goes back to the agenda. */
export async function cancelAppointment(
  db: Db,
  ctx: RequestContext,
  id: string,
  input: { reason: string; channel: Channel },
): Promise<Appointment> {
  const reason = input.reason.trim();
  if (!reason) throw invalidField('reason', 'say why the appointment is cancelled');
  return db.transaction().execute(async (tx) => {
    const a = await loadAppointment(tx, id, true);
    if (!canTransition(a.status, 'cancelled')) {
      throw new AppError('INVALID_STATE', `an appointment that is ${a.status} cannot be cancelled`);
    }
    const now = ctx.clock.now();
    await appointments.setAppointmentStatus(tx, id, ['booked'], 'cancelled', now, {
      by: ctx.actor?.id ?? null,
      reason,
      channel: input.channel,
    });
    await slots.releaseSlot(tx, a.slotId);
    const p = await lockPrescriptionForBooking(tx, a.nre);
    await setPrescriptionItemState(tx, p.id, a.itemIndex, 'open');
    // OB-2 re-offers the freed place to patients booked further out; the event is its trigger.
    await appendEvent(tx, ctx, 'appointment.cancelled', id, {
      slotId: a.slotId,
      agendaId: a.agendaId,
      serviceCode: a.service.code,
      start: a.start.toISOString(),
      channel: input.channel,
    });
    await audit(tx, ctx, {
      action: 'update',
      resourceType: 'Appointment',
      resourceId: id,
      patientId: a.patientId,
      channel: input.channel,
      purpose: 'cancellation',
    });
    return loadAppointment(tx, id);
  });
}

/** BK-5: move to another slot (any facility of the region). The new place is taken before the old one is freed. */
export async function moveAppointment(
  db: Db,
  ctx: RequestContext,
  id: string,
  input: { slotId: number; channel?: Channel | undefined },
): Promise<Appointment> {
  return db.transaction().execute(async (tx) => {
    const a = await loadAppointment(tx, id, true);
    if (a.status !== 'booked')
      throw new AppError('INVALID_STATE', `an appointment that is ${a.status} cannot be moved`);
    if (a.slotId === input.slotId) throw invalidField('slotId', 'the appointment is already in this slot');
    const p = await lockPrescriptionForBooking(tx, a.nre);
    // Both slots, in id order: two moves in opposite directions would otherwise deadlock.
    await slots.lockSlots(tx, [a.slotId, input.slotId]);
    const now = ctx.clock.now();
    const channel = input.channel ?? a.channel;
    const slot = checkSlotFits(
      await slots.findSlotForBooking(tx, input.slotId, a.service.code),
      p,
      channel,
      now,
      a.service.code,
    );
    const { overbooked } = await takeOrThrow(tx, ctx, slot.id, false, (o) => slots.takeSlot(tx, slot.id, o));
    await appointments.moveAppointment(
      tx,
      id,
      {
        slotId: slot.id,
        agendaId: slot.agendaId,
        facilityId: slot.facilityId,
        start: slot.start,
        end: slot.end,
        overbooked,
      },
      now,
    );
    await slots.releaseSlot(tx, a.slotId);
    await appendEvent(tx, ctx, 'appointment.moved', id, {
      fromSlotId: a.slotId,
      toSlotId: slot.id,
      fromStart: a.start.toISOString(),
      start: slot.start.toISOString(),
      channel,
    });
    await audit(tx, ctx, {
      action: 'update',
      resourceType: 'Appointment',
      resourceId: id,
      patientId: a.patientId,
      channel,
      purpose: 'reschedule',
    });
    return loadAppointment(tx, id);
  });
}

/** booked → checked-in → completed, or no-show: the rest of the lifecycle. */
export async function changeAppointmentStatus(
  db: Db,
  ctx: RequestContext,
  id: string,
  to: 'checked_in' | 'completed' | 'no_show',
): Promise<Appointment> {
  return db.transaction().execute(async (tx) => {
    const a = await loadAppointment(tx, id, true);
    if (!canTransition(a.status, to))
      throw new AppError('INVALID_STATE', `an appointment that is ${a.status} cannot become ${to}`);
    await appointments.setAppointmentStatus(tx, id, [a.status], to, ctx.clock.now());
    await appendEvent(tx, ctx, `appointment.${to}`, id, { slotId: a.slotId });
    await audit(tx, ctx, {
      action: 'update',
      resourceType: 'Appointment',
      resourceId: id,
      patientId: a.patientId,
    });
    return loadAppointment(tx, id);
  });
}

export async function getAppointment(db: Db, ctx: RequestContext, id: string): Promise<Appointment> {
  const a = await loadAppointment(db, id);
  await audit(db, ctx, {
    action: 'read',
    resourceType: 'Appointment',
    resourceId: id,
    patientId: a.patientId,
  });
  return a;
}

export async function listPatientAppointments(
  db: Db,
  ctx: RequestContext,
  fiscalCode: string,
): Promise<Appointment[]> {
  const patient = await getPatient(db, ctx, fiscalCode);
  const list = await appointments.findAppointments(db, { patientId: patient.id }, await copayOf(db));
  await audit(db, ctx, { action: 'search', resourceType: 'Appointment', patientId: patient.id });
  return list;
}
