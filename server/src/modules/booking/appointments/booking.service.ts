import { randomUUID } from 'node:crypto';
import { audit } from '../../../platform/audit.ts';
import { actorOf, type Channel, type RequestContext } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { AppError, invalidField, notFound } from '../../../platform/errors.ts';
import { appendEventAndAudit } from '../../../platform/events.ts';
import { once } from '../../../platform/idempotency.ts';
import { retryTransaction } from '../../../platform/retry.ts';
import {
  checkPrescriptionForBooking,
  lockPrescriptionForBooking,
  setPrescriptionItemState,
} from '../../registry/index.ts';
import type { Appointment, BookingOptions } from '../rules/booking.types.ts';
import { newBookingCode } from '../rules/booking-code.ts';
import { guaranteeDeadline } from '../rules/guarantee.ts';
import * as appointments from '../slots/appointment.repository.ts';
import * as slots from '../slots/slot.repository.ts';
import { checkSlotFits, slotTaken, takeOrThrow } from '../slots/slot.service.ts';
import { loadAppointment } from './appointment.service.ts';

export interface BookingInput {
  nre: string;
  /** The patient the operator is serving: the prescription must be theirs (the server checks). */
  fiscalCode: string;
  itemIndex: number;
  slotId?: number | undefined;
  holdId?: string | undefined;
  channel: Channel;
  /** BK-6: book beyond capacity within the agenda's overbooking quota (back office only). */
  overbook?: boolean | undefined;
}

const DATE_FIELDS = ['start', 'end', 'requestedAt', 'firstOfferedAt', 'cancelledAt'] as const;

function reviveAppointment(json: Record<string, unknown>): Appointment {
  const a = { ...json };
  for (const f of DATE_FIELDS) if (typeof a[f] === 'string') a[f] = new Date(a[f] as string);
  return a as unknown as Appointment;
}

/**
 * Books one prescription item into a slot (or the slot of a hold). The slot's place is taken by one
 * atomic update; with an idempotency key, a replay returns the first result. Lock order: idempotency
 * key → prescription → hold → slot (see appointment.service.ts).
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
  return retryTransaction(() =>
    db.transaction().execute(async (tx) => {
      const work = async () => {
        const now = ctx.clock.now();
        const p = await lockPrescriptionForBooking(tx, input.nre, opts.prescriptions);
        // BK-5 / issue 8: the prescription must be the served patient's, and still valid for its class.
        await checkPrescriptionForBooking(tx, p, {
          fiscalCode: input.fiscalCode,
          itemIndex: input.itemIndex,
          now,
        });
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
          p.priority,
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
        const row: appointments.NewAppointment = {
          id: randomUUID(),
          code: '',
          patientId: p.patientId,
          prescriptionId: p.id,
          itemIndex: item.index,
          serviceCode: item.service.code,
          slotId: slot.id,
          agendaId: slot.agendaId,
          facilityId: slot.facilityId,
          start: slot.start,
          end: slot.end,
          channel: input.channel,
          priority: p.priority,
          overbooked,
          prescribedOn: p.issuedOn,
          requestedAt: now,
          firstOfferedAt: slot.earlierFreeStart ?? slot.start,
          withinGuarantee: slot.start <= deadline,
          bookedBy: actor.id,
          // BK-8: the ticket is computed from what was booked, at the tariff of the booking's day.
          tariffCents: item.service.tariffCents * item.quantity,
          copayExempt: item.exempt,
        };
        await setPrescriptionItemState(tx, p.id, item.index, 'booked');
        await appendEventAndAudit(
          tx,
          ctx,
          {
            type: 'appointment.booked',
            aggregateId: row.id,
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
            resourceId: row.id,
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
          row.overbooked = took.overbooked;
          if (!took.inserted) code = '';
        }
        // A booking code already in use (rare): the place is ours, draw another code.
        for (let attempt = 0; attempt < 5 && !code; attempt++) {
          const next = newBookingCode();
          if (await appointments.insertAppointment(tx, { ...row, code: next })) code = next;
        }
        if (!code) throw new Error('could not draw a free booking code');
        return loadAppointment(tx, row.id);
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
      if (!replayed) return { appointment: result, replayed };
      // A replay hands the appointment out again: a read of it, audited in this transaction (SEC-1).
      const appointment = reviveAppointment(result as unknown as Record<string, unknown>);
      await audit(tx, ctx, {
        action: 'read',
        resourceType: 'Appointment',
        resourceId: appointment.id,
        patientId: appointment.patientId,
        channel: input.channel,
        purpose: 'booking (replayed request)',
      });
      return { appointment, replayed };
    }),
  );
}
