import { sql } from 'kysely';
import type { Db } from '../../platform/db.ts';
import type { GroupAthlete, GroupRequestSummary } from './groups.types.ts';

// SQL for group requests. An athlete is booked when their prescription item has a live appointment.

export interface NewGroupRequest {
  id: string;
  club: string;
  contact: string;
  serviceCode: string;
  facilityId: string | null;
  from: string;
  to: string;
  maxPerDay: number | null;
  note: string | null;
  createdAt: Date;
  createdBy: string | null;
  members: { position: number; patientId: string; prescriptionId: string; itemIndex: number }[];
}

export async function insertGroupRequest(db: Db, r: NewGroupRequest): Promise<void> {
  await db
    .insertInto('group_request')
    .values({
      id: r.id,
      club: r.club,
      contact: r.contact,
      service_code: r.serviceCode,
      facility_id: r.facilityId,
      window_from: r.from,
      window_to: r.to,
      max_per_day: r.maxPerDay,
      note: r.note,
      created_at: r.createdAt,
      created_by: r.createdBy,
    })
    .execute();
  await db
    .insertInto('group_request_member')
    .values(
      r.members.map((m) => ({
        request_id: r.id,
        position: m.position,
        patient_id: m.patientId,
        prescription_id: m.prescriptionId,
        item_index: m.itemIndex,
      })),
    )
    .execute();
}

interface SummaryRow {
  id: string;
  club: string;
  contact: string;
  service_code: string;
  service_description: string;
  facility_id: string | null;
  facility_name: string | null;
  window_from: string;
  window_to: string;
  max_per_day: number | null;
  note: string | null;
  created_at: Date;
  athletes: number;
  booked: number;
}

const toSummary = (r: SummaryRow): GroupRequestSummary => ({
  id: r.id,
  club: r.club,
  contact: r.contact,
  service: { code: r.service_code, description: r.service_description },
  facility: r.facility_id ? { id: r.facility_id, name: r.facility_name ?? r.facility_id } : null,
  from: r.window_from,
  to: r.window_to,
  maxPerDay: r.max_per_day,
  note: r.note,
  createdAt: new Date(r.created_at),
  athletes: Number(r.athletes),
  booked: Number(r.booked),
});

/**
 * Requests, each with how many of its athletes hold a live booking: current ones (period not ended on
 * `today`) by their first day, past ones most recent first, or all newest first; a club by part of its name.
 */
export async function findGroupRequests(
  db: Db,
  q: {
    id?: string;
    limit: number;
    period?: { kind: 'current' | 'past'; today: string };
    club?: string | undefined;
  },
): Promise<GroupRequestSummary[]> {
  const kind = q.period?.kind ?? null;
  const today = q.period?.today ?? null;
  // A club's name as typed, its LIKE wildcards taken literally.
  const club = q.club ? `%${q.club.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows = await sql<SummaryRow>`
    select g.id, g.club, g.contact, g.service_code, s.description as service_description,
           g.facility_id, f.name as facility_name, g.window_from::text, g.window_to::text, g.max_per_day,
           g.note, g.created_at,
           (select count(*) from group_request_member m where m.request_id = g.id)::int as athletes,
           (select count(*) from group_request_member m
              join appointment a on a.prescription_id = m.prescription_id and a.item_index = m.item_index
                and a.status in ('booked', 'checked_in')
            where m.request_id = g.id)::int as booked
    from group_request g
    join service s on s.code = g.service_code
    left join facility f on f.id = g.facility_id
    where (${q.id ?? null}::uuid is null or g.id = ${q.id ?? null}::uuid)
      and (${kind}::text is null
        or (${kind}::text = 'current' and g.window_to >= ${today}::date)
        or (${kind}::text = 'past' and g.window_to < ${today}::date))
      and (${club}::text is null or g.club ilike ${club}::text)
    order by case when ${kind}::text = 'current' then g.window_from end,
      case when ${kind}::text = 'past' then g.window_to end desc,
      g.created_at desc, g.id
    limit ${q.limit}`.execute(db);
  return rows.rows.map(toSummary);
}

/** A request's athletes in the club's order, with the live booking of each one's prescription item. */
export async function findGroupMembers(
  db: Db,
  requestId: string,
): Promise<(GroupAthlete & { patientId: string })[]> {
  const rows = await sql<{
    position: number;
    patient_id: string;
    fiscal_code: string;
    given_name: string;
    family_name: string;
    birth_date: string;
    nre: string;
    item_index: number;
    appointment_id: string | null;
    code: string | null;
    start_at: Date | null;
    facility_name: string | null;
    status: string | null;
  }>`
    select m.position, m.patient_id, p.fiscal_code, p.given_name, p.family_name, p.birth_date::text,
           r.nre, m.item_index, a.id as appointment_id, a.code, a.start_at, f.name as facility_name, a.status
    from group_request_member m
    join patient p on p.id = m.patient_id
    join prescription r on r.id = m.prescription_id
    left join appointment a on a.prescription_id = m.prescription_id and a.item_index = m.item_index
      and a.status in ('booked', 'checked_in')
    left join facility f on f.id = a.facility_id
    where m.request_id = ${requestId}::uuid
    order by m.position`.execute(db);
  return rows.rows.map((r) => ({
    position: r.position,
    patientId: r.patient_id,
    fiscalCode: r.fiscal_code,
    givenName: r.given_name,
    familyName: r.family_name,
    birthDate: r.birth_date,
    nre: r.nre,
    itemIndex: r.item_index,
    appointment:
      r.appointment_id && r.code && r.start_at && r.status
        ? {
            id: r.appointment_id,
            code: r.code,
            start: new Date(r.start_at),
            facility: r.facility_name ?? '',
            status: r.status,
          }
        : null,
  }));
}
