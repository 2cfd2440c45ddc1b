import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../test/app.ts';
import { DRIVERS, type TestDatabase } from '../../test/databases.ts';
import { makeFacility, makePatient, makeService } from '../../test/factories.ts';
import { buildApp } from '../app.ts';
import { MAX_SLOTS_PER_REQUEST } from '../modules/booking/agendas/agenda.service.ts';
import { buildFiscalCode, buildNre } from '../modules/registry/index.ts';
import { ManualClock } from './clock.ts';
import { loadConfig } from './config.ts';
import type { App } from './http.ts';
import { createLogger } from './logger.ts';

/**
 * SEC-3: bad input is a 4xx naming the field, never a 500; SEC-1: whatever the error, the log carries
 * none of the values sent. Every case runs on both databases, whose errors differ (PGlite attaches the
 * statement's parameters, PostgreSQL's detail quotes the key).
 */
describe.each(DRIVERS)('bad input and the log on $name', ({ create }) => {
  let t: TestDatabase;
  let app: App;
  const lines: string[] = [];
  const sent: string[] = [];
  const clock = new ManualClock('2026-12-03T09:00:00Z');
  let operator: Record<string, string>;
  let manager: Record<string, string>;

  beforeAll(async () => {
    t = await create();
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    app = await buildApp({
      db: t.db,
      dbKind: 'pglite',
      clock,
      config: loadConfig({ JOBS: 'off', LOG_LEVEL: 'info' }),
      log: createLogger('info', sink),
    });
    // A fault no validation catches, with a patient row as the statement's parameters (the fiscal code
    // check fails in the database): the path of every unexpected database error.
    app.post('/api/v1/test/fault', { config: { roles: ['operator'] } }, async (request) => {
      const p = request.body as Record<string, string>;
      await sql`insert into patient (id, fiscal_code, given_name, family_name, birth_date, sex, phone, email, consents, created_at, updated_at)
        values (${randomUUID()}, ${p.fiscalCode}, ${p.givenName}, ${p.familyName}, ${p.birthDate}, 'F',
          ${p.phone}, ${p.email}, '{}', now(), now())`.execute(t.db);
      return {};
    });
    await app.ready();
    operator = await loginAs(app, t.db, clock, ['operator']);
    manager = await loginAs(app, t.db, clock, ['cup-manager']);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const post = (url: string, headers: Record<string, string>, payload: unknown) =>
    app.inject({ method: 'POST', url, headers, payload: payload as Record<string, unknown> });
  const expectField = (
    res: { statusCode: number; json(): { error: { field?: string } } },
    status: number,
    field: string,
  ) => {
    expect(res.statusCode).toBe(status);
    expect(res.json().error.field).toBe(field);
  };

  it('refuses NUL, lone surrogates and 10 kB strings in a patient, naming the field', async () => {
    const familyName = `Zanardelli\u0000${randomUUID().slice(0, 6)}`;
    const fiscalCode = buildFiscalCode({
      familyName: 'Zanardelli',
      givenName: 'Ada',
      birthDate: '1970-01-01',
      sex: 'F',
      municipalityCode: 'G942',
    });
    const base = { fiscalCode, givenName: 'Ada', birthDate: '1970-01-01', sex: 'F', phone: '+393471112233' };
    sent.push(familyName.replace('\u0000', ''), fiscalCode, '3471112233');
    expectField(await post('/api/v1/patients', operator, { ...base, familyName }), 422, 'familyName');
    expectField(
      await post('/api/v1/patients', operator, { ...base, familyName: 'Rossi', givenName: 'Ada\uD800' }),
      422,
      'givenName',
    );
    expectField(
      await post('/api/v1/patients', operator, { ...base, familyName: 'Rossi', givenName: '\uDC00Ada' }),
      422,
      'givenName',
    );
    expectField(
      await post('/api/v1/patients', operator, { ...base, familyName: 'x'.repeat(10_000) }),
      422,
      'familyName',
    );
    // A pair is a character, not a lone surrogate.
    const emoji = await post('/api/v1/patients', operator, {
      ...base,
      familyName: 'Rossi',
      givenName: 'Ada 😀',
    });
    expect(emoji.statusCode).not.toBe(422);
    // In the path too.
    expect(
      (await app.inject({ url: '/api/v1/patients/RSSMRA85T10A562%00', headers: operator })).statusCode,
    ).toBe(422);
  });

  it('refuses slot ids beyond the database integers on holds, bookings and moves', async () => {
    // A whole, valid hold body but for the slot: the only field at fault is the one under test.
    const hold = { nre: '1700A0000001234', itemIndex: 1, channel: 'phone' };
    for (const slotId of [2 ** 63, 1e20, 2 ** 53]) {
      expectField(await post('/api/v1/holds', operator, { ...hold, slotId }), 422, 'slotId');
      expectField(
        await post(`/api/v1/appointments/${randomUUID()}/move`, operator, { slotId, channel: 'phone' }),
        422,
        'slotId',
      );
    }
    expect((await post('/api/v1/holds', operator, { ...hold, slotId: 2 ** 31 })).statusCode).toBe(404);
  });

  it('names the unknown facility or service of a new agenda, and refuses rules that make too many slots', async () => {
    const place = await makeFacility(t.db);
    const service = await makeService(t.db);
    const body = {
      id: `ag-${randomUUID().slice(0, 8)}`,
      unitId: place.unitId,
      facilityId: place.facilityId,
      name: 'Cardiologia',
      serviceCodes: [service.code],
      channels: ['phone'],
      validFrom: '2026-12-01',
      rules: [{ weekday: 1, startTime: '08:00', endTime: '09:00', slotMinutes: 20, capacity: 1 }],
    };
    expectField(
      await post('/api/v1/agendas', manager, { ...body, facilityId: 'no-such-facility' }),
      422,
      'facilityId',
    );
    expectField(
      await post('/api/v1/agendas', manager, { ...body, serviceCodes: ['NO.SUCH'] }),
      422,
      'serviceCodes.0',
    );
    const huge = Array.from({ length: 7 }, (_, i) => ({
      weekday: i + 1,
      startTime: '00:00',
      endTime: '23:55',
      slotMinutes: 5,
      capacity: 1,
    }));
    expect(7 * 287 * 26).toBeGreaterThan(MAX_SLOTS_PER_REQUEST);
    expectField(await post('/api/v1/agendas', manager, { ...body, rules: huge }), 422, 'rules');
    expect((await post('/api/v1/agendas', manager, body)).statusCode).toBe(201);
  });

  it('answers concurrent duplicates (same NRE, same agenda id) with 409 naming the field', async () => {
    const patient = await makePatient(t.db);
    const service = await makeService(t.db);
    const nre = buildNre('170', 'A0', Math.floor(Math.random() * 1e8));
    sent.push(nre, patient.fiscalCode);
    const prescription = {
      nre,
      fiscalCode: patient.fiscalCode,
      priority: 'D',
      access: 'first',
      issuedOn: '2026-11-30',
      items: [{ serviceCode: service.code }],
    };
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => post('/api/v1/prescriptions', operator, prescription)),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    for (const a of answers.filter((x) => x.statusCode === 409)) expect(a.json().error.field).toBe('nre');

    const place = await makeFacility(t.db);
    const agenda = {
      id: `dup-${randomUUID().slice(0, 8)}`,
      unitId: place.unitId,
      facilityId: place.facilityId,
      name: 'Doppia',
      serviceCodes: [service.code],
      channels: ['phone'],
      validFrom: '2026-12-01',
      rules: [{ weekday: 2, startTime: '08:00', endTime: '09:00', slotMinutes: 30, capacity: 1 }],
    };
    const created = await Promise.all(
      Array.from({ length: 4 }, () => post('/api/v1/agendas', manager, agenda)),
    );
    expect(created.map((a) => a.statusCode).sort()).toEqual([201, 409, 409, 409]);
    for (const a of created.filter((x) => x.statusCode === 409)) expect(a.json().error.field).toBe('id');
  });

  it('logs an unexpected database error without the statement parameters or the error detail', async () => {
    const row = {
      fiscalCode: 'TOOSHORT99',
      givenName: `Ottavia${randomUUID().slice(0, 4)}`,
      familyName: `Quagliarella${randomUUID().slice(0, 4)}`,
      birthDate: '1961-07-14',
      phone: '+393290001122',
      email: `ottavia.${randomUUID().slice(0, 4)}@example.it`,
    };
    sent.push(...Object.values(row).map((v) => v.replace('+39', '')));
    const res = await post('/api/v1/test/fault', operator, row);
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('INTERNAL');
    const text = lines.join('');
    expect(text).toContain('"sqlState":"23514"');
    for (const value of sent) expect(text, value).not.toContain(value);
  });
});
