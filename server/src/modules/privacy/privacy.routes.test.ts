import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs } from '../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../test/databases.ts';
import { makePatient, makePrescription, makeService } from '../../../test/factories.ts';
import { ManualClock } from '../../platform/clock.ts';
import type { App } from '../../platform/http.ts';

/** Issue 8 §11 and §14, issue 9 §12: who read what about a patient, as the privacy officer sees it. */
describe("the privacy officer's access log", () => {
  let t: TestDatabase;
  let app: App;
  let operator: Record<string, string>;
  let supervisor: Record<string, string>;
  let officer: Record<string, string>;
  // Every step stays within the sessions' 12 hours.
  const clock = new ManualClock('2026-11-30T12:00:00Z');

  beforeAll(async () => {
    t = await createPgliteDatabase();
    app = await buildTestApp(t.db, clock);
    operator = await loginAs(app, t.db, clock, ['operator']);
    supervisor = await loginAs(app, t.db, clock, ['supervisor']);
    officer = await loginAs(app, t.db, clock, ['privacy-officer']);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const get = (url: string, headers: Record<string, string>) => app.inject({ method: 'GET', url, headers });
  const log = (fiscalCode: string, extra = '') =>
    get(`/api/v1/privacy/access-log?fiscalCode=${fiscalCode}${extra}`, officer);

  it('lists every access to one patient: who, when, what, why, from where, and how it ended', async () => {
    const patient = await makePatient(t.db, { phone: '3331234567' });
    const other = await makePatient(t.db);
    const service = await makeService(t.db);
    const prescription = await makePrescription(t.db, { patient, services: [service.code] });

    clock.set('2026-11-30T12:31:00Z');
    const read = await app.inject({
      method: 'GET',
      url: `/api/v1/patients/${patient.fiscalCode}`,
      headers: {
        ...operator,
        'x-access-purpose': 'prenotazione telefonica',
        'x-request-id': 'scelto-dal-client',
        'x-forwarded-for': '203.0.113.9',
      },
    });
    expect(read.statusCode).toBe(200);
    clock.set('2026-11-30T12:32:00Z');
    expect((await get(`/api/v1/prescriptions/${prescription.nre}`, operator)).statusCode).toBe(200);
    // Refused: the supervisor has no business with demographics (SEC-1, least privilege).
    clock.set('2026-11-30T12:33:00Z');
    expect((await get(`/api/v1/patients/${patient.fiscalCode}`, supervisor)).statusCode).toBe(403);
    // Someone else's data is not in this patient's log.
    expect((await get(`/api/v1/patients/${other.fiscalCode}`, operator)).statusCode).toBe(200);

    const res = await log(patient.fiscalCode, '&from=2026-11-30&to=2026-11-30');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.patient).toEqual({
      id: patient.id,
      givenName: patient.givenName,
      familyName: patient.familyName,
    });
    expect(
      body.accesses.map((a: { at: string; resourceType: string; outcome: string }) => [
        a.at,
        a.resourceType,
        a.outcome,
      ]),
    ).toEqual([
      ['2026-11-30T12:31:00.000Z', 'Patient', 'ok'],
      ['2026-11-30T12:32:00.000Z', 'Prescription', 'ok'],
      ['2026-11-30T12:33:00.000Z', 'Patient', 'denied'],
    ]);
    const [first, , denied] = body.accesses;
    // The purpose is the server's; what the client said is kept beside it, never instead of it.
    expect(first).toMatchObject({
      action: 'read',
      roles: 'operator',
      purpose: 'care',
      statedPurpose: 'prenotazione telefonica',
      actor: { username: expect.stringMatching(/^u\d+-operator-/) },
    });
    // The request id is the server's own: the one it answered with, not the client's.
    expect(first.requestId).toBe(read.headers['x-request-id']);
    expect(first.requestId).not.toBe('scelto-dal-client');
    // No proxy is trusted in this configuration: the address is the connection's, not the header's.
    expect(first.clientAddress).toBe('127.0.0.1');
    expect(denied).toMatchObject({ roles: 'supervisor', action: 'read', outcome: 'denied' });
  });

  it('counts a fiscal code looked for and not found, and answers with the patient unknown', async () => {
    const unknown = 'RSSMRA80A01H501U';
    clock.set('2026-11-30T13:00:00Z');
    expect((await get(`/api/v1/patients/${unknown}`, operator)).statusCode).toBe(404);
    const body = (await log(unknown, '&from=2026-11-30&to=2026-11-30')).json();
    expect(body.patient).toBeNull();
    expect(body.accesses).toEqual([
      expect.objectContaining({ resourceType: 'Patient', outcome: 'not_found', roles: 'operator' }),
    ]);
  });

  it("reads Rome's calendar days, both included, and exports the same rows as CSV", async () => {
    const patient = await makePatient(t.db);
    // 22:30 UTC on 30 Nov is 23:30 in Rome (still the 30th); 23:30 UTC is already 1 Dec in Rome.
    for (const at of ['2026-11-30T22:30:00Z', '2026-11-30T23:30:00Z']) {
      clock.set(at);
      expect((await get(`/api/v1/patients/${patient.fiscalCode}`, operator)).statusCode).toBe(200);
    }
    const nov30 = (await log(patient.fiscalCode, '&from=2026-11-30&to=2026-11-30')).json();
    expect(nov30.accesses.map((a: { at: string }) => a.at)).toEqual(['2026-11-30T22:30:00.000Z']);

    const csv = await log(patient.fiscalCode, '&from=2026-11-30&to=2026-12-01&format=csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain(
      `accessi-${patient.fiscalCode}-2026-11-30-2026-12-01.csv`,
    );
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'at,username,displayName,roles,action,resourceType,resourceId,channel,purpose,statedPurpose,outcome,clientAddress,requestId',
    );
    // The two reads, then the officer's own reading of 30 November (the log shows the officer too).
    expect(lines.slice(1).map((l) => l.split(',').filter((_, i) => [0, 3, 5].includes(i)))).toEqual([
      ['2026-11-30T22:30:00.000Z', 'operator', 'Patient'],
      ['2026-11-30T23:30:00.000Z', 'operator', 'Patient'],
      ['2026-11-30T23:30:00.000Z', 'privacy-officer', 'AuditTrail'],
    ]);
  });

  it("audits the officer's own reading, and is the officer's alone", async () => {
    const patient = await makePatient(t.db);
    clock.set('2026-11-30T23:40:00Z');
    expect((await log(patient.fiscalCode)).statusCode).toBe(200);
    const rows = await t.db
      .selectFrom('audit_event')
      .selectAll()
      .where('patient_id', '=', patient.id)
      .execute();
    expect(rows).toEqual([
      expect.objectContaining({
        resource_type: 'AuditTrail',
        actor_role: 'privacy-officer',
        subject: patient.fiscalCode,
      }),
    ]);
    for (const who of [operator, supervisor]) {
      expect((await get(`/api/v1/privacy/access-log?fiscalCode=${patient.fiscalCode}`, who)).statusCode).toBe(
        403,
      );
    }
  });

  it('names the field of a bad query', async () => {
    const bad = async (query: string, field: string) => {
      const res = await get(`/api/v1/privacy/access-log?${query}`, officer);
      expect(res.statusCode, query).toBe(422);
      expect(res.json().error.field).toBe(field);
    };
    await bad('fiscalCode=NOTACODE', 'fiscalCode');
    await bad('fiscalCode=RSSMRA80A01H501U&from=2026-12-02&to=2026-12-01', 'from');
    await bad('fiscalCode=RSSMRA80A01H501U&from=2025-01-01&to=2026-12-01', 'to');
    await bad('fiscalCode=RSSMRA80A01H501U&from=yesterday', 'from');
    await bad(`fiscalCode=RSSMRA80A01H501U&extra=${randomUUID()}`, 'extra');
  });
});
