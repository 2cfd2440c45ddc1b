import { randomUUID } from 'node:crypto';
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

describe('protection-path cases over HTTP', () => {
  let t: TestDatabase;
  let app: App;
  let operator: { authorization: string };
  let backoffice: { authorization: string };
  let colleague: { authorization: string };
  const clock = new ManualClock('2026-11-23T06:00:00Z');

  beforeAll(async () => {
    t = await createPgliteDatabase();
    app = await buildTestApp(t.db, clock);
    operator = await loginAs(app, t.db, clock, ['operator']);
    backoffice = await loginAs(app, t.db, clock, ['backoffice']);
    colleague = await loginAs(app, t.db, clock, ['backoffice']);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const get = (url: string, headers: Record<string, string>) => app.inject({ method: 'GET', url, headers });
  const post = (url: string, payload: unknown, headers: Record<string, string>) =>
    app.inject({ method: 'POST', url, payload: payload as object, headers });

  /** An urgent prescription with nothing inside 72 h: the operator opens a case for the back office. */
  async function openCase() {
    const place = await makeFacility(t.db);
    const service = await makeService(t.db);
    await makeAgenda(t.db, clock, {
      place,
      services: [service.code],
      closures: [{ fromDate: '2026-11-01', toDate: '2026-11-27', reason: 'lavori' }],
    });
    const patient = await makePatient(t.db);
    const prescription = await makePrescription(t.db, { patient, services: [service.code], priority: 'U' });
    const opened = await post(
      '/api/v1/protection-cases',
      { nre: prescription.nre, fiscalCode: patient.fiscalCode, itemIndex: 1, channel: 'phone' },
      operator,
    );
    expect(opened.statusCode, opened.body).toBe(201);
    return { service, patient, prescription, id: opened.json().id as string };
  }

  it('lists, takes and resolves a case with the appointment booked for it', async () => {
    const { id, patient, prescription, service } = await openCase();
    const list = await get('/api/v1/protection-cases?state=open', backoffice);
    expect(list.statusCode).toBe(200);
    const listed = list.json().items.find((c: { id: string }) => c.id === id);
    expect(listed).toMatchObject({
      state: 'open',
      takenBy: null,
      patient: { fiscalCode: patient.fiscalCode, familyName: patient.familyName },
      serviceDescription: `Prestazione di prova ${service.code}`,
    });

    const taken = await post(`/api/v1/protection-cases/${id}/take`, undefined, backoffice);
    expect(taken.statusCode).toBe(200);
    expect(taken.json().takenBy.name).toMatch(/-backoffice-/);
    expect(taken.json().takenAt).toBe('2026-11-23T06:00:00.000Z');
    const theirs = await post(`/api/v1/protection-cases/${id}/take`, undefined, colleague);
    expect(theirs.statusCode).toBe(409);
    expect(theirs.json().error).toMatchObject({ code: 'CONFLICT', field: 'id' });

    const slot = (await get(`/api/v1/availability?service=${service.code}&priority=U`, backoffice)).json()
      .items[0];
    const booked = await post(
      '/api/v1/appointments',
      {
        nre: prescription.nre,
        fiscalCode: patient.fiscalCode,
        itemIndex: 1,
        slotId: slot.slotId,
        channel: 'phone',
      },
      { ...backoffice, 'idempotency-key': randomUUID() },
    );
    expect(booked.statusCode, booked.body).toBe(201);
    const resolved = await post(
      `/api/v1/protection-cases/${id}/resolve`,
      { appointmentId: booked.json().id },
      backoffice,
    );
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json()).toMatchObject({
      state: 'resolved',
      appointment: { id: booked.json().id, code: booked.json().code },
    });
    const open = await get('/api/v1/protection-cases', backoffice);
    expect(open.json().items.map((c: { id: string }) => c.id)).not.toContain(id);
  });

  it('closes a case with a reason, and names the field of bad input', async () => {
    const { id } = await openCase();
    await post(`/api/v1/protection-cases/${id}/take`, undefined, backoffice);
    const neither = await post(`/api/v1/protection-cases/${id}/resolve`, {}, backoffice);
    expect(neither.statusCode).toBe(422);
    expect(neither.json().error).toMatchObject({ code: 'INVALID_FIELD', field: 'appointmentId' });
    const extra = await post(`/api/v1/protection-cases/${id}/resolve`, { reason: 'x', why: 'y' }, backoffice);
    expect(extra.statusCode).toBe(422);
    expect(extra.json().error).toMatchObject({ code: 'INVALID_FIELD', field: 'why' });
    const badId = await post('/api/v1/protection-cases/not-a-uuid/take', undefined, backoffice);
    expect(badId.statusCode).toBe(422);
    expect(badId.json().error.field).toBe('id');
    const missing = await post(
      '/api/v1/protection-cases/00000000-0000-4000-8000-000000000000/take',
      undefined,
      backoffice,
    );
    expect(missing.statusCode).toBe(404);

    const closed = await post(
      `/api/v1/protection-cases/${id}/resolve`,
      { reason: 'Il paziente ha scelto una struttura privata' },
      backoffice,
    );
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({
      state: 'closed',
      resolutionReason: 'Il paziente ha scelto una struttura privata',
    });
    const list = await get('/api/v1/protection-cases?state=closed', backoffice);
    expect(list.json().items.map((c: { id: string }) => c.id)).toContain(id);
  });

  it('lets only the back office take and resolve cases, and name the patient', async () => {
    const { id } = await openCase();
    const manager = await loginAs(app, t.db, clock, ['cup-manager']);
    const seen = (await get('/api/v1/protection-cases', manager))
      .json()
      .items.find((c: { id: string }) => c.id === id);
    expect(seen.state).toBe('open');
    expect(seen).not.toHaveProperty('patient');
    const take = await post(`/api/v1/protection-cases/${id}/take`, undefined, operator);
    expect(take.statusCode).toBe(403);
    const resolve = await post(`/api/v1/protection-cases/${id}/resolve`, { reason: 'x' }, operator);
    expect(resolve.statusCode).toBe(403);
  });
});
