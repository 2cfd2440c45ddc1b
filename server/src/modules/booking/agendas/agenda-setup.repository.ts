import { sql } from 'kysely';
import type { Db } from '../../../platform/db.ts';
import type { Agenda, AgendaFill } from '../rules/booking.types.ts';

// SQL for agendas and slot generation. Slots and holds: slot.repository.ts; appointments: appointment.repository.ts.

export async function insertAgendas(db: Db, agendas: Agenda[]): Promise<void> {
  for (let i = 0; i < agendas.length; i += 500) {
    const batch = agendas.slice(i, i + 500);
    await db
      .insertInto('agenda')
      .values(
        batch.map((a) => ({
          id: a.id,
          unit_id: a.unitId,
          facility_id: a.facilityId,
          name: a.name,
          channels: a.channels,
          valid_from: a.validFrom,
          valid_to: a.validTo,
          overbooking_per_slot: a.overbookingPerSlot,
          active: a.active,
        })),
      )
      .execute();
    const services = batch.flatMap((a) =>
      a.serviceCodes.map((code) => ({ agenda_id: a.id, service_code: code })),
    );
    if (services.length) await db.insertInto('agenda_service').values(services).execute();
    const rules = batch.flatMap(ruleRows);
    if (rules.length) await db.insertInto('agenda_rule').values(rules).execute();
    const closures = batch.flatMap((a) =>
      a.closures.map((c) => ({
        agenda_id: a.id,
        from_date: c.fromDate,
        to_date: c.toDate,
        reason: c.reason,
      })),
    );
    if (closures.length) await db.insertInto('agenda_closure').values(closures).execute();
  }
}

/** An agenda's weekly rules as agenda_rule rows. */
export const ruleRows = (a: Pick<Agenda, 'id' | 'rules'>) =>
  a.rules.map((r) => ({
    agenda_id: a.id,
    weekday: r.weekday,
    start_time: r.startTime,
    end_time: r.endTime,
    slot_minutes: r.slotMinutes,
    capacity: r.capacity,
    reserved_priority: r.reservedPriority,
  }));

/** What a new agenda refers to: its unit's facility (if the unit exists), the facility, the known services. */
export async function agendaReferences(
  db: Db,
  refs: { unitId: string; facilityId: string; serviceCodes: string[] },
): Promise<{ unitFacilityId: string | null; facilityExists: boolean; knownServices: Set<string> }> {
  const unit = await db
    .selectFrom('unit')
    .select('facility_id')
    .where('id', '=', refs.unitId)
    .executeTakeFirst();
  const facility = await db
    .selectFrom('facility')
    .select('id')
    .where('id', '=', refs.facilityId)
    .executeTakeFirst();
  const services = refs.serviceCodes.length
    ? await db.selectFrom('service').select('code').where('code', 'in', refs.serviceCodes).execute()
    : [];
  return {
    unitFacilityId: unit?.facility_id ?? null,
    facilityExists: !!facility,
    knownServices: new Set(services.map((r) => r.code)),
  };
}

export async function agendaExists(db: Db, id: string): Promise<boolean> {
  return !!(await db.selectFrom('agenda').select('id').where('id', '=', id).executeTakeFirst());
}

/**
 * Materialises slots from the weekly rules for days in [fromDate, toDate], skipping holidays and
 * closures. Wall-clock starts are turned into instants by PostgreSQL's Europe/Rome zone rules, so a
 * 08:00 slot stays at 08:00 across daylight-saving changes; a slot lasts its length in real time, and a
 * start that does not exist (the spring-forward hour) is skipped. Existing slots are left alone, which makes
 * the job idempotent.
 */
