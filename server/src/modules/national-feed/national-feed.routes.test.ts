import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs } from '../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../test/databases.ts';
import { makeBooking } from '../../../test/factories.ts';
import { ManualClock } from '../../platform/clock.ts';
import type { App } from '../../platform/http.ts';
import { buildDay, nationalFeedSettings } from './index.ts';

// MR-8 over HTTP: the CUP manager sees the feed's days, downloads one as sent (audited), sends it again.
describe('the national feed over HTTP', () => {
  let t: TestDatabase;
  let app: App;
  let manager: { authorization: string };
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  let appointmentId: string;

  beforeAll(async () => {
    t = await createPgliteDatabase();
    app = await buildTestApp(t.db, clock);
    appointmentId = (await makeBooking(t.db, clock)).appointment.id;
    clock.set('2026-11-24T09:00:00Z');
    manager = await loginAs(app, t.db, clock, ['cup-manager']);
    const settings = nationalFeedSettings({ NATIONAL_FEED: 'simulated', NATIONAL_FEED_REGION: '170' });
    await buildDay(t.db, clock, settings, '2026-11-23');
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('lists the days, gives a day’s Bundle as sent, and sends it again (simulazione)', async () => {
    const list = await app.inject({
      url: '/api/v1/national-feed/batches?from=2026-11-01&to=2026-11-30',
      headers: manager,
    });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items).toMatchObject([
      { day: '2026-11-23', appointments: 1, status: 'pending', simulated: false },
    ]);

    const one = await app.inject({ url: '/api/v1/national-feed/batches/2026-11-23', headers: manager });
    expect(one.statusCode, one.body).toBe(200);
    expect(one.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
    expect(one.headers['content-disposition']).toBe('attachment; filename="pnla-2026-11-23.json"');
    expect(one.json()).toMatchObject({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ resource: { resourceType: 'Appointment', id: appointmentId } }],
    });
    const audited = await t.db
      .selectFrom('audit_event')
      .select(['action', 'resource_id', 'patient_id'])
      .where('resource_type', '=', 'NationalFeedBatch')
      .execute();
    expect(audited).toEqual([{ action: 'read', resource_id: '2026-11-23', patient_id: null }]);

    const sent = await app.inject({
      method: 'POST',
      url: '/api/v1/national-feed/batches/2026-11-23/send',
      headers: manager,
      payload: {},
    });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({ day: '2026-11-23', status: 'sent', attempts: 1, simulated: true });
  });

  it('refuses a day not built, a bad date, and other roles', async () => {
    expect(
      (await app.inject({ url: '/api/v1/national-feed/batches/2026-11-20', headers: manager })).statusCode,
    ).toBe(404);
    const bad = await app.inject({ url: '/api/v1/national-feed/batches/20261123', headers: manager });
    expect(bad.statusCode).toBe(422);
    const order = await app.inject({
      url: '/api/v1/national-feed/batches?from=2026-11-30&to=2026-11-01',
      headers: manager,
    });
    expect(order.json().error.field).toBe('to');
    for (const role of ['operator', 'supervisor', 'backoffice'] as const) {
      const h = await loginAs(app, t.db, clock, [role]);
      expect((await app.inject({ url: '/api/v1/national-feed/batches', headers: h })).statusCode).toBe(403);
    }
  });
});
