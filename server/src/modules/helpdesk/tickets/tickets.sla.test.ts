import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs } from '../../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../../test/databases.ts';
import { ManualClock } from '../../../platform/clock.ts';
import type { App } from '../../../platform/http.ts';

/**
 * MR-5 from the help desk: the month's written contacts and second-level cases, as the reporting
 * module's service levels read them, on tickets worked over HTTP.
 */
describe("the help desk's levels in the month's service levels", () => {
  let t: TestDatabase;
  let app: App;
  // Tuesday 10 November 2026, 10:00 in Rome: a working day, no holiday near.
  const clock = new ManualClock('2026-11-10T09:00:00Z');

  beforeAll(async () => {
    t = await createPgliteDatabase();
    app = await buildTestApp(t.db, clock);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const as = async (role: 'operator' | 'backoffice' | 'second-level' | 'cup-manager') =>
    loginAs(app, t.db, clock, [role]);
  const post = async (url: string, role: Parameters<typeof as>[0], payload: object) => {
    const res = await app.inject({ method: 'POST', url, headers: await as(role), payload });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };
  const open = (subject: string, channel = 'email') =>
    post('/api/v1/helpdesk/tickets', 'operator', {
      queue: 'tributi',
      channel,
      subject,
      body: 'Richiesta',
      requester: { phone: '+39 333 1234567' },
    });
  const act = (id: string, role: Parameters<typeof as>[0], payload: object) =>
    post(`/api/v1/helpdesk/tickets/${id}/actions`, role, payload);
  const at = (iso: string) => clock.set(new Date(iso));

  it('counts written contacts closed within 24 counted hours and the second level’s cases, with their penalties', async () => {
    const inTime = await open('A');
    const late = await open('B');
    const stillOpen = await open('C', 'web');
    const byPhone = await open('D', 'phone');
    const second = await open('E');
    const secondOpen = await open('F');
    for (const x of [second, secondOpen])
      await act(x.id, 'backoffice', {
        type: 'escalate',
        level: 2,
        reason: "Competenza dell'ufficio tributi",
      });
    at('2026-11-10T12:00:00Z'); // 3 h after the requests
    await act(second.id, 'second-level', { type: 'move', to: 'resolved', reply: 'Rimborso disposto.' });
    at('2026-11-11T08:00:00Z'); // 23 h
    await act(inTime.id, 'backoffice', { type: 'move', to: 'resolved', reply: 'Fatto.' });
    at('2026-11-11T10:00:00Z'); // 25 h
    await act(late.id, 'backoffice', { type: 'move', to: 'resolved', reply: 'Fatto.' });
    await act(byPhone.id, 'backoffice', { type: 'move', to: 'resolved', reply: 'Fatto.' });
    void stillOpen;

    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/reporting/sla?month=2026-11&serviceValue=100000',
      headers: await as('cup-manager'),
    });
    expect(res.statusCode).toBe(200);
    const [written, resolved, time] = res.json().helpdesk;
    // Written: A met, B late (25 h), E met (3 h), F open past 24 h: missed; C (web) open past 24 h: missed.
    // 2 of 5 → 40% against all of them: 60 points × 0.5% = 30% of the service's value.
    expect(written).toMatchObject({
      measured: 5,
      met: 2,
      excluded: 0,
      points: 60,
      penaltyShare: 0.3,
      penaltyEuro: 30000,
    });
    // Second level: E resolved, F not: 50% against 90% → 40 points × 1%.
    expect(resolved).toMatchObject({ measured: 2, met: 1, points: 40, penaltyShare: 0.4 });
    // Of the resolved, E within 4 h: 100%.
    expect(time).toMatchObject({ measured: 1, met: 1, points: 0, penaltyShare: 0 });
    expect(res.json().notMeasured).toEqual([]);
  });
});
