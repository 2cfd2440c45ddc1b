import { sql } from 'kysely';
import type { Db } from '../../../platform/db.ts';
import type { Agenda, Channel, Priority } from '../rules/booking.types.ts';
import type { PublicationFacts } from '../rules/publication.ts';
import { candidateSlots, ruleRows } from './agenda-setup.repository.ts';

// SQL for one agenda's definition as the CUP manager edits it, and for the publication checks (BK-11).

/** An agenda with its services, weekly rules and closures, and its facility's name. */
export async function agendaDetail(
  db: Db,
  id: string,
): Promise<(Agenda & { facilityName: string; unitName: string }) | undefined> {
  const a = await db
    .selectFrom('agenda as a')
    .innerJoin('facility as f', 'f.id', 'a.facility_id')
    .innerJoin('unit as u', 'u.id', 'a.unit_id')
    .select([
      'a.id',
      'a.unit_id',
      'a.facility_id',
      'a.name',
      'a.channels',
      'a.valid_from',
      'a.valid_to',
      'a.overbooking_per_slot',
      'a.active',
      'f.name as facility_name',
      'u.name as unit_name',
    ])
    .where('a.id', '=', id)
    .executeTakeFirst();
  if (!a) return undefined;
  const [services, rules, closures] = await Promise.all([
    db
      .selectFrom('agenda_service')
      .select('service_code')
      .where('agenda_id', '=', id)
      .orderBy('service_code')
      .execute(),
    db
      .selectFrom('agenda_rule')
      .selectAll()
      .where('agenda_id', '=', id)
      .orderBy('weekday')
      .orderBy('start_time')
      .execute(),
    db.selectFrom('agenda_closure').selectAll().where('agenda_id', '=', id).orderBy('from_date').execute(),
  ]);
  return {
    id: a.id,
    unitId: a.unit_id,
    facilityId: a.facility_id,
    facilityName: a.facility_name,
    unitName: a.unit_name,
    name: a.name,
    serviceCodes: services.map((s) => s.service_code),
    channels: a.channels as Channel[],
    validFrom: dateOnly(a.valid_from),
    validTo: a.valid_to ? dateOnly(a.valid_to) : null,
    overbookingPerSlot: a.overbooking_per_slot,
    active: a.active,
    rules: rules.map((r) => ({
      weekday: r.weekday,
      startTime: String(r.start_time).slice(0, 5),
      endTime: String(r.end_time).slice(0, 5),
      slotMinutes: r.slot_minutes,
      capacity: r.capacity,
      reservedPriority: r.reserved_priority,
    })),
    closures: closures.map((c) => ({
      fromDate: dateOnly(c.from_date),
      toDate: dateOnly(c.to_date),
      reason: c.reason,
    })),
  };
}

// DATE columns come back as strings or as Dates at midnight UTC depending on the driver.
const dateOnly = (d: unknown): string =>
  d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10);

/** Replaces the agenda's editable definition: name, channels, validity end, quota, services and rules. */
export async function replaceAgendaDefinition(db: Db, a: Agenda): Promise<void> {
  await db
    .updateTable('agenda')
    .set({
      name: a.name,
      channels: a.channels,
      valid_to: a.validTo,
      overbooking_per_slot: a.overbookingPerSlot,
    })
    .where('id', '=', a.id)
    .execute();
  await db.deleteFrom('agenda_service').where('agenda_id', '=', a.id).execute();
  await db
    .insertInto('agenda_service')
    .values(a.serviceCodes.map((code) => ({ agenda_id: a.id, service_code: code })))
    .execute();
  await db.deleteFrom('agenda_rule').where('agenda_id', '=', a.id).execute();
  await db.insertInto('agenda_rule').values(ruleRows(a)).execute();
}

/**
 * Lays the agenda's places from `from` on out again after its rules changed: every place the new rules
 * make is open with the new length, capacity, quota and reserved class (a place already booked keeps its
 * bookings: its quota grows if the new capacity would leave them beyond it), and every other place is
 * closed. Returns the places opened and closed by the change, and the bookings left on closed places.
 */
