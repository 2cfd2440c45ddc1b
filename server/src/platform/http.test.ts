import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs } from '../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../test/databases.ts';
import { makePatient } from '../../test/factories.ts';
import { buildApp } from '../app.ts';
import { createUser } from '../modules/identity/index.ts';
import { ManualClock } from './clock.ts';
import { loadConfig } from './config.ts';
import type { App } from './http.ts';
import { createLogger } from './logger.ts';

describe('platform over HTTP', () => {
  let t: TestDatabase;
  let app: App;
  const clock = new ManualClock('2026-11-23T09:00:00Z');

  beforeAll(async () => {
    t = await createPgliteDatabase();
    app = await buildTestApp(t.db, clock);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('serves health, Prometheus metrics and the OpenAPI description', async () => {
    expect((await app.inject({ url: '/health' })).json()).toEqual({ status: 'ok', database: 'pglite' });
    const metrics = await app.inject({ url: '/metrics' });
    expect(metrics.body).toContain('sportello_http_request_duration_seconds');
    const spec = (await app.inject({ url: '/docs/json' })).json();
    for (const path of [
      '/api/v1/auth/login',
      '/api/v1/services',
      '/api/v1/patients',
      '/api/v1/patients/{fiscalCode}',
      '/api/v1/prescriptions',
      '/api/v1/prescriptions/{nre}',
      '/api/v1/availability',
      '/api/v1/holds',
      '/api/v1/appointments',
      '/api/v1/appointments/{id}/cancel',
      '/api/v1/appointments/{id}/move',
      '/api/v1/patients/{fiscalCode}/appointments',
      '/api/v1/protection-cases',
    ]) {
      expect(Object.keys(spec.paths), path).toContain(path);
    }
    expect((await app.inject({ url: '/docs' })).statusCode).toBeLessThan(400);
  });

  it('logs in with a token and a cookie, refuses wrong passwords alike, and logs out', async () => {
    await createUser(t.db, clock, {
      username: 'mario',
      displayName: 'Mario',
      password: 'giusta-123',
      roles: ['operator'],
    });
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'mario', password: 'x' },
    });
    const nobody = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'nobody', password: 'x' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(nobody.json()).toEqual(wrong.json());
    const ok = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'mario', password: 'giusta-123' },
    });
    expect(ok.statusCode).toBe(200);
    const cookie = ok.cookies.find((c) => c.name === 'sportello_session');
    expect(cookie?.httpOnly).toBe(true);
    const me = await app.inject({ url: '/api/v1/auth/me', cookies: { sportello_session: cookie!.value } });
    expect(me.json()).toMatchObject({ username: 'mario', roles: ['operator'] });
    const bearer = { authorization: `Bearer ${ok.json().token}`, 'content-type': 'application/json' };
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer })).statusCode,
    ).toBe(204);
    expect((await app.inject({ url: '/api/v1/auth/me', headers: bearer })).statusCode).toBe(401);
  });

  it('answers errors in one shape: 401, 403, 404', async () => {
    const anonymous = await app.inject({ url: '/api/v1/services' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('UNAUTHENTICATED');
    const manager = await loginAs(app, t.db, clock, ['cup-manager']);
    const forbidden = await app.inject({ url: '/api/v1/patients/RSSMRA85T10A562S', headers: manager });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error.code).toBe('FORBIDDEN');
    const unknown = await app.inject({ url: '/api/v1/nothing-here', headers: manager });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('NOT_FOUND');
  });

  it('keeps personal data out of the logs', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    // A second app writing its logs to memory.
    const memoryLog = createLogger('info', sink);
    const config = loadConfig({ JOBS: 'off', LOG_LEVEL: 'info' });
    const logApp = await buildApp({ db: t.db, dbKind: 'pglite', clock, config, log: memoryLog });
    await logApp.ready();
    const patient = await makePatient(t.db);
    const headers = await loginAs(logApp, t.db, clock, ['operator']);
    await logApp.inject({ url: `/api/v1/patients/${patient.fiscalCode}`, headers });
    await logApp.inject({ url: `/api/v1/patients/${patient.fiscalCode}/appointments`, headers });
    await logApp.close();
    const text = lines.join('');
    expect(text).toContain('/api/v1/patients/:fiscalCode');
    expect(text).not.toContain(patient.fiscalCode);
    expect(text).not.toContain(patient.familyName);
    expect(text).not.toContain(headers.authorization.slice(7));
  });
});
