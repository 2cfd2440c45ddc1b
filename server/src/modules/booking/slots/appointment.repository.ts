import { sql } from 'kysely';
import { romeDate } from '../../../platform/calendar.ts';
import type { Db } from '../../../platform/db.ts';
import type { TicketBooking } from '../../registry/index.ts';
import type { Appointment, AppointmentStatus, Channel, Priority } from '../rules/booking.types.ts';
import { localHolidayDates } from '../rules/notice.ts';

// SQL for appointments (protection-path cases: protection.repository.ts). Rules live in the services.

export interface NewAppointment {
  id: string;
  code: string;
  patientId: string;
  prescriptionId: string;
  itemIndex: number;
  serviceCode: string;
  slotId: number;
  agendaId: string;
  facilityId: string;
  start: Date;
  end: Date;
  channel: Channel;
  priority: Priority;
  overbooked: boolean;
  prescribedOn: string;
  requestedAt: Date;
  firstOfferedAt: Date | null;
  withinGuarantee: boolean | null;
  bookedBy: string | null;
  /** BK-8: tariff × quantity at booking time, and whether the exemption covered it then. */
  tariffCents: number;
  copayExempt: boolean;
}

/** Inserts unless the booking code is already used (then false: draw another code). */
export async function insertAppointment(db: Db, a: NewAppointment): Promise<boolean> {
  const r = await db
    .insertInto('appointment')
    .values({
      id: a.id,
      code: a.code,
      patient_id: a.patientId,
      prescription_id: a.prescriptionId,
      item_index: a.itemIndex,
      service_code: a.serviceCode,
      slot_id: String(a.slotId),
      agenda_id: a.agendaId,
      facility_id: a.facilityId,
      start_at: a.start,
      end_at: a.end,
      status: 'booked',
      channel: a.channel,
      priority: a.priority,
      overbooked: a.overbooked,
      prescribed_on: a.prescribedOn,
      requested_at: a.requestedAt,
      first_offered_at: a.firstOfferedAt,
      within_guarantee: a.withinGuarantee,
      booked_by: a.bookedBy,
      tariff_cents: a.tariffCents,
      copay_exempt: a.copayExempt,
      created_at: a.requestedAt,
      updated_at: a.requestedAt,
    })
    .onConflict((oc) => oc.column('code').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/**
 * Takes one place in the slot and inserts the appointment into it, in one statement (one round trip).
 * The conditional update takes the place and the slot's row lock: of any number of concurrent takers
 * only as many succeed as there are places, and the check constraint refuses the rest anyway. The
 * appointment is inserted only if the place was taken, with `overbooked` decided by that take.
 * Returns undefined when no place was left; `inserted` is false when the booking code was already used
 * (the place is then taken: insert with another code).
 */
export async function takePlaceAndInsertAppointment(
  db: Db,
  a: Omit<NewAppointment, 'overbooked'>,
  opts: { now: Date; overbook: boolean },
): Promise<{ taken: number; capacity: number; inserted: boolean } | undefined> {
  const limit = opts.overbook ? sql`capacity + overbooking` : sql`capacity`;
  const r = await sql<{ taken: number; capacity: number; inserted: boolean }>`
    with took as (
      update slot set taken = taken + 1
      where id = ${a.slotId} and open and start_at > ${opts.now} and taken < ${limit}
      returning taken, capacity
    ), inserted as (
      insert into appointment (id, code, patient_id, prescription_id, item_index, service_code, slot_id,
        agenda_id, facility_id, start_at, end_at, status, channel, priority, overbooked, prescribed_on,
        requested_at, first_offered_at, within_guarantee, booked_by, tariff_cents, copay_exempt, created_at,
        updated_at)
      select ${a.id}::uuid, ${a.code}::text, ${a.patientId}::uuid, ${a.prescriptionId}::uuid,
        ${a.itemIndex}::int, ${a.serviceCode}::text, ${a.slotId}::bigint, ${a.agendaId}::text,
        ${a.facilityId}::text, ${a.start}::timestamptz, ${a.end}::timestamptz, 'booked', ${a.channel}::text,
        ${a.priority}::char, took.taken > took.capacity, ${a.prescribedOn}::date,
        ${a.requestedAt}::timestamptz, ${a.firstOfferedAt}::timestamptz, ${a.withinGuarantee}::boolean,
        ${a.bookedBy}::uuid, ${a.tariffCents}::int, ${a.copayExempt}::boolean, ${a.requestedAt}::timestamptz,
        ${a.requestedAt}::timestamptz
      from took
      on conflict (code) do nothing
      returning id
    )
    select took.taken, took.capacity, exists (select from inserted) as inserted from took`.execute(db);
  const row = r.rows[0];
  return row && { taken: row.taken, capacity: row.capacity, inserted: Boolean(row.inserted) };
}

function appointmentQuery(db: Db) {
  return db
    .selectFrom('appointment as ap')
    .innerJoin('prescription as p', 'p.id', 'ap.prescription_id')
    .innerJoin('service as sv', 'sv.code', 'ap.service_code')
    .innerJoin('facility as f', 'f.id', 'ap.facility_id')
    .innerJoin('agenda as a', 'a.id', 'ap.agenda_id')
    .innerJoin('unit as u', 'u.id', 'a.unit_id')
    .select([
      'ap.id',
      'ap.code',
      'ap.status',
      'ap.patient_id',
      'p.nre',
      'p.access',
      'p.exemption_code',
      'ap.prescription_id',
      'ap.item_index',
      'ap.service_code',
      'sv.description as service_description',
      'sv.branch as service_branch',
      'ap.slot_id',
      'ap.agenda_id',
      'f.id as facility_id',
      'f.name as facility_name',
      'f.district',
      'f.address',
      'u.name as unit_name',
      'ap.start_at',
      'ap.end_at',
      'ap.channel',
      'ap.priority',
      'ap.overbooked',
      'ap.prescribed_on',
      'ap.requested_at',
      'ap.first_offered_at',
      'ap.within_guarantee',
      'ap.cancelled_at',
      'ap.cancel_reason',
      'ap.cancel_channel',
      'ap.late_cancellation',
      'ap.version',
      'ap.confirmed_at',
      'ap.confirmed_via',
    ]);
}

type AppointmentRow = Awaited<ReturnType<ReturnType<typeof appointmentQuery>['executeTakeFirstOrThrow']>>;

const toAppointment = (r: AppointmentRow): Omit<Appointment, 'ticket' | 'copayCents'> => ({
  id: r.id,
  code: r.code,
  status: r.status,
  patientId: r.patient_id,
  nre: r.nre,
  access: r.access,
  itemIndex: r.item_index,
  service: { code: r.service_code, description: r.service_description, branch: r.service_branch },
  slotId: Number(r.slot_id),
  agendaId: r.agenda_id,
  facility: { id: r.facility_id, name: r.facility_name, district: r.district, address: r.address },
  unitName: r.unit_name,
  start: new Date(r.start_at),
  end: new Date(r.end_at),
  channel: r.channel as Channel,
  priority: r.priority,
  overbooked: r.overbooked,
  prescribedOn: r.prescribed_on,
  requestedAt: new Date(r.requested_at),
  firstOfferedAt: r.first_offered_at ? new Date(r.first_offered_at) : null,
  withinGuarantee: r.within_guarantee,
  cancelledAt: r.cancelled_at ? new Date(r.cancelled_at) : null,
  cancelReason: r.cancel_reason,
  cancelChannel: r.cancel_channel,
  lateCancellation: r.late_cancellation,
  version: r.version,
  confirmedAt: r.confirmed_at ? new Date(r.confirmed_at) : null,
  confirmedVia: r.confirmed_via,
});

/** Every booking of these prescriptions in booking order, with what the ticket needs (BK-8). */
export async function ticketBookings(db: Db, prescriptionIds: string[]) {
  const map = new Map<string, (Omit<TicketBooking, 'exempt'> & { itemIndex: number })[]>();
  if (prescriptionIds.length === 0) return map;
  const rows = await db
    .selectFrom('appointment')
    .select(['id', 'prescription_id', 'item_index', 'status', 'tariff_cents'])
    .where('prescription_id', 'in', prescriptionIds)
    // Booking order; bookings of the same instant in item order (so the split never depends on ids).
    .orderBy('created_at')
    .orderBy('item_index')
    .orderBy('id')
    .execute();
  for (const r of rows) {
    const list = map.get(r.prescription_id) ?? [];
    list.push({
      id: r.id,
      itemIndex: r.item_index,
      tariffCents: r.tariff_cents,
      cancelled: r.status === 'cancelled',
    });
    map.set(r.prescription_id, list);
  }
  return map;
}

/**
 * Row-locks one appointment by id alone. A locking read joined to other tables finds no row when a
 * concurrent move changed the joined keys first (PostgreSQL re-checks the join with the new version);
 * locking the bare row and reading the view afterwards always finds it.
 */
export async function lockAppointment(db: Db, id: string): Promise<boolean> {
  const r = await db
    .selectFrom('appointment')
    .select('id')
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return !!r;
}

export async function findAppointments(
  db: Db,
  where: {
    id?: string;
    ids?: string[];
    code?: string;
    patientId?: string;
    facility?: { id: string; from: Date; to: Date };
  },
): Promise<(Omit<Appointment, 'ticket' | 'copayCents'> & { prescriptionId: string })[]> {
  let q = appointmentQuery(db);
  if (where.facility)
    q = q
      .where('ap.facility_id', '=', where.facility.id)
      .where('ap.start_at', '>=', where.facility.from)
      .where('ap.start_at', '<', where.facility.to)
      .orderBy('ap.start_at')
      .limit(2000);
  if (where.id) q = q.where('ap.id', '=', where.id);
  if (where.ids) q = where.ids.length ? q.where('ap.id', 'in', where.ids) : q.where(sql<boolean>`false`);
  if (where.code) q = q.where('ap.code', '=', where.code);
  if (where.patientId)
    q = q.where('ap.patient_id', '=', where.patientId).orderBy('ap.start_at', 'desc').limit(500);
  const rows = await q.execute();
  return rows.map((r) => ({ ...toAppointment(r), prescriptionId: r.prescription_id }));
}

export async function setAppointmentStatus(
  db: Db,
  id: string,
  from: AppointmentStatus[],
  to: AppointmentStatus,
  now: Date,
  cancel?: { by: string | null; reason: string; channel: string; late: boolean },
): Promise<boolean> {
  const r = await db
    .updateTable('appointment')
    .set({
      status: to,
      updated_at: now,
      ...(cancel
        ? {
            cancelled_at: now,
            cancelled_by: cancel.by,
            cancel_reason: cancel.reason,
            cancel_channel: cancel.channel,
            late_cancellation: cancel.late,
          }
        : {}),
    })
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function moveAppointment(
  db: Db,
  id: string,
  to: {
    slotId: number;
    agendaId: string;
    facilityId: string;
    start: Date;
    end: Date;
    overbooked: boolean;
    channel: Channel;
    firstOfferedAt: Date | null;
    withinGuarantee: boolean | null;
  },
  now: Date,
): Promise<void> {
  await db
    .updateTable('appointment')
    .set({
      slot_id: String(to.slotId),
      agenda_id: to.agendaId,
      facility_id: to.facilityId,
      start_at: to.start,
      end_at: to.end,
      overbooked: to.overbooked,
      // MR-7: a move is a new booking of the item, requested now.
      channel: to.channel,
      requested_at: now,
      first_offered_at: to.firstOfferedAt,
      within_guarantee: to.withinGuarantee,
      updated_at: now,
      // A new version: its own reminder, and a confirmation of the old date no longer counts.
      version: sql<number>`version + 1`,
      confirmed_at: null,
      confirmed_via: null,
    })
    .where('id', '=', id)
    .execute();
}

/** Records the patient's confirmation of a booked appointment; false when it is no longer booked. */
export async function setConfirmed(db: Db, id: string, at: Date, via: string): Promise<boolean> {
  const r = await db
    .updateTable('appointment')
    .set({ confirmed_at: at, confirmed_via: via, updated_at: at })
    .where('id', '=', id)
    .where('status', '=', 'booked')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
export async function insertDeclinedOffer(
  db: Db,
  d: {
    id: string;
    prescriptionId: string;
    itemIndex: number;
    patientId: string;
    serviceCode: string;
    priority: Priority;
    slotId: number;
    slotStart: Date;
    guaranteeDeadline: Date;
    withinGuarantee: boolean;
    channel: Channel;
    reason: string | null;
    declinedBy: string | null;
    declinedAt: Date;
  },
): Promise<void> {
  await db
    .insertInto('declined_offer')
    .values({
      id: d.id,
      prescription_id: d.prescriptionId,
      item_index: d.itemIndex,
      patient_id: d.patientId,
      service_code: d.serviceCode,
      priority: d.priority,
      slot_id: String(d.slotId),
      slot_start: d.slotStart,
      guarantee_deadline: d.guaranteeDeadline,
      within_guarantee: d.withinGuarantee,
      channel: d.channel,
      reason: d.reason,
      declined_by: d.declinedBy,
      declined_at: d.declinedAt,
    })
    .execute();
}

/**
 * The facility's local holidays (its municipality's patron saints) in the year of `around` and the year
 * before, as Rome dates: they are not working days for a cancellation notice.
 */
export async function facilityLocalHolidays(db: Db, facilityId: string, around: Date): Promise<Set<string>> {
  const rows = await db
    .selectFrom('municipal_holiday as h')
    .innerJoin('facility as f', 'f.municipality', 'h.municipality')
    .where('f.id', '=', facilityId)
    .select(['h.month', 'h.day'])
    .execute();
  return localHolidayDates(rows, romeDate(around));
}

/** Appointments that start in [from, to), by status, the booked ones split at `now` (past or ahead). */
export async function countAttendance(db: Db, from: Date, to: Date, now: Date) {
  const rows = await db
    .selectFrom('appointment')
    .where('start_at', '>=', from)
    .where('start_at', '<', to)
    .select([
      'status',
      sql<boolean>`status = 'booked' and start_at <= ${now}`.as('past'),
      db.fn.countAll<string>().as('n'),
    ])
    .groupBy(['status', sql`2`])
    .execute();
  return rows.map((r) => ({ status: r.status, past: r.past, n: Number(r.n) }));
}
