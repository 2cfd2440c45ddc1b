import { randomUUID } from 'node:crypto';
import { audit, auditedRead } from '../../../platform/audit.ts';
import { actorOf, type Channel, type RequestContext } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { AppError, invalidField, notFound } from '../../../platform/errors.ts';
import { appendEvent } from '../../../platform/events.ts';
import { checkPrescriptionForBooking, getPrescription } from '../../registry/index.ts';
import type { DeclinedOffer, ProtectionCase } from '../rules/booking.types.ts';
import { guaranteeDeadline } from '../rules/guarantee.ts';
import * as appointments from '../slots/appointment.repository.ts';
import { firstOffered } from '../slots/availability.service.ts';
import * as slots from '../slots/slot.repository.ts';
import { checkSlotFits } from '../slots/slot.service.ts';
import * as repo from './protection.repository.ts';

/**
 * BK-4 protection path (percorso di tutela): when the region has no slot inside the guarantee, the
 * back office takes the case. Refused while a slot inside the guarantee exists; one open case per item.
 */
export async function openProtectionCase(
  db: Db,
  ctx: RequestContext,
  input: { nre: string; fiscalCode: string; itemIndex: number; channel: Channel; note?: string | undefined },
): Promise<{ protectionCase: ProtectionCase; created: boolean }> {
  const p = await getPrescription(db, ctx, input.nre);
  await checkPrescriptionForBooking(db, p, {
    fiscalCode: input.fiscalCode,
    itemIndex: input.itemIndex,
    now: ctx.clock.now(),
  });
  const item = p.items.find((i) => i.index === input.itemIndex);
  if (!item) throw invalidField('itemIndex', `the prescription has no item ${input.itemIndex}`);
  if (item.state === 'booked')
    throw new AppError('CONFLICT', 'this prescription item is already booked', 'itemIndex');
  const now = ctx.clock.now();
  const deadline = guaranteeDeadline(await slots.loadGuaranteeRules(db), p.priority, item.service.kind, now);
  const first = await firstOffered(db, ctx, item.service.code, p.priority, input.channel);
  if (first && first <= deadline) {
    // By code, without a timestamp: the console says it in the operator's language and time zone, and
    // offers to book the slot or to record that the patient declines it (recordDeclinedOffer).
    throw new AppError(
      'GUARANTEE_SLOT_AVAILABLE',
      'a slot inside the guarantee is available: book it, or record that the patient declines it',
      'itemIndex',
    );
  }
  return db.transaction().execute(async (tx) => {
    const created = await repo.insertProtectionCase(tx, {
      id: randomUUID(),
      prescriptionId: p.id,
      itemIndex: item.index,
      patientId: p.patientId,
      serviceCode: item.service.code,
      priority: p.priority,
      guaranteeDeadline: deadline,
      firstAvailableAt: first,
      openedBy: ctx.actor?.id ?? null,
      openedChannel: input.channel,
      openedAt: now,
      note: input.note?.trim() || null,
    });
    const [c] = await repo.findProtectionCases(tx, {
      prescriptionId: p.id,
      itemIndex: item.index,
      state: 'open',
    });
    if (!c) throw new Error('protection case vanished inside its own transaction');
    if (created) {
      await appendEvent(tx, ctx, 'protection_case.opened', c.id, {
        serviceCode: c.serviceCode,
        priority: c.priority,
      });
      await audit(tx, ctx, {
        action: 'create',
        resourceType: 'ProtectionCase',
        resourceId: c.id,
        patientId: p.patientId,
      });
    }
    return { protectionCase: c, created };
  });
}

export async function listProtectionCases(
  db: Db,
  ctx: RequestContext,
  state: ProtectionCase['state'] = 'open',
): Promise<ProtectionCase[]> {
  const cases = await auditedRead(
    db,
    ctx,
    (tx) => repo.findProtectionCases(tx, { state }),
    (found) =>
      found.map((c) => ({
        action: 'read' as const,
        resourceType: 'ProtectionCase',
        resourceId: c.id,
        patientId: c.patientId,
      })),
  );
  // Who names the patient: the back office, which calls them back. Others (the CUP manager watching the
  // guarantee) see the cases without whose they are (SEC-1, least privilege).
  if (ctx.actor?.roles.some((r) => r === 'backoffice' || r === 'admin')) return cases;
  return cases.map(({ patient: _, ...c }) => c);
}

async function loadCase(db: Db, id: string): Promise<ProtectionCase> {
  const [c] = await repo.findProtectionCases(db, { id });
  if (!c) throw notFound('protection case', 'id');
  return c;
}

/** Why a change was refused, from the case as it is now (a concurrent taker may just have committed). */
function refusal(c: ProtectionCase, actorId: string): AppError {
  if (c.state !== 'open') return new AppError('INVALID_STATE', `the case is ${c.state}`, 'id');
  if (c.takenBy && c.takenBy.id !== actorId)
    return new AppError('CONFLICT', 'another operator has taken this case', 'id');
  return new AppError('CONFLICT', 'take the case before resolving it', 'id');
}

