import { sql } from 'kysely';
import type { Db } from '../../../platform/db.ts';

/**
 * The kiosk's queue ticket for an appointment: numbered per facility and Rome day, one per appointment.
 * The facility's day is locked (advisory lock) so two kiosks never draw the same number; a second
 * check-in of the same appointment returns its first ticket.
 */
export async function drawTicket(
  db: Db,
  row: { appointmentId: string; facilityId: string; day: string; at: Date },
): Promise<number> {
  await sql`select pg_advisory_xact_lock(hashtext(${`kiosk:${row.facilityId}:${row.day}`}))`.execute(db);
  const had = await db
    .selectFrom('kiosk_check_in')
    .select('ticket')
    .where('appointment_id', '=', row.appointmentId)
    .executeTakeFirst();
  if (had) return had.ticket;
  const last = await db
    .selectFrom('kiosk_check_in')
    .select((eb) => eb.fn.max('ticket').as('last'))
    .where('facility_id', '=', row.facilityId)
    .where('day', '=', row.day)
    .executeTakeFirst();
  const ticket = Number(last?.last ?? 0) + 1;
  await db
    .insertInto('kiosk_check_in')
    .values({
      appointment_id: row.appointmentId,
      facility_id: row.facilityId,
      day: row.day,
      ticket,
      at: row.at,
    })
    .execute();
  return ticket;
}

export async function ticketsOf(db: Db, appointmentIds: string[]) {
  if (appointmentIds.length === 0) return new Map<string, { ticket: number; at: Date }>();
  const rows = await db
    .selectFrom('kiosk_check_in')
    .select(['appointment_id', 'ticket', 'at'])
    .where('appointment_id', 'in', appointmentIds)
    .execute();
  return new Map(rows.map((r) => [r.appointment_id, { ticket: r.ticket, at: new Date(r.at) }]));
}
