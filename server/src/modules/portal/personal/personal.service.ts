import { audit } from '../../../platform/audit.ts';
import type { RequestContext } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { listPatientAppointments } from '../../booking/index.ts';
import { noticesOf, noticeView } from '../../payments/index.ts';
import { findPatientById, listPatientPrescriptions, prescriptionCopayCents } from '../../registry/index.ts';
import { brief } from '../bookings/booking-flow.service.ts';
import type { PortalSettings } from '../rules/portal.types.ts';
import { type PortalClaims, sessionPurpose } from '../rules/session-token.ts';
import { actingAs } from './delegation.service.ts';

// The personal area (issue 13 §1, §3): after SPID/CIE, every booking (any channel), prescription and
// payment of the person. Read as the person (or their delegate, named in the audit as the actor), audited.

export async function personalArea(
  db: Db,
  ctx: RequestContext,
  settings: PortalSettings,
  claims: PortalClaims,
) {
  if (claims.scope.kind !== 'person')
    throw new AppError('FORBIDDEN', 'the personal area needs a SPID or CIE login', 'session');
  const patient = await findPatientById(db, claims.patientId);
  if (!patient) throw new AppError('NOT_FOUND', 'no patient record for this person');
  const [appointments, prescriptions, acting] = await Promise.all([
    listPatientAppointments(db, ctx, patient.fiscalCode),
    listPatientPrescriptions(db, patient.id),
    actingAs(db, claims),
  ]);
  await audit(db, ctx, {
    action: 'read',
    resourceType: 'Prescription',
    patientId: patient.id,
    channel: 'web',
    purpose: sessionPurpose(claims),
  });
  const notices = await noticesOf(
    db,
    appointments.map((a) => a.id),
  );
  const codeOf = new Map(appointments.map((a) => [a.id, a.code]));
  return {
    person: { givenName: patient.givenName, familyName: patient.familyName, level: claims.scope.acr },
    bookings: appointments.map(brief),
    prescriptions: prescriptions.map((p) => ({
      nre: p.nre,
      priority: p.priority,
      issuedOn: p.issuedOn,
      state: p.state,
      copayCents: prescriptionCopayCents(p),
      items: p.items.map((i) => ({ index: i.index, description: i.service.description, state: i.state })),
    })),
    payments: notices.map((n) => ({
      ...noticeView(n, settings.payments),
      bookingCode: codeOf.get(n.appointmentId) ?? '',
    })),
    actingAs: acting,
  };
}