/** The back office takes an open case to work it; taking one's own case again changes nothing. */
export async function takeProtectionCase(db: Db, ctx: RequestContext, id: string): Promise<ProtectionCase> {
  const actor = actorOf(ctx);
  return db.transaction().execute(async (tx) => {
    const before = await loadCase(tx, id);
    const mineAlready = before.state === 'open' && before.takenBy?.id === actor.id;
    if (!mineAlready) {
      if (!(await repo.takeProtectionCase(tx, id, actor.id, ctx.clock.now())))
        throw refusal(await loadCase(tx, id), actor.id);
      await appendEvent(tx, ctx, 'protection_case.taken', id, {});
    }
    await audit(tx, ctx, {
      action: mineAlready ? 'read' : 'update',
      resourceType: 'ProtectionCase',
      resourceId: id,
      patientId: before.patientId,
    });
    return loadCase(tx, id);
  });
}

/**
 * Ends a case its taker holds: resolved with the appointment booked for the case's prescription item
 * (booked through the ordinary booking route first), or closed with a reason (e.g. the patient declined).
 */
export async function resolveProtectionCase(
  db: Db,
  ctx: RequestContext,
  id: string,
  input: { appointmentId?: string | undefined; reason?: string | undefined },
): Promise<ProtectionCase> {
  const actor = actorOf(ctx);
  const reason = input.reason?.trim();
  if ((input.appointmentId === undefined) === (reason === undefined)) {
    throw invalidField('appointmentId', 'give exactly one of appointmentId and reason');
  }
  if (reason === '') throw invalidField('reason', 'say why the case is closed');
  return db.transaction().execute(async (tx) => {
    const before = await loadCase(tx, id);
    if (
      input.appointmentId !== undefined &&
      !(await repo.findBookedAppointmentForCase(tx, input.appointmentId, id))
    ) {
      throw invalidField('appointmentId', "this is not a booked appointment of the case's prescription item");
    }
    const end =
      input.appointmentId !== undefined
        ? { state: 'resolved' as const, appointmentId: input.appointmentId }
        : { state: 'closed' as const, reason: reason! };
    if (!(await repo.endProtectionCase(tx, id, actor.id, end, ctx.clock.now())))
      throw refusal(await loadCase(tx, id), actor.id);
    await appendEvent(tx, ctx, `protection_case.${end.state}`, id, {
      appointmentId: input.appointmentId ?? null,
    });
    await audit(tx, ctx, {
      action: 'update',
      resourceType: 'ProtectionCase',
      resourceId: id,
      patientId: before.patientId,
    });
    return loadCase(tx, id);
  });
}

/**
 * BK-4: the patient declines a slot offered to them (a regional rule may then void the guarantee, e.g.
 * Lombardy). Recorded with whether the slot was inside the guarantee; it opens no protection case.
 */
export async function recordDeclinedOffer(
  db: Db,
  ctx: RequestContext,
  input: {
    nre: string;
    fiscalCode: string;
    itemIndex: number;
    slotId: number;
    channel: Channel;
    reason?: string | undefined;
  },
): Promise<DeclinedOffer> {
  return db.transaction().execute(async (tx) => {
    const now = ctx.clock.now();
    const p = await getPrescription(tx, ctx, input.nre);
    await checkPrescriptionForBooking(tx, p, {
      fiscalCode: input.fiscalCode,
      itemIndex: input.itemIndex,
      now,
    });
    const item = p.items.find((i) => i.index === input.itemIndex);
    if (!item) throw invalidField('itemIndex', `the prescription has no item ${input.itemIndex}`);
    if (item.state === 'booked')
      throw new AppError('CONFLICT', 'this prescription item is already booked', 'itemIndex');
    const slot = checkSlotFits(
      await slots.findSlotForBooking(tx, input.slotId, item.service.code),
      p.priority,
      input.channel,
      now,
      item.service.code,
    );
    const deadline = guaranteeDeadline(
      await slots.loadGuaranteeRules(tx),
      p.priority,
      item.service.kind,
      now,
    );
    const declined: DeclinedOffer = {
      id: randomUUID(),
      nre: p.nre,
      itemIndex: item.index,
      slotId: slot.id,
      slotStart: slot.start,
      guaranteeDeadline: deadline,
      withinGuarantee: slot.start <= deadline,
      channel: input.channel,
      reason: input.reason?.trim() || null,
      declinedAt: now,
    };
    await appointments.insertDeclinedOffer(tx, {
      ...declined,
      prescriptionId: p.id,
      patientId: p.patientId,
      serviceCode: item.service.code,
      priority: p.priority,
      declinedBy: ctx.actor?.id ?? null,
    });
    await appendEvent(tx, ctx, 'offer.declined', declined.id, {
      serviceCode: item.service.code,
      priority: p.priority,
      withinGuarantee: declined.withinGuarantee,
      channel: input.channel,
    });
    await audit(tx, ctx, {
      action: 'create',
      resourceType: 'DeclinedOffer',
      resourceId: declined.id,
      patientId: p.patientId,
      channel: input.channel,
      purpose: 'booking',
    });
    return declined;
  });
}
