import { auditedRead } from '../../../platform/audit.ts';
import { romeDate } from '../../../platform/calendar.ts';
import type { RequestContext } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import {
  type Appointment,
  cancelAppointment,
  cancellationNumber,
  facilityLocalHolidays,
  keypadCode,
  lastTimelyCancellationDate,
  loadAppointmentsForOutreach,
  moveAppointment,
} from '../../booking/index.ts';
import { issueNotice, noticesOf, noticeView, settleCancelled, startCheckout } from '../../payments/index.ts';
import { findPatientById, listFacilities } from '../../registry/index.ts';
import type { PortalBooking, PortalSettings } from '../rules/portal.types.ts';
import { type PortalClaims, sessionPurpose } from '../rules/session-token.ts';
import { NO_MATCH } from './access.service.ts';
import { brief, patientBookings } from './booking-flow.service.ts';

// Managing a booking on the portal (issue 13 §1, OB-4 by web): view, cancel, move, pay. The session names
// the person; a booking of someone else answers as an unknown one (no enumeration).

/** The booking of this session's person, audited as a read (channel web). */
export async function sessionBooking(
  db: Db,
  ctx: RequestContext,
  claims: PortalClaims,
  code: string,
): Promise<Appointment> {
  const a = await auditedRead(
    db,
    ctx,
    async (tx) => {
      const [found] = await loadAppointmentsForOutreach(tx, { code: code.trim().toUpperCase() });
      return found && found.patientId === claims.patientId ? found : null;
    },
    (found) =>
      found
        ? [
            {
              action: 'read' as const,
              resourceType: 'Appointment',
              resourceId: found.id,
              patientId: found.patientId,
              channel: 'web',
              purpose: sessionPurpose(claims),
            },
          ]
        : [],
  );
  if (!a) throw NO_MATCH();
  return a;
}

/** The booking as the citizen sees it, with its notice and the person's other bookings ahead. */
export async function bookingView(
  db: Db,
  ctx: RequestContext,
  settings: PortalSettings,
  a: Appointment,
): Promise<PortalBooking> {
  const [local, notices, facilities, patient] = await Promise.all([
    facilityLocalHolidays(db, a.facility.id, a.start),
    noticesOf(db, [a.id]),
    listFacilities(db),
    findPatientById(db, a.patientId),
  ]);
  const f = facilities.find((x) => x.id === a.facility.id);
  const now = ctx.clock.now();
  const others = patient
    ? (await patientBookings(db, ctx, patient.fiscalCode))
        .filter((o) => o.id !== a.id && o.status === 'booked' && o.start > now)
        .map(brief)
    : [];
  return {
    code: a.code,
    keypadCode: keypadCode(a.code),
    status: a.status,
    nre: a.nre,
    itemIndex: a.itemIndex,
    service: a.service.description,
    start: a.start,
    end: a.end,
    unitName: a.unitName,
    facility: {
      id: a.facility.id,
      name: a.facility.name,
      address: a.facility.address,
      municipality: f?.municipality ?? '',
      mapUrl:
        f && f.latitude !== null && f.longitude !== null
          ? `https://www.openstreetmap.org/?mlat=${f.latitude}&mlon=${f.longitude}#map=17/${f.latitude}/${f.longitude}`
          : null,
    },
    priority: a.priority,
    channel: a.channel,
    copayCents: a.copayCents,
    exempt: a.copayCents === 0,
    cancelBy: lastTimelyCancellationDate(romeDate(a.start), settings.noticeWorkingDays, local),
    cancellationNumber: a.status === 'cancelled' ? cancellationNumber(a) : null,
    cancelledAt: a.cancelledAt,
    lateCancellation: a.lateCancellation,
    confirmedAt: a.confirmedAt,
    notice: notices[0] ? noticeView(notices[0], settings.payments) : null,
    others,
  };
}

/** OB-4 by web: the place is free at once; the notice is withdrawn (or flagged for refund if paid). */
export async function portalCancel(
  db: Db,
  ctx: RequestContext,
  settings: PortalSettings,
  a: Appointment,
): Promise<Appointment> {
  const cancelled = await cancelAppointment(db, ctx, a.id, {
    reason: 'disdetta dal cittadino sul portale',
    channel: 'web',
  });
  await settleCancelled(db, ctx, settings.payments);
  return cancelled;
}

export function portalMove(
  db: Db,
  ctx: RequestContext,
  a: Appointment,
  slotId: number,
): Promise<Appointment> {
  return moveAppointment(db, ctx, a.id, { slotId, channel: 'web' });
}

/** "Paga ora": the notice (issued now if the booking came from another channel without one), then checkout. */
export async function portalPay(
  db: Db,
  ctx: RequestContext,
  settings: PortalSettings,
  a: Appointment,
): Promise<{ url: string; checkoutId: string | null; expiresAt: Date | null }> {
  if (a.status !== 'booked')
    throw new AppError('INVALID_STATE', `the booking is ${a.status}: nothing to pay`);
  const notice = await issueNotice(db, ctx, settings.payments, {
    appointmentId: a.id,
    patientId: a.patientId,
    amountCents: a.copayCents,
    bookingCode: a.code,
  });
  if (!notice) throw new AppError('INVALID_STATE', 'there is no ticket to pay for this booking');
  const back = `${settings.publicUrl}/portale/gestisci?codice=${encodeURIComponent(a.code)}`;
  return startCheckout(db, ctx, settings.payments, notice, { ok: back, cancel: back, error: back });
}
