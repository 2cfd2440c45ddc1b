import { audit, auditedRead } from '../../../platform/audit.ts';
import type { Channel, RequestContext } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { AppError, invalidField, notFound } from '../../../platform/errors.ts';
import { appendEvent } from '../../../platform/events.ts';
import { retryTransaction } from '../../../platform/retry.ts';
import {
  getPatient,
  lockPrescriptionForBooking,
  setPrescriptionItemState,
  ticketItems,
  ticketShares,
} from '../../registry/index.ts';
import type { Appointment } from '../rules/booking.types.ts';
import { guaranteeDeadline } from '../rules/guarantee.ts';
import { type Attendance, attendanceOf, canTransition, timeRefusal } from '../rules/lifecycle.ts';
import { CANCELLATION_NOTICE_WORKING_DAYS, isLateCancellation } from '../rules/notice.ts';
import * as appointments from '../slots/appointment.repository.ts';
import * as slots from '../slots/slot.repository.ts';
import { checkSlotFits, takeOrThrow } from '../slots/slot.service.ts';

// Lock order, the same in every transaction of the module (ARCHITECTURE.md): idempotency key →
// appointment → prescription (and its items) → hold → slots in id order. The place in a slot is taken
// or given back last.

/** Appointments with their ticket (BK-8): each prescription's capped ticket split over its bookings. */
export async function withTickets(
  db: Db,
  list: (Omit<Appointment, 'ticket' | 'copayCents'> & { prescriptionId: string })[],
): Promise<Appointment[]> {
  const ids = [...new Set(list.map((a) => a.prescriptionId))];
  const [bookings, items] = await Promise.all([appointments.ticketBookings(db, ids), ticketItems(db, ids)]);
  // The tariff is the one stored at booking time; the exemption is the prescription's as it is now (one
  // set by the back office after booking applies to what is already booked).
  const tickets = new Map(
    ids.map((id) => {
      const its = items.get(id) ?? [];
      const exempt = new Set(its.filter((i) => i.exempt).map((i) => i.index));
      return [
        id,
        ticketShares(
          (bookings.get(id) ?? []).map((b) => ({ ...b, exempt: exempt.has(b.itemIndex) })),
          its.filter((i) => i.state === 'open'),
        ),
      ];
    }),
  );
  return list.map(({ prescriptionId, ...a }) => {
    const ticket = tickets.get(prescriptionId)?.get(a.id) ?? {
      shareCents: 0,
      bookedCents: 0,
      remainingCents: 0,
      prescriptionCents: 0,
    };
    return { ...a, ticket, copayCents: ticket.shareCents };
  });
}

export async function loadAppointment(db: Db, id: string): Promise<Appointment> {
  const [a] = await withTickets(db, await appointments.findAppointments(db, { id }));
  if (!a) throw notFound('appointment', 'id');
  return a;
}

/**
 * Appointments by id or booking code, with their tickets, for work the system does on them (reminders):
 * not audited here — the caller records why it read them, in its own transaction.
 */
export async function loadAppointmentsForOutreach(
  db: Db,
  where: { ids: string[] } | { code: string },
): Promise<(Appointment & { patientId: string })[]> {
  return withTickets(db, await appointments.findAppointments(db, where));
}

/** A facility's appointments starting in [from, to), in time order (the desk's day); audited by the caller. */
export async function loadFacilityAppointments(
  db: Db,
  facilityId: string,
  from: Date,
  to: Date,
): Promise<(Appointment & { patientId: string })[]> {
  return withTickets(db, await appointments.findAppointments(db, { facility: { id: facilityId, from, to } }));
}

/** Locks the appointment row alone, then reads it: found even when a concurrent move committed first. */
async function lockAndLoad(tx: Db, id: string) {
  if (!(await appointments.lockAppointment(tx, id))) throw notFound('appointment', 'id');
  const [a] = await appointments.findAppointments(tx, { id });
  if (!a) throw notFound('appointment', 'id');
  return a;
}

function refuseByTime(to: Parameters<typeof timeRefusal>[0], now: Date, start: Date) {
  const why = timeRefusal(to, now, start);
  if (why === 'started') throw new AppError('INVALID_STATE', 'the appointment has already started');
  if (why === 'not_today_yet')
    throw new AppError('INVALID_STATE', 'possible only from the day of the appointment');
  if (why === 'not_started')
    throw new AppError('INVALID_STATE', 'possible only after the appointment starts');
}

