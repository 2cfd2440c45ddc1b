import { DateTime } from 'luxon';
import { audit } from '../../../platform/audit.ts';
import { startOfRomeDate } from '../../../platform/calendar.ts';
import { CHANNELS, type RequestContext } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { AppError, invalidField } from '../../../platform/errors.ts';
import type { Agenda, AgendaFill } from '../rules/booking.types.ts';
import { italianHolidays } from '../rules/holidays.ts';
import { publicationChecks } from '../rules/publication.ts';
import { publicationFacts } from './agenda.repository.ts';
import * as repo from './agenda-setup.repository.ts';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const ZONE = 'Europe/Rome';

/** Validates an agenda's rules; each problem names its field. */
export function validateAgenda(a: Agenda): void {
  if (!/^[a-z0-9][a-z0-9._-]{1,63}$/.test(a.id))
    throw invalidField('id', 'id: 2-64 lower-case letters, digits, . _ -');
  if (a.serviceCodes.length === 0)
    throw invalidField('serviceCodes', 'an agenda offers at least one service');
  if (a.channels.length === 0) throw invalidField('channels', 'an agenda is visible to at least one channel');
  for (const c of a.channels)
    if (!CHANNELS.includes(c)) throw invalidField('channels', `unknown channel ${c}`);
  if (!saneDate(a.validFrom)) throw invalidField('validFrom', DATE_RANGE);
  if (a.validTo && !saneDate(a.validTo)) throw invalidField('validTo', DATE_RANGE);
  if (a.validTo && a.validTo < a.validFrom) throw invalidField('validTo', 'validTo is before validFrom');
  if (a.overbookingPerSlot < 0 || a.overbookingPerSlot > 10)
    throw invalidField('overbookingPerSlot', 'between 0 and 10');
  a.rules.forEach((r, i) => {
    const f = (name: string) => `rules.${i}.${name}`;
    if (!Number.isInteger(r.weekday) || r.weekday < 1 || r.weekday > 7)
      throw invalidField(f('weekday'), 'ISO weekday 1-7');
    if (!TIME.test(r.startTime)) throw invalidField(f('startTime'), 'time as HH:MM');
    if (!TIME.test(r.endTime) || r.endTime <= r.startTime)
      throw invalidField(f('endTime'), 'time as HH:MM after startTime');
    if (!Number.isInteger(r.slotMinutes) || r.slotMinutes < 5 || r.slotMinutes > 480) {
      throw invalidField(f('slotMinutes'), 'between 5 and 480 minutes');
    }
    if (!Number.isInteger(r.capacity) || r.capacity < 1 || r.capacity > 100)
      throw invalidField(f('capacity'), 'between 1 and 100');
  });
  a.closures.forEach((c, i) => {
    if (!saneDate(c.fromDate)) throw invalidField(`closures.${i}.fromDate`, DATE_RANGE);
    if (!saneDate(c.toDate)) throw invalidField(`closures.${i}.toDate`, DATE_RANGE);
    if (c.toDate < c.fromDate) throw invalidField(`closures.${i}.toDate`, 'toDate is before fromDate');
  });
}

// Dates outside this range are typing errors (a year 1800 or 20266), not agendas.
const DATE_RANGE = 'a date between 2000-01-01 and 2099-12-31';
const saneDate = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && d >= '2000-01-01' && d <= '2099-12-31';

/** The agenda's references exist, and its unit belongs to its facility (each problem names its field). */
async function checkAgendaReferences(db: Db, a: Agenda): Promise<void> {
  const refs = await repo.agendaReferences(db, a);
  if (!refs.facilityExists) throw invalidField('facilityId', `unknown facility ${a.facilityId}`);
  if (refs.unitFacilityId === null) throw invalidField('unitId', `unknown unit ${a.unitId}`);
  if (refs.unitFacilityId !== a.facilityId)
    throw invalidField('unitId', `unit ${a.unitId} does not belong to facility ${a.facilityId}`);
  a.serviceCodes.forEach((code, i) => {
    if (!refs.knownServices.has(code))
      throw invalidField(`serviceCodes.${i}`, `unknown service code ${code}`);
  });
}