export async function generateSlots(
  db: Db,
  opts: { fromDate: string; toDate: string; holidays: string[]; agendaIds?: string[] },
): Promise<number> {
  const r = await sql`
    insert into slot (agenda_id, start_at, end_at, capacity, overbooking, reserved_priority)
    ${candidateSlots(opts)}
    on conflict (agenda_id, start_at) do nothing`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** The places the agendas' rules make over [fromDate, toDate] (see generateSlots), as a select. */
export function candidateSlots(opts: {
  fromDate: string;
  toDate: string;
  holidays: string[];
  agendaIds?: string[];
  notBefore?: Date;
}) {
  const agendaFilter = opts.agendaIds ? sql`and a.id = any(${opts.agendaIds}::text[])` : sql``;
  const notBefore = opts.notBefore ? sql`and t.start_at >= ${opts.notBefore}` : sql``;
  return sql`
    select a.id, t.start_at, t.start_at + make_interval(mins => r.slot_minutes),
           r.capacity, a.overbooking_per_slot, r.reserved_priority
    from agenda a
    join agenda_rule r on r.agenda_id = a.id
    cross join generate_series(
      greatest(${opts.fromDate}::date, a.valid_from)::timestamp,
      least(${opts.toDate}::date, coalesce(a.valid_to, ${opts.toDate}::date))::timestamp,
      interval '1 day') as d(day)
    cross join lateral generate_series(
      0, (extract(epoch from (r.end_time - r.start_time))::int / 60 / r.slot_minutes) - 1) as k(n)
    cross join lateral (select d.day + r.start_time + make_interval(mins => r.slot_minutes * k.n) as local_start) l
    cross join lateral (select l.local_start at time zone 'Europe/Rome' as start_at) t
    where a.active
      -- A local start in the spring-forward gap does not exist: skip it rather than shift it an hour.
      and t.start_at at time zone 'Europe/Rome' = l.local_start
      and extract(isodow from d.day) = r.weekday
      and d.day::date <> all(${opts.holidays}::date[])
      and not exists (
        select 1 from agenda_closure c
        where c.agenda_id = a.id and d.day::date between c.from_date and c.to_date)
      ${agendaFilter}
      ${notBefore}`;
}

/**
 * Fill level per agenda over a window: booked places over offered places, with the agenda's facility,
 * organisation and services so that the CUP manager view can group and filter (BK-6).
 */
export async function agendaFill(
  db: Db,
  from: Date,
  to: Date,
): Promise<Omit<AgendaFill, 'fill' | 'checks'>[]> {
  const rows = await sql<{
    agenda_id: string;
    name: string;
    facility_id: string;
    facility_name: string;
    district: string;
    organisation_id: string;
    organisation_name: string;
    service_codes: string[];
    capacity: number;
    taken: number;
    first_free: Date | null;
    late_cancellations: number;
    overbooking_per_slot: number;
    overbooking_offered: number;
    overbooked: number;
  }>`
    select a.id as agenda_id, a.name, f.id as facility_id, f.name as facility_name, f.district,
           o.id as organisation_id, o.name as organisation_name,
           array(select s2.service_code from agenda_service s2 where s2.agenda_id = a.id order by 1) as service_codes,
           coalesce(sum(s.capacity), 0)::int as capacity, coalesce(sum(s.taken), 0)::int as taken,
           min(s.start_at) filter (where s.taken < s.capacity and s.open) as first_free,
           (select count(*)::int from appointment ap
            where ap.agenda_id = a.id and ap.late_cancellation
              and ap.start_at >= ${from} and ap.start_at < ${to}) as late_cancellations,
           a.overbooking_per_slot,
           coalesce(sum(s.overbooking) filter (where s.open), 0)::int as overbooking_offered,
           (select count(*)::int from appointment ap
            where ap.agenda_id = a.id and ap.overbooked and ap.status <> 'cancelled'
              and ap.start_at >= ${from} and ap.start_at < ${to}) as overbooked
    from agenda a
    join facility f on f.id = a.facility_id
    join organisation o on o.id = f.organisation_id
    left join slot s on s.agenda_id = a.id and s.start_at >= ${from} and s.start_at < ${to}
    group by a.id, f.id, o.id
    order by o.name, f.name, a.name`.execute(db);
  return rows.rows.map((r) => ({
    agendaId: r.agenda_id,
    name: r.name,
    facilityId: r.facility_id,
    facilityName: r.facility_name,
    district: r.district,
    organisationId: r.organisation_id,
    organisationName: r.organisation_name,
    serviceCodes: r.service_codes,
    capacity: r.capacity,
    taken: r.taken,
    firstFree: r.first_free ? new Date(r.first_free) : null,
    lateCancellations: Number(r.late_cancellations),
    overbookingPerSlot: r.overbooking_per_slot,
    overbookingOffered: r.overbooking_offered,
    overbooked: Number(r.overbooked),
  }));
}

export async function countFutureSlots(db: Db, now: Date): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::bigint as n from slot where start_at >= ${now}`.execute(
    db,
  );
  return Number(r.rows[0]?.n ?? 0);
}
