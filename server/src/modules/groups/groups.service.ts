import { randomUUID } from 'node:crypto';
import { audit, auditedRead } from '../../platform/audit.ts';
import { addDays, romeDate, romePeriod, startOfRomeDate } from '../../platform/calendar.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { AppError, invalidField, notFound } from '../../platform/errors.ts';
import { bookAppointment, cancelAppointment, findSlotsInPeriod, type PeriodSlot } from '../booking/index.ts';
import {
  checkPrescriptionForBooking,
  getService,
  listFacilities,
  localPrescriptionRegister,
  parseFiscalCode,
  parseNre,
} from '../registry/index.ts';
import * as repo from './groups.repository.ts';
import type {
  GroupBookingOutcome,
  GroupPlanView,
  GroupRequest,
  GroupRequestSummary,
} from './groups.types.ts';
import { planGroup } from './rules/plan.ts';

/** The longest period a club and a facility agree on at once (a season's certificates: three months). */
export const MAX_PERIOD_DAYS = 92;
export const MAX_ATHLETES = 200;
/** Bookings made by the back office for a club: the CUP's own desk channel, open on every agenda. */
const CHANNEL = 'desk' as const;
const PURPOSE = 'group booking (BK-10)';

export interface GroupRequestInput {
  club: string;
  contact: string;
  service: string;
  facility?: string | undefined;
  from: string;
  to: string;
  maxPerDay?: number | undefined;
  note?: string | undefined;
  athletes: { fiscalCode: string; nre: string }[];
}

/**
 * Records a club's list (BK-10): every athlete must have a prescription of their own with an open item
 * for the service, still valid to book. Errors name the athlete's line; nothing is written unless every
 * line is right. Each athlete's prescription read is audited.
 */
export async function createGroupRequest(
  db: Db,
  ctx: RequestContext,
  input: GroupRequestInput,
): Promise<GroupRequest> {
  const now = ctx.clock.now();
  const club = input.club.trim();
  const contact = input.contact.trim();
  if (club.length < 2) throw invalidField('club', "the club's name is required");
  if (contact.length < 3) throw invalidField('contact', "the club's contact (phone or e-mail) is required");
  const service = await getService(db, input.service.trim().toUpperCase(), 'service');
  let facilityId: string | null = null;
  if (input.facility) {
    const facility = (await listFacilities(db)).find((f) => f.id === input.facility);
    if (!facility) throw invalidField('facility', `unknown facility ${input.facility}`);
    facilityId = facility.id;
  }
  if (input.from < romeDate(now)) throw invalidField('from', 'the period starts in the past');
  romePeriod(romeDate(now), input, MAX_PERIOD_DAYS); // the end after the start, the length (field `to`)
  if (input.athletes.length === 0) throw invalidField('athletes', 'the list has no athletes');

  return db.transaction().execute(async (tx) => {
    const seen = new Map<string, number>();
    const members: repo.NewGroupRequest['members'] = [];
    for (const [i, line] of input.athletes.entries()) {
      const field = `athletes.${i}`;
      const fiscalCode = parseFiscalCode(line.fiscalCode, `${field}.fiscalCode`);
      const nre = parseNre(line.nre, `${field}.nre`);
      const twin = seen.get(fiscalCode);
      if (twin !== undefined)
        throw invalidField(`${field}.fiscalCode`, `the same athlete is already on line ${twin + 1}`);
      seen.set(fiscalCode, i);
      const p = await localPrescriptionRegister.fetch(tx, nre);
      if (!p) throw invalidField(`${field}.nre`, `prescription ${nre} not found`);
      if (p.fiscalCode !== fiscalCode)
        throw invalidField(`${field}.nre`, 'this prescription belongs to another patient');
      if (p.state === 'expired' || p.state === 'cancelled')
        throw invalidField(`${field}.nre`, `the prescription is ${p.state}`);
      const item = p.items.find((it) => it.service.code === service.code && it.state === 'open');
      if (!item)
        throw invalidField(`${field}.nre`, `the prescription has no item of ${service.code} left to book`);
      try {
        await checkPrescriptionForBooking(tx, p, { fiscalCode, itemIndex: item.index, now });
      } catch (e) {
        if (e instanceof AppError) throw invalidField(`${field}.nre`, e.message);
        throw e;
      }
      members.push({ position: i + 1, patientId: p.patientId, prescriptionId: p.id, itemIndex: item.index });
    }
    const id = randomUUID();
    await repo.insertGroupRequest(tx, {
      id,
      club,
      contact,
      serviceCode: service.code,
      facilityId,
      from: input.from,
      to: input.to,
      maxPerDay: input.maxPerDay ?? null,
      note: input.note?.trim() || null,
      createdAt: now,
      createdBy: ctx.actor?.id ?? null,
      members,
    });
    await audit(
      tx,
      ctx,
      ...members.map((m) => ({
        action: 'create' as const,
        resourceType: 'GroupRequest',
        resourceId: id,
        patientId: m.patientId,
        purpose: PURPOSE,
      })),
    );
    return loadRequest(tx, id);
  });
}