/** Slots one request may create (SEC-3): a busy agenda over a year makes about 10,000. */
export const MAX_SLOTS_PER_REQUEST = 25_000;

/** An upper bound of the slots an agenda's rules make over the horizon, counted before any is written. */
export function estimatedSlots(a: Pick<Agenda, 'rules'>, horizonDays: number): number {
  const weeks = Math.ceil((horizonDays + 1) / 7);
  const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  return a.rules.reduce(
    (sum, r) =>
      sum + Math.max(0, Math.floor((minutes(r.endTime) - minutes(r.startTime)) / r.slotMinutes)) * weeks,
    0,
  );
}

/** The local dates [today, today + horizon] in Europe/Rome. */
export function horizon(now: Date, days: number): { fromDate: string; toDate: string } {
  const today = DateTime.fromJSDate(now, { zone: ZONE }).startOf('day');
  return { fromDate: today.toISODate()!, toDate: today.plus({ days }).toISODate()! };
}

/** Generates the slots of the rolling horizon (idempotent: existing slots stay as they are). */
export async function generateSlots(
  db: Db,
  now: Date,
  horizonDays: number,
  agendaIds?: string[],
): Promise<{ created: number; fromDate: string; toDate: string }> {
  const { fromDate, toDate } = horizon(now, horizonDays);
  const holidays = italianHolidays(Number(fromDate.slice(0, 4)), Number(toDate.slice(0, 4)));
  const created = await repo.generateSlots(db, {
    fromDate,
    toDate,
    holidays,
    ...(agendaIds ? { agendaIds } : {}),
  });
  return { created, fromDate, toDate };
}

export async function createAgenda(
  db: Db,
  ctx: RequestContext,
  agenda: Agenda,
  horizonDays: number,
): Promise<{ slots: number }> {
  validateAgenda(agenda);
  if (estimatedSlots(agenda, horizonDays) > MAX_SLOTS_PER_REQUEST) {
    throw invalidField(
      'rules',
      `these rules make more than ${MAX_SLOTS_PER_REQUEST} slots; create fewer at a time`,
    );
  }
  await checkAgendaReferences(db, agenda);
  return db.transaction().execute(async (tx) => {
    if (await repo.agendaExists(tx, agenda.id))
      throw new AppError('CONFLICT', 'an agenda with this id exists', 'id');
    await repo.insertAgendas(tx, [agenda]);
    const { created } = await generateSlots(tx, ctx.clock.now(), horizonDays, [agenda.id]);
    await audit(tx, ctx, {
      action: 'create',
      resourceType: 'Agenda',
      resourceId: agenda.id,
      purpose: 'agenda management',
    });
    return { slots: created };
  });
}

/**
 * CUP manager view: each agenda's fill level over the next `days` days, its first free slot, its
 * overbooking in use against its quota (BK-6), and its publication checks over the horizon (BK-11).
 */
export async function agendaFill(
  db: Db,
  now: Date,
  days: number,
  horizonDays: number,
): Promise<AgendaFill[]> {
  // The window is `days` Rome calendar days from today's, not `days` × 24 h from now.
  const to = DateTime.fromJSDate(now, { zone: ZONE }).startOf('day').plus({ days }).toJSDate();
  const { fromDate, toDate } = horizon(now, horizonDays);
  const [rows, facts] = await Promise.all([
    repo.agendaFill(db, now, to),
    publicationFacts(db, now, startOfRomeDate(toDate), fromDate, toDate),
  ]);
  return rows.map((r) => {
    const f = facts.get(r.agendaId);
    return { ...r, fill: r.capacity ? r.taken / r.capacity : 0, checks: f ? publicationChecks(f) : [] };
  });
}

export const countFutureSlots = repo.countFutureSlots;
export const insertAgendas = repo.insertAgendas;
