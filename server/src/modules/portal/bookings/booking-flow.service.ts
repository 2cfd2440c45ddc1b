import type { RequestContext } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { invalidField } from '../../../platform/errors.ts';
import {
  type Appointment,
  type Availability,
  bookAppointment,
  findFirstPerFacility,
  type Hold,
  listPatientAppointments,
  openProtectionCase,
  placeHold,
  releaseHold,
} from '../../booking/index.ts';
import { issueNotice } from '../../payments/index.ts';
import {
  facilityDistanceKm,
  listFacilities,
  type Prescription,
  updatePatientContacts,
} from '../../registry/index.ts';
import type { PortalAvailability, PortalBookingBrief, PortalSettings } from '../rules/portal.types.ts';
import { originOf } from './access.service.ts';
import type { SearchFence } from './load-guard.ts';

// The portal's booking path (issue 13 §1): the region's first availability for an item, nearest first,
// a hold with its countdown, the contact details with consent, the booking (channel web) and its notice.

export interface AvailabilityAsk {
  itemIndex: number;
  municipality?: string | undefined;
  district?: string | undefined;
  facility?: string | undefined;
  from?: Date | undefined;
  sort?: 'distance' | 'date' | undefined;
}

function itemOf(p: Prescription, index: number) {
  const item = p.items.find((i) => i.index === index);
  if (!item) throw invalidField('itemIndex', `the prescription has no item ${index}`);
  return item;
}

/**
 * Each facility's first free slot open to the web for the item, with its distance from the citizen's
 * municipality; nearest first by default (then by date), by date when asked or when no municipality is
 * known. The guarantee's verdict is the region's.
 */
export async function portalAvailability(
  db: Db,
  ctx: RequestContext,
  p: Prescription,
  ask: AvailabilityAsk,
  fence: SearchFence<Availability>,
): Promise<PortalAvailability> {
  const item = itemOf(p, ask.itemIndex);
  const q = {
    service: item.service.code,
    priority: p.priority,
    channel: 'web' as const,
    district: ask.district,
    facility: ask.facility,
    from: ask.from,
  };
  const [found, facilities, origin] = await Promise.all([
    fence.get(JSON.stringify(q), () => findFirstPerFacility(db, ctx, q)),
    listFacilities(db),
    originOf(db, p.patientId, ask.municipality),
  ]);
  const byId = new Map(facilities.map((f) => [f.id, f]));
  const items = found.items.map((s) => {
    const f = byId.get(s.facility.id);
    return {
      slotId: s.slotId,
      start: s.start,
      end: s.end,
      unitName: s.unitName,
      withinGuarantee: s.withinGuarantee,
      facility: {
        id: s.facility.id,
        name: s.facility.name,
        district: s.facility.district,
        address: f?.address ?? '',
        municipality: f?.municipality ?? '',
        distanceKm: origin && f ? facilityDistanceKm(origin, f) : null,
      },
    };
  });
  const sort = origin && ask.sort !== 'date' ? 'distance' : 'date';
  if (sort === 'distance') {
    items.sort(
      (a, b) =>
        (a.facility.distanceKm ?? Number.POSITIVE_INFINITY) -
          (b.facility.distanceKm ?? Number.POSITIVE_INFINITY) || a.start.getTime() - b.start.getTime(),
    );
  }
  return {
    items,
    sort,
    origin: origin ? { code: origin.code, name: origin.name } : null,
    guaranteeDeadline: found.guaranteeDeadline,
    nothingWithinGuarantee: found.nothingWithinGuarantee,
    firstWithinGuarantee: found.firstWithinGuarantee,
  };
}

export function portalHold(
  db: Db,
  ctx: RequestContext,
  settings: PortalSettings,
  p: Prescription,
  input: { slotId: number; itemIndex: number },
): Promise<Hold> {
  itemOf(p, input.itemIndex);
  return placeHold(
    db,
    ctx,
    { slotId: input.slotId, nre: p.nre, itemIndex: input.itemIndex, channel: 'web' },
    { holdTtlSeconds: settings.holdTtlSeconds },
  );
}

export const portalReleaseHold = (db: Db, ctx: RequestContext, holdId: string) =>
  releaseHold(db, ctx, holdId);

export interface PortalBookInput {
  holdId: string;
  itemIndex: number;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  consents?: { contactByPhone?: boolean | undefined; contactByEmail?: boolean | undefined } | undefined;
}

/**
 * The booking itself: the contact details first (the reminders need them), then the booking of the held
 * slot, then the co-payment's notice. The contact update and the booking are separate steps: a booking
 * refused (the hold expired) leaves the contacts the citizen gave, which is what they asked for.
 */
export async function portalBook(
  db: Db,
  ctx: RequestContext,
  settings: PortalSettings,
  p: Prescription,
  input: PortalBookInput,
): Promise<Appointment> {
  itemOf(p, input.itemIndex);
  if (input.phone !== undefined || input.email !== undefined || input.consents) {
    const consents: { contactByPhone?: boolean; contactByEmail?: boolean } = {};
    if (input.consents?.contactByPhone !== undefined) consents.contactByPhone = input.consents.contactByPhone;
    if (input.consents?.contactByEmail !== undefined) consents.contactByEmail = input.consents.contactByEmail;
    await updatePatientContacts(
      db,
      ctx,
      p.patientId,
      { phone: input.phone, email: input.email, consents },
      'web',
    );
  }
  const { appointment } = await bookAppointment(
    db,
    ctx,
    {
      nre: p.nre,
      fiscalCode: p.fiscalCode,
      itemIndex: input.itemIndex,
      holdId: input.holdId,
      channel: 'web',
    },
    { holdTtlSeconds: settings.holdTtlSeconds },
  );
  await issueNotice(db, ctx, settings.payments, {
    appointmentId: appointment.id,
    patientId: appointment.patientId,
    amountCents: appointment.copayCents,
    bookingCode: appointment.code,
  });
  return appointment;
}

/** BK-4 from the portal: nothing within the guarantee, the citizen asks for the protection path. */
export async function portalProtection(db: Db, ctx: RequestContext, p: Prescription, itemIndex: number) {
  const { protectionCase, created } = await openProtectionCase(db, ctx, {
    nre: p.nre,
    fiscalCode: p.fiscalCode,
    itemIndex,
    channel: 'web',
    note: 'richiesta dal portale: nessun posto entro i tempi della classe di priorità',
  });
  return { caseId: protectionCase.id, created };
}

export const brief = (a: Appointment): PortalBookingBrief => ({
  code: a.code,
  itemIndex: a.itemIndex,
  service: a.service.description,
  start: a.start,
  facility: a.facility.name,
  status: a.status,
  channel: a.channel,
});

/** The patient's bookings (any channel), audited as the booking service's search. */
export const patientBookings = (db: Db, ctx: RequestContext, fiscalCode: string) =>
  listPatientAppointments(db, ctx, fiscalCode);
