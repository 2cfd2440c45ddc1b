import { randomUUID } from 'node:crypto';
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
import {
  buildNre,
  insertExemptions,
  registerPrescription,
  setPrescriptionExemption,
} from '../../registry/index.ts';
import {
  agendaFill,
  bookAppointment,
  cancelAppointment,
  changeAppointmentStatus,
  createAgenda,
  findAvailability,
  getAppointment,
  moveAppointment,
  openProtectionCase,
  placeHold,
  recordDeclinedOffer,
} from '../index.ts';

// Issue 8 (booking rules) and issue 9 §4, §15: each test fails on the code before the fix.
const opts = { holdTtlSeconds: 300 };

async function errorOf(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

let seq = 0;
const uniqueNre = () => buildNre('170', 'B9', 500_000 + Math.floor(Math.random() * 400_000) + ++seq);

describe.each(DRIVERS)('booking rules on $name', ({ create }) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await create();
  });
  afterAll(async () => t?.drop());

  /** The slot of `agendaId` starting at `startUtc` (ISO). */
  async function slotAt(agendaId: string, startUtc: string): Promise<number> {
    const r = await t.db
      .selectFrom('slot')
      .select('id')
      .where('agenda_id', '=', agendaId)
      .where('start_at', '=', new Date(startUtc))
      .executeTakeFirstOrThrow();
    return Number(r.id);
  }

  async function setup(
    clock: ManualClock,
    o: { priority?: 'U' | 'B' | 'D' | 'P'; issuedOn?: string; horizonDays?: number; capacity?: number } = {},
  ) {
    const place = await makeFacility(t.db);
    const service = await makeService(t.db);
    const agenda = await makeAgenda(t.db, clock, {
      place,
      services: [service.code],
      horizonDays: o.horizonDays ?? 20,
      rules: [{ capacity: o.capacity ?? 1 }],
    });
    const patient = await makePatient(t.db);
    const prescription = await makePrescription(t.db, {
      patient,
      services: [service.code],
      priority: o.priority ?? 'D',
      ...(o.issuedOn ? { issuedOn: o.issuedOn } : {}),
    });
    return { place, service, agenda, patient, prescription };
  }

  const book = (
    clock: ManualClock,
    p: { nre: string; fiscalCode: string },
    slotId: number,
    itemIndex = 1,
    roles: Parameters<typeof context>[1] = ['operator'],
  ) =>
    bookAppointment(
      t.db,
      context(clock, roles),
      { nre: p.nre, fiscalCode: p.fiscalCode, itemIndex, slotId, channel: 'phone' },
      opts,
    ).then((r) => r.appointment);

  it('§1 counts B in Rome calendar days: an afternoon slot on day 10 is inside, day 11 is not', async () => {
    // 09:00 in Rome on Monday 23 November; B is "within 10 days": to the end of 3 December.
    const clock = new ManualClock('2026-11-23T08:00:00Z');
    const place = await makeFacility(t.db);
    const service = await makeService(t.db);
    const agenda = await makeAgenda(t.db, clock, {
      place,
      services: [service.code],
      horizonDays: 14,
      rules: [{ startTime: '16:00', endTime: '17:00', slotMinutes: 60 }],
    });
    const patient = await makePatient(t.db);
    const [p1, p2] = await Promise.all(
      [1, 2].map(() => makePrescription(t.db, { patient, services: [service.code], priority: 'B' })),
    );
    // 16:00 in Rome is 15:00Z in winter time.
    const day10 = await book(clock, p1!, await slotAt(agenda.id, '2026-12-03T15:00:00Z'));
    expect(day10.withinGuarantee).toBe(true);
    const day11 = await book(clock, p2!, await slotAt(agenda.id, '2026-12-04T15:00:00Z'));
    expect(day11.withinGuarantee).toBe(false);
    const a = await findAvailability(t.db, context(clock), { service: service.code, priority: 'B' });
    expect(a.guaranteeDeadline?.toISOString()).toBe('2026-12-03T22:59:59.999Z');
  });

  it('§1 reads the guarantee_rule table migrated to days (U stays in hours)', async () => {
    const rows = await t.db.selectFrom('guarantee_rule').selectAll().orderBy('priority').execute();
    const byClass = (p: string) => rows.filter((r) => r.priority === p);
    expect(byClass('U').every((r) => r.max_hours === 72 && r.max_days === null)).toBe(true);
    expect(byClass('B').every((r) => r.max_days === 10 && r.max_hours === null)).toBe(true);
    expect(
      byClass('D')
        .map((r) => [r.service_kind, r.max_days])
        .sort(),
    ).toEqual([
      ['instrumental', 60],
      ['lab', 60],
      ['visit', 30],
    ]);
    expect(byClass('P').every((r) => r.max_days === 120)).toBe(true);
  });

  it('§2 takes today from the Rome calendar: 00:30 in Rome accepts a prescription issued that day', async () => {
    // 23:30Z on 23 November is 00:30 on 24 November in Rome.
    const clock = new ManualClock('2026-11-23T23:30:00Z');
    const patient = await makePatient(t.db);
    const service = await makeService(t.db);
    const p = await registerPrescription(t.db, context(clock), {
      nre: uniqueNre(),
      fiscalCode: patient.fiscalCode,
      priority: 'D',
      access: 'first',
      issuedOn: '2026-11-24',
      items: [{ serviceCode: service.code }],
    });
    expect(p.issuedOn).toBe('2026-11-24');
    const future = await errorOf(
      registerPrescription(t.db, context(clock), {
        nre: uniqueNre(),
        fiscalCode: patient.fiscalCode,
        priority: 'D',
        access: 'first',
        issuedOn: '2026-11-25',
        items: [{ serviceCode: service.code }],
      }),
    );
    expect([future.code, future.field]).toEqual(['INVALID_FIELD', 'issuedOn']);
  });

  it('issue 9 §15 refuses a prescription from 1800 naming issuedOn', async () => {
    const clock = new ManualClock('2026-11-23T09:00:00Z');
    const patient = await makePatient(t.db);
    const service = await makeService(t.db);
    const old = await errorOf(
      registerPrescription(t.db, context(clock), {
        nre: uniqueNre(),
        fiscalCode: patient.fiscalCode,
        priority: 'D',
        access: 'first',
        issuedOn: '1800-01-01',
        items: [{ serviceCode: service.code }],
      }),
    );
    expect([old.code, old.field]).toEqual(['INVALID_FIELD', 'issuedOn']);
  });

  it('§3 exemptions are data: unknown codes refused, only the back office sets them, pathology ones cover their services', async () => {
    const clock = new ManualClock('2026-11-23T09:00:00Z');
    const patient = await makePatient(t.db);
    const covered = await makeService(t.db, { tariffCents: 1200, branch: 'endocrinologia' });
    const notCovered = await makeService(t.db, { tariffCents: 1700, branch: 'endocrinologia' });
    const code = `X${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
    await insertExemptions(t.db, [
      {
        code,
        description: 'Patologia di prova',
        category: 'pathology',
        coversAll: false,
        serviceCodes: [covered.code],
        branches: [],
      },
    ]);
    const input = {
      nre: uniqueNre(),
      fiscalCode: patient.fiscalCode,
      priority: 'D' as const,
      access: 'first' as const,
      issuedOn: '2026-11-20',
      exemptionCode: code,
      items: [{ serviceCode: covered.code }, { serviceCode: notCovered.code }],
    };
    const byOperator = await errorOf(registerPrescription(t.db, context(clock, ['operator']), input));
    expect([byOperator.code, byOperator.field]).toEqual(['FORBIDDEN', 'exemptionCode']);
    const unknown = await errorOf(
      registerPrescription(t.db, context(clock, ['backoffice']), { ...input, exemptionCode: 'ZZ99' }),
    );
    expect([unknown.code, unknown.field]).toEqual(['INVALID_FIELD', 'exemptionCode']);

    const backoffice = context(clock, ['backoffice']);
    const p = await registerPrescription(t.db, backoffice, input);
    expect(p.items.map((i) => i.exempt)).toEqual([true, false]);
    const row = await t.db
      .selectFrom('prescription')
      .select(['exemption_code', 'exemption_set_by'])
      .where('nre', '=', p.nre)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ exemption_code: code, exemption_set_by: backoffice.actor!.id });

    // E01 (income, in the migration) covers every service; clearing it is recorded too.
    const other = context(clock, ['backoffice']);
    const e01 = await setPrescriptionExemption(t.db, other, p.nre, 'e01');
    expect(e01.items.map((i) => i.exempt)).toEqual([true, true]);
    const cleared = await setPrescriptionExemption(t.db, other, p.nre, null);
    expect(cleared.items.map((i) => i.exempt)).toEqual([false, false]);
    const denied = await errorOf(setPrescriptionExemption(t.db, context(clock), p.nre, 'E01'));
    expect(denied.code).toBe('FORBIDDEN');
  });

  it('§3 splits the capped ticket over the bookings, from the tariff stored at booking time', async () => {
    const clock = new ManualClock('2026-11-23T06:00:00Z');
    const place = await makeFacility(t.db);
    const a = await makeService(t.db, { tariffCents: 3000 });
    const b = await makeService(t.db, { tariffCents: 2000 });
    await makeAgenda(t.db, clock, { place, services: [a.code, b.code], horizonDays: 5 });
    const patient = await makePatient(t.db);
    const p = await makePrescription(t.db, { patient, services: [a.code, b.code] });
    const free = (await findAvailability(t.db, context(clock), { service: a.code, limit: 2 })).items;
    const first = await book(clock, p, free[0]!.slotId, 1);
    expect(first.ticket).toEqual({
      shareCents: 3000,
      bookedCents: 3000,
      remainingCents: 615,
      prescriptionCents: 3615,
    });
    const second = await book(clock, p, free[1]!.slotId, 2);
    // 3000 + 2000 is capped at 3615: the second booking pays what is left, not €36.15 again.
    expect(second.ticket).toEqual({
      shareCents: 615,
      bookedCents: 3615,
      remainingCents: 0,
      prescriptionCents: 3615,
    });
    expect(second.copayCents).toBe(615);

    // A tariff change later does not change what was booked.
    await t.db.updateTable('service').set({ tariff_cents: 9999 }).where('code', '=', a.code).execute();
    const again = await getAppointment(t.db, context(clock), first.id);
    expect(again.ticket.shareCents).toBe(3000);

    // Cancelling the first: the second now pays its own tariff; the reopened item would add the rest.
    await cancelAppointment(t.db, context(clock), first.id, { reason: 'disdetta', channel: 'phone' });
    const afterCancel = await getAppointment(t.db, context(clock), second.id);
    expect(afterCancel.ticket).toEqual({
      shareCents: 2000,
      bookedCents: 2000,
      remainingCents: 1615,
      prescriptionCents: 3615,
    });
  });

  it('§4 refuses to cancel or move an appointment that has started', async () => {
    const clock = new ManualClock('2026-11-23T06:00:00Z');
    const { agenda, prescription } = await setup(clock);
    const a = await book(clock, prescription, await slotAt(agenda.id, '2026-11-23T07:00:00Z'));
    const later = new ManualClock('2026-11-23T07:10:00Z');
    const other = await slotAt(agenda.id, '2026-11-24T07:00:00Z');
    expect((await errorOf(moveAppointment(t.db, context(later), a.id, { slotId: other }))).code).toBe(
      'INVALID_STATE',
    );
    expect(
      (await errorOf(cancelAppointment(t.db, context(later), a.id, { reason: 'x', channel: 'phone' }))).code,
    ).toBe('INVALID_STATE');
    const slot = await t.db
      .selectFrom('slot')
      .select('taken')
      .where('id', '=', String(a.slotId))
      .executeTakeFirstOrThrow();
    expect(slot.taken).toBe(1);
  });

  it('§4 flags a cancellation later than two working days, holidays excluded', async () => {
    const clock = new ManualClock('2026-11-23T06:00:00Z'); // Monday 23 November
    const { agenda, patient, service } = await setup(clock, { horizonDays: 20 });
    const ps = await Promise.all(
      [1, 2, 3].map(() => makePrescription(t.db, { patient, services: [service.code] })),
    );
    // Wednesday 25 November 08:00 and 08:30; Wednesday 9 December (8 December is a holiday).
    const wed = await book(clock, ps[0]!, await slotAt(agenda.id, '2026-11-25T07:00:00Z'));
    const wed2 = await book(clock, ps[1]!, await slotAt(agenda.id, '2026-11-25T07:30:00Z'));
    const dec9 = await book(clock, ps[2]!, await slotAt(agenda.id, '2026-12-09T07:00:00Z'));
    const cancel = (at: string, id: string) =>
      cancelAppointment(t.db, context(new ManualClock(at)), id, { reason: 'disdetta', channel: 'phone' });
    // Monday for Wednesday: two working days before (Monday, Tuesday) → in time.
    expect((await cancel('2026-11-23T18:00:00Z', wed.id)).lateCancellation).toBe(false);
    // Tuesday for Wednesday: late, but accepted.
    const late = await cancel('2026-11-24T08:00:00Z', wed2.id);
    expect([late.status, late.lateCancellation]).toEqual(['cancelled', true]);
    // Monday 7 December for Wednesday 9: Tuesday 8 is a holiday, so Friday 4 was the last day.
    expect((await cancel('2026-12-07T08:00:00Z', dec9.id)).lateCancellation).toBe(true);
    // Counted per agenda for the CUP manager: the two late ones over the next 20 days.
    const fill = await agendaFill(t.db, clock.now(), 20, 60);
    expect(fill.find((f) => f.agendaId === agenda.id)?.lateCancellations).toBe(2);
  });

  it('§4 recomputes withinGuarantee and the first slot offered on a move, as a new booking', async () => {
    const clock = new ManualClock('2026-11-23T06:00:00Z');
    const { agenda, prescription } = await setup(clock, { priority: 'B', horizonDays: 20 });
    const a = await book(clock, prescription, await slotAt(agenda.id, '2026-11-25T07:00:00Z'));
    expect(a.withinGuarantee).toBe(true);
    // Two days later the patient asks for a date on 10 December, beyond the 10 days from now.
    const later = new ManualClock('2026-11-25T05:00:00Z');
    const moved = await moveAppointment(t.db, context(later), a.id, {
      slotId: await slotAt(agenda.id, '2026-12-10T07:00:00Z'),
    });
    expect(moved.withinGuarantee).toBe(false);
    expect(moved.requestedAt.toISOString()).toBe('2026-11-25T05:00:00.000Z');
    // The soonest free slot when the move was asked: 25 November 08:00, the one being left, is still taken.
    expect(moved.firstOfferedAt?.toISOString()).toBe('2026-11-25T07:30:00.000Z');
  });

  it('§5 refuses an expired prescription (per class, calendar days) and one of another patient', async () => {
    const clock = new ManualClock('2026-11-23T06:00:00Z');
    const { agenda, patient, service } = await setup(clock);
    const slotId = await slotAt(agenda.id, '2026-11-24T07:00:00Z');
    const old = await makePrescription(t.db, { patient, services: [service.code], issuedOn: '2019-05-01' });
    const e1 = await errorOf(book(clock, old, slotId));
    expect([e1.code, e1.field]).toEqual(['PRESCRIPTION_EXPIRED', 'nre']);
    // B: book within 20 days of issue. Issued 2 November → until 22 November; 3 November → 23.
    const b21 = await makePrescription(t.db, {
      patient,
      services: [service.code],
      priority: 'B',
      issuedOn: '2026-11-02',
    });
    expect((await errorOf(book(clock, b21, slotId))).code).toBe('PRESCRIPTION_EXPIRED');
    const b20 = await makePrescription(t.db, {
      patient,
      services: [service.code],
      priority: 'B',
      issuedOn: '2026-11-03',
    });
    expect((await book(clock, b20, slotId)).status).toBe('booked');

    const someoneElse = await makePatient(t.db);
    const p = await makePrescription(t.db, { patient, services: [service.code] });
    const e2 = await errorOf(
      book(
        clock,
        { nre: p.nre, fiscalCode: someoneElse.fiscalCode },
        await slotAt(agenda.id, '2026-11-24T07:30:00Z'),
      ),
    );
    expect([e2.code, e2.field]).toEqual(['INVALID_FIELD', 'fiscalCode']);
  });

  it('§6 checks a hold like a booking: reserved class, service, channel', async () => {
    const clock = new ManualClock('2026-11-23T06:00:00Z');
    const place = await makeFacility(t.db);
    const service = await makeService(t.db);
    const otherService = await makeService(t.db);
    const urgentOnly = await makeAgenda(t.db, clock, {
      place,
      services: [service.code],
      horizonDays: 3,
      rules: [{ reservedPriority: 'U' }],
    });
    const deskOnly = await makeAgenda(t.db, clock, {
      place,
      services: [service.code],
      channels: ['desk'],
      horizonDays: 3,
    });
    const patient = await makePatient(t.db);
    const d = await makePrescription(t.db, { patient, services: [service.code], priority: 'D' });
    const wrong = await makePrescription(t.db, { patient, services: [otherService.code] });
    const hold = (nre: string, slotId: number) =>
      placeHold(t.db, context(clock), { slotId, nre, itemIndex: 1, channel: 'phone' }, opts);
    const reserved = await slotAt(urgentOnly.id, '2026-11-24T07:00:00Z');
    expect((await errorOf(hold(d.nre, reserved))).field).toBe('slotId');
    expect((await errorOf(hold(wrong.nre, reserved))).field).toBe('slotId');
    expect((await errorOf(hold(d.nre, await slotAt(deskOnly.id, '2026-11-24T07:00:00Z')))).field).toBe(
      'channel',
    );
    const taken = await t.db
      .selectFrom('slot')
      .select(({ fn }) => fn.sum<number>('taken').as('n'))
      .where('agenda_id', 'in', [urgentOnly.id, deskOnly.id])
      .executeTakeFirstOrThrow();
    expect(Number(taken.n)).toBe(0);
  });

  it('§6 shows a slot held by an expired hold in the availability before the minute job runs', async () => {
    const clock = new ManualClock('2026-11-23T06:00:00Z');
    const { agenda, service, prescription } = await setup(clock, { horizonDays: 2 });
    const slotId = await slotAt(agenda.id, '2026-11-23T07:00:00Z');
    await placeHold(
      t.db,
      context(clock),
      { slotId, nre: prescription.nre, itemIndex: 1, channel: 'phone' },
      opts,
    );
    const ids = async (c: ManualClock) =>
      (await findAvailability(t.db, context(c), { service: service.code, limit: 3 })).items.map(
        (i) => i.slotId,
      );
    expect(await ids(clock)).not.toContain(slotId);
    const afterExpiry = new ManualClock('2026-11-23T06:05:01Z');
    expect((await ids(afterExpiry))[0]).toBe(slotId);
  });

  it('issue 9 §4 allows check-in and completion only from the day, no-show only after the start', async () => {
    const clock = new ManualClock('2026-11-23T06:00:00Z');
    const { agenda, patient, service } = await setup(clock);
    const [p1, p2] = await Promise.all(
      [1, 2].map(() => makePrescription(t.db, { patient, services: [service.code] })),
    );
    const a = await book(clock, p1!, await slotAt(agenda.id, '2026-11-25T07:00:00Z'));
    const b = await book(clock, p2!, await slotAt(agenda.id, '2026-11-25T07:30:00Z'));
    const at = (iso: string) => context(new ManualClock(iso));
    expect(
      (await errorOf(changeAppointmentStatus(t.db, at('2026-11-23T09:00:00Z'), a.id, 'checked_in'))).code,
    ).toBe('INVALID_STATE');
    expect(
      (await errorOf(changeAppointmentStatus(t.db, at('2026-11-24T22:59:00Z'), b.id, 'no_show'))).code,
    ).toBe('INVALID_STATE');
    // 00:30 on 25 November in Rome (still the 24th in UTC): the appointment's day has begun.
    expect((await changeAppointmentStatus(t.db, at('2026-11-24T23:30:00Z'), a.id, 'checked_in')).status).toBe(
      'checked_in',
    );
    // No-show only after the 08:30 start.
    expect(
      (await errorOf(changeAppointmentStatus(t.db, at('2026-11-25T07:29:00Z'), b.id, 'no_show'))).code,
    ).toBe('INVALID_STATE');
    expect((await changeAppointmentStatus(t.db, at('2026-11-25T07:31:00Z'), b.id, 'no_show')).status).toBe(
      'no_show',
    );
  });

  it('§19 judges the guarantee on the region, not the filtered view; a declined offer is recorded, not a case', async () => {
    const clock = new ManualClock('2026-11-23T06:00:00Z');
    const { service, prescription, agenda } = await setup(clock, { priority: 'B', horizonDays: 20 });
    const ctx = context(clock);
    // The caller asks for dates from 8 December on: nothing in the view is inside the guarantee...
    const view = await findAvailability(t.db, ctx, {
      service: service.code,
      priority: 'B',
      from: new Date('2026-12-08T00:00:00Z'),
    });
    expect(view.items.length).toBeGreaterThan(0);
    expect(view.items.every((i) => i.withinGuarantee === false)).toBe(true);
    // ...but the region has a slot inside it: no protection path.
    expect(view.nothingWithinGuarantee).toBe(false);
    expect(view.firstWithinGuarantee?.toISOString()).toBe('2026-11-23T07:00:00.000Z');
    const refused = await errorOf(
      openProtectionCase(t.db, ctx, {
        nre: prescription.nre,
        fiscalCode: prescription.fiscalCode,
        itemIndex: 1,
        channel: 'phone',
      }),
    );
    expect([refused.code, refused.field]).toEqual(['GUARANTEE_SLOT_AVAILABLE', 'itemIndex']);
    expect(refused.message).not.toMatch(/\d{4}-\d{2}-\d{2}T/);

    const slotId = await slotAt(agenda.id, '2026-11-24T07:00:00Z');
    const declined = await recordDeclinedOffer(t.db, ctx, {
      nre: prescription.nre,
      fiscalCode: prescription.fiscalCode,
      itemIndex: 1,
      slotId,
      channel: 'phone',
      reason: 'preferisce dopo le feste',
    });
    expect(declined).toMatchObject({ slotId, withinGuarantee: true, reason: 'preferisce dopo le feste' });
    const rows = await t.db.selectFrom('declined_offer').selectAll().where('id', '=', declined.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.declined_by).toBe(ctx.actor!.id);
    expect(
      await t.db
        .selectFrom('protection_case')
        .select('id')
        .where('patient_id', '=', rows[0]!.patient_id)
        .execute(),
    ).toEqual([]);
  });

  it('issue 9 §15 refuses an agenda whose unit belongs to another facility, and dates out of range', async () => {
    const clock = new ManualClock('2026-11-23T06:00:00Z');
    const a = await makeFacility(t.db);
    const b = await makeFacility(t.db);
    const service = await makeService(t.db);
    const agenda = {
      id: `ag-${randomUUID().slice(0, 8)}`,
      unitId: b.unitId,
      facilityId: a.facilityId,
      name: 'Agenda',
      serviceCodes: [service.code],
      channels: ['phone' as const],
      validFrom: '2026-11-01',
      validTo: null,
      overbookingPerSlot: 0,
      active: true,
      rules: [
        {
          weekday: 1,
          startTime: '08:00',
          endTime: '09:00',
          slotMinutes: 30,
          capacity: 1,
          reservedPriority: null,
        },
      ],
      closures: [],
    };
    const ctx = context(clock, ['cup-manager']);
    const e1 = await errorOf(createAgenda(t.db, ctx, agenda, 10));
    expect([e1.code, e1.field]).toEqual(['INVALID_FIELD', 'unitId']);
    const e2 = await errorOf(
      createAgenda(t.db, ctx, { ...agenda, unitId: a.unitId, validFrom: '1800-01-01' }, 10),
    );
    expect(e2.field).toBe('validFrom');
    const e3 = await errorOf(
      createAgenda(t.db, ctx, { ...agenda, unitId: a.unitId, serviceCodes: ['NOPE'] }, 10),
    );
    expect(e3.field).toBe('serviceCodes.0');
    const e4 = await errorOf(
      createAgenda(t.db, ctx, { ...agenda, unitId: a.unitId, facilityId: 'nope' }, 10),
    );
    expect(e4.field).toBe('facilityId');
  });
});