/**
 * The requests a back office works on: those whose period has not ended (on the Rome calendar), soonest
 * first; or the past ones, most recent first — so an old request is found, not pushed off a list. No
 * personal data: the club, the service, the counts.
 */
export async function listGroupRequests(
  db: Db,
  clock: Clock,
  q: { period: 'current' | 'past'; club?: string | undefined },
): Promise<GroupRequestSummary[]> {
  return repo.findGroupRequests(db, {
    limit: 200,
    period: { kind: q.period, today: romeDate(clock.now()) },
    club: q.club?.trim() || undefined,
  });
}

/** A request with its athletes, and whose they are (for the audit), in one read of each table. */
async function loadRequestWithPatients(db: Db, id: string) {
  const [summary] = await repo.findGroupRequests(db, { id, limit: 1 });
  if (!summary) throw notFound('group request', 'id');
  const members = await repo.findGroupMembers(db, id);
  const request: GroupRequest = { ...summary, members: members.map(({ patientId: _, ...m }) => m) };
  return { request, patientIds: members.map((m) => m.patientId) };
}

async function loadRequest(db: Db, id: string): Promise<GroupRequest> {
  return (await loadRequestWithPatients(db, id)).request;
}

/** One request with its athletes and their bookings; each athlete's read audited (SEC-1). */
export async function getGroupRequest(db: Db, ctx: RequestContext, id: string): Promise<GroupRequest> {
  const { request } = await auditedRead(
    db,
    ctx,
    (tx) => loadRequestWithPatients(tx, id),
    ({ patientIds }) =>
      patientIds.map((patientId) => ({
        action: 'read' as const,
        resourceType: 'GroupRequest',
        resourceId: id,
        patientId,
        purpose: PURPOSE,
      })),
  );
  return request;
}

/** The free slots of the request's period (Rome days, both ends included), from now on. */
async function periodSlots(db: Db, ctx: RequestContext, r: GroupRequestSummary): Promise<PeriodSlot[]> {
  return findSlotsInPeriod(db, {
    service: r.service.code,
    from: startOfRomeDate(r.from),
    to: startOfRomeDate(addDays(r.to, 1)),
    now: ctx.clock.now(),
    facility: r.facility?.id ?? null,
    channel: CHANNEL,
  });
}

/**
 * The plan for the athletes not yet booked over the period's free places now: as many as possible on
 * one day at one facility, in the fewest days (rules/plan.ts). Nothing is held: the back office agrees
 * the days with the club and the facility, then books; a place taken meanwhile is reported then.
 */
export async function planGroupRequest(db: Db, ctx: RequestContext, id: string): Promise<GroupPlanView> {
  const request = await getGroupRequest(db, ctx, id);
  const waiting = request.members.filter((m) => !m.appointment);
  const slots = await periodSlots(db, ctx, request);
  const facilities = new Map(slots.map((s) => [s.facility.id, s.facility]));
  const plan = planGroup(
    waiting.map((m) => m.position),
    slots.map((s) => ({ ...s, facilityId: s.facility.id, day: romeDate(s.start) })),
    { maxPerDay: request.maxPerDay },
  );
  const nameOf = new Map(request.members.map((m) => [m.position, `${m.familyName} ${m.givenName}`]));
  return {
    days: plan.days.map((d) => ({
      day: d.day,
      facility: facilities.get(d.facilityId)!,
      places: d.places.map((p) => ({ ...p, name: nameOf.get(p.position)! })),
    })),
    unplaced: plan.unplaced.map((position) => ({ position, name: nameOf.get(position)! })),
    alreadyBooked: request.members.length - waiting.length,
  };
}

