import { sql } from 'kysely';
import type { Db } from '../../../platform/db.ts';
import type { AvailableSlot, Channel, Priority, ServiceKind } from '../rules/booking.types.ts';
import type { GuaranteeRule } from '../rules/guarantee.ts';

// SQL for slots, holds and the availability search. Rules live in the services.

// Every search and booking needs the rules and they change a few times a year: keep them a minute.
let rulesCache: { rules: GuaranteeRule[]; until: number } | null = null;

export async function loadGuaranteeRules(db: Db): Promise<GuaranteeRule[]> {
  if (rulesCache && rulesCache.until > Date.now()) return rulesCache.rules;
  const rows = await db.selectFrom('guarantee_rule').selectAll().execute();
  const rules = rows.map(
    (r): GuaranteeRule =>
      r.max_hours !== null
        ? { priority: r.priority, serviceKind: r.service_kind, maxHours: r.max_hours, maxDays: null }
        : { priority: r.priority, serviceKind: r.service_kind, maxHours: null, maxDays: r.max_days ?? 0 },
  );
  rulesCache = { rules, until: Date.now() + 60_000 };
  return rules;
}

export async function findServiceKind(db: Db, code: string): Promise<ServiceKind | undefined> {
  const r = await db.selectFrom('service').select('kind').where('code', '=', code).executeTakeFirst();
  return r?.kind;
}

interface AvailabilityRow {
  slot_id: number;
  start_at: Date;
  end_at: Date;
  agenda_id: string;
  unit_name: string;
  facility_id: string;
  facility_name: string;
  district: string;
}

/**
 * First availability across the region (BK-3): for each agenda that offers the service (and passes the
 * filters) take its first free slots through the partial index, then merge soonest first.
 */
export async function searchFreeSlots(
  db: Db,
  q: {
    service: string;
    from: Date;
    now: Date;
    priority: Priority | null;
    district: string | null;
    facility: string | null;
    channel: Channel | null;
    limit: number;
    /** Slots looked at per agenda (default `limit`): 1 gives each agenda's first free slot. */
    perAgenda?: number;
  },
): Promise<Omit<AvailableSlot, 'withinGuarantee'>[]> {
  const perAgenda = q.perAgenda ?? q.limit;
  const rows = await sql<AvailabilityRow>`
    select s.id as slot_id, s.start_at, s.end_at, a.id as agenda_id, u.name as unit_name,
           f.id as facility_id, f.name as facility_name, f.district
    from agenda_service asv
    join agenda a on a.id = asv.agenda_id and a.active
    join facility f on f.id = a.facility_id
    join unit u on u.id = a.unit_id
    cross join lateral (
      (select s.id, s.start_at, s.end_at from slot s
       where s.agenda_id = a.id and s.start_at >= ${q.from} and s.taken < s.capacity and s.open
         and (s.reserved_priority is null or s.reserved_priority = ${q.priority}::char)
       order by s.start_at
       limit ${perAgenda})
      union
      -- A slot whose places are held by expired holds is free, even before the minute job reclaims them.
      (select s.id, s.start_at, s.end_at from slot s
       where s.agenda_id = a.id and s.start_at >= ${q.from} and s.taken >= s.capacity and s.open
         and (s.reserved_priority is null or s.reserved_priority = ${q.priority}::char)
         and s.id in (select h.slot_id from hold h where h.expires_at <= ${q.now})
         and s.taken - (select count(*) from hold h where h.slot_id = s.id and h.expires_at <= ${q.now})
             < s.capacity
       order by s.start_at
       limit ${perAgenda})
    ) s
    where asv.service_code = ${q.service}
      and (${q.channel}::text is null or ${q.channel}::text = any(a.channels))
      and (${q.district}::text is null or f.district = ${q.district}::text)
      and (${q.facility}::text is null or f.id = ${q.facility}::text)
    order by s.start_at, s.id
    limit ${q.limit}`.execute(db);
  return rows.rows.map((r) => ({
    slotId: Number(r.slot_id),
    start: new Date(r.start_at),
    end: new Date(r.end_at),
    agendaId: r.agenda_id,
    unitName: r.unit_name,
    facility: { id: r.facility_id, name: r.facility_name, district: r.district },
  }));
}

/** A slot of a period with its free places (expired holds' places counted free), for BK-10's plans. */
export interface PeriodSlot {
  slotId: number;
  start: Date;
  free: number;
  agendaId: string;
  facility: { id: string; name: string };
}

/**
 * Every open, unreserved slot of the service between two instants (full ones too: a plan's place is
 * checked against them), at agendas open to the channel, in time order. Reserved places stay for the
 * priority classes they were kept for.
 */
