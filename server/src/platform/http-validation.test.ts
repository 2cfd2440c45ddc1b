import { Type } from '@fastify/type-provider-typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from './clock.ts';
import { loadConfig } from './config.ts';
import type { Db } from './db.ts';
import { type App, createHttpApp } from './http.ts';
import { createLogger } from './logger.ts';
import { createMetrics } from './metrics.ts';

// A body that is a union of two object shapes, one nested: how schema failures are named.
const Body = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('share'),
      staffing: Type.Object({ scale: Type.Number() }, { additionalProperties: false }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('roster'),
      roster: Type.Object({ bands: Type.Integer() }, { additionalProperties: false }),
    },
    { additionalProperties: false },
  ),
]);

describe('schema failures name the offending field', () => {
  let app: App;

  beforeAll(async () => {
    app = await createHttpApp({
      db: null as unknown as Db, // the route below touches no database
      clock: new ManualClock('2026-03-02T09:00:00Z'),
      config: loadConfig({ JOBS: 'off', LOG_LEVEL: 'silent' }),
      log: createLogger('silent'),
      metrics: createMetrics(),
      auth: { authenticate: () => Promise.reject(new Error('no auth here')) },
    });
    app.post('/api/v1/union', { schema: { body: Body }, config: { roles: [] } }, async () => ({ ok: true }));
    await app.ready();
  });
  afterAll(() => app?.close());

  const post = (payload: object) => app.inject({ method: 'POST', url: '/api/v1/union', payload });

  it('accepts a valid member of the union', async () => {
    expect((await post({ kind: 'share', staffing: { scale: 0.8 } })).statusCode).toBe(200);
    expect((await post({ kind: 'roster', roster: { bands: 2 } })).statusCode).toBe(200);
  });

  it('reports an unknown key inside a union member by its full path', async () => {
    const res = await post({ kind: 'share', staffing: { scale: 0.8, cap: 10 } });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toEqual({
      code: 'INVALID_FIELD',
      field: 'staffing.cap',
      message: 'body.staffing.cap is not a known field',
    });
    // In the second member too: the first member's complaint (no `staffing`) is not the one to report.
    const second = await post({ kind: 'roster', roster: { bands: 2, cap: 10 } });
    expect(second.json().error).toMatchObject({ code: 'INVALID_FIELD', field: 'roster.cap' });
  });

  it('reports a missing key by its full path', async () => {
    const res = await post({ kind: 'share', staffing: {} });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'INVALID_FIELD', field: 'staffing.scale' });
  });
});
