import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../../test/databases.ts';
import { ManualClock } from '../../../platform/clock.ts';
import type { App } from '../../../platform/http.ts';

// The rating at the end of each portal service (Designers Italia C.SE.1.7), over HTTP: anonymous, the
// second answer fitting the stars, the citizen's words kept without the contacts they may carry.
describe('POST /api/v1/portal/rating', () => {
  let t: TestDatabase;
  let app: App;
  const clock = new ManualClock('2026-11-10T09:00:00Z');
  const rate = (payload: object) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/portal/rating',
      headers: { 'content-type': 'application/json' },
      payload,
    });
  const stored = () =>
    t.db
      .selectFrom('portal_rating')
      .select(['at', 'service', 'rating', 'reason', 'detail'])
      .orderBy('id')
      .execute();

  beforeAll(async () => {
    t = await createPgliteDatabase();
    app = await buildTestApp(t.db, clock);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('records the stars alone, or with the answer and the words, without a login', async () => {
    expect((await rate({ service: 'booking', rating: 4 })).statusCode).toBe(204);
    const full = await rate({
      service: 'payment',
      rating: 2,
      reason: 'technical-problems',
      detail: ' Il pagamento non partiva, chiamatemi al 333 1234567 ',
    });
    expect(full.statusCode, full.body).toBe(204);
    expect(await stored()).toEqual([
      { at: new Date('2026-11-10T09:00:00Z'), service: 'booking', rating: 4, reason: null, detail: null },
      {
        at: new Date('2026-11-10T09:00:00Z'),
        service: 'payment',
        rating: 2,
        reason: 'technical-problems',
        detail: 'Il pagamento non partiva, chiamatemi al [omesso]',
      },
    ]);
  });

  it('refuses, on its field and storing nothing, an answer to the other question, and words past 200', async () => {
    const before = (await stored()).length;
    const cases: [object, string][] = [
      [{ service: 'manage', rating: 5, reason: 'unclear' }, 'reason'],
      [{ service: 'manage', rating: 3, reason: 'clear' }, 'reason'],
      [{ service: 'manage', rating: 3, reason: 'slow' }, 'reason'],
      [{ service: 'manage', rating: 3, detail: 'x'.repeat(201) }, 'detail'],
      [{ service: 'manage', rating: 6 }, 'rating'],
      [{ service: 'elsewhere', rating: 3 }, 'service'],
    ];
    for (const [payload, field] of cases) {
      const res = await rate(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(422);
      expect(res.json().error.field, JSON.stringify(payload)).toBe(field);
    }
    expect((await stored()).length).toBe(before);
  });
});
