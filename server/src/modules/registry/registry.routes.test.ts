import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs } from '../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../test/databases.ts';
import { makePatient, makePrescription, makeService } from '../../../test/factories.ts';
import { ManualClock } from '../../platform/clock.ts';
import type { App } from '../../platform/http.ts';
import { buildFiscalCode } from './rules/fiscal-code.ts';
import { buildNre } from './rules/nre.ts';

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

  it("lists the patient's open prescriptions within validity, newest first, with the exemption's words", async () => {
    const patient = await makePatient(t.db);
    const visit = await makeService(t.db, { tariffCents: 2000 });
    const test = await makeService(t.db, { kind: 'instrumental', tariffCents: 5000 });
    // Today is 23 Nov 2026 (Rome). Lazio's validity: D visit 40 days, D instrumental 70, B 20.
    const exempt = await makePrescription(t.db, {
      patient,
      services: [visit.code],
      priority: 'D',
      exemptionCode: 'E01',
      issuedOn: '2026-11-20',
    });
    const older = await makePrescription(t.db, {
      patient,
      services: [test.code, test.code],
      priority: 'D',
      issuedOn: '2026-11-02',
    });
    await makePrescription(t.db, { patient, services: [visit.code], priority: 'B', issuedOn: '2026-10-01' });
    const booked = await makePrescription(t.db, { patient, services: [visit.code], issuedOn: '2026-11-21' });
    await t.db
      .updateTable('prescription_item')
      .set({ state: 'booked' })
      .where('prescription_id', '=', booked.id)
      .execute();
    const someoneElse = await makePatient(t.db);
    await makePrescription(t.db, { patient: someoneElse, services: [visit.code], issuedOn: '2026-11-22' });

    const res = await get(`/api/v1/patients/${patient.fiscalCode.toLowerCase()}/prescriptions`);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as {
      nre: string;
      bookableUntil: string;
      exemptionDescription: string | null;
      copayCents: number;
    }[];
    expect(items.map((p) => p.nre)).toEqual([exempt.nre, older.nre]);
    expect(items[0]).toMatchObject({
      bookableUntil: '2026-12-30',
      exemptionCode: 'E01',
      copayCents: 0,
    });
    expect(items[0]!.exemptionDescription).toMatch(/superiore a 65 anni/);
    expect(items[1]).toMatchObject({
      bookableUntil: '2027-01-11',
      exemptionDescription: null,
      copayCents: 3615,
    });

    // The single read shows the words too; each prescription handed out is audited, and the search.
    expect((await get(`/api/v1/prescriptions/${exempt.nre}`)).json().exemptionDescription).toMatch(/65 anni/);
    const audit = await t.db
      .selectFrom('audit_event')
      .select(['action', 'resource_type', 'resource_id'])
      .where('patient_id', '=', patient.id)
      .where('resource_type', '=', 'Prescription')
      .execute();
    expect(audit.filter((a) => a.action === 'search')).toHaveLength(1);
    expect(audit.filter((a) => a.action === 'read').map((a) => a.resource_id)).toEqual(
      expect.arrayContaining([exempt.id, older.id]),
    );

    expect((await get(`/api/v1/patients/${someoneElse.fiscalCode}/prescriptions`)).json().items).toHaveLength(
      1,
    );
    const unknown = await get('/api/v1/patients/RSSMRA85T10A562S/prescriptions');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.field).toBe('fiscalCode');
    expect((await get('/api/v1/patients/NOTACODE/prescriptions')).json().error.field).toBe('fiscalCode');
  });

  it("updates the patient's phone and e-mail with the consents given on the call, audited; bad input changes nothing", async () => {
    const patient = await makePatient(t.db);
    const put = (fiscalCode: string, payload: object, headers = operator) =>
      app.inject({ method: 'PUT', url: `/api/v1/patients/${fiscalCode}/contacts`, payload, headers });
    const before = (await get(`/api/v1/patients/${patient.fiscalCode}`)).json();

    const bad = await put(patient.fiscalCode, { phone: '+39 333 111 2222', email: 'mario@' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.field).toBe('email');
    const badPhone = await put(patient.fiscalCode, { phone: '12ab' });
    expect(badPhone.json().error.field).toBe('phone');
    expect((await get(`/api/v1/patients/${patient.fiscalCode}`)).json()).toEqual(before);

    const ok = await put(patient.fiscalCode, {
      phone: '+39 333 111 2222',
      email: ' mario.rossi@example.it ',
      consents: { contactByPhone: true, contactByEmail: true },
    });
    expect(ok.statusCode).toBe(200);
    const after = (await get(`/api/v1/patients/${patient.fiscalCode}`)).json();
    expect(after).toMatchObject({
      phone: '+393331112222',
      email: 'mario.rossi@example.it',
      consents: { ...before.consents, contactByPhone: true, contactByEmail: true },
    });
    // An Italian number typed without its country code is kept with it, so an SMS knows it for a mobile.
    await put(patient.fiscalCode, { phone: '347.555.0101' });
    expect((await get(`/api/v1/patients/${patient.fiscalCode}`)).json().phone).toBe('+393475550101');
    await put(patient.fiscalCode, { phone: '0039 0971 471300' });
    expect((await get(`/api/v1/patients/${patient.fiscalCode}`)).json().phone).toBe('+390971471300');
    await put(patient.fiscalCode, { phone: '+39 333 111 2222' });
    // Left out stays; null clears; a withdrawn consent is kept as withdrawn.
    await put(patient.fiscalCode, { email: null, consents: { contactByEmail: false } });
    expect((await get(`/api/v1/patients/${patient.fiscalCode}`)).json()).toMatchObject({
      phone: '+393331112222',
      email: null,
      consents: { contactByPhone: true, contactByEmail: false },
    });

    const updates = await t.db
      .selectFrom('audit_event')
      .select(['action', 'channel', 'actor_role'])
      .where('patient_id', '=', patient.id)
      .where('action', '=', 'update')
      .execute();
    expect(updates).toHaveLength(5);
    expect(new Set(updates.map((u) => `${u.action} ${u.channel} ${u.actor_role}`))).toEqual(
      new Set(['update phone operator']),
    );
    const supervisor = await loginAs(app, t.db, clock, ['supervisor']);
    expect((await put(patient.fiscalCode, { phone: null }, supervisor)).statusCode).toBe(403);
    expect((await put('RSSMRA85T10A562S', { phone: null })).statusCode).toBe(404);
  });
});
