import { auditedRead } from '../../../platform/audit.ts';
import type { RequestContext } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { type Appointment, loadAppointmentsForOutreach } from '../../booking/index.ts';
import {
  findMunicipality,
  findPatientById,
  localPrescriptionRegister,
  type Prescription,
  parseFiscalCode,
  parseNre,
  prescriptionCopayCents,
} from '../../registry/index.ts';
import type { PortalPrescription } from '../rules/portal.types.ts';
import type { PortalClaims } from '../rules/session-token.ts';

/**
 * Issue 13 §5, no enumeration: a wrong fiscal code, a wrong NRE and an unknown booking code all get this
 * one answer, so that the portal never tells a stranger which half was right.
 */
export const NO_MATCH = () =>
  new AppError('NOT_FOUND', 'nothing matches this fiscal code with this code: check both and try again');

const PURPOSE = 'citizen portal (no login)';

/**
 * Booking without login (Toscana, Sardegna): the citizen proves fiscal code + NRE. The look-up is audited
 * whatever its outcome (channel web; a failed one with the NRE as its subject, never the fiscal code).
 */
export async function accessPrescription(
  db: Db,
  ctx: RequestContext,
  input: { fiscalCode: string; nre: string },
): Promise<{ prescription: Prescription; patientId: string }> {
  const fiscalCode = parseFiscalCode(input.fiscalCode);
  const nre = parseNre(input.nre);
  const p = await auditedRead(
    db,
    ctx,
    async (tx) => {
      const found = await localPrescriptionRegister.fetch(tx, nre);
      return found && found.fiscalCode === fiscalCode ? found : null;
    },
    (found) => [
      found
        ? {
            action: 'read' as const,
            resourceType: 'Prescription',
            resourceId: found.id,
            patientId: found.patientId,
            channel: 'web',
            purpose: PURPOSE,
          }
        : {
            action: 'search' as const,
            resourceType: 'Prescription',
            channel: 'web',
            purpose: PURPOSE,
            subject: nre,
            outcome: 'not_found' as const,
          },
    ],
  );
  if (!p) throw NO_MATCH();
  return { prescription: p, patientId: p.patientId };
}

/** Managing a booking (ASL Foggia): booking code + fiscal code. Audited as above. */
export async function accessBooking(
  db: Db,
  ctx: RequestContext,
  input: { fiscalCode: string; code: string },
  channel: 'web' | 'kiosk' = 'web',
): Promise<Appointment> {
  const fiscalCode = parseFiscalCode(input.fiscalCode);
  const code = input.code.trim().toUpperCase();
  if (!/^[A-Z0-9-]{4,20}$/.test(code)) throw NO_MATCH();
  const a = await auditedRead(
    db,
    ctx,
    async (tx) => {
      const [found] = await loadAppointmentsForOutreach(tx, { code });
      if (!found) return null;
      const patient = await findPatientById(tx, found.patientId);
      return patient?.fiscalCode === fiscalCode ? found : null;
    },
    (found) => [
      found
        ? {
            action: 'read' as const,
            resourceType: 'Appointment',
            resourceId: found.id,
            patientId: found.patientId,
            channel,
            purpose: channel === 'kiosk' ? 'self check-in kiosk' : PURPOSE,
          }
        : {
            action: 'search' as const,
            resourceType: 'Appointment',
            channel,
            purpose: channel === 'kiosk' ? 'self check-in kiosk' : PURPOSE,
            subject: code,
            outcome: 'not_found' as const,
          },
    ],
  );
  if (!a) throw NO_MATCH();
  return a;
}

/** The prescription of a session made with fiscal code + NRE (read again, audited, on each use). */
export async function sessionPrescription(
  db: Db,
  ctx: RequestContext,
  claims: PortalClaims,
): Promise<Prescription> {
  if (claims.scope.kind !== 'prescription') throw NO_MATCH();
  const nre = claims.scope.nre;
  const p = await auditedRead(
    db,
    ctx,
    async (tx) => {
      const found = await localPrescriptionRegister.fetch(tx, nre);
      return found && found.patientId === claims.patientId ? found : null;
    },
    (found) =>
      found
        ? [
            {
              action: 'read' as const,
              resourceType: 'Prescription',
              resourceId: found.id,
              patientId: found.patientId,
              channel: 'web',
              purpose: PURPOSE,
            },
          ]
        : [],
  );
  if (!p) throw NO_MATCH();
  return p;
}

/** A booking's prescription, for a session made with the booking code (the person's own, audited). */
export function sessionPrescriptionOf(db: Db, ctx: RequestContext, patientId: string, nre: string) {
  return sessionPrescription(db, ctx, { patientId, scope: { kind: 'prescription', nre }, expires: 0 });
}

/** The municipality distances start from: the one asked for, else the residence on record. */
export async function originOf(
  db: Db,
  patientId: string,
  asked: string | undefined,
): Promise<{ code: string; name: string; latitude: number; longitude: number } | null> {
  // One row by key: this runs on every search of the portal.
  const code = asked ?? (await findPatientById(db, patientId))?.residenceCode ?? null;
  const m = code ? await findMunicipality(db, code) : undefined;
  if (asked && !m)
    throw new AppError('INVALID_FIELD', 'unknown municipality (Belfiore code)', 'municipality');
  return m ? { code: m.belfioreCode, name: m.name, latitude: m.latitude, longitude: m.longitude } : null;
}

export async function prescriptionView(
  db: Db,
  p: Prescription,
  bookings: PortalPrescription['bookings'],
): Promise<PortalPrescription> {
  const origin = await originOf(db, p.patientId, undefined);
  return {
    nre: p.nre,
    priority: p.priority,
    access: p.access,
    exemptionCode: p.exemptionCode,
    issuedOn: p.issuedOn,
    state: p.state,
    items: p.items.map((i) => ({
      index: i.index,
      serviceCode: i.service.code,
      description: i.service.description,
      kind: i.service.kind,
      state: i.state,
      exempt: i.exempt,
      tariffCents: i.service.tariffCents,
      quantity: i.quantity,
    })),
    copayCents: prescriptionCopayCents(p),
    residence: origin ? { code: origin.code, name: origin.name } : null,
    bookings,
  };
}
