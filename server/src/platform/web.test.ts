import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteDatabase, type TestDatabase } from '../../test/databases.ts';
import { buildApp } from '../app.ts';
import { ManualClock } from './clock.ts';
import { loadConfig } from './config.ts';
import type { App } from './http.ts';
import { createLogger } from './logger.ts';

describe('the web app served by the server', () => {
  let t: TestDatabase;
  let app: App;
  let bare: App;
  let root: string;
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const build = (webRoot: string) =>
    buildApp({
      db: t.db,
      dbKind: 'pglite',
      clock,
      config: loadConfig({ JOBS: 'off', LOG_LEVEL: 'silent' }),
      log: createLogger('silent'),
      webRoot,
    });

  beforeAll(async () => {
    t = await createPgliteDatabase();
    root = mkdtempSync(path.join(tmpdir(), 'sportello-web-'));
    mkdirSync(path.join(root, 'assets'));
    writeFileSync(
      path.join(root, 'index.html'),
      '<!doctype html><title>Sportello</title><div id="root"></div>',
    );
    writeFileSync(path.join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
    app = await build(root);
    bare = await build(path.join(root, 'missing'));
  });
  afterAll(async () => {
    await app?.close();
    await bare?.close();
    await t?.drop();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves index.html at / and for the app routes, with a content security policy', async () => {
    // A reminder's link, and an offer's, have dots in their token and are still pages of the app.
    for (const url of [
      '/',
      '/console',
      '/agendas?days=30',
      '/console/patient',
      '/l/PRN-AB12-CD34.1.tpifyo.q8eMild1i',
      '/o/7K3M9Q2DXA.1.tpifyo.q8eMild1i',
    ]) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.body, url).toContain('<div id="root">');
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.headers['content-security-policy'], url).toContain("frame-ancestors 'none'");
    }
  });

  it('serves hashed assets for a year and does not answer a missing file with the app', async () => {
    const asset = await app.inject({ url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    const missing = await app.inject({ url: '/assets/gone-000.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');
  });

  it('leaves the API, the docs, health and metrics to the server', async () => {
    const unknownApi = await app.inject({ url: '/api/v1/nothing-here' });
    expect(unknownApi.statusCode).toBe(404);
    expect(unknownApi.json().error.code).toBe('NOT_FOUND');
    expect((await app.inject({ url: '/api/v1/auth/me' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/health' })).json().status).toBe('ok');
    expect((await app.inject({ url: '/metrics' })).body).toContain('sportello_http_request_duration_seconds');
    expect((await app.inject({ url: '/docs/json' })).json().openapi).toMatch(/^3\./);
    const post = await app.inject({ method: 'POST', url: '/console' });
    expect(post.statusCode).toBe(404);
  });

  it('starts without a build and says how to make one', async () => {
    const res = await bare.inject({ url: '/' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build --workspace web');
    expect((await bare.inject({ url: '/health' })).statusCode).toBe(200);
  });
});