/** Where a cancellation came from: the booking channels, or a patient's SMS reply (OB-1, OB-4). */
export type CancelChannel = Channel | 'sms';

/**
 * BK-5: cancel with who, why and through which channel; the place goes back to the agenda. Refused once
 * the appointment has started; later than the region's notice it is accepted and flagged late.
 */
export async function cancelAppointment(
  db: Db,
  ctx: RequestContext,
  id: string,
  input: { reason: string; channel: CancelChannel },
): Promise<Appointment> {
  const reason = input.reason.trim();
  if (!reason) throw invalidField('reason', 'say why the appointment is cancelled');
  return retryTransaction(() =>
    db.transaction().execute(async (tx) => {
      const a = await lockAndLoad(tx, id);
      if (!canTransition(a.status, 'cancelled')) {
        throw new AppError('INVALID_STATE', `an appointment that is ${a.status} cannot be cancelled`);
      }
      const now = ctx.clock.now();
      refuseByTime('cancelled', now, a.start);
      const late = isLateCancellation(
        now,
        a.start,
        CANCELLATION_NOTICE_WORKING_DAYS,
        await appointments.facilityLocalHolidays(tx, a.facility.id, a.start),
      );
      // Prescription before slot, as booking does: the other order deadlocks with a booking of another
      // item of the same prescription into the same slot.
      const p = await lockPrescriptionForBooking(tx, a.nre);
      await appointments.setAppointmentStatus(tx, id, ['booked'], 'cancelled', now, {
        by: ctx.actor?.id ?? null,
        reason,
        channel: input.channel,
        late,
      });
      await setPrescriptionItemState(tx, p.id, a.itemIndex, 'open');
      // OB-2 re-offers the freed place to patients booked further out; the event is its trigger.
      await appendEvent(tx, ctx, 'appointment.cancelled', id, {
        slotId: a.slotId,
        agendaId: a.agendaId,
        serviceCode: a.service.code,
        start: a.start.toISOString(),
        channel: input.channel,
        late,
      });
      await audit(tx, ctx, {
        action: 'update',
        resourceType: 'Appointment',
        resourceId: id,
        patientId: a.patientId,
        channel: input.channel,
        purpose: 'cancellation',
      });
      await slots.releaseSlot(tx, a.slotId);
      return loadAppointment(tx, id);
    }),
  );
}

/**
 * BK-5: move to another slot (any facility of the region), before the appointment starts. The new place
 * is taken before the old one is freed; the move is a new booking for MR-7 (requested now, its first
 * slot offered and its guarantee recomputed).
 */
export async function moveAppointment(
  db: Db,
  ctx: RequestContext,
  id: string,
  input: {
    slotId: number;
    channel?: Channel | undefined;
    /** The freed place's re-offer this move accepts (OB-2): carried by the event, to chain the next. */
    reofferPlaceId?: string | undefined;
  },
): Promise<Appointment> {
  return retryTransaction(() =>
    db.transaction().execute(async (tx) => {
      const a = await lockAndLoad(tx, id);
      if (a.status !== 'booked')
        throw new AppError('INVALID_STATE', `an appointment that is ${a.status} cannot be moved`);
      const now = ctx.clock.now();
      refuseByTime('moved', now, a.start);
      if (a.slotId === input.slotId) throw invalidField('slotId', 'the appointment is already in this slot');
      const p = await lockPrescriptionForBooking(tx, a.nre);
      const item = p.items.find((i) => i.index === a.itemIndex);
      if (!item) throw new Error('appointment without its prescription item');
      // Both slots, in id order: two moves in opposite directions would otherwise deadlock.
      await slots.lockSlots(tx, [a.slotId, input.slotId]);
      const channel = input.channel ?? a.channel;
      const slot = checkSlotFits(
        await slots.findSlotForBooking(tx, input.slotId, a.service.code, {
          now,
          firstOffered: { priority: p.priority, channel, evenIfFull: false },
        }),
        p.priority,
        channel,
        now,
        a.service.code,
      );
      const deadline = guaranteeDeadline(
        await slots.loadGuaranteeRules(tx),
        p.priority,
        item.service.kind,
        now,
      );
      const { overbooked } = await takeOrThrow(tx, ctx, slot.id, false, (o) =>
        slots.takeSlot(tx, slot.id, o),
      );
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
          channel,
          firstOfferedAt: slot.earlierFreeStart ?? slot.start,
          withinGuarantee: slot.start <= deadline,
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
        ...(input.reofferPlaceId ? { reofferPlaceId: input.reofferPlaceId } : {}),
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
    }),
  );
}