/**
 * Books the places agreed (athlete by position → slot): each athlete in a booking of their own, so one
 * place taken meanwhile does not undo the others. The places are checked first (known athletes, each
 * once, slots of the request's service, period and facility); a wrong one changes nothing.
 */
export async function bookGroupRequest(
  db: Db,
  ctx: RequestContext,
  id: string,
  places: { position: number; slotId: number }[],
  opts: { holdTtlSeconds: number },
): Promise<{ outcomes: GroupBookingOutcome[]; request: GroupRequest }> {
  const request = await loadRequest(db, id);
  if (places.length === 0) throw invalidField('places', 'no places to book');
  const slots = new Map((await periodSlots(db, ctx, request)).map((s) => [s.slotId, s]));
  const byPosition = new Map(request.members.map((m) => [m.position, m]));
  const seen = new Set<number>();
  for (const [i, p] of places.entries()) {
    if (!byPosition.has(p.position))
      throw invalidField(`places.${i}.position`, `the list has no athlete ${p.position}`);
    if (seen.has(p.position))
      throw invalidField(`places.${i}.position`, `athlete ${p.position} is given twice`);
    seen.add(p.position);
    if (!slots.has(p.slotId))
      throw invalidField(
        `places.${i}.slotId`,
        `slot ${p.slotId} is not a future place of ${request.service.code} in the request's period`,
      );
  }
  const outcomes: GroupBookingOutcome[] = [];
  for (const p of places) {
    const m = byPosition.get(p.position)!;
    if (m.appointment) {
      outcomes.push({
        position: p.position,
        outcome: 'already_booked',
        message: null,
        code: m.appointment.code,
      });
      continue;
    }
    try {
      const { appointment } = await bookAppointment(
        db,
        ctx,
        { nre: m.nre, fiscalCode: m.fiscalCode, itemIndex: m.itemIndex, slotId: p.slotId, channel: CHANNEL },
        opts,
      );
      outcomes.push({ position: p.position, outcome: 'booked', message: null, code: appointment.code });
    } catch (e) {
      if (!(e instanceof AppError) || e.status >= 500) throw e;
      outcomes.push({ position: p.position, outcome: e.code, message: e.message, code: null });
    }
  }
  return { outcomes, request: await getGroupRequest(db, ctx, id) };
}

/**
 * The club called the day off (or withdrew): every athlete's live booking cancelled with the reason, each
 * on its own (one that has started already is named and left), their prescription items open again for
 * a new proposal. Positions limit it to some athletes; none: all of them.
 */
export async function cancelGroupBookings(
  db: Db,
  ctx: RequestContext,
  id: string,
  input: { reason: string; positions?: number[] | undefined },
): Promise<{ outcomes: GroupBookingOutcome[]; request: GroupRequest }> {
  const reason = input.reason.trim();
  if (!reason) throw invalidField('reason', 'say why the bookings are cancelled');
  const request = await loadRequest(db, id);
  const known = new Set(request.members.map((m) => m.position));
  for (const [i, p] of (input.positions ?? []).entries())
    if (!known.has(p)) throw invalidField(`positions.${i}`, `the list has no athlete ${p}`);
  const chosen = input.positions ? new Set(input.positions) : known;
  const outcomes: GroupBookingOutcome[] = [];
  for (const m of request.members) {
    if (!chosen.has(m.position) || !m.appointment) continue;
    try {
      await cancelAppointment(db, ctx, m.appointment.id, { reason, channel: CHANNEL });
      outcomes.push({ position: m.position, outcome: 'cancelled', message: null, code: m.appointment.code });
    } catch (e) {
      if (!(e instanceof AppError) || e.status >= 500) throw e;
      outcomes.push({ position: m.position, outcome: e.code, message: e.message, code: m.appointment.code });
    }
  }
  return { outcomes, request: await getGroupRequest(db, ctx, id) };
}
