import { type Selectable, sql } from 'kysely';
import type { Db } from '../../platform/db.ts';
import type { ReofferPlaceTable } from '../../platform/schema.ts';
import type { FreedPlace, Place, PlaceSlot } from './reoffer.types.ts';

// Re-offer's places (OB-2): the freed places read from booking's domain events after a cursor, their
// rounds and states, the slot each stands for; the offers themselves are in offers.repository.ts. Reads
// booking's tables; every change to an appointment goes through booking's services.

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
