import { sql } from 'kysely';
import type { Db } from '../../../platform/db.ts';
import type { ProtectionCase } from '../rules/booking.types.ts';

// SQL for protection-path cases (percorso di tutela, BK-4). Rules live in protection.service.ts.

export async function insertProtectionCase(
  db: Db,
  c: Pick<
    ProtectionCase,
    | 'id'
    | 'itemIndex'
    | 'patientId'
    | 'serviceCode'
    | 'priority'
    | 'guaranteeDeadline'
    | 'firstAvailableAt'
    | 'openedAt'
    | 'openedChannel'
  > & { prescriptionId: string; openedBy: string | null; note: string | null },
): Promise<boolean> {
  const r = await sql`
    insert into protection_case (id, prescription_id, item_index, patient_id, service_code, priority,
      guarantee_deadline, first_available_at, state, opened_by, opened_channel, opened_at, note)
    values (${c.id}, ${c.prescriptionId}, ${c.itemIndex}, ${c.patientId}, ${c.serviceCode}, ${c.priority},
      ${c.guaranteeDeadline}, ${c.firstAvailableAt}, 'open', ${c.openedBy}, ${c.openedChannel}, ${c.openedAt}, ${c.note})
    on conflict (prescription_id, item_index) where state = 'open' do nothing`.execute(db);
  return Number(r.numAffectedRows ?? 0) === 1;
}

const date = (v: Date | string | null) => (v === null ? null : new Date(v));

/** Cases with whose they are (patient), what for (service) and who works them, oldest first. */
export async function findProtectionCases(
  db: Db,
  where: { id?: string; state?: ProtectionCase['state']; prescriptionId?: string; itemIndex?: number },
): Promise<ProtectionCase[]> {
  let q = db
    .selectFrom('protection_case as c')
    .innerJoin('prescription as p', 'p.id', 'c.prescription_id')
    .innerJoin('patient as pt', 'pt.id', 'c.patient_id')
    .innerJoin('service as s', 's.code', 'c.service_code')
    .leftJoin('app_user as tb', 'tb.id', 'c.taken_by')
    .leftJoin('app_user as rb', 'rb.id', 'c.resolved_by')
    .leftJoin('appointment as a', 'a.id', 'c.appointment_id')
    .selectAll('c')
    .select([
      'p.nre',
      'pt.fiscal_code',
      'pt.given_name',
      'pt.family_name',
      's.description as service_description',
      'tb.display_name as taken_by_name',
      'rb.display_name as resolved_by_name',
      'a.code as appointment_code',
    ])
    .orderBy('c.opened_at')
    .orderBy('c.id')
    .limit(500);
  if (where.id) q = q.where('c.id', '=', where.id);
  if (where.state) q = q.where('c.state', '=', where.state);
  if (where.prescriptionId) q = q.where('c.prescription_id', '=', where.prescriptionId);
  if (where.itemIndex !== undefined) q = q.where('c.item_index', '=', where.itemIndex);
  const rows = await q.execute();
  return rows.map(
    (r): ProtectionCase => ({
      id: r.id,
      nre: r.nre,
      itemIndex: r.item_index,
      patientId: r.patient_id,
      patient: { fiscalCode: r.fiscal_code, givenName: r.given_name, familyName: r.family_name },
      serviceCode: r.service_code,
      serviceDescription: r.service_description,
      priority: r.priority,
      guaranteeDeadline: new Date(r.guarantee_deadline),
      firstAvailableAt: date(r.first_available_at),
      state: r.state,
      openedAt: new Date(r.opened_at),
      openedChannel: r.opened_channel,
      note: r.note,
      takenBy: r.taken_by ? { id: r.taken_by, name: r.taken_by_name ?? '' } : null,
      takenAt: date(r.taken_at),
      resolvedBy: r.resolved_by ? { id: r.resolved_by, name: r.resolved_by_name ?? '' } : null,
      resolvedAt: date(r.resolved_at),
      appointment:
        r.appointment_id && r.appointment_code ? { id: r.appointment_id, code: r.appointment_code } : null,
      resolutionReason: r.resolution_reason,
    }),
  );
}

/** Takes an open case for `actorId` unless someone else has it; true when the actor has it now. */
export async function takeProtectionCase(db: Db, id: string, actorId: string, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('protection_case')
    .set({ taken_by: actorId, taken_at: now })
    .where('id', '=', id)
    .where('state', '=', 'open')
    .where((eb) => eb.or([eb('taken_by', 'is', null), eb('taken_by', '=', actorId)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The booked appointment of a prescription item, if `appointmentId` is one. */
export async function findBookedAppointmentForCase(
  db: Db,
  appointmentId: string,
  caseId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('appointment as a')
    .innerJoin('protection_case as c', (j) =>
      j.onRef('c.prescription_id', '=', 'a.prescription_id').onRef('c.item_index', '=', 'a.item_index'),
    )
    .select('a.id')
    .where('a.id', '=', appointmentId)
    .where('c.id', '=', caseId)
    .where('a.status', '=', 'booked')
    .executeTakeFirst();
  return row !== undefined;
}

/** Ends an open case its taker holds: resolved with an appointment, or closed with a reason. */
export async function endProtectionCase(
  db: Db,
  id: string,
  actorId: string,
  end: { state: 'resolved'; appointmentId: string } | { state: 'closed'; reason: string },
  now: Date,
): Promise<boolean> {
  const r = await db
    .updateTable('protection_case')
    .set({
      state: end.state,
      resolved_by: actorId,
      resolved_at: now,
      appointment_id: end.state === 'resolved' ? end.appointmentId : null,
      resolution_reason: end.state === 'closed' ? end.reason : null,
    })
    .where('id', '=', id)
    .where('state', '=', 'open')
    .where('taken_by', '=', actorId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