/**
 * booked → checked-in → completed, or no-show: the rest of the lifecycle. Check-in and completion only
 * from the appointment's day (Rome), no-show only after it has started.
 */
/**
 * OB-1/OB-3: the patient confirms a booked appointment (replying to a reminder, through its link, to the
 * recall call). Confirming twice is harmless: the first time stays.
 */
export async function confirmAppointment(
  db: Db,
  ctx: RequestContext,
  id: string,
  input: { via: 'sms' | 'web' | 'phone' },
): Promise<Appointment> {
  return retryTransaction(() =>
    db.transaction().execute(async (tx) => {
      const a = await lockAndLoad(tx, id);
      if (a.status !== 'booked')
        throw new AppError('INVALID_STATE', `an appointment that is ${a.status} cannot be confirmed`);
      const now = ctx.clock.now();
      refuseByTime('moved', now, a.start); // like a move: only before it starts
      if (a.confirmedAt) return loadAppointment(tx, id);
      await appointments.setConfirmed(tx, id, now, input.via);
      await appendEvent(tx, ctx, 'appointment.confirmed', id, { via: input.via, version: a.version });
      await audit(tx, ctx, {
        action: 'update',
        resourceType: 'Appointment',
        resourceId: id,
        patientId: a.patientId,
        channel: input.via,
        purpose: 'confirmation',
      });
      return loadAppointment(tx, id);
    }),
  );
}

export async function changeAppointmentStatus(
  db: Db,
  ctx: RequestContext,
  id: string,
  to: 'checked_in' | 'completed' | 'no_show',
): Promise<Appointment> {
  return retryTransaction(() =>
    db.transaction().execute(async (tx) => {
      const a = await lockAndLoad(tx, id);
      if (!canTransition(a.status, to))
        throw new AppError('INVALID_STATE', `an appointment that is ${a.status} cannot become ${to}`);
      refuseByTime(to, ctx.clock.now(), a.start);
      await appointments.setAppointmentStatus(tx, id, [a.status], to, ctx.clock.now());
      await appendEvent(tx, ctx, `appointment.${to}`, id, { slotId: a.slotId });
      await audit(tx, ctx, {
        action: 'update',
        resourceType: 'Appointment',
        resourceId: id,
        patientId: a.patientId,
      });
      return loadAppointment(tx, id);
    }),
  );
}

export async function getAppointment(db: Db, ctx: RequestContext, id: string): Promise<Appointment> {
  return auditedRead(
    db,
    ctx,
    (tx) => loadAppointment(tx, id),
    (a) => [{ action: 'read', resourceType: 'Appointment', resourceId: id, patientId: a.patientId }],
  );
}

export async function listPatientAppointments(
  db: Db,
  ctx: RequestContext,
  fiscalCode: string,
): Promise<Appointment[]> {
  // One transaction: the patient's read (audited by getPatient, joining it) and the search of theirs.
  const { list } = await auditedRead(
    db,
    ctx,
    async (tx) => {
      const patient = await getPatient(tx, ctx, fiscalCode);
      return {
        patient,
        list: await withTickets(tx, await appointments.findAppointments(tx, { patientId: patient.id })),
      };
    },
    ({ patient }) => [{ action: 'search', resourceType: 'Appointment', patientId: patient.id }],
  );
  return list;
}

/**
 * The attendance of the appointments starting in [from, to) (issue 11 §7): attended, no-show, and those
 * past that nobody marked — counted apart, never as no-shows. Counts only: no personal data.
 */
export async function attendanceSummary(db: Db, from: Date, to: Date, now: Date): Promise<Attendance> {
  return attendanceOf(await appointments.countAttendance(db, from, to, now));
}
