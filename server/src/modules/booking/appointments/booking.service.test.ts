import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS, type TestDatabase } from '../../../../test/databases.ts';
import {
  context,
  makeAgenda,
  makeFacility,
  makePatient,
  makePrescription,
  makeService,
} from '../../../../test/factories.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { AppError } from '../../../platform/errors.ts';
import { listEvents } from '../../../platform/events.ts';
import {
  bookAppointment,
  cancelAppointment,
  changeAppointmentStatus,
  findAvailability,
  getAppointment,
  listPatientAppointments,
  moveAppointment,
  openProtectionCase,
  placeHold,
  releaseExpiredHolds,
} from '../index.ts';

const opts = { holdTtlSeconds: 300 };
const holdOn = (slotId: number, nre: string) => ({ slotId, nre, itemIndex: 1, channel: 'phone' as const });

async function expectError(p: Promise<unknown>, code: string, field?: string) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  if (field) expect((err as AppError).field).toBe(field);
}

describe.each(DRIVERS)('booking service on $name', ({ create }) => {
  let t: TestDatabase;
  // A Monday morning in winter time, before the agendas open.
  const clock = new ManualClock('2026-11-23T06:00:00Z');
  beforeAll(async () => {
    t = await create();
  });
  afterAll(async () => t?.drop());

  async function scenario(
    opt: { priority?: 'U' | 'B' | 'D' | 'P'; exemption?: string | null; capacity?: number } = {},
  ) {
    const place = await makeFacility(t.db);
    const service = await makeService(t.db);
    const agenda = await makeAgenda(t.db, clock, {
      place,
      services: [service.code],
      rules: [{ capacity: opt.capacity ?? 1 }],
    });
    const patient = await makePatient(t.db);
    const prescription = await makePrescription(t.db, {
      patient,
      services: [service.code],
      priority: opt.priority ?? 'D',
      exemptionCode: opt.exemption ?? null,
    });
    return { place, service, agenda, patient, prescription };
  }

  it('finds the first availability soonest first, flagged against the guarantee', async () => {
    const { service } = await scenario();
    const ctx = context(clock);
    const a = await findAvailability(t.db, ctx, { service: service.code, priority: 'U', limit: 5 });
    expect(a.items).toHaveLength(5);
    const starts = a.items.map((i) => i.start.getTime());
    expect([...starts].sort((x, y) => x - y)).toEqual(starts);
    // First slot: today 08:00 Rome = 07:00Z.
    expect(a.items[0]!.start.toISOString()).toBe('2026-11-23T07:00:00.000Z');
    expect(a.guaranteeDeadline!.toISOString()).toBe('2026-11-26T06:00:00.000Z');
    expect(a.items[0]!.withinGuarantee).toBe(true);
    expect(a.nothingWithinGuarantee).toBe(false);
  });

  it('filters by district, facility and channel', async () => {
    const { service, place } = await scenario();
    const other = await makeFacility(t.db, 'Distretto Matera');
    await makeAgenda(t.db, clock, { place: other, services: [service.code], channels: ['desk'] });
    const ctx = context(clock);
    const byDistrict = await findAvailability(t.db, ctx, {
      service: service.code,
      district: 'Distretto Matera',
    });
    expect(new Set(byDistrict.items.map((i) => i.facility.id))).toEqual(new Set([other.facilityId]));
    const byFacility = await findAvailability(t.db, ctx, {
      service: service.code,
      facility: place.facilityId,
    });
    expect(new Set(byFacility.items.map((i) => i.facility.id))).toEqual(new Set([place.facilityId]));
    const web = await findAvailability(t.db, ctx, { service: service.code, channel: 'web' });
    expect(web.items.every((i) => i.facility.id === place.facilityId)).toBe(true);
  });

  it('books, records MR-7 dates and the co-payment, and the slot leaves the availability', async () => {
    const { service, prescription } = await scenario();
    const ctx = context(clock);
    const [first] = (await findAvailability(t.db, ctx, { service: service.code, priority: 'D' })).items;
    const { appointment } = await bookAppointment(
      t.db,
      ctx,
      {
        nre: prescription.nre,
        fiscalCode: prescription.fiscalCode,
        itemIndex: 1,
        slotId: first!.slotId,
        channel: 'phone',
      },
      opts,
    );
    expect(appointment.code).toMatch(/^PRN-/);
    expect(appointment.status).toBe('booked');
    expect(appointment.copayCents).toBe(2240);
    expect(appointment.firstOfferedAt?.toISOString()).toBe(first!.start.toISOString());
    expect(appointment.requestedAt.toISOString()).toBe(clock.now().toISOString());
    expect(appointment.prescribedOn).toBe('2026-11-20');
    expect(appointment.withinGuarantee).toBe(true);
    const after = await findAvailability(t.db, ctx, { service: service.code });
    expect(after.items.map((i) => i.slotId)).not.toContain(first!.slotId);
    await expectError(
      bookAppointment(
        t.db,
        ctx,
        {
          nre: prescription.nre,
          fiscalCode: prescription.fiscalCode,
          itemIndex: 1,
          slotId: after.items[0]!.slotId,
          channel: 'phone',
        },
        opts,
      ),
      'CONFLICT',
      'itemIndex',
    );
  });

  it("records as first offered the region's soonest free slot for the class and channel (MR-7)", async () => {
    const service = await makeService(t.db);
    // Rome is UTC+1 in November: 08:00 local is 07:00Z.
    const main = await makeAgenda(t.db, clock, { place: await makeFacility(t.db), services: [service.code] });
    // Earlier slots elsewhere in the region, each out of reach of a phone booking of class D:
    // desk only (07:30 local), and reserved for class U (07:00 local).
    await makeAgenda(t.db, clock, {
      place: await makeFacility(t.db, 'Distretto Matera'),
      services: [service.code],
      channels: ['desk'],
      rules: [{ startTime: '07:30', endTime: '08:00' }],
    });
    await makeAgenda(t.db, clock, {
      place: await makeFacility(t.db),
      services: [service.code],
      rules: [{ startTime: '07:00', endTime: '07:30', reservedPriority: 'U' }],
    });
    const patient = await makePatient(t.db);
    const ps = await Promise.all(
      [1, 2, 3].map(() => makePrescription(t.db, { patient, services: [service.code], priority: 'D' })),
    );
    const ctx = context(clock);
    const mainSlots = await t.db
      .selectFrom('slot')
      .select(['id', 'start_at'])
      .where('agenda_id', '=', main.id)
      .orderBy('start_at')
      .limit(3)
      .execute();
    const [first, second, third] = mainSlots.map((r) => ({ id: Number(r.id), start: new Date(r.start_at) }));
    const book = (nre: string, slotId: number, channel: 'phone' | 'desk') =>
      bookAppointment(
        t.db,
        ctx,
        { nre, fiscalCode: patient.fiscalCode, itemIndex: 1, slotId, channel },
        opts,
      ).then((r) => r.appointment);

    // A later slot is chosen: the first offered is the soonest one this booking could have had.
    const later = await book(ps[0]!.nre, third!.id, 'phone');
    expect(later.firstOfferedAt?.toISOString()).toBe(first!.start.toISOString());
    expect(later.firstOfferedAt?.toISOString()).toBe('2026-11-23T07:00:00.000Z');
    // At the desk the desk-only agenda's 07:30 local slot counts.
    const desk = await book(ps[1]!.nre, first!.id, 'desk');
    expect(desk.firstOfferedAt?.toISOString()).toBe('2026-11-23T06:30:00.000Z');
    // The soonest slot is taken now: the next phone booking was offered the second one at best.
    const next = await book(ps[2]!.nre, second!.id, 'phone');
    expect(next.firstOfferedAt?.toISOString()).toBe(second!.start.toISOString());
  });

  it('books a slot kept full only by an expired hold, reclaiming the place', async () => {
    const { service, prescription } = await scenario();
    const holder = context(clock);
    const [slot] = (await findAvailability(t.db, holder, { service: service.code })).items;
    await placeHold(t.db, holder, holdOn(slot!.slotId, prescription.nre), opts);
    const later = context(new ManualClock(new Date(clock.now().getTime() + 301_000)));
    const { appointment } = await bookAppointment(
      t.db,
      later,
      {
        nre: prescription.nre,
        fiscalCode: prescription.fiscalCode,
        itemIndex: 1,
        slotId: slot!.slotId,
        channel: 'phone',
      },
      opts,
    );
    expect(appointment.slotId).toBe(slot!.slotId);
    expect(appointment.firstOfferedAt?.toISOString()).toBe(slot!.start.toISOString());
    const row = await t.db
      .selectFrom('slot')
      .select('taken')
      .where('id', '=', String(slot!.slotId))
      .executeTakeFirstOrThrow();
    expect(row.taken).toBe(1);
    expect(
      await t.db.selectFrom('hold').select('id').where('slot_id', '=', String(slot!.slotId)).execute(),
    ).toEqual([]);
  });

  it('caps the co-payment at 36.15 and waives it with an exemption', async () => {
    const place = await makeFacility(t.db);
    const s1 = await makeService(t.db, { tariffCents: 3000 });
    const s2 = await makeService(t.db, { tariffCents: 2000 });
    await makeAgenda(t.db, clock, { place, services: [s1.code, s2.code] });
    const patient = await makePatient(t.db);
    const p = await makePrescription(t.db, { patient, services: [s1.code, s2.code] });
    const exempt = await makePrescription(t.db, { patient, services: [s1.code], exemptionCode: 'E01' });
    const ctx = context(clock);
    const slots = (await findAvailability(t.db, ctx, { service: s1.code, limit: 3 })).items;
    const a = await bookAppointment(
      t.db,
      ctx,
      { nre: p.nre, fiscalCode: p.fiscalCode, itemIndex: 1, slotId: slots[0]!.slotId, channel: 'desk' },
      opts,
    );
    // Its own tariff is its share; the prescription's ticket, with the item still to book, is capped.
    expect(a.appointment.copayCents).toBe(3000);
    expect(a.appointment.ticket).toEqual({
      shareCents: 3000,
      bookedCents: 3000,
      remainingCents: 615,
      prescriptionCents: 3615,
    });
    const b = await bookAppointment(
      t.db,
      ctx,
      {
        nre: exempt.nre,
        fiscalCode: exempt.fiscalCode,
        itemIndex: 1,
        slotId: slots[1]!.slotId,
        channel: 'desk',
      },
      opts,
    );
    expect(b.appointment.copayCents).toBe(0);
  });

  it('refuses a taken slot with SLOT_TAKEN and changes nothing', async () => {
    const { service, prescription, patient } = await scenario();
    const other = await makePrescription(t.db, { patient, services: [service.code] });
    const ctx = context(clock);
    const [slot] = (await findAvailability(t.db, ctx, { service: service.code })).items;
    await bookAppointment(
      t.db,
      ctx,
      {
        nre: prescription.nre,
        fiscalCode: prescription.fiscalCode,
        itemIndex: 1,
        slotId: slot!.slotId,
        channel: 'phone',
      },
      opts,
    );
    await expectError(
      bookAppointment(
        t.db,
        ctx,
        {
          nre: other.nre,
          fiscalCode: other.fiscalCode,
          itemIndex: 1,
          slotId: slot!.slotId,
          channel: 'phone',
        },
        opts,
      ),
      'SLOT_TAKEN',
      'slotId',
    );
    const item = await t.db
      .selectFrom('prescription_item as i')
      .innerJoin('prescription as p', 'p.id', 'i.prescription_id')
      .select('i.state')
      .where('p.nre', '=', other.nre)
      .executeTakeFirstOrThrow();
    expect(item.state).toBe('open');
  });

  it('replays an idempotent booking with the first result', async () => {
    const { service, prescription } = await scenario();
    const ctx = context(clock);
    const [slot] = (await findAvailability(t.db, ctx, { service: service.code })).items;
    const input = {
      nre: prescription.nre,
      fiscalCode: prescription.fiscalCode,
      itemIndex: 1,
      slotId: slot!.slotId,
      channel: 'phone' as const,
    };
    const o = { ...opts, idempotencyKey: 'key-123456', requestHash: 'h1' };
    const first = await bookAppointment(t.db, ctx, input, o);
    const second = await bookAppointment(t.db, ctx, input, o);
    expect(second.replayed).toBe(true);
    expect(second.appointment).toEqual(first.appointment);
    await expectError(
      bookAppointment(t.db, ctx, input, { ...o, requestHash: 'h2' }),
      'IDEMPOTENCY_KEY_REUSED',
    );
  });

  it('holds a slot, books from the hold, and expired holds give the place back', async () => {
    const { service, prescription, patient } = await scenario();
    const other = await makePrescription(t.db, { patient, services: [service.code] });
    const ctx = context(clock);
    const [slot] = (await findAvailability(t.db, ctx, { service: service.code })).items;
    const hold = await placeHold(t.db, ctx, holdOn(slot!.slotId, prescription.nre), opts);
    expect(
      (await findAvailability(t.db, ctx, { service: service.code })).items.map((i) => i.slotId),
    ).not.toContain(slot!.slotId);
    // Somebody else cannot book from this operator's hold.
    await expectError(
      bookAppointment(
        t.db,
        context(clock),
        {
          nre: prescription.nre,
          fiscalCode: prescription.fiscalCode,
          itemIndex: 1,
          holdId: hold.id,
          channel: 'phone',
        },
        opts,
      ),
      'FORBIDDEN',
    );
    const { appointment } = await bookAppointment(
      t.db,
      ctx,
      {
        nre: prescription.nre,
        fiscalCode: prescription.fiscalCode,
        itemIndex: 1,
        holdId: hold.id,
        channel: 'phone',
      },
      opts,
    );
    expect(appointment.slotId).toBe(slot!.slotId);

    const [next] = (await findAvailability(t.db, ctx, { service: service.code })).items;
    await placeHold(t.db, ctx, holdOn(next!.slotId, other.nre), opts);
    const later = new ManualClock(new Date(clock.now().getTime() + 301_000));
    expect(await releaseExpiredHolds(t.db, later.now())).toBeGreaterThanOrEqual(1);
    expect((await findAvailability(t.db, ctx, { service: service.code })).items[0]!.slotId).toBe(
      next!.slotId,
    );
  });

  it('cancels with who, why and channel, and frees the place and the prescription item', async () => {
    const { service, prescription } = await scenario();
    const ctx = context(clock);
    const [slot] = (await findAvailability(t.db, ctx, { service: service.code })).items;
    const { appointment } = await bookAppointment(
      t.db,
      ctx,
      {
        nre: prescription.nre,
        fiscalCode: prescription.fiscalCode,
        itemIndex: 1,
        slotId: slot!.slotId,
        channel: 'phone',
      },
      opts,
    );
    await expectError(
      cancelAppointment(t.db, ctx, appointment.id, { reason: '  ', channel: 'web' }),
      'INVALID_FIELD',
      'reason',
    );
    const cancelled = await cancelAppointment(t.db, ctx, appointment.id, {
      reason: 'patient request',
      channel: 'web',
    });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.cancelReason).toBe('patient request');
    expect(cancelled.cancelChannel).toBe('web');
    expect((await findAvailability(t.db, ctx, { service: service.code })).items[0]!.slotId).toBe(
      slot!.slotId,
    );
    await expectError(
      cancelAppointment(t.db, ctx, appointment.id, { reason: 'again', channel: 'web' }),
      'INVALID_STATE',
    );
    const events = await listEvents(t.db, { type: 'appointment.cancelled' });
    expect(events.some((e) => e.aggregateId === appointment.id)).toBe(true);
    // The item can be booked again.
    const again = await bookAppointment(
      t.db,
      ctx,
      {
        nre: prescription.nre,
        fiscalCode: prescription.fiscalCode,
        itemIndex: 1,
        slotId: slot!.slotId,
        channel: 'phone',
      },
      opts,
    );
    expect(again.appointment.status).toBe('booked');
  });

  it('moves atomically: new place taken, old one freed; a taken target changes nothing', async () => {
    const { service, prescription, patient } = await scenario();
    const ctx = context(clock);
    const slots = (await findAvailability(t.db, ctx, { service: service.code, limit: 3 })).items;
    const { appointment } = await bookAppointment(
      t.db,
      ctx,
      {
        nre: prescription.nre,
        fiscalCode: prescription.fiscalCode,
        itemIndex: 1,
        slotId: slots[0]!.slotId,
        channel: 'phone',
      },
      opts,
    );
    const other = await makePrescription(t.db, { patient, services: [service.code] });
    await bookAppointment(
      t.db,
      ctx,
      {
        nre: other.nre,
        fiscalCode: other.fiscalCode,
        itemIndex: 1,
        slotId: slots[2]!.slotId,
        channel: 'phone',
      },
      opts,
    );
    await expectError(moveAppointment(t.db, ctx, appointment.id, { slotId: slots[2]!.slotId }), 'SLOT_TAKEN');
    const moved = await moveAppointment(t.db, ctx, appointment.id, { slotId: slots[1]!.slotId });
    expect(moved.slotId).toBe(slots[1]!.slotId);
    const taken = await t.db
      .selectFrom('slot')
      .select(['id', 'taken'])
      .where(
        'id',
        'in',
        slots.map((s) => String(s.slotId)),
      )
      .orderBy('start_at')
      .execute();
    expect(taken.map((r) => r.taken)).toEqual([0, 1, 1]);
  });

  it('follows the lifecycle booked → checked-in → completed and refuses the rest', async () => {
    const { service, prescription } = await scenario();
    const ctx = context(clock);
    const [slot] = (await findAvailability(t.db, ctx, { service: service.code })).items;
    const { appointment } = await bookAppointment(
      t.db,
      ctx,
      {
        nre: prescription.nre,
        fiscalCode: prescription.fiscalCode,
        itemIndex: 1,
        slotId: slot!.slotId,
        channel: 'desk',
      },
      opts,
    );
    await expectError(changeAppointmentStatus(t.db, ctx, appointment.id, 'completed'), 'INVALID_STATE');
    expect((await changeAppointmentStatus(t.db, ctx, appointment.id, 'checked_in')).status).toBe(
      'checked_in',
    );
    await expectError(
      cancelAppointment(t.db, ctx, appointment.id, { reason: 'x', channel: 'desk' }),
      'INVALID_STATE',
    );
    expect((await changeAppointmentStatus(t.db, ctx, appointment.id, 'completed')).status).toBe('completed');
  });

  it('overbooks only within the quota and only for the back office', async () => {
    const place = await makeFacility(t.db);
    const service = await makeService(t.db);
    await makeAgenda(t.db, clock, { place, services: [service.code], overbookingPerSlot: 1 });
    const patient = await makePatient(t.db);
    const ps = await Promise.all(
      [1, 2, 3].map(() => makePrescription(t.db, { patient, services: [service.code] })),
    );
    const op = context(clock);
    const bo = context(clock, ['backoffice']);
    const [slot] = (await findAvailability(t.db, op, { service: service.code })).items;
    await bookAppointment(
      t.db,
      op,
      {
        nre: ps[0]!.nre,
        fiscalCode: ps[0]!.fiscalCode,
        itemIndex: 1,
        slotId: slot!.slotId,
        channel: 'phone',
      },
      opts,
    );
    await expectError(
      bookAppointment(
        t.db,
        op,
        {
          nre: ps[1]!.nre,
          fiscalCode: ps[1]!.fiscalCode,
          itemIndex: 1,
          slotId: slot!.slotId,
          channel: 'phone',
          overbook: true,
        },
        opts,
      ),
      'FORBIDDEN',
    );
    const over = await bookAppointment(
      t.db,
      bo,
      {
        nre: ps[1]!.nre,
        fiscalCode: ps[1]!.fiscalCode,
        itemIndex: 1,
        slotId: slot!.slotId,
        channel: 'desk',
        overbook: true,
      },
      opts,
    );
    expect(over.appointment.overbooked).toBe(true);
    await expectError(
      bookAppointment(
        t.db,
        bo,
        {
          nre: ps[2]!.nre,
          fiscalCode: ps[2]!.fiscalCode,
          itemIndex: 1,
          slotId: slot!.slotId,
          channel: 'desk',
          overbook: true,
        },
        opts,
      ),
      'SLOT_TAKEN',
    );
  });

  it('shows slots reserved for a priority class only to that class', async () => {
    const place = await makeFacility(t.db);
    const service = await makeService(t.db);
    await makeAgenda(t.db, clock, {
      place,
      services: [service.code],
      rules: [
        { startTime: '08:00', endTime: '08:30', reservedPriority: 'U' },
        { startTime: '09:00', endTime: '09:30' },
      ],
    });
    const ctx = context(clock);
    const forU = await findAvailability(t.db, ctx, { service: service.code, priority: 'U', limit: 2 });
    const forP = await findAvailability(t.db, ctx, { service: service.code, priority: 'P', limit: 2 });
    expect(forU.items[0]!.start.toISOString()).toBe('2026-11-23T07:00:00.000Z');
    expect(forP.items[0]!.start.toISOString()).toBe('2026-11-23T08:00:00.000Z');
  });

  it('opens a protection-path case only when nothing is inside the guarantee', async () => {
    const place = await makeFacility(t.db);
    const service = await makeService(t.db);
    // Slots only from 5 days ahead: an urgent (72 h) request cannot be met.
    await makeAgenda(t.db, clock, {
      place,
      services: [service.code],
      closures: [{ fromDate: '2026-11-01', toDate: '2026-11-27', reason: 'lavori' }],
    });
    const patient = await makePatient(t.db);
    const urgent = await makePrescription(t.db, { patient, services: [service.code], priority: 'U' });
    const ctx = context(clock);
    const a = await findAvailability(t.db, ctx, { service: service.code, priority: 'U' });
    expect(a.items.length).toBeGreaterThan(0);
    expect(a.nothingWithinGuarantee).toBe(true);
    const opened = await openProtectionCase(t.db, ctx, {
      nre: urgent.nre,
      fiscalCode: urgent.fiscalCode,
      itemIndex: 1,
      channel: 'phone',
    });
    expect(opened.created).toBe(true);
    expect(opened.protectionCase.firstAvailableAt?.toISOString()).toBe(a.items[0]!.start.toISOString());
    const again = await openProtectionCase(t.db, ctx, {
      nre: urgent.nre,
      fiscalCode: urgent.fiscalCode,
      itemIndex: 1,
      channel: 'phone',
    });
    expect(again.created).toBe(false);
    expect(again.protectionCase.id).toBe(opened.protectionCase.id);

    const deferrable = await makePrescription(t.db, { patient, services: [service.code], priority: 'D' });
    await expectError(
      openProtectionCase(t.db, ctx, {
        nre: deferrable.nre,
        fiscalCode: deferrable.fiscalCode,
        itemIndex: 1,
        channel: 'phone',
      }),
      'GUARANTEE_SLOT_AVAILABLE',
      'itemIndex',
    );
  });

  it('audits every access to patient data in the same transaction', async () => {
    const { service, prescription, patient } = await scenario();
    const ctx = { ...context(clock), requestId: 'audit-same-tx' };
    const [slot, other] = (await findAvailability(t.db, ctx, { service: service.code })).items;
    const input = {
      nre: prescription.nre,
      fiscalCode: prescription.fiscalCode,
      itemIndex: 1,
      slotId: slot!.slotId,
      channel: 'phone' as const,
    };
    const rowsOf = () =>
      t.db
        .selectFrom('audit_event')
        .select(['action', 'resource_type', 'resource_id', 'actor_id', 'request_id'])
        .where('patient_id', '=', patient.id)
        .orderBy('id')
        .execute();
    const taken = async (slotId: number) =>
      (
        await t.db
          .selectFrom('slot')
          .select('taken')
          .where('id', '=', String(slotId))
          .executeTakeFirstOrThrow()
      ).taken;

    // The audit insert fails: the booking is undone with it, its place given back (one transaction).
    await sql`create function fail_audit() returns trigger language plpgsql as $$
      begin raise exception 'audit store down'; end $$`.execute(t.db);
    await sql`create trigger fail_audit before insert on audit_event for each row execute function fail_audit()`.execute(
      t.db,
    );
    try {
      await expect(bookAppointment(t.db, ctx, input, opts)).rejects.toThrow(/audit store down/);
      expect(await taken(slot!.slotId)).toBe(0);
      const booked = await t.db
        .selectFrom('appointment')
        .select('id')
        .where('patient_id', '=', patient.id)
        .execute();
      expect(booked).toEqual([]);
    } finally {
      await sql`drop trigger fail_audit on audit_event`.execute(t.db);
    }

    const { appointment } = await bookAppointment(t.db, ctx, input, opts);
    expect(await taken(slot!.slotId)).toBe(1);
    // A read whose audit row cannot be written hands nothing out.
    await sql`create trigger fail_audit before insert on audit_event for each row execute function fail_audit()`.execute(
      t.db,
    );
    try {
      await expect(getAppointment(t.db, ctx, appointment.id)).rejects.toThrow(/audit store down/);
      await expect(listPatientAppointments(t.db, ctx, patient.fiscalCode)).rejects.toThrow(
        /audit store down/,
      );
    } finally {
      await sql`drop trigger fail_audit on audit_event`.execute(t.db);
      await sql`drop function fail_audit()`.execute(t.db);
    }
    await getAppointment(t.db, ctx, appointment.id);
    await listPatientAppointments(t.db, ctx, patient.fiscalCode);
    await moveAppointment(t.db, ctx, appointment.id, { slotId: other!.slotId, channel: 'phone' });
    const actor = ctx.actor!.id;
    const row = (action: string, resource_type: string, resource_id: string | null) => ({
      action,
      resource_type,
      resource_id,
      actor_id: actor,
      request_id: 'audit-same-tx',
    });
    const rows = await rowsOf();
    // book; read; the list reads the patient, then searches their appointments; the move.
    expect(rows.slice(0, 5)).toEqual([
      row('create', 'Appointment', appointment.id),
      row('read', 'Appointment', appointment.id),
      row('read', 'Patient', patient.id),
      row('search', 'Appointment', null),
      row('update', 'Appointment', appointment.id),
    ]);
    await expect(sql`delete from audit_event`.execute(t.db)).rejects.toThrow(/append-only/);
  });
});
