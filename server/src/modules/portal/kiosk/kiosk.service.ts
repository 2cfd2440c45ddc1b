import { audit, auditedRead } from '../../../platform/audit.ts';
import { romeDate, startOfRomeDate } from '../../../platform/calendar.ts';
import { asCitizen, type RequestContext } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { noticeQrSvg } from '../../../platform/qr.ts';
import { changeAppointmentStatus, loadFacilityAppointments } from '../../booking/index.ts';
import { noticesOf } from '../../payments/index.ts';
import { findPatientsByIds, listFacilities } from '../../registry/index.ts';
import { accessBooking } from '../bookings/access.service.ts';
import * as repo from './kiosk.repository.ts';

// The self check-in kiosk (issue 13 §4, BK-9, "Fast Box"): booking code + fiscal code at a facility's
// kiosk → today's appointment there becomes checked in and gets a queue ticket, if the ticket is paid or
// not due; else the kiosk says where and how to pay, with the notice's QR. Audited with channel kiosk.

export type KioskOutcome =
  | {
      outcome: 'checked_in';
      ticket: number;
      service: string;
      start: Date;
      unitName: string;
      facility: string;
    }
  | {
      outcome: 'payment_due';
      service: string;
      start: Date;
      amountCents: number;
      noticeNumber: string | null;
      groupedNumber: string | null;
      qrSvg: string | null;
    };

export async function kioskCheckIn(
  db: Db,
  ctx: RequestContext,
  input: { facilityId: string; code: string; fiscalCode: string },
): Promise<KioskOutcome> {
  const facilities = await listFacilities(db);
  if (!facilities.some((f) => f.id === input.facilityId))
    throw new AppError('NOT_FOUND', 'no such facility for this kiosk', 'facilityId');
  const a = await accessBooking(db, ctx, input, 'kiosk');
  const citizen = asCitizen(ctx, a.patientId);
  const now = ctx.clock.now();
  if (a.facility.id !== input.facilityId)
    throw new AppError('CONFLICT', `this appointment is at another facility: ${a.facility.name}`, 'facility');
  if (romeDate(a.start) !== romeDate(now))
    throw new AppError('INVALID_STATE', `this appointment is on ${romeDate(a.start)}, not today`, 'day');
  if (a.status === 'cancelled' || a.status === 'no_show' || a.status === 'completed')
    throw new AppError('INVALID_STATE', `the appointment is ${a.status}`, 'status');
  if (a.copayCents > 0) {
    const [notice] = await noticesOf(db, [a.id]);
    if (notice?.status !== 'paid') {
      const open = notice?.status === 'issued' ? notice : null;
      return {
        outcome: 'payment_due',
        service: a.service.description,
        start: a.start,
        amountCents: a.copayCents,
        noticeNumber: open?.noticeNumber ?? null,
        groupedNumber: open?.groupedNumber ?? null,
        qrSvg: open ? await noticeQrSvg(open.qrString) : null,
      };
    }
  }
  // The status first (its own transaction); a retry after a failure here finds it checked in and
  // still draws its one ticket.
  if (a.status === 'booked') await changeAppointmentStatus(db, citizen, a.id, 'checked_in');
  const ticket = await db.transaction().execute(async (tx) => {
    const n = await repo.drawTicket(tx, {
      appointmentId: a.id,
      facilityId: a.facility.id,
      day: romeDate(now),
      at: now,
    });
    await audit(tx, citizen, {
      action: 'update',
      resourceType: 'Appointment',
      resourceId: a.id,
      patientId: a.patientId,
      channel: 'kiosk',
      purpose: 'self check-in at the kiosk (BK-9)',
    });
    return n;
  });
  return {
    outcome: 'checked_in',
    ticket,
    service: a.service.description,
    start: a.start,
    unitName: a.unitName,
    facility: a.facility.name,
  };
}

export interface Arrival {
  appointmentId: string;
  code: string;
  start: Date;
  service: string;
  unitName: string;
  status: string;
  patient: string;
  ticket: number | null;
  checkedInAt: Date | null;
  copayCents: number;
  paid: boolean;
}

/** The facility desk's day (BK-9): every appointment, who arrived with which ticket, who is missing. */
export async function facilityArrivals(
  db: Db,
  ctx: RequestContext,
  facilityId: string,
  day: string,
): Promise<Arrival[]> {
  const from = startOfRomeDate(day);
  const next = new Date(from.getTime() + 36 * 3_600_000);
  const to = startOfRomeDate(romeDate(next));
  return auditedRead(
    db,
    ctx,
    async (tx) => {
      const list = await loadFacilityAppointments(tx, facilityId, from, to);
      const [tickets, patients, notices] = await Promise.all([
        repo.ticketsOf(
          tx,
          list.map((a) => a.id),
        ),
        findPatientsByIds(tx, [...new Set(list.map((a) => a.patientId))]),
        noticesOf(
          tx,
          list.map((a) => a.id),
        ),
      ]);
      const names = new Map(patients.map((p) => [p.id, `${p.familyName} ${p.givenName.slice(0, 1)}.`]));
      return list
        .filter((a) => a.status !== 'cancelled')
        .map((a) => ({
          appointmentId: a.id,
          code: a.code,
          start: a.start,
          service: a.service.description,
          unitName: a.unitName,
          status: a.status,
          patient: names.get(a.patientId) ?? '',
          ticket: tickets.get(a.id)?.ticket ?? null,
          checkedInAt: tickets.get(a.id)?.at ?? null,
          copayCents: a.copayCents,
          paid: notices.some((n) => n.appointmentId === a.id && n.status === 'paid'),
          patientId: a.patientId,
        }));
    },
    (rows) => [
      {
        action: 'search' as const,
        resourceType: 'Appointment',
        channel: 'desk',
        purpose: 'facility desk: the day’s arrivals',
        subject: facilityId,
      },
      ...rows.map((r) => ({
        action: 'read' as const,
        resourceType: 'Appointment',
        resourceId: r.appointmentId,
        patientId: r.patientId,
        channel: 'desk',
        purpose: 'facility desk: the day’s arrivals',
      })),
    ],
  ).then((rows) => rows.map(({ patientId: _p, ...rest }) => rest));
}
