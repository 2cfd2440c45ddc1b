import { type Selectable, sql } from 'kysely';
import type { Db } from '../../platform/db.ts';
import type { ReofferOfferTable, ReofferPlaceTable } from '../../platform/schema.ts';
import type { FreedPlace, Offer, Place, PlaceSlot, ReofferCandidate } from './reoffer.types.ts';

// Re-offer's SQL. It reads the booking module's tables (slots, appointments, patients, facilities) to
// choose whom to offer a place to; every change to an appointment goes through booking's services.

const CONSUMER = 'reoffer';

/**
 * Freed places from domain events after the cursor (cancellations, and moves away from a slot), the
 * cursor row locked for the caller's transaction so that one server reads at a time. `settledBefore`:
 * the cursor only passes events older than this, because a sequence's ids can commit out of order and a
 * later read must still see a slow transaction's event (reading one twice is harmless: see insertPlaces).
 */
export async function readFreedPlaces(
  tx: Db,
  settledBefore: Date,
  limit: number,
): Promise<{ places: FreedPlace[]; cursor: number; next: number }> {
  await tx
    .insertInto('event_cursor')
    .values({ consumer: CONSUMER, last_id: '0' })
    .onConflict((oc) => oc.column('consumer').doNothing())
    .execute();
  const { last_id } = await tx
    .selectFrom('event_cursor')
    .where('consumer', '=', CONSUMER)
    .select('last_id')
    .forUpdate()
    .executeTakeFirstOrThrow();
  const cursor = Number(last_id);
  const events = await tx
    .selectFrom('domain_event as e')
    .innerJoin('appointment as a', (j) => j.on(sql<boolean>`a.id::text = e.aggregate_id`))
    .where('e.id', '>', String(cursor))
    .where('e.type', 'in', ['appointment.cancelled', 'appointment.moved'])
    .select(['e.id', 'e.at', 'e.type', 'e.aggregate_id', 'e.payload', 'a.service_code'])
    .orderBy('e.id')
    .limit(limit)
    .execute();
  let next = cursor;
  for (const e of events) {
    if (new Date(e.at) >= settledBefore) break;
    next = Number(e.id);
  }
  const places = events.map((e): FreedPlace => {
    const p = e.payload as {
      slotId?: string | number;
      fromSlotId?: string | number;
      reofferPlaceId?: string;
    };
    return {
      freedBy: e.aggregate_id,
      slotId: String(e.type === 'appointment.cancelled' ? p.slotId : p.fromSlotId),
      serviceCode: e.service_code,
      freedAt: new Date(e.at),
      acceptedPlaceId: p.reofferPlaceId ?? null,
    };
  });
  return { places, cursor, next };
}

export async function moveCursor(tx: Db, to: number): Promise<void> {
  await tx
    .updateTable('event_cursor')
    .set({ last_id: String(to) })
    .where('consumer', '=', CONSUMER)
    .execute();
}

/** New places, each once (its freeing is its key); returns the ids of the ones written now. */
export async function insertPlaces(
  tx: Db,
  rows: (FreedPlace & { id: string; chainId: string; depth: number })[],
): Promise<string[]> {
  if (rows.length === 0) return [];
  const r = await tx
    .insertInto('reoffer_place')
    .values(
      rows.map((p) => ({
        id: p.id,
        chain_id: p.chainId,
        depth: p.depth,
        slot_id: p.slotId,
        service_code: p.serviceCode,
        freed_by: p.freedBy,
        freed_at: p.freedAt,
        status: 'offering' as const,
      })),
    )
    .onConflict((oc) => oc.columns(['freed_by', 'slot_id', 'freed_at']).doNothing())
    .returning('id')
    .execute();
  return r.map((x) => x.id);
}

const toPlace = (r: Selectable<ReofferPlaceTable>): Place => ({
  id: r.id,
  chainId: r.chain_id,
  depth: r.depth,
  slotId: r.slot_id,
  serviceCode: r.service_code,
  freedBy: r.freed_by,
  freedAt: new Date(r.freed_at),
  forAppointment: r.for_appointment,
  status: r.status,
  round: r.round,
  takenBy: r.taken_by,
  decidedAt: r.decided_at ? new Date(r.decided_at) : null,
});

export async function findPlace(db: Db, id: string, o: { forUpdate?: boolean } = {}): Promise<Place | null> {
  let q = db.selectFrom('reoffer_place').selectAll().where('id', '=', id);
  if (o.forUpdate) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return r ? toPlace(r) : null;
}

