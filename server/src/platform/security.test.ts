import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { loginAs } from '../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../test/databases.ts';
import { ManualScheduler } from '../../test/manual-scheduler.ts';
import { buildApp } from '../app.ts';
import type { LiveContactCentre } from '../modules/contact-centre/contact-centre.service.ts';
import { startLiveContactCentre } from '../modules/contact-centre/index.ts';
import { ManualClock } from './clock.ts';
import { loadConfig } from './config.ts';
import type { App } from './http.ts';
import { MAX_SOCKETS_PER_SESSION } from './live-sockets.ts';
import { createLogger } from './logger.ts';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const STREAM = '/api/v1/contact-centre/stream';

const closed = (ws: WebSocket) =>
  new Promise<number>((resolve) => ws.on('close', (code: number) => resolve(code)));
const firstMessage = (ws: WebSocket) => new Promise<void>((resolve) => ws.once('message', () => resolve()));

describe('security of the HTTP surface (SEC-1, SEC-3)', () => {
  let t: TestDatabase;
  let app: App;
  let centre: LiveContactCentre;
  const clock = new ManualClock('2026-11-24T08:00:00Z');
  const config = loadConfig({ JOBS: 'off', LOG_LEVEL: 'silent', SIM_AGENTS: '0', SIM_TRAFFIC: 'off' });
  const log = createLogger('silent');
  const extra: App[] = [];
  const appWith = async (env: Record<string, string>) => {
    const other = await buildApp({
      db: t.db,
      dbKind: 'pglite',
      clock,
      config: loadConfig({ JOBS: 'off', LOG_LEVEL: 'silent', ...env }),
      log,
    });
    await other.ready();
    extra.push(other);
    return other;
  };

  beforeAll(async () => {
    t = await createPgliteDatabase();
    const started = await startLiveContactCentre({
      db: t.db,
      clock,
      config,
      log,
      scheduler: new ManualScheduler(clock),
      flushEveryMs: 3_600_000,
    });
    if (!started) throw new Error('the centre should be on');
    centre = started;
    app = await buildApp({ db: t.db, dbKind: 'pglite', clock, config, log, contactCentre: centre });
    await app.ready();
  });
  afterAll(async () => {
    for (const a of extra) await a.close();
    await app?.close();
    await centre?.stop();
    await t?.drop();
  });

  it('authenticates before validating: 401 without a token, never a validation error', async () => {
    const post = await app.inject({ method: 'POST', url: '/api/v1/patients', payload: { nothing: 1 } });
    expect(post.statusCode).toBe(401);
    expect(post.json().error.code).toBe('UNAUTHENTICATED');
    const get = await app.inject({ url: '/api/v1/availability?limit=banana' });
    expect(get.statusCode).toBe(401);
    const text = await app.inject({
      method: 'POST',
      url: `/api/v1/appointments/${UNKNOWN_ID}/check-in`,
      headers: { 'content-type': 'text/plain' },
      payload: 'x',
    });
    expect(text.statusCode).toBe(401);
  });

  it('accepts the bearer scheme in any case (RFC 9110)', async () => {
    const { authorization } = await loginAs(app, t.db, clock, ['operator']);
    const token = authorization.slice('Bearer '.length);
    for (const header of [`bearer ${token}`, `BEARER ${token}`, `Bearer  ${token}`]) {
      const me = await app.inject({ url: '/api/v1/auth/me', headers: { authorization: header } });
      expect(me.statusCode, header.slice(0, 8)).toBe(200);
    }
  });

  it('refuses a NUL in the login username before anything else, naming the field', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin\u0000', password: 'x' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'INVALID_FIELD', field: 'username' });
  });

  it('requires JSON on every write, even without a body (an HTML form cannot send it)', async () => {
    const { authorization } = await loginAs(app, t.db, clock, ['operator']);
    const url = `/api/v1/appointments/${UNKNOWN_ID}/check-in`;
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const res = await app.inject({ method: 'POST', url, headers: { authorization, 'content-type': type } });
      expect(res.statusCode, type).toBe(400);
      expect(res.json().error.code).toBe('MALFORMED_REQUEST');
    }
    const none = await app.inject({ method: 'POST', url, headers: { authorization } });
    expect(none.statusCode).toBe(400);
    const json = await app.inject({
      method: 'POST',
      url,
      headers: { authorization, 'content-type': 'application/json; charset=utf-8' },
    });
    expect(json.statusCode).toBe(404);
  });

  it('refuses writes authenticated by the cookie from another site, and WebSockets from another origin', async () => {
    const { authorization } = await loginAs(app, t.db, clock, ['operator']);
    const token = authorization.slice('Bearer '.length);
    const cookies = { sportello_session: token };
    const write = (headers: Record<string, string>, withCookie = true) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/holds',
        ...(withCookie ? { cookies } : {}),
        headers: { 'content-type': 'application/json', ...headers },
        payload: { slotId: 987654321, nre: '1700A0000001234', itemIndex: 1, channel: 'phone' },
      });
    expect((await write({ origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await write({ 'sec-fetch-site': 'cross-site', origin: 'http://localhost:80' })).statusCode).toBe(
      403,
    );
    expect((await write({ 'sec-fetch-site': 'same-site' })).statusCode).toBe(403);
    expect((await write({ origin: 'null' })).statusCode).toBe(403);
    // A cookie without any browser header is no page of ours: other clients use the bearer token.
    expect((await write({})).statusCode).toBe(403);
    // From this site: past the check (the slot does not exist).
    expect((await write({ 'sec-fetch-site': 'same-origin' })).statusCode).toBe(404);
    expect((await write({ origin: 'http://localhost:80' })).statusCode).toBe(404);
    // The bearer token is never sent by a browser on its own: no origin check.
    expect((await write({ authorization, origin: 'https://evil.example' }, false)).statusCode).toBe(404);
    // Reads are not state-changing.
    const read = await app.inject({
      url: '/api/v1/auth/me',
      cookies,
      headers: { origin: 'https://evil.example' },
    });
    expect(read.statusCode).toBe(200);

    await expect(
      app.injectWS(STREAM, {
        headers: { cookie: `sportello_session=${token}`, origin: 'https://evil.example' },
      }),
    ).rejects.toThrow(/403/);
    const ok = await app.injectWS(STREAM, {
      headers: { cookie: `sportello_session=${token}`, origin: 'http://localhost', host: 'localhost' },
    });
    ok.terminate();
  });

  it('closes an open WebSocket when its session logs out, and caps the sockets of a session', async () => {
    const { authorization } = await loginAs(app, t.db, clock, ['operator']);
    const token = authorization.slice('Bearer '.length);
    const sockets: WebSocket[] = [];
    for (let i = 0; i < MAX_SOCKETS_PER_SESSION; i++) {
      let hello: Promise<void> | undefined;
      sockets.push(
        await app.injectWS(`${STREAM}?token=${token}`, {}, { onInit: (s) => (hello = firstMessage(s)) }),
      );
      await hello;
    }
    await expect(app.injectWS(`${STREAM}?token=${token}`)).rejects.toThrow(/429/);
    const codes = Promise.all(sockets.map(closed));
    const logout = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { authorization, 'content-type': 'application/json' },
    });
    expect(logout.statusCode).toBe(204);
    expect(await codes).toEqual(sockets.map(() => 4401));
    await expect(app.injectWS(`${STREAM}?token=${token}`)).rejects.toThrow(/401/);
  });

  it('closes the WebSockets of a user deactivated elsewhere at the next check', async () => {
    const { authorization } = await loginAs(app, t.db, clock, ['supervisor']);
    const token = authorization.slice('Bearer '.length);
    let hello: Promise<void> | undefined;
    const ws = await app.injectWS(
      `${STREAM}?token=${token}`,
      {},
      { onInit: (s) => (hello = firstMessage(s)) },
    );
    await hello;
    const code = closed(ws);
    await app.revalidateSockets();
    // Still valid: still open.
    expect(ws.readyState).toBe(ws.OPEN);
    const me = (await app.inject({ url: '/api/v1/auth/me', headers: { authorization } })).json();
    // As the command line would, in another process.
    await t.db.updateTable('app_user').set({ active: false }).where('id', '=', me.id).execute();
    await app.revalidateSockets();
    expect(await code).toBe(4401);
  });

  it('marks API answers nosniff and no-store, and gives the documentation a CSP that forbids framing', async () => {
    const headers = await loginAs(app, t.db, clock, ['operator']);
    for (const res of [
      await app.inject({ url: '/api/v1/auth/me', headers }),
      await app.inject({ url: '/api/v1/auth/me' }),
      await app.inject({ url: `/api/v1/appointments/${UNKNOWN_ID}`, headers }),
    ]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('no-store');
    }
    const docs = await app.inject({ url: '/docs' });
    expect(docs.statusCode).toBeLessThan(400);
    const csp = String(docs.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');
  });

  it('keeps /metrics and /docs to the operations network or a role outside demo mode', async () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/x', OPS_NETWORKS: 'any' })).toThrow(
      /OPS_NETWORKS/,
    );
    const prod = await appWith({ DATABASE_URL: 'postgres://db/x', OPS_NETWORKS: '10.1.0.0/16' });
    const outside = { remoteAddress: '192.0.2.7' };
    expect((await prod.inject({ url: '/metrics', ...outside })).statusCode).toBe(401);
    expect((await prod.inject({ url: '/docs/json', ...outside })).statusCode).toBe(401);
    expect((await prod.inject({ url: '/metrics', remoteAddress: '10.1.2.3' })).statusCode).toBe(200);
    const operator = await loginAs(prod, t.db, clock, ['operator']);
    const admin = await loginAs(prod, t.db, clock, ['admin']);
    expect((await prod.inject({ url: '/metrics', headers: operator, ...outside })).statusCode).toBe(403);
    expect((await prod.inject({ url: '/metrics', headers: admin, ...outside })).statusCode).toBe(200);
    expect((await prod.inject({ url: '/docs/json', headers: operator, ...outside })).statusCode).toBe(200);
    // Demo mode (the embedded database): public by choice.
    expect((await app.inject({ url: '/metrics', ...outside })).statusCode).toBe(200);
  });

  it('sets Secure on the session cookie behind the configured TLS proxy, and only there', async () => {
    const proxied = await appWith({ TRUST_PROXY: '10.0.0.1' });
    const username = `proxy-${Date.now()}`;
    const { createUser } = await import('../modules/identity/index.ts');
    await createUser(t.db, clock, {
      username,
      displayName: 'P',
      password: 'secret-pass',
      roles: ['operator'],
    });
    const login = (remoteAddress: string) =>
      proxied.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress,
        headers: { 'x-forwarded-proto': 'https' },
        payload: { username, password: 'secret-pass' },
      });
    const viaProxy = await login('10.0.0.1');
    expect(viaProxy.cookies.find((c) => c.name === 'sportello_session')?.secure).toBe(true);
    const forged = await login('192.0.2.50');
    expect(forged.statusCode).toBe(200);
    expect(forged.cookies.find((c) => c.name === 'sportello_session')?.secure).toBeFalsy();
  });

  it('answers a URL that is not valid and oversized headers in the usual error body', async () => {
    const bad = await app.inject({ url: '/api/v1/patients/%E0%A4%A' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('MALFORMED_REQUEST');

    const server = await appWith({});
    await server.listen({ port: 0, host: '127.0.0.1' });
    const { port } = server.server.address() as AddressInfo;
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest({
        port,
        host: '127.0.0.1',
        path: '/health',
        headers: { 'x-big': 'a'.repeat(20_000) },
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(answer.status).toBe(431);
    expect(JSON.parse(answer.body).error.code).toBe('MALFORMED_REQUEST');
  });
});