export async function findSlotsInPeriod(
  db: Db,
  q: { service: string; from: Date; to: Date; now: Date; facility: string | null; channel: Channel },
): Promise<PeriodSlot[]> {
  const rows = await sql<{
    slot_id: string;
    start_at: Date;
    free: number;
    agenda_id: string;
    facility_id: string;
    facility_name: string;
  }>`
    select s.id as slot_id, s.start_at, a.id as agenda_id, f.id as facility_id, f.name as facility_name,
           greatest(s.capacity - s.taken
             + (select count(*) from hold h where h.slot_id = s.id and h.expires_at <= ${q.now})::int, 0) as free
    from agenda_service asv
    join agenda a on a.id = asv.agenda_id and a.active
    join facility f on f.id = a.facility_id
    join slot s on s.agenda_id = a.id
    where asv.service_code = ${q.service}
      and ${q.channel}::text = any(a.channels)
      and (${q.facility}::text is null or f.id = ${q.facility}::text)
      and s.start_at >= ${q.from} and s.start_at < ${q.to} and s.start_at > ${q.now}
      and s.open and s.reserved_priority is null
    order by s.start_at, s.id`.execute(db);
  return rows.rows.map((r) => ({
    slotId: Number(r.slot_id),
    start: new Date(r.start_at),
    free: Number(r.free),
    agendaId: r.agenda_id,
    facility: { id: r.facility_id, name: r.facility_name },
  }));
}

export interface SlotForBooking {
  id: number;
  agendaId: string;
  facilityId: string;
  facility: { id: string; name: string; district: string; address: string };
  unitName: string;
  start: Date;
  end: Date;
  capacity: number;
  overbooking: number;
  taken: number;
  reservedPriority: Priority | null;
  open: boolean;
  agendaActive: boolean;
  channels: Channel[];
  offersService: boolean;
  /** Whether holds on this slot had expired at `now` (their places can be reclaimed by a taker). */
  hasExpiredHolds: boolean;
  /** With `firstOffered`: the soonest matching free slot that starts before this one, else null. */
  earlierFreeStart: Date | null;
}

interface SlotForBookingRow {
  id: number;
  agenda_id: string;
  facility_id: string;
  facility_name: string;
  district: string;
  address: string;
  unit_name: string;
  start_at: Date;
  end_at: Date;
  capacity: number;
  overbooking: number;
  taken: number;
  reserved_priority: Priority | null;
  open: boolean;
  active: boolean;
  channels: string[];
  offers_service: boolean;
  has_expired_holds: boolean;
  earlier_free_start: Date | null;
}

/**
 * The slot as a booking needs it, in one round trip. With `firstOffered` the same statement also finds
 * the MR-7 "first slot offered" for the service, class and channel: the soonest free slot of any agenda
 * in the region that starts before this one (one probe of the partial index per agenda offering the
 * service, each gated by a primary-key check that its agenda is active and open to the channel). A
 * booking records min(that, this slot's start), which is what a region-wide search capped at the chosen
 * slot gives. The search is skipped when the slot is full, has no expired holds and `evenIfFull` is
 * not set: such a booking is refused without it.
 */
export async function findSlotForBooking(
  db: Db,
  slotId: number,
  serviceCode: string | null,
  opts: { now?: Date; firstOffered?: { priority: Priority; channel: Channel; evenIfFull: boolean } } = {},
): Promise<SlotForBooking | undefined> {
  const now = opts.now ?? null;
  const fo = opts.firstOffered;
  const earlier = fo
    ? sql`case when s.taken < s.capacity or h.expired or ${fo.evenIfFull}::boolean then (
        select min(f.start_at) from agenda_service asv2
        cross join lateral (
          select s2.start_at from slot s2
          where s2.agenda_id = asv2.agenda_id and s2.start_at >= ${now}::timestamptz and s2.start_at < s.start_at
            and s2.taken < s2.capacity and s2.open
            and (s2.reserved_priority is null or s2.reserved_priority = ${fo.priority}::char)
            and exists (
              select from agenda a2
              where a2.id = asv2.agenda_id and a2.active and ${fo.channel}::text = any(a2.channels))
          order by s2.start_at
          limit 1
        ) f
        where asv2.service_code = ${serviceCode ?? ''}::text) end`
    : sql`null::timestamptz`;
  const r = await sql<SlotForBookingRow>`
    select s.id, s.agenda_id, a.facility_id, f.name as facility_name, f.district, f.address,
           u.name as unit_name, s.start_at, s.end_at, s.capacity, s.overbooking, s.taken,
           s.reserved_priority, s.open, a.active, a.channels,
           exists (select from agenda_service asv
                   where asv.agenda_id = a.id and asv.service_code = ${serviceCode ?? ''}::text) as offers_service,
           h.expired as has_expired_holds,
           ${earlier} as earlier_free_start
    from slot s
    join agenda a on a.id = s.agenda_id
    join facility f on f.id = a.facility_id
    join unit u on u.id = a.unit_id
    cross join lateral (
      select ${now}::timestamptz is not null and exists (
        select from hold hd where hd.slot_id = s.id and hd.expires_at <= ${now}::timestamptz) as expired
    ) h
    where s.id = ${slotId}`.execute(db);
  const row = r.rows[0];
  if (!row) return undefined;
  return {
    id: Number(row.id),
    agendaId: row.agenda_id,
    facilityId: row.facility_id,
    facility: { id: row.facility_id, name: row.facility_name, district: row.district, address: row.address },
    unitName: row.unit_name,
    start: new Date(row.start_at),
    end: new Date(row.end_at),
    capacity: row.capacity,
    overbooking: row.overbooking,
    taken: row.taken,
    reservedPriority: row.reserved_priority,
    open: row.open,
    agendaActive: row.active,
    channels: row.channels as Channel[],
    offersService: Boolean(row.offers_service),
    hasExpiredHolds: Boolean(row.has_expired_holds),
    earlierFreeStart: row.earlier_free_start ? new Date(row.earlier_free_start) : null,
  };
}