export async function setPlace(
  db: Db,
  id: string,
  set: { status?: Place['status']; round?: number; takenBy?: string; decidedAt?: Date },
): Promise<void> {
  await db
    .updateTable('reoffer_place')
    .set({
      ...(set.status ? { status: set.status } : {}),
      ...(set.round !== undefined ? { round: set.round } : {}),
      ...(set.takenBy ? { taken_by: set.takenBy } : {}),
      ...(set.decidedAt ? { decided_at: set.decidedAt } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** The freed slot as re-offer needs it: still free? reserved for a class? where, and for which kind. */
export async function placeSlot(db: Db, slotId: string, serviceCode: string): Promise<PlaceSlot | null> {
  const r = await db
    .selectFrom('slot as s')
    .innerJoin('agenda as ag', 'ag.id', 's.agenda_id')
    .innerJoin('facility as f', 'f.id', 'ag.facility_id')
    .innerJoin('service as sv', (j) => j.on('sv.code', '=', serviceCode))
    .where('s.id', '=', slotId)
    .select([
      's.start_at',
      's.capacity',
      's.taken',
      's.open',
      's.reserved_priority',
      'ag.active',
      'ag.channels',
      'f.name',
      'f.address',
      'f.district',
      'f.latitude',
      'f.longitude',
      'sv.kind',
      'sv.description',
    ])
    .executeTakeFirst();
  if (!r) return null;
  return {
    start: new Date(r.start_at),
    free: r.open && r.active && r.taken < r.capacity,
    reservedPriority: r.reserved_priority,
    channels: r.channels,
    facility: r.name,
    address: r.address,
    district: r.district,
    latitude: r.latitude,
    longitude: r.longitude,
    kind: r.kind,
    service: r.description,
  };
}

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

/** BK-12: a place offered to one booking: inserted once per (booking, slot). */
export async function insertDirectedPlace(
  tx: Db,
  p: { id: string; slotId: string; serviceCode: string; appointmentId: string; at: Date },
): Promise<string | null> {
  const r = await tx
    .insertInto('reoffer_place')
    .values({
      id: p.id,
      chain_id: p.id,
      depth: 0,
      slot_id: p.slotId,
      service_code: p.serviceCode,
      freed_by: p.appointmentId,
      freed_at: p.at,
      for_appointment: p.appointmentId,
      status: 'offering',
    })
    .onConflict((oc) => oc.columns(['freed_by', 'slot_id', 'freed_at']).doNothing())
    .returning('id')
    .execute();
  return r[0]?.id ?? null;
}

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

/** Places still being offered with no offer standing: due for their next round. */
export async function placesAwaitingRound(db: Db, limit: number): Promise<string[]> {
  const r = await db
    .selectFrom('reoffer_place as pl')
    .where('pl.status', '=', 'offering')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('reoffer_offer as o')
            .select(sql`1`.as('one'))
            .whereRef('o.place_id', '=', 'pl.id')
            .where('o.status', '=', 'offered'),
        ),
      ),
    )
    .select('pl.id')
    .orderBy('pl.freed_at')
    .limit(limit)
    .execute();
  return r.map((x) => x.id);
}

/** Places on offer whose slot is full or closed now (booked meanwhile through another channel). */
export async function offeringPlacesNoLongerFree(db: Db): Promise<string[]> {
  const r = await db
    .selectFrom('reoffer_place as pl')
    .innerJoin('slot as s', 's.id', 'pl.slot_id')
    .innerJoin('agenda as ag', 'ag.id', 's.agenda_id')
    .where('pl.status', '=', 'offering')
    .where((w) =>
      w.or([w('s.taken', '>=', w.ref('s.capacity')), w('s.open', '=', false), w('ag.active', '=', false)]),
    )
    .select('pl.id')
    .execute();
  return r.map((x) => x.id);
}

/** Another place of the same slot still being offered (a slot with more than one place freed). */
export async function otherOpenPlace(db: Db, slotId: string, not: string): Promise<string | null> {
  const r = await db
    .selectFrom('reoffer_place')
    .where('slot_id', '=', slotId)
    .where('status', '=', 'offering')
    .where('id', '<>', not)
    .select('id')
    .orderBy('freed_at')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
  return r?.id ?? null;
}

/** Counts for the manager's view (issue 11 §7) over places freed in [from, to). */
export async function placeCounts(db: Db, from: Date, to: Date) {
  const places = await db
    .selectFrom('reoffer_place')
    .where('freed_at', '>=', from)
    .where('freed_at', '<', to)
    .select(['status', db.fn.countAll<string>().as('n'), db.fn.max('depth').as('depth')])
    .groupBy('status')
    .execute();
  const offers = await db
    .selectFrom('reoffer_offer as o')
    .innerJoin('reoffer_place as pl', 'pl.id', 'o.place_id')
    .where('pl.freed_at', '>=', from)
    .where('pl.freed_at', '<', to)
    .select(['o.status', db.fn.countAll<string>().as('n')])
    .groupBy('o.status')
    .execute();
  return {
    places: Object.fromEntries(places.map((p) => [p.status, Number(p.n)])) as Record<string, number>,
    deepestChain: Math.max(0, ...places.map((p) => Number(p.depth ?? 0))),
    offers: Object.fromEntries(offers.map((o) => [o.status, Number(o.n)])) as Record<string, number>,
  };
}

/**
 * Places freed before `before` and settled, with their offers (retention, RETENTION_MESSAGES_DAYS: an
 * offer is a message to a patient and its answer). A place still being offered is kept.
 */
export async function purgeReoffers(db: Db, before: Date): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const old = tx
      .selectFrom('reoffer_place')
      .select('id')
      .where('freed_at', '<', before)
      .where('status', '<>', 'offering');
    const offers = await tx.deleteFrom('reoffer_offer').where('place_id', 'in', old).executeTakeFirst();
    const places = await tx
      .deleteFrom('reoffer_place')
      .where('freed_at', '<', before)
      .where('status', '<>', 'offering')
      .executeTakeFirst();
    return Number(offers.numDeletedRows) + Number(places.numDeletedRows);
  });
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
