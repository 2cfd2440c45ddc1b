import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs } from '../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../test/databases.ts';
import {
  makeAgenda,
  makeFacility,
  makePatient,
  makePrescription,
  makeService,
} from '../../../test/factories.ts';
import { ManualClock } from '../../platform/clock.ts';
import type { App } from '../../platform/http.ts';

// Monday 23 November 2026, 07:00 in Rome.
const clock = new ManualClock('2026-11-23T06:00:00Z');
type Headers = Record<string, string>;

describe('agendas managed over HTTP (BK-6, BK-11)', () => {
  let t: TestDatabase;
  let app: App;
  let manager: Headers;
  let operator: Headers;
  let backoffice: Headers;

  beforeAll(async () => {
    t = await createPgliteDatabase();
    app = await buildTestApp(t.db, clock);
    manager = await loginAs(app, t.db, clock, ['cup-manager']);
    operator = await loginAs(app, t.db, clock, ['operator']);
    backoffice = await loginAs(app, t.db, clock, ['backoffice']);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, headers: Headers, payload?: unknown) =>
    app.inject({ method, url, headers, ...(payload ? { payload: payload as object } : {}) });

  async function book(serviceCode: string, slotId: number, overbook = false, as = operator) {
    const patient = await makePatient(t.db);
    const p = await makePrescription(t.db, { patient, services: [serviceCode] });
    const res = await call('POST', '/api/v1/appointments', as, {
      nre: p.nre,
      fiscalCode: p.fiscalCode,
      itemIndex: 1,
      slotId,
      channel: 'phone',
      ...(overbook ? { overbook: true } : {}),
    });
    expect(res.statusCode, res.body).toBe(201);
    return { id: res.json().id as string, patientId: patient.id };
  }

  async function slotsOf(agendaId: string) {
    return (
      await sql<{
        id: string;
        start_at: Date;
        end_at: Date;
        capacity: number;
        overbooking: number;
        open: boolean;
      }>`
        select id, start_at, end_at, capacity, overbooking, open from slot
        where agenda_id = ${agendaId} order by start_at`.execute(t.db)
    ).rows;
  }

  it('changes an agenda from a date: new places open, old ones close, their bookings are handed back', async () => {
    const place = await makeFacility(t.db);
    const service = await makeService(t.db);
    const body = {
      id: `cardio-edit-${Date.now()}`,
      unitId: place.unitId,
      facilityId: place.facilityId,
      name: 'Cardiologia',
      serviceCodes: [service.code],
      channels: ['phone', 'desk'],
      validFrom: '2026-11-01',
      validTo: '2026-12-04',
      rules: [1, 2, 3, 4, 5].map((weekday) => ({
        weekday,
        startTime: '08:00',
        endTime: '10:00',
        slotMinutes: 30,
        capacity: 1,
      })),
    };
    // Mon 23 Nov … Fri 4 Dec: ten working days, no holiday, four places a day.
    expect((await call('POST', '/api/v1/agendas', manager, body)).json().slots).toBe(40);
    const tuesday0930 = (await slotsOf(body.id)).find(
      (s) => s.start_at.toISOString() === '2026-11-24T08:30:00.000Z',
    )!;
    const booked = await book(service.code, Number(tuesday0930.id));

    const change = {
      name: 'Cardiologia — mattino breve',
      serviceCodes: [service.code],
      channels: ['phone', 'desk', 'web'],
      validTo: '2026-12-04',
      overbookingPerSlot: 1,
      applyFrom: '2026-11-24',
      rules: [1, 2, 3, 4, 5].map((weekday) => ({
        weekday,
        startTime: '08:00',
        endTime: '09:00',
        slotMinutes: 20,
        capacity: 2,
      })),
    };
    const res = await call('PUT', `/api/v1/agendas/${body.id}`, manager, change);
    expect(res.statusCode, res.body).toBe(200);
    // From Tue 24 Nov: nine days. Before, 4 places a day (08:00 08:30 09:00 09:30); after, 3 (08:00 08:20
    // 08:40). The 08:00 place stays open with the new shape; the others close or open.
    expect(res.json()).toEqual({
      agendaId: body.id,
      applyFrom: '2026-11-24',
      openedSlots: 9 * 2,
      closedSlots: 9 * 3,
      appointmentIds: [booked.id],
    });

    const slots = await slotsOf(body.id);
    const monday = slots.filter((s) => s.start_at < new Date('2026-11-23T23:00:00Z'));
    expect(monday.map((s) => [s.start_at.toISOString(), s.capacity, s.open])).toEqual([
      ['2026-11-23T07:00:00.000Z', 1, true],
      ['2026-11-23T07:30:00.000Z', 1, true],
      ['2026-11-23T08:00:00.000Z', 1, true],
      ['2026-11-23T08:30:00.000Z', 1, true],
    ]);
    const tuesday = slots.filter(
      (s) => s.start_at >= new Date('2026-11-23T23:00:00Z') && s.start_at < new Date('2026-11-24T23:00:00Z'),
    );
    expect(
      tuesday.map((s) => [
        s.start_at.toISOString(),
        s.end_at.toISOString(),
        s.capacity,
        s.overbooking,
        s.open,
      ]),
    ).toEqual([
      ['2026-11-24T07:00:00.000Z', '2026-11-24T07:20:00.000Z', 2, 1, true],
      ['2026-11-24T07:20:00.000Z', '2026-11-24T07:40:00.000Z', 2, 1, true],
      ['2026-11-24T07:30:00.000Z', '2026-11-24T08:00:00.000Z', 1, 0, false],
      ['2026-11-24T07:40:00.000Z', '2026-11-24T08:00:00.000Z', 2, 1, true],
      ['2026-11-24T08:00:00.000Z', '2026-11-24T08:30:00.000Z', 1, 0, false],
      ['2026-11-24T08:30:00.000Z', '2026-11-24T09:00:00.000Z', 1, 0, false],
    ]);

    const detail = (await call('GET', `/api/v1/agendas/${body.id}`, manager)).json();
    expect(detail).toMatchObject({
      id: body.id,
      name: change.name,
      channels: ['phone', 'desk', 'web'],
      validFrom: '2026-11-01',
      validTo: '2026-12-04',
      overbookingPerSlot: 1,
      facilityId: place.facilityId,
      unitId: place.unitId,
    });
    expect(detail.rules).toHaveLength(5);
    expect(detail.rules[0]).toEqual({
      weekday: 1,
      startTime: '08:00',
      endTime: '09:00',
      slotMinutes: 20,
      capacity: 2,
      reservedPriority: null,
    });

    // Overbooking in use against the quota: Tuesday 08:00 filled twice, then once beyond by the back office.
    const tue0800 = Number(tuesday[0]!.id);
    await book(service.code, tue0800);
    await book(service.code, tue0800);
    await book(service.code, tue0800, true, backoffice);
    const fill = (await call('GET', '/api/v1/agendas?days=7', manager)).json();
    const item = fill.items.find((i: { agendaId: string }) => i.agendaId === body.id);
    // In the week Mon 23 – Sun 29: Tue–Fri keep three open places each with one extra place.
    expect(item).toMatchObject({
      overbookingPerSlot: 1,
      overbookingOffered: 4 * 3,
      overbooked: 1,
      checks: [],
    });

    const trail = await t.db
      .selectFrom('audit_event')
      .select(['action', 'resource_type', 'resource_id', 'patient_id'])
      .where('request_id', '=', String(res.headers['x-request-id']))
      .orderBy('id')
      .execute();
    expect(trail).toEqual([
      { action: 'update', resource_type: 'Agenda', resource_id: body.id, patient_id: null },
      { action: 'read', resource_type: 'Appointment', resource_id: booked.id, patient_id: booked.patientId },
    ]);
  });

  it('refuses a bad change naming the field, and changes nothing', async () => {
    const place = await makeFacility(t.db);
    const service = await makeService(t.db);
    const agenda = await makeAgenda(t.db, clock, { place, services: [service.code] });
    const before = (await call('GET', `/api/v1/agendas/${agenda.id}`, manager)).json();
    const slotsBefore = await slotsOf(agenda.id);
    const good = {
      name: 'Nuovo nome',
      serviceCodes: [service.code],
      channels: ['phone'],
      overbookingPerSlot: 0,
      rules: [{ weekday: 1, startTime: '08:00', endTime: '09:00', slotMinutes: 15, capacity: 1 }],
    };
    const cases: [object, string][] = [
      [{ rules: [{ ...good.rules[0], endTime: '07:30' }] }, 'rules.0.endTime'],
      [{ serviceCodes: [service.code, 'NOPE.1'] }, 'serviceCodes.1'],
      [{ applyFrom: '2026-11-22' }, 'applyFrom'],
      [{ validTo: '2019-12-31' }, 'validTo'],
      [{ overbookingPerSlot: 11 }, 'overbookingPerSlot'],
      [{ name: '   ' }, 'name'],
    ];
    for (const [over, field] of cases) {
      const res = await call('PUT', `/api/v1/agendas/${agenda.id}`, manager, { ...good, ...over });
      expect(res.statusCode, field).toBe(422);
      expect(res.json().error.field, JSON.stringify(over)).toBe(field);
    }
    expect((await call('GET', `/api/v1/agendas/${agenda.id}`, manager)).json()).toEqual(before);
    expect(await slotsOf(agenda.id)).toEqual(slotsBefore);
    expect((await call('PUT', '/api/v1/agendas/nessuna', manager, good)).statusCode).toBe(404);
    const supervisor = await loginAs(app, t.db, clock, ['supervisor']);
    expect((await call('PUT', `/api/v1/agendas/${agenda.id}`, supervisor, good)).statusCode).toBe(403);
    expect((await call('GET', `/api/v1/agendas/${agenda.id}`, supervisor)).statusCode).toBe(200);
  });

  it('flags agendas that cannot be published as meant (BK-11), and leaves sound ones alone', async () => {
    const place = await makeFacility(t.db);
    const service = await makeService(t.db);
    const base = {
      unitId: place.unitId,
      facilityId: place.facilityId,
      name: 'Controlli',
      serviceCodes: [service.code],
      channels: ['phone'],
      validFrom: '2026-11-01',
    };
    const weekday = (w: number, reservedPriority?: string) => ({
      weekday: w,
      startTime: '08:00',
      endTime: '09:00',
      slotMinutes: 30,
      capacity: 1,
      ...(reservedPriority ? { reservedPriority } : {}),
    });
    // Closed over the whole horizon (today + 180 days): active, valid, and nothing to book.
    const empty = { ...base, id: `empty-${Date.now()}`, rules: [weekday(1)] };
    await call('POST', '/api/v1/agendas', manager, {
      ...empty,
      closures: [{ fromDate: '2026-11-23', toDate: '2027-06-30', reason: 'lavori' }],
    });
    // A rule reserving places for class U on Sundays, and every Sunday of the horizon closed.
    const sundays: string[] = [];
    for (
      let d = new Date('2026-11-29T12:00:00Z');
      d <= new Date('2027-05-23T12:00:00Z');
      d.setUTCDate(d.getUTCDate() + 7)
    )
      sundays.push(d.toISOString().slice(0, 10));
    const reserved = { ...base, id: `reserved-${Date.now()}`, rules: [weekday(1), weekday(7, 'U')] };
    await call('POST', '/api/v1/agendas', manager, {
      ...reserved,
      closures: sundays.map((s) => ({ fromDate: s, toDate: s, reason: 'domenica' })),
    });
    // Closed on Tuesday with a booking still standing; on Wednesday a closure recorded but places left open.
    const clashing = await makeAgenda(t.db, clock, { place, services: [service.code] });
    const tuesday = (await slotsOf(clashing.id)).find(
      (s) => s.start_at.toISOString() === '2026-11-24T07:00:00.000Z',
    )!;
    await book(service.code, Number(tuesday.id));
    const closed = await call('POST', `/api/v1/agendas/${clashing.id}/closures`, manager, {
      fromDate: '2026-11-24',
      toDate: '2026-11-24',
      reason: 'assenza',
    });
    expect(closed.statusCode).toBe(200);
    await t.db
      .insertInto('agenda_closure')
      .values({ agenda_id: clashing.id, from_date: '2026-11-25', to_date: '2026-11-25', reason: 'importata' })
      .execute();
    const sound = await makeAgenda(t.db, clock, {
      place,
      services: [service.code],
      rules: [{ reservedPriority: 'B' }],
    });

    const items = (await call('GET', '/api/v1/agendas', manager)).json().items as {
      agendaId: string;
      checks: unknown[];
    }[];
    const checks = (id: string) => items.find((i) => i.agendaId === id)?.checks;
    expect(checks(empty.id)).toEqual([{ code: 'no-slots', count: 0, items: [] }]);
    expect(checks(reserved.id)).toEqual([{ code: 'reserved-class-without-slots', count: 1, items: ['U'] }]);
    // The factory's agenda: 08:00–10:00 in 30-minute places, so Wednesday has four places left open.
    expect(checks(clashing.id)).toEqual([
      { code: 'closure-open-slots', count: 4, items: [] },
      { code: 'closure-bookings', count: 1, items: [] },
    ]);
    expect(checks(sound.id)).toEqual([]);
  });

  it('lists the facilities with their units for the agenda editor', async () => {
    const place = await makeFacility(t.db);
    const res = await call('GET', '/api/v1/facilities', manager);
    expect(res.statusCode).toBe(200);
    expect(res.json().items.find((f: { id: string }) => f.id === place.facilityId)).toMatchObject({
      organisationId: place.organisationId,
      district: place.district,
      units: [{ id: place.unitId, name: expect.stringMatching(/^Ambulatorio /), branch: 'cardiologia' }],
    });
    expect((await call('GET', '/api/v1/facilities', operator)).statusCode).toBe(403);
  });
});