export async function relaySlots(
  db: Db,
  opts: { agendaId: string; from: Date; fromDate: string; toDate: string; holidays: string[] },
): Promise<{ opened: number; closed: number; stranded: { id: string; patientId: string }[] }> {
  const before = await sql<{ id: string }>`
    update slot set open = false
    where agenda_id = ${opts.agendaId} and start_at >= ${opts.from} and open
    returning id`.execute(db);
  const after = await sql<{ id: string }>`
    insert into slot (agenda_id, start_at, end_at, capacity, overbooking, reserved_priority)
    ${candidateSlots({ ...opts, agendaIds: [opts.agendaId], notBefore: opts.from })}
    on conflict (agenda_id, start_at) do update set
      end_at = excluded.end_at,
      capacity = excluded.capacity,
      overbooking = greatest(excluded.overbooking, slot.taken - excluded.capacity),
      reserved_priority = excluded.reserved_priority,
      open = true
    returning id`.execute(db);
  const wasOpen = new Set(before.rows.map((r) => String(r.id)));
  const isOpen = new Set(after.rows.map((r) => String(r.id)));
  const closedIds = [...wasOpen].filter((id) => !isOpen.has(id));
  const stranded = closedIds.length
    ? await sql<{ id: string; patient_id: string }>`
        select ap.id, ap.patient_id from appointment ap join slot s on s.id = ap.slot_id
        where s.id = any(${closedIds}::bigint[]) and ap.status = 'booked'
        order by s.start_at, ap.id`.execute(db)
    : { rows: [] };
  return {
    opened: [...isOpen].filter((id) => !wasOpen.has(id)).length,
    closed: closedIds.length,
    stranded: stranded.rows.map((r) => ({ id: r.id, patientId: r.patient_id })),
  };
}

/** The facts of the publication checks for every agenda, over [now, until). */
export async function publicationFacts(
  db: Db,
  now: Date,
  until: Date,
  today: string,
  lastDay: string,
): Promise<Map<string, PublicationFacts>> {
  const rows = await sql<{
    id: string;
    published: boolean;
    open_slots: number;
    open_on_closures: number;
    booked_on_closures: number;
    reserved: Priority[] | null;
    reserved_with_slots: Priority[] | null;
    service_codes: string[];
    unknown_services: string[];
  }>`
    select a.id,
           a.active and a.valid_from <= ${lastDay}::date
             and (a.valid_to is null or a.valid_to >= ${today}::date) as published,
           (select count(*)::int from slot s
            where s.agenda_id = a.id and s.open and s.start_at >= ${now} and s.start_at < ${until}) as open_slots,
           (select count(*)::int from slot s join agenda_closure c on c.agenda_id = s.agenda_id
              and (s.start_at at time zone 'Europe/Rome')::date between c.from_date and c.to_date
            where s.agenda_id = a.id and s.open and s.start_at >= ${now}) as open_on_closures,
           (select count(*)::int from appointment ap join agenda_closure c on c.agenda_id = ap.agenda_id
              and (ap.start_at at time zone 'Europe/Rome')::date between c.from_date and c.to_date
            where ap.agenda_id = a.id and ap.status = 'booked' and ap.start_at >= ${now}) as booked_on_closures,
           array(select distinct r.reserved_priority from agenda_rule r
                 where r.agenda_id = a.id and r.reserved_priority is not null) as reserved,
           array(select distinct s.reserved_priority from slot s
                 where s.agenda_id = a.id and s.open and s.reserved_priority is not null
                   and s.start_at >= ${now} and s.start_at < ${until}) as reserved_with_slots,
           array(select x.service_code from agenda_service x where x.agenda_id = a.id order by 1) as service_codes,
           array(select x.service_code from agenda_service x
                 where x.agenda_id = a.id and not exists (select 1 from service v where v.code = x.service_code)
                 order by 1) as unknown_services
    from agenda a`.execute(db);
  return new Map(
    rows.rows.map((r) => {
      const known = new Set(r.service_codes.filter((c) => !r.unknown_services.includes(c)));
      return [
        r.id,
        {
          published: r.published,
          openSlots: r.open_slots,
          openSlotsOnClosures: r.open_on_closures,
          bookingsOnClosures: r.booked_on_closures,
          reservedClasses: (r.reserved ?? []).map((p) => p.trim() as Priority),
          reservedClassesWithSlots: (r.reserved_with_slots ?? []).map((p) => p.trim() as Priority),
          serviceCodes: r.service_codes,
          catalogue: known,
        },
      ];
    }),
  );
}