/**
 * Takes one place in a slot, atomically: the row lock and the condition in one statement mean that of
 * any number of concurrent takers only as many succeed as there are places (and the table's check
 * constraint would refuse the rest anyway).
 */
export async function takeSlot(
  db: Db,
  slotId: number,
  opts: { now: Date; overbook: boolean },
): Promise<{ taken: number; capacity: number } | undefined> {
  const limit = opts.overbook ? sql`capacity + overbooking` : sql`capacity`;
  const r = await sql<{ taken: number; capacity: number }>`
    update slot set taken = taken + 1
    where id = ${slotId} and open and start_at > ${opts.now} and taken < ${limit}
    returning taken, capacity`.execute(db);
  return r.rows[0];
}

/** Row-locks slots in id order, so transactions that touch several slots cannot deadlock each other. */
export async function lockSlots(db: Db, ids: number[]): Promise<void> {
  await sql`select id from slot where id = any(${ids.map(String)}::bigint[]) order by id for no key update`.execute(
    db,
  );
}

/** Slots that have expired holds, oldest ids first. */
export async function slotsWithExpiredHolds(db: Db, now: Date, limit: number): Promise<number[]> {
  const rows = await sql<{ slot_id: number }>`
    select distinct slot_id from hold where expires_at <= ${now} order by slot_id limit ${limit}`.execute(db);
  return rows.rows.map((r) => Number(r.slot_id));
}

export async function releaseSlot(db: Db, slotId: number): Promise<void> {
  await sql`update slot set taken = taken - 1 where id = ${slotId} and taken > 0`.execute(db);
}

/** Frees the places of expired holds, on one slot or on all; returns how many holds were released. */
export async function releaseExpiredHolds(db: Db, now: Date, slotId?: number): Promise<number> {
  const onSlot = slotId === undefined ? sql`` : sql`and slot_id = ${slotId}`;
  const r = await sql<{ released: number }>`
    with expired as (
      delete from hold where expires_at <= ${now} ${onSlot} returning slot_id
    ), counts as (
      select slot_id, count(*)::int as n from expired group by slot_id
    ), freed as (
      update slot s set taken = s.taken - c.n from counts c where s.id = c.slot_id returning c.n
    )
    select coalesce(sum(n), 0)::int as released from freed`.execute(db);
  return Number(r.rows[0]?.released ?? 0);
}

export async function insertHold(
  db: Db,
  h: { id: string; slotId: number; actorId: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('hold')
    .values({
      id: h.id,
      slot_id: String(h.slotId),
      actor_id: h.actorId,
      created_at: h.createdAt,
      expires_at: h.expiresAt,
    })
    .execute();
}

export async function findHold(db: Db, id: string, opts: { forUpdate?: boolean } = {}) {
  let q = db.selectFrom('hold').selectAll().where('id', '=', id);
  if (opts.forUpdate) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return r && { id: r.id, slotId: Number(r.slot_id), actorId: r.actor_id, expiresAt: new Date(r.expires_at) };
}

/** Serialises one operator's hold placements for the rest of the transaction (the cap check). */
export async function lockActorHolds(db: Db, actorId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`hold:${actorId}`}::text, 0))`.execute(db);
}

export async function countLiveHolds(db: Db, actorId: string, now: Date): Promise<number> {
  const r = await db
    .selectFrom('hold')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('actor_id', '=', actorId)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function deleteHold(db: Db, id: string): Promise<boolean> {
  const r = await db.deleteFrom('hold').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}
