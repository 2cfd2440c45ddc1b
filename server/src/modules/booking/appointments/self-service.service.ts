import { auditedRead } from '../../../platform/audit.ts';
import type { RequestContext } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { cancellationNumber } from '../rules/booking-code.ts';
import { cancelAppointment } from './appointment.service.ts';

const PURPOSE = 'self-service cancellation (IVR)';

/** What the IVR reads back before cancelling: enough for the patient to recognise it, nothing more. */
export interface SelfServiceMatch {
  appointmentId: string;
  service: string;
  start: Date;
  facility: string;
}

/**
 * OB-4 by phone: the booked appointments still ahead whose code, typed on the keypad, and patient's
 * birth date (YYYY-MM-DD) are these. Usually one; none when either is wrong; more than one only when two
 * codes of the same patient share a keypad form. Audited (channel phone), as any read of a booking.
 */
export async function findByKeypad(
  db: Db,
  ctx: RequestContext,
  q: { keypad: string; birthDate: string },
): Promise<SelfServiceMatch[]> {
  const rows = await auditedRead(
    db,
    ctx,
    (tx) =>
      tx
        .selectFrom('appointment as a')
        .innerJoin('patient as p', 'p.id', 'a.patient_id')
        .innerJoin('service as s', 's.code', 'a.service_code')
        .innerJoin('facility as f', 'f.id', 'a.facility_id')
        .where('a.keypad_code', '=', q.keypad)
        .where('a.status', '=', 'booked')
        .where('a.start_at', '>', ctx.clock.now())
        .where('p.birth_date', '=', q.birthDate)
        .select(['a.id', 'a.start_at', 'a.patient_id', 's.description', 'f.name'])
        .orderBy('a.start_at')
        .limit(5)
        .execute(),
    (found) => [
      // The search itself (found or not), then each appointment handed back.
      { action: 'search' as const, resourceType: 'Appointment', channel: 'phone', purpose: PURPOSE },
      ...found.map((r) => ({
        action: 'read' as const,
        resourceType: 'Appointment',
        resourceId: r.id,
        patientId: r.patient_id,
        channel: 'phone',
        purpose: PURPOSE,
      })),
    ],
  );
  return rows.map((r) => ({
    appointmentId: r.id,
    service: r.description,
    start: new Date(r.start_at),
    facility: r.name,
  }));
}

/** The IVR's cancellation, as any other (BK-5): the place is free at once; the number is the proof. */
export async function cancelBySelfService(
  db: Db,
  ctx: RequestContext,
  appointmentId: string,
): Promise<{ cancellationNumber: string }> {
  const a = await cancelAppointment(db, ctx, appointmentId, {
    reason: 'disdetta dal paziente al telefono (risponditore automatico, 24 ore su 24)',
    channel: 'phone',
  });
  return { cancellationNumber: cancellationNumber(a) };
}
