import { type Selectable, sql } from 'kysely';
import type { Db } from '../../platform/db.ts';
import type { ReofferOfferTable } from '../../platform/schema.ts';
import type { Offer, Place, PlaceSlot, ReofferCandidate } from './reoffer.types.ts';

// Re-offer's offers (OB-2): whom to offer a freed place to (candidates: booked further out for the same
// service, nearest and longest-waiting first; a directed place's one patient), the offers sent, and how each
// ended. Reads booking's tables; every change to an appointment goes through booking's services.

/**
 * Whom to offer a freed place to (OB-2), best first: booked for the same service, further out than
 * `from` and than the place itself, of the class the slot is reserved for (if it is), booked through a
 * channel the slot's agenda is open to; never twice for one place, never while another offer to them
 * stands. Order: the place's district first, then the nearest facility (by the facility of their own
 * booking — the registry has no home address), then the longest wait (the appointment furthest out),
 * then the earliest request.
 */
interface CandidateRow {
  id: string;
  version: number;
  start_at: Date;
  requested_at: Date;
  priority: string;
  patient_id: string;
  phone: string | null;
  email: string | null;
  consents: Record<string, boolean> | null;
  same_district: boolean;
}

const toCandidate = (r: CandidateRow): ReofferCandidate => ({
  appointmentId: r.id,
  version: r.version,
  start: new Date(r.start_at),
  requestedAt: new Date(r.requested_at),
  priority: r.priority,
  patientId: r.patient_id,
  phone: r.phone,
  email: r.email,
  consents: (r.consents ?? {}) as ReofferCandidate['consents'],
  sameDistrict: r.same_district,
});

/** The one candidate of a directed place (BK-12): its booking, if still booked and not yet offered it. */
export async function directedCandidate(
  db: Db,
  placeId: string,
  appointmentId: string,
): Promise<ReofferCandidate[]> {
  const { rows } = await sql<Omit<CandidateRow, 'same_district'>>`
    select a.id, a.version, a.start_at, a.requested_at, a.priority, a.patient_id, p.phone, p.email, p.consents
    from appointment a join patient p on p.id = a.patient_id
    where a.id = ${appointmentId} and a.status = 'booked'
      and not exists (select 1 from reoffer_offer o where o.place_id = ${placeId} and o.appointment_id = a.id)`.execute(
    db,
  );
  return rows.map((r) => toCandidate({ ...r, same_district: true }));
}

/** What became of a directed place's offer (BK-12): null while none was made. */
export async function directedOutcome(
  db: Db,
  placeId: string,
): Promise<{ place: Place['status']; offer: Offer['status'] | null } | null> {
  const r = await db
    .selectFrom('reoffer_place as p')
    .leftJoin('reoffer_offer as o', 'o.place_id', 'p.id')
    .select(['p.status as place', 'o.status as offer'])
    .where('p.id', '=', placeId)
    .executeTakeFirst();
  return r ? { place: r.place, offer: r.offer } : null;
}

export async function candidates(
  db: Db,
  q: {
    placeId: string;
    slotId: string;
    serviceCode: string;
    from: Date;
    slot: PlaceSlot;
    limit: number;
    offset: number;
  },
): Promise<ReofferCandidate[]> {
  const { slot } = q;
  // Squared distance on a local flat projection: only the order matters, within one region.
  const distance =
    slot.latitude === null || slot.longitude === null
      ? sql`null::float8`
      : sql`power(f.latitude - ${slot.latitude}, 2)
          + power((f.longitude - ${slot.longitude}) * cos(radians(${slot.latitude})), 2)`;
  const reserved = slot.reservedPriority ? sql`and a.priority = ${slot.reservedPriority}` : sql``;
  const { rows } = await sql<{
    id: string;
    version: number;
    start_at: Date;
    requested_at: Date;
    priority: string;
    patient_id: string;
    phone: string | null;
    email: string | null;
    consents: Record<string, boolean> | null;
    same_district: boolean;
  }>`
    with places as (
      -- Facilities in the order of the ranking: the place's district first, then the nearest.
      select f.id, f.district = ${slot.district} as same_district, ${distance} as distance from facility f),
    ranked as (
      -- Per facility, its best candidates straight from the index (latest first): the ranking's head
      -- without reading every booking of the service.
      select a.id, a.version, a.start_at, a.requested_at, a.priority, a.patient_id, f.same_district, f.distance
      from places f
      cross join lateral (
        select a.* from appointment a
        where a.status = 'booked' and a.service_code = ${q.serviceCode} and a.facility_id = f.id
          and a.start_at >= ${q.from} and a.start_at > ${slot.start} and a.slot_id <> ${q.slotId}
          and a.channel in (${sql.join(slot.channels.length ? slot.channels : [''])}) ${reserved}
          -- A hashed list, not a probe per candidate: offers standing, and those made for this place.
          and a.id not in (select o.appointment_id from reoffer_offer o
            where o.place_id = ${q.placeId} or o.status = 'offered')
        order by a.start_at desc, a.requested_at, a.id
        limit ${q.limit + q.offset}) a
      order by f.same_district desc, f.distance asc nulls last, a.start_at desc, a.requested_at, a.id
      limit ${q.limit} offset ${q.offset})
    -- Contacts for the few ranked first only.
    select r.*, p.phone, p.email, p.consents
    from ranked r join patient p on p.id = r.patient_id
    order by r.same_district desc, r.distance asc nulls last, r.start_at desc, r.requested_at, r.id`.execute(
    db,
  );
  return rows.map(toCandidate);
}

