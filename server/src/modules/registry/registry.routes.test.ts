import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs } from '../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../test/databases.ts';
import { makePatient, makeService } from '../../../test/factories.ts';
import { ManualClock } from '../../platform/clock.ts';
import type { App } from '../../platform/http.ts';
import { buildFiscalCode } from './fiscal-code.ts';
import { buildNre } from './nre.ts';

describe('registry over HTTP', () => {
  let t: TestDatabase;
  let app: App;
  let operator: { authorization: string };
  const clock = new ManualClock('2026-11-23T09:00:00Z');

  beforeAll(async () => {
    t = await createPgliteDatabase();
    app = await buildTestApp(t.db, clock);
    operator = await loginAs(app, t.db, clock, ['operator']);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const post = (url: string, payload: object) =>
    app.inject({ method: 'POST', url, payload, headers: operator });
  const get = (url: string) => app.inject({ method: 'GET', url, headers: operator });

  it('registers a patient from a valid fiscal code, in lower case too, and refuses a duplicate', async () => {
    const fiscalCode = buildFiscalCode({
      familyName: 'Santarsiero',
      givenName: 'Rocco',
      birthDate: '1961-04-12',
      sex: 'M',
      municipalityCode: 'G942',
    });
    const res = await post('/api/v1/patients', {
      fiscalCode: fiscalCode.toLowerCase(),
      givenName: 'Rocco',
      familyName: 'Santarsiero',
      phone: '+39 333 123 4567',
      consents: { contactByPhone: true },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      fiscalCode,
      birthDate: '1961-04-12',
      sex: 'M',
      phone: '+393331234567',
    });
    const again = await post('/api/v1/patients', {
      fiscalCode,
      givenName: 'Rocco',
      familyName: 'Santarsiero',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.field).toBe('fiscalCode');
    const read = await get(`/api/v1/patients/${fiscalCode}`);
    expect(read.statusCode).toBe(200);
    expect(read.json().givenName).toBe('Rocco');
  });

  it('names the field that is wrong and changes nothing', async () => {
    const bad = await post('/api/v1/patients', {
      fiscalCode: 'RSSMRA85T10A562X',
      givenName: 'Mario',
      familyName: 'Rossi',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error).toMatchObject({ code: 'INVALID_FIELD', field: 'fiscalCode' });
    expect(bad.json().error.message).toMatch(/check character/);
    const mismatch = await post('/api/v1/patients', {
      fiscalCode: 'RSSMRA85T10A562S',
      givenName: 'Mario',
      familyName: 'Rossi',
      birthDate: '1985-12-11',
    });
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.json().error.field).toBe('birthDate');
    const missing = await post('/api/v1/patients', { fiscalCode: 'RSSMRA85T10A562S', givenName: 'Mario' });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.field).toBe('familyName');
    expect((await get('/api/v1/patients/RSSMRA85T10A562S')).statusCode).toBe(404);
    expect((await get('/api/v1/patients/not-a-code')).statusCode).toBe(422);
  });

  it('registers and reads a prescription with its co-payment, validating NRE, items and branch', async () => {
    const patient = await makePatient(t.db);
    const s1 = await makeService(t.db, { tariffCents: 2000 });
    const s2 = await makeService(t.db, { tariffCents: 2500 });
    const other = await makeService(t.db, { branch: 'oculistica' });
    const nre = buildNre('170', 'A1', 42);
    const body = {
      nre,
      fiscalCode: patient.fiscalCode,
      priority: 'B',
      access: 'first',
      issuedOn: '2026-11-20',
      items: [{ serviceCode: s1.code }, { serviceCode: s2.code }],
    };
    const created = await post('/api/v1/prescriptions', body);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ nre, priority: 'B', state: 'issued', copayCents: 3615 });
    expect(created.json().items).toHaveLength(2);
    expect((await get(`/api/v1/prescriptions/${nre.toLowerCase()}`)).json().patientId).toBe(patient.id);
    expect((await post('/api/v1/prescriptions', body)).statusCode).toBe(409);

    const cases: [object, string][] = [
      [{ ...body, nre: '170A1123' }, 'nre'],
      [{ ...body, nre: buildNre('170', 'A1', 43), items: [{ serviceCode: 'NOPE' }] }, 'items.0.serviceCode'],
      [
        {
          ...body,
          nre: buildNre('170', 'A1', 44),
          items: [{ serviceCode: s1.code }, { serviceCode: other.code }],
        },
        'items',
      ],
      [{ ...body, nre: buildNre('170', 'A1', 45), issuedOn: '2027-01-01' }, 'issuedOn'],
      [{ ...body, nre: buildNre('170', 'A1', 46), priority: 'X' }, 'priority'],
      [{ ...body, nre: buildNre('170', 'A1', 47), items: [] }, 'items'],
    ];
    for (const [payload, field] of cases) {
      const res = await post('/api/v1/prescriptions', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(422);
      expect(res.json().error.field).toBe(field);
    }
    expect((await get(`/api/v1/prescriptions/${buildNre('170', 'A1', 99)}`)).statusCode).toBe(404);
  });

  it('searches the catalogue by description or code', async () => {
    const s = await makeService(t.db);
    const res = await get(`/api/v1/services?query=${encodeURIComponent('prestazione di prova')}&limit=500`);
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((i: { code: string }) => i.code)).toContain(s.code);
    expect((await get(`/api/v1/services?query=${s.code}`)).json().items[0].code).toBe(s.code);
  });

  it("audits each read of a patient with actor, the server's request id and purpose, and the stated one beside it", async () => {
    const patient = await makePatient(t.db);
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/patients/${patient.fiscalCode}`,
      headers: { ...operator, 'x-request-id': 'req-audit-1', 'x-access-purpose': 'prenotazione telefonica' },
    });
    expect(res.statusCode).toBe(200);
    const rows = await t.db
      .selectFrom('audit_event')
      .selectAll()
      .where('patient_id', '=', patient.id)
      .execute();
    expect(rows).toHaveLength(1);
    // Issue 9 §12: neither the request id nor the purpose recorded are the client's to choose.
    expect(rows[0]).toMatchObject({
      action: 'read',
      resource_type: 'Patient',
      request_id: res.headers['x-request-id'],
      purpose: 'care',
      stated_purpose: 'prenotazione telefonica',
      actor_role: 'operator',
      outcome: 'ok',
    });
    expect(rows[0]!.request_id).not.toBe('req-audit-1');
  });
});
