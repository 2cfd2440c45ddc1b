import { audit } from '../../../platform/audit.ts';
import { addDays, romeDate, startOfRomeDate } from '../../../platform/calendar.ts';
import type { RequestContext } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { invalidField, notFound } from '../../../platform/errors.ts';
import { appendEvent } from '../../../platform/events.ts';
import type { Agenda } from '../rules/booking.types.ts';
import { italianHolidays } from '../rules/holidays.ts';
import * as repo from './agenda.repository.ts';
import { estimatedSlots, MAX_SLOTS_PER_REQUEST, validateAgenda } from './agenda.service.ts';

// BK-6: the CUP manager changes an agenda in the browser: its name, services, channels, end of validity,
// overbooking quota and weekly rules. Its identity, unit, facility and start stay as created.

export type AgendaDetail = NonNullable<Awaited<ReturnType<typeof repo.agendaDetail>>>;

export async function getAgenda(db: Db, agendaId: string): Promise<AgendaDetail> {
  const a = await repo.agendaDetail(db, agendaId);
  if (!a) throw notFound('agenda', 'agendaId');
  return a;
}

export type AgendaChange = Pick<
  Agenda,
  'name' | 'serviceCodes' | 'channels' | 'validTo' | 'overbookingPerSlot' | 'rules'
> & {
  /** The first Rome date the new rules apply to (today when absent); places before it stay as they are. */
  applyFrom?: string | undefined;
};

export interface AgendaChangeResult {
  agendaId: string;
  applyFrom: string;
  /** Places the new rules opened, and free or booked places they closed, from applyFrom on. */
  openedSlots: number;
  closedSlots: number;
  /** Bookings on places the new rules no longer make: they join the recontact campaign (BK-12). */
  appointmentIds: string[];
}

/**
 * Changes an agenda and lays its places out again from `applyFrom` over the horizon, in one transaction.
 * Bookings are never moved or cancelled here: those left on a closed place are returned and recontacted.
 * Validated like a new agenda (each problem names its field); audited, with a domain event.
 */
export async function updateAgenda(
  db: Db,
  ctx: RequestContext,
  agendaId: string,
  change: AgendaChange,
  horizonDays: number,
): Promise<AgendaChangeResult> {
  const now = ctx.clock.now();
  const today = romeDate(now);
  const applyFrom = change.applyFrom ?? today;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(applyFrom) || Number.isNaN(Date.parse(`${applyFrom}T00:00:00Z`)))
    throw invalidField('applyFrom', 'applyFrom must be a date (YYYY-MM-DD)');
  if (applyFrom < today) throw invalidField('applyFrom', 'a change cannot apply to the past');
  const lastDay = addDays(today, horizonDays);
  if (applyFrom > lastDay) throw invalidField('applyFrom', `a change applies within ${horizonDays} days`);
  return db.transaction().execute(async (tx) => {
    const current = await tx
      .selectFrom('agenda')
      .select('id')
      .where('id', '=', agendaId)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw notFound('agenda', 'agendaId');
    const before = await getAgenda(tx, agendaId);
    const next: Agenda = {
      ...before,
      name: change.name.trim(),
      serviceCodes: [...new Set(change.serviceCodes)],
      channels: [...new Set(change.channels)],
      validTo: change.validTo ?? null,
      overbookingPerSlot: change.overbookingPerSlot,
      rules: change.rules.map((r) => ({ ...r, reservedPriority: r.reservedPriority ?? null })),
    };
    if (!next.name) throw invalidField('name', 'the agenda needs a name');
    validateAgenda(next);
    if (estimatedSlots(next, horizonDays) > MAX_SLOTS_PER_REQUEST)
      throw invalidField('rules', `these rules make more than ${MAX_SLOTS_PER_REQUEST} slots`);
    const known = await tx
      .selectFrom('service')
      .select('code')
      .where('code', 'in', next.serviceCodes)
      .execute();
    next.serviceCodes.forEach((code, i) => {
      if (!known.some((k) => k.code === code))
        throw invalidField(`serviceCodes.${i}`, `unknown service code ${code}`);
    });
    await repo.replaceAgendaDefinition(tx, next);
    const from = new Date(Math.max(startOfRomeDate(applyFrom).getTime(), now.getTime()));
    const relaid = await repo.relaySlots(tx, {
      agendaId,
      from,
      fromDate: applyFrom,
      toDate: lastDay,
      holidays: italianHolidays(Number(applyFrom.slice(0, 4)), Number(lastDay.slice(0, 4))),
    });
    const result: AgendaChangeResult = {
      agendaId,
      applyFrom,
      openedSlots: relaid.opened,
      closedSlots: relaid.closed,
      appointmentIds: relaid.stranded.map((s) => s.id),
    };
    await appendEvent(tx, ctx, 'agenda.changed', agendaId, {
      applyFrom,
      changed: changedFields(before, next),
      openedSlots: result.openedSlots,
      closedSlots: result.closedSlots,
      appointments: result.appointmentIds.length,
    });
    await audit(
      tx,
      ctx,
      { action: 'update', resourceType: 'Agenda', resourceId: agendaId, purpose: 'agenda management' },
      ...relaid.stranded.map((s) => ({
        action: 'read' as const,
        resourceType: 'Appointment',
        resourceId: s.id,
        patientId: s.patientId,
        purpose: 'agenda change recontact',
      })),
    );
    return result;
  });
}

/** The names of the fields a change touched, for the event that records it. */
function changedFields(a: Agenda, b: Agenda): string[] {
  const keys = ['name', 'serviceCodes', 'channels', 'validTo', 'overbookingPerSlot', 'rules'] as const;
  return keys.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}
