import { sql } from 'kysely';
import { audit } from '../../../platform/audit.ts';
import { addDays, romeDate, startOfRomeDate } from '../../../platform/calendar.ts';
import type { RequestContext } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { AppError, invalidField, notFound } from '../../../platform/errors.ts';
import { appendEvent } from '../../../platform/events.ts';

// BK-12: an agenda closed for some days after it was opened (a closure, an absence). Its free places
// leave the availability at once; the bookings on those days are handed back to be recontacted and moved.

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** At most a quarter: longer is a change of the agenda's validity, not a closure. */
const MAX_CLOSURE_DAYS = 92;

export interface AgendaClosure {
  agendaId: string;
  fromDate: string;
  toDate: string;
  reason: string;
  /** Free places taken out of the availability. */
  closedSlots: number;
  /** Bookings still on those days, to recontact and move (BK-12). */
  appointmentIds: string[];
}

/**
 * Closes an agenda on the Rome dates `fromDate`…`toDate` (inclusive): the closure is recorded on the agenda
 * (slots are never generated there again), every place of those days still ahead is closed, and the
 * booked appointments on them are returned. Closing the same days twice closes nothing more and returns
 * the bookings still there. Audited, with a domain event.
 */
export async function closeAgendaDays(
  db: Db,
  ctx: RequestContext,
  agendaId: string,
  input: { fromDate: string; toDate: string; reason: string },
): Promise<AgendaClosure> {
  const now = ctx.clock.now();
  const today = romeDate(now);
  for (const f of ['fromDate', 'toDate'] as const) {
    if (!ISO_DATE.test(input[f]) || Number.isNaN(Date.parse(`${input[f]}T00:00:00Z`)))
      throw invalidField(f, `${f} must be a date (YYYY-MM-DD)`);
  }
  if (input.fromDate < today) throw invalidField('fromDate', 'a closure cannot start in the past');
  if (input.toDate < input.fromDate) throw invalidField('toDate', 'toDate is before fromDate');
  if (input.toDate > addDays(input.fromDate, MAX_CLOSURE_DAYS - 1))
    throw invalidField('toDate', `a closure lasts at most ${MAX_CLOSURE_DAYS} days`);
  const reason = input.reason.trim();
  if (!reason) throw invalidField('reason', 'say why the agenda is closed');
  if (reason.length > 200) throw invalidField('reason', 'the reason is longer than 200 characters');
  return db.transaction().execute(async (tx) => {
    const agenda = await tx
      .selectFrom('agenda')
      .select(['id', 'active'])
      .where('id', '=', agendaId)
      .forUpdate()
      .executeTakeFirst();
    if (!agenda) throw notFound('agenda', 'agendaId');
    if (!agenda.active) throw new AppError('INVALID_STATE', 'the agenda is not active');
    // Places of today already started are left as they are.
    const from = new Date(Math.max(startOfRomeDate(input.fromDate).getTime(), now.getTime()));
    const to = startOfRomeDate(addDays(input.toDate, 1));
    const known = await tx
      .selectFrom('agenda_closure')
      .select('agenda_id')
      .where('agenda_id', '=', agendaId)
      .where('from_date', '=', input.fromDate)
      .where('to_date', '=', input.toDate)
      .executeTakeFirst();
    if (!known)
      await tx
        .insertInto('agenda_closure')
        .values({ agenda_id: agendaId, from_date: input.fromDate, to_date: input.toDate, reason })
        .execute();
    const closed = await tx
      .updateTable('slot')
      .set({ open: false })
      .where('agenda_id', '=', agendaId)
      .where('start_at', '>=', from)
      .where('start_at', '<', to)
      .where('open', '=', true)
      .executeTakeFirst();
    const booked = await sql<{ id: string; patient_id: string }>`
      select ap.id, ap.patient_id from appointment ap join slot s on s.id = ap.slot_id
      where s.agenda_id = ${agendaId} and s.start_at >= ${from} and s.start_at < ${to}
        and ap.status = 'booked'
      order by s.start_at, ap.id`.execute(tx);
    const result: AgendaClosure = {
      agendaId,
      fromDate: input.fromDate,
      toDate: input.toDate,
      reason,
      closedSlots: Number(closed.numUpdatedRows),
      appointmentIds: booked.rows.map((r) => r.id),
    };
    await appendEvent(tx, ctx, 'agenda.closed', agendaId, {
      fromDate: input.fromDate,
      toDate: input.toDate,
      reason,
      closedSlots: result.closedSlots,
      appointments: result.appointmentIds.length,
    });
    await audit(
      tx,
      ctx,
      { action: 'update', resourceType: 'Agenda', resourceId: agendaId, purpose: 'closure' },
      ...booked.rows.map((r) => ({
        action: 'read' as const,
        resourceType: 'Appointment',
        resourceId: r.id,
        patientId: r.patient_id,
        purpose: 'closure recontact',
      })),
    );
    return result;
  });
}

/** Whether each appointment still sits on a closed place (false once moved, cancelled or gone). */
export async function onClosedPlace(
  db: Db,
  appointmentIds: string[],
): Promise<Map<string, { status: string; closed: boolean }>> {
  if (appointmentIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('appointment as ap')
    .innerJoin('slot as s', 's.id', 'ap.slot_id')
    .select(['ap.id', 'ap.status', 's.open'])
    .where('ap.id', 'in', appointmentIds)
    .execute();
  return new Map(rows.map((r) => [r.id, { status: r.status, closed: !r.open }]));
}

/** Booked appointments starting in [from, to), filtered: a campaign's target (OB-5). At most `limit`. */
export async function findBookedAppointments(
  db: Db,
  q: {
    from: Date;
    to: Date;
    serviceCode?: string | undefined;
    agendaId?: string | undefined;
    facilityId?: string | undefined;
    limit: number;
  },
): Promise<string[]> {
  let query = db
    .selectFrom('appointment as ap')
    .innerJoin('slot as s', 's.id', 'ap.slot_id')
    .select('ap.id')
    .where('ap.status', '=', 'booked')
    .where('s.start_at', '>=', q.from)
    .where('s.start_at', '<', q.to)
    .orderBy('s.start_at')
    .orderBy('ap.id')
    .limit(q.limit);
  if (q.serviceCode) query = query.where('ap.service_code', '=', q.serviceCode);
  if (q.agendaId) query = query.where('s.agenda_id', '=', q.agendaId);
  if (q.facilityId) query = query.where('ap.facility_id', '=', q.facilityId);
  return (await query.execute()).map((r) => r.id);
}

/** Bookings still ahead on closed places (BK-12): whoever recontacts them reads these. */
export async function bookedOnClosedPlaces(db: Db, now: Date, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('appointment as ap')
    .innerJoin('slot as s', 's.id', 'ap.slot_id')
    .select('ap.id')
    .where('ap.status', '=', 'booked')
    .where('s.open', '=', false)
    .where('s.start_at', '>', now)
    .orderBy('s.start_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