const toOffer = (r: Selectable<ReofferOfferTable>): Offer => ({
  id: r.id,
  ref: r.ref,
  placeId: r.place_id,
  appointmentId: r.appointment_id,
  appointmentVersion: r.appointment_version,
  round: r.round,
  status: r.status,
  offeredAt: new Date(r.offered_at),
  expiresAt: new Date(r.expires_at),
  decidedAt: r.decided_at ? new Date(r.decided_at) : null,
  declineReason: r.decline_reason,
  withinGuarantee: r.within_guarantee,
  guaranteeForfeited: r.guarantee_forfeited,
});

export async function insertOffers(
  db: Db,
  offers: Omit<Offer, 'decidedAt' | 'declineReason' | 'guaranteeForfeited'>[],
) {
  if (offers.length === 0) return;
  await db
    .insertInto('reoffer_offer')
    .values(
      offers.map((o) => ({
        id: o.id,
        ref: o.ref,
        place_id: o.placeId,
        appointment_id: o.appointmentId,
        appointment_version: o.appointmentVersion,
        round: o.round,
        status: o.status,
        offered_at: o.offeredAt,
        expires_at: o.expiresAt,
        within_guarantee: o.withinGuarantee,
      })),
    )
    .execute();
}

export async function findOfferByRef(
  db: Db,
  ref: string,
  o: { forUpdate?: boolean } = {},
): Promise<Offer | null> {
  let q = db.selectFrom('reoffer_offer').selectAll().where('ref', '=', ref);
  if (o.forUpdate) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return r ? toOffer(r) : null;
}

export async function offersOf(
  db: Db,
  where: { placeId: string } | { appointmentId: string },
): Promise<Offer[]> {
  const q = db.selectFrom('reoffer_offer').selectAll();
  const rows = await ('placeId' in where
    ? q.where('place_id', '=', where.placeId)
    : q.where('appointment_id', '=', where.appointmentId)
  )
    .orderBy('offered_at')
    .orderBy('id')
    .execute();
  return rows.map(toOffer);
}

/** Settles an offer that still stands; false when it was settled already (by a concurrent request). */
export async function settleOffer(
  db: Db,
  id: string,
  to: { status: Exclude<Offer['status'], 'offered'>; at: Date; reason?: string | null; forfeited?: boolean },
): Promise<boolean> {
  const r = await db
    .updateTable('reoffer_offer')
    .set({
      status: to.status,
      decided_at: to.at,
      ...(to.reason !== undefined ? { decline_reason: to.reason } : {}),
      ...(to.forfeited !== undefined ? { guarantee_forfeited: to.forfeited } : {}),
    })
    .where('id', '=', id)
    .where('status', '=', 'offered')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** The offer whose patient moved into the place: accepted, whatever a concurrent pass settled it as. */
export async function markAccepted(db: Db, id: string, at: Date): Promise<void> {
  await db
    .updateTable('reoffer_offer')
    .set({ status: 'accepted', decided_at: at })
    .where('id', '=', id)
    .where('status', '<>', 'accepted')
    .execute();
}

/** An appointment offered this place that now sits in its slot: the place was taken by accepting it. */
export async function offeredPatientInSlot(db: Db, placeId: string, slotId: string): Promise<string | null> {
  const r = await db
    .selectFrom('reoffer_offer as o')
    .innerJoin('appointment as a', 'a.id', 'o.appointment_id')
    .where('o.place_id', '=', placeId)
    .where('a.slot_id', '=', slotId)
    .where('a.status', '=', 'booked')
    .select('a.id')
    .executeTakeFirst();
  return r?.id ?? null;
}

/** Offers past their time, now expired; returns their places. */
export async function expireOffers(db: Db, now: Date): Promise<string[]> {
  const r = await db
    .updateTable('reoffer_offer')
    .set({ status: 'expired', decided_at: now })
    .where('status', '=', 'offered')
    .where('expires_at', '<=', now)
    .returning('place_id')
    .execute();
  return [...new Set(r.map((x) => x.place_id))];
}

/** The latest offer still standing whose message went to this number or address. */
export async function openOfferSentTo(db: Db, recipient: string, now: Date): Promise<string | null> {
  const r = await db
    .selectFrom('reoffer_offer as o')
    .innerJoin('outreach_message as m', (j) =>
      j.onRef('m.ref', '=', 'o.ref').onRef('m.appointment_id', '=', 'o.appointment_id'),
    )
    .where('m.kind', '=', 'reoffer')
    .where('m.recipient', '=', recipient)
    .where('o.status', '=', 'offered')
    .where('o.expires_at', '>', now)
    .select('o.ref')
    .orderBy('o.offered_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r?.ref ?? null;
}
