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

describe('booking over HTTP', () => {
  let t: TestDatabase;
  let app: App;
  let operator: { authorization: string };
  const clock = new ManualClock('2026-11-23T06:00:00Z');

  beforeAll(async () => {
    t = await createPgliteDatabase();
    app = await buildTestApp(t.db, clock);
    operator = await loginAs(app, t.db, clock, ['operator']);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  async function scenario() {
    const place = await makeFacility(t.db);
    const service = await makeService(t.db);
    await makeAgenda(t.db, clock, { place, services: [service.code] });
    const patient = await makePatient(t.db);
    const prescription = await makePrescription(t.db, { patient, services: [service.code], priority: 'B' });
    return { service, patient, prescription, place };
  }

  const get = (url: string, headers = operator) => app.inject({ method: 'GET', url, headers });
  const post = (url: string, payload: unknown, headers: Record<string, string> = operator) =>
    app.inject({ method: 'POST', url, payload: payload as object, headers });

  it('searches availability with filters and flags the guarantee', async () => {
    const { service, place } = await scenario();
    const res = await get(
      `/api/v1/availability?service=${service.code}&priority=B&facility=${place.facilityId}&limit=3`,
    );
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.items).toHaveLength(3);
    expect(body.items[0]).toMatchObject({ facility: { id: place.facilityId }, withinGuarantee: true });
    // B: within 10 calendar days of the request, to the end of 3 December in Rome.
    expect(body.guaranteeDeadline).toBe('2026-12-03T22:59:59.999Z');
    expect(body.nothingWithinGuarantee).toBe(false);
  });

  it('answers 422 naming the field for bad availability input, and for an unknown service', async () => {
    const bad = await get('/api/v1/availability?service=X&priority=Z');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error).toMatchObject({ code: 'INVALID_FIELD', field: 'priority' });
    const unknown = await get('/api/v1/availability?service=NOPE');
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.field).toBe('service');
  });

  it('holds, books from the hold, replays with the Idempotency-Key, cancels and moves', async () => {
    const { service, prescription, patient } = await scenario();
    const slots = (await get(`/api/v1/availability?service=${service.code}&limit=3`)).json().items;
    const hold = await post('/api/v1/holds', {
      slotId: slots[0].slotId,
      nre: prescription.nre,
      itemIndex: 1,
      channel: 'phone',
    });
    expect(hold.statusCode).toBe(201);
    const booking = {
      nre: prescription.nre,
      fiscalCode: prescription.fiscalCode,
      itemIndex: 1,
      holdId: hold.json().id,
      channel: 'phone',
    };
    const headers = { ...operator, 'idempotency-key': 'booking-0001' };
    const first = await post('/api/v1/appointments', booking, headers);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ status: 'booked', slotId: slots[0].slotId, copayCents: 2240 });
    expect(first.json().code).toMatch(/^PRN-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const replay = await post('/api/v1/appointments', booking, headers);
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(first.json());
    // The replay handed the appointment out again: it is in the audit trail as a read (SEC-1).
    const trail = await t.db
      .selectFrom('audit_event')
      .select(['action', 'resource_type', 'resource_id', 'request_id'])
      .where('patient_id', '=', patient.id)
      .where('resource_id', '=', first.json().id)
      .orderBy('id')
      .execute();
    expect(trail).toEqual([
      {
        action: 'create',
        resource_type: 'Appointment',
        resource_id: first.json().id,
        request_id: first.headers['x-request-id'],
      },
      {
        action: 'read',
        resource_type: 'Appointment',
        resource_id: first.json().id,
        request_id: replay.headers['x-request-id'],
      },
    ]);

    const other = await makePrescription(t.db, { patient, services: [service.code] });
    const taken = await post('/api/v1/appointments', {
      nre: other.nre,
      fiscalCode: other.fiscalCode,
      itemIndex: 1,
      slotId: slots[0].slotId,
      channel: 'phone',
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error).toMatchObject({ code: 'SLOT_TAKEN', field: 'slotId' });

    const id = first.json().id;
    const moved = await post(`/api/v1/appointments/${id}/move`, { slotId: slots[1].slotId });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().slotId).toBe(slots[1].slotId);

    const list = await get(`/api/v1/patients/${patient.fiscalCode.toLowerCase()}/appointments`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((a: { id: string }) => a.id)).toContain(id);

    const cancelled = await post(`/api/v1/appointments/${id}/cancel`, {
      reason: 'Il paziente non può venire',
      channel: 'phone',
    });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelChannel: 'phone' });
    const again = await post(`/api/v1/appointments/${id}/cancel`, { reason: 'x', channel: 'phone' });
    expect(again.statusCode).toBe(409);
  });

  it('tells 404 from 400 and 422', async () => {
    const { prescription } = await scenario();
    const missing = await post('/api/v1/appointments/00000000-0000-4000-8000-000000000000/cancel', {
      reason: 'x',
      channel: 'web',
    });
    expect(missing.statusCode).toBe(404);
    const noSlot = await post('/api/v1/appointments', {
      nre: prescription.nre,
      fiscalCode: prescription.fiscalCode,
      itemIndex: 1,
      slotId: 999999999,
      channel: 'web',
    });
    expect(noSlot.statusCode).toBe(404);
    expect(noSlot.json().error.field).toBe('slotId');
    const noItem = await post('/api/v1/appointments', {
      nre: prescription.nre,
      fiscalCode: prescription.fiscalCode,
      itemIndex: 5,
      slotId: 1,
      channel: 'web',
    });
    expect(noItem.statusCode).toBe(422);
    expect(noItem.json().error.field).toBe('itemIndex');
    const badChannel = await post('/api/v1/appointments', {
      nre: prescription.nre,
      fiscalCode: prescription.fiscalCode,
      itemIndex: 1,
      slotId: 1,
      channel: 'fax',
    });
    expect(badChannel.statusCode).toBe(422);
    expect(badChannel.json().error.field).toBe('channel');
    const malformed = await app.inject({
      method: 'POST',
      url: '/api/v1/appointments',
      headers: { ...operator, 'content-type': 'application/json' },
      payload: '{"nre":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('MALFORMED_REQUEST');
  });

  it('requires a session and the right role', async () => {
    const anonymous = await app.inject({ method: 'GET', url: '/api/v1/availability?service=X' });
    expect(anonymous.statusCode).toBe(401);
    const supervisor = await loginAs(app, t.db, clock, ['supervisor']);
    const forbidden = await post(
      '/api/v1/holds',
      { slotId: 1, nre: 'x', itemIndex: 1, channel: 'phone' },
      supervisor,
    );
    expect(forbidden.statusCode).toBe(403);
    const cases = await get('/api/v1/protection-cases', operator);
    expect(cases.statusCode).toBe(403);
  });

  it('lets the CUP manager create an agenda whose slots appear in the availability', async () => {
    const manager = await loginAs(app, t.db, clock, ['cup-manager']);
    const place = await makeFacility(t.db);
    const service = await makeService(t.db);
    const body = {
      id: `cardio-${Date.now()}`,
      unitId: place.unitId,
      facilityId: place.facilityId,
      name: 'Cardiologia — prime visite',
      serviceCodes: [service.code],
      channels: ['phone', 'desk'],
      validFrom: '2026-11-01',
      rules: [{ weekday: 1, startTime: '14:00', endTime: '16:00', slotMinutes: 20, capacity: 1 }],
    };
    const bad = await post(
      '/api/v1/agendas',
      { ...body, rules: [{ ...body.rules[0], endTime: '13:00' }] },
      manager,
    );
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.field).toBe('rules.0.endTime');
    const created = await post('/api/v1/agendas', body, manager);
    expect(created.statusCode).toBe(201);
    expect(created.json().slots).toBeGreaterThan(100);
    const a = (await get(`/api/v1/availability?service=${service.code}`)).json();
    expect(a.items[0].start).toBe('2026-11-23T13:00:00.000Z');
    const fill = await get('/api/v1/agendas', manager);
    expect(fill.json().items.some((i: { agendaId: string }) => i.agendaId === body.id)).toBe(true);
  });

  it("gives the CUP manager each agenda's fill with its facility, organisation and services", async () => {
    const manager = await loginAs(app, t.db, clock, ['cup-manager']);
    const place = await makeFacility(t.db, 'Distretto Matera');
    const [first, second] = [await makeService(t.db), await makeService(t.db)];
    const agenda = await makeAgenda(t.db, clock, { place, services: [second.code, first.code] });
    const patient = await makePatient(t.db);
    const prescription = await makePrescription(t.db, { patient, services: [first.code] });
    const [slot, next] = (
      await get(`/api/v1/availability?service=${first.code}&facility=${place.facilityId}&limit=2`)
    ).json().items;
    const booked = await post('/api/v1/appointments', {
      nre: prescription.nre,
      fiscalCode: prescription.fiscalCode,
      itemIndex: 1,
      slotId: slot.slotId,
      channel: 'phone',
    });
    expect(booked.statusCode).toBe(201);

    const res = await get('/api/v1/agendas?days=7', manager);
    expect(res.statusCode).toBe(200);
    const item = res.json().items.find((i: { agendaId: string }) => i.agendaId === agenda.id);
    expect(item).toMatchObject({
      name: agenda.name,
      facilityId: place.facilityId,
      facilityName: expect.stringMatching(/^Poliambulatorio /),
      district: 'Distretto Matera',
      organisationId: place.organisationId,
      organisationName: expect.stringMatching(/^ASP /),
      serviceCodes: [first.code, second.code].sort(),
      taken: 1,
    });
    // 08:00-10:00 every day in 30-minute slots of one place: 4 places a day over the 7-day window.
    expect(item.capacity).toBe(28);
    expect(item.fill).toBeCloseTo(1 / 28);
    expect(item.firstFree).toBe(next.start);
  });

  it('names the patient on booking, records a declined offer, answers by code, and guards the exemption', async () => {
    const { service, prescription, patient } = await scenario();
    const slots = (await get(`/api/v1/availability?service=${service.code}&priority=B&limit=3`)).json().items;
    const body = { nre: prescription.nre, itemIndex: 1, slotId: slots[0].slotId, channel: 'phone' };
    const missing = await post('/api/v1/appointments', body);
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.field).toBe('fiscalCode');
    const stranger = await makePatient(t.db);
    const notTheirs = await post('/api/v1/appointments', { ...body, fiscalCode: stranger.fiscalCode });
    expect(notTheirs.statusCode).toBe(422);
    expect(notTheirs.json().error).toMatchObject({ code: 'INVALID_FIELD', field: 'fiscalCode' });

    const declined = await post('/api/v1/declined-offers', {
      nre: prescription.nre,
      fiscalCode: patient.fiscalCode,
      itemIndex: 1,
      slotId: slots[0].slotId,
      channel: 'phone',
      reason: 'vuole un altro ospedale',
    });
    expect(declined.statusCode).toBe(201);
    expect(declined.json()).toMatchObject({ withinGuarantee: true, slotId: slots[0].slotId });
    const protection = await post('/api/v1/protection-cases', {
      nre: prescription.nre,
      fiscalCode: patient.fiscalCode,
      itemIndex: 1,
      channel: 'phone',
    });
    expect(protection.statusCode).toBe(409);
    expect(protection.json().error).toMatchObject({ code: 'GUARANTEE_SLOT_AVAILABLE', field: 'itemIndex' });

    const booked = await post('/api/v1/appointments', { ...body, fiscalCode: patient.fiscalCode });
    expect(booked.statusCode).toBe(201);
    expect(booked.json().ticket).toEqual({
      shareCents: 2240,
      bookedCents: 2240,
      remainingCents: 0,
      prescriptionCents: 2240,
    });
    // Today is 23 November and the slot is today at 08:00: check-in is allowed, a no-show is not yet.
    const noShow = await post(`/api/v1/appointments/${booked.json().id}/no-show`, undefined);
    expect(noShow.statusCode).toBe(409);

    const url = `/api/v1/prescriptions/${prescription.nre}/exemption`;
    const put = (payload: unknown, headers: Record<string, string>) =>
      app.inject({ method: 'PUT', url, payload: payload as object, headers });
    expect((await put({ exemptionCode: 'E01' }, operator)).statusCode).toBe(403);
    const backoffice = await loginAs(app, t.db, clock, ['backoffice']);
    const unknown = await put({ exemptionCode: 'Q77' }, backoffice);
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.field).toBe('exemptionCode');
    const set = await put({ exemptionCode: 'E01' }, backoffice);
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ exemptionCode: 'E01', copayCents: 0 });
    expect(set.json().items[0].exempt).toBe(true);
    // The exemption applies to what is already booked.
    expect((await get(`/api/v1/appointments/${booked.json().id}`)).json().ticket.shareCents).toBe(0);
  });
});
