import { sql } from 'kysely';
import type { Db } from '../../../platform/db.ts';

// Reporting reads the event stores other modules write (issue 12): never writes them.

/**
 * MR-6: answered inbound calls since `since`, per line and Rome hour of arrival: the waits from the
 * call's start to its first answer (the contract's wait), least, average and most, in seconds.
 */
export async function waitsByHour(
  db: Db,
  since: Date,
): Promise<
  { line: string; hour: number; calls: number; minSeconds: number; avgSeconds: number; maxSeconds: number }[]
> {
  const { rows } = await sql<{
    line: string;
    hour: number | string;
    calls: number | string;
    min: number | string;
    avg: number | string;
    max: number | string;
  }>`
    with arrived as (
      select call_id, at, payload ->> 'line' as line from contact_event
      where type = 'call.arrived' and at >= ${since}),
    answered as (
      select call_id, min(at) as at from contact_event
      where type = 'call.answered' and at >= ${since}
        and coalesce((payload ->> 'transferred')::boolean, false) = false
      group by call_id),
    waits as (
      select a.line, extract(hour from a.at at time zone 'Europe/Rome') as hour,
        extract(epoch from (w.at - a.at)) as seconds
      from arrived a join answered w on w.call_id = a.call_id)
    select line, hour, count(*) as calls, min(seconds) as min, avg(seconds) as avg, max(seconds) as max
    from waits group by line, hour order by line, hour`.execute(db);
  return rows.map((r) => ({
    line: r.line,
    hour: Number(r.hour),
    calls: Number(r.calls),
    minSeconds: Number(r.min),
    avgSeconds: Number(r.avg),
    maxSeconds: Number(r.max),
  }));
}

/** MR-7: first-access bookings requested in [from, to), with what the monitoring needs of each. */
export async function firstAccessBookings(db: Db, from: Date, to: Date) {
  const rows = await db
    .selectFrom('appointment as a')
    .innerJoin('prescription as p', 'p.id', 'a.prescription_id')
    .innerJoin('facility as f', 'f.id', 'a.facility_id')
    .innerJoin('service as s', 's.code', 'a.service_code')
    .select([
      'a.service_code',
      'f.district',
      'a.priority',
      's.kind',
      'a.requested_at',
      'a.first_offered_at',
      'a.within_guarantee',
      'a.start_at',
    ])
    .where('p.access', '=', 'first')
    .where('a.requested_at', '>=', from)
    .where('a.requested_at', '<', to)
    .execute();
  return rows.map((r) => ({
    serviceCode: r.service_code,
    district: r.district,
    priority: r.priority,
    kind: r.kind,
    requestedAt: new Date(r.requested_at),
    firstOfferedAt: r.first_offered_at ? new Date(r.first_offered_at) : null,
    withinGuarantee: r.within_guarantee,
    start: new Date(r.start_at),
  }));
}

/** MR-7: places offered and refused in [from, to) (first accesses), by the refused place's district. */
export async function firstAccessRefusals(db: Db, from: Date, to: Date) {
  const rows = await db
    .selectFrom('declined_offer as d')
    .innerJoin('prescription as p', 'p.id', 'd.prescription_id')
    .innerJoin('slot as sl', 'sl.id', 'd.slot_id')
    .innerJoin('agenda as ag', 'ag.id', 'sl.agenda_id')
    .innerJoin('facility as f', 'f.id', 'ag.facility_id')
    .select(['d.service_code', 'f.district', 'd.priority', 'd.within_guarantee'])
    .where('p.access', '=', 'first')
    .where('d.declined_at', '>=', from)
    .where('d.declined_at', '<', to)
    .execute();
  return rows.map((r) => ({
    serviceCode: r.service_code,
    district: r.district,
    priority: r.priority,
    withinGuarantee: r.within_guarantee,
  }));
}

/** MR-5: the centre's heartbeats in [from, to), the one before (it covers the start), and the first ever. */
export async function heartbeats(db: Db, from: Date, to: Date) {
  const [inPeriod, before, first] = await Promise.all([
    db
      .selectFrom('contact_event')
      .select('at')
      .where('type', '=', 'centre.heartbeat')
      .where('at', '>=', from)
      .where('at', '<', to)
      .orderBy('at')
      .execute(),
    db
      .selectFrom('contact_event')
      .select('at')
      .where('type', '=', 'centre.heartbeat')
      .where('at', '<', from)
      .orderBy('at', 'desc')
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom('contact_event')
      .select('at')
      .where('type', '=', 'centre.heartbeat')
      .orderBy('at')
      .limit(1)
      .executeTakeFirst(),
  ]);
  const ms = (d: Date | string) => new Date(d).getTime();
  return {
    beats: [...(before ? [ms(before.at)] : []), ...inPeriod.map((r) => ms(r.at))],
    firstEver: first ? ms(first.at) : null,
  };
}

export const maintenanceWindows = (db: Db, from: Date, to: Date) =>
  db
    .selectFrom('maintenance_window as m')
    .innerJoin('app_user as u', 'u.id', 'm.declared_by')
    .select(['m.id', 'm.from_at', 'm.to_at', 'm.note', 'm.declared_at', 'u.username'])
    .where('m.to_at', '>', from)
    .where('m.from_at', '<', to)
    .orderBy('m.from_at')
    .execute();

export const insertMaintenance = (
  db: Db,
  m: { id: string; from: Date; to: Date; note: string; by: string; at: Date },
) =>
  db
    .insertInto('maintenance_window')
    .values({ id: m.id, from_at: m.from, to_at: m.to, note: m.note, declared_by: m.by, declared_at: m.at })
    .execute();
