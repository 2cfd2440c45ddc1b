import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteDatabase, type TestDatabase } from '../../../../test/databases.ts';
import { buildApp } from '../../../app.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { loadConfig } from '../../../platform/config.ts';
import type { App } from '../../../platform/http.ts';
import { createLogger } from '../../../platform/logger.ts';

// MR-6: the public table, from answered calls of the last four weeks, by the Rome hour of their arrival.
describe('the public "when to call" table', () => {
  let t: TestDatabase;
  let app: App;
  const clock = new ManualClock('2026-12-04T09:00:00Z');
  const CUP = '848821821';
  let key = 0;

  async function calls(
    list: { id: string; start: string; answers?: { s: number; transferred?: boolean }[] }[],
  ) {
    const rows = list.flatMap((c) => {
      const at = Date.parse(c.start);
      return [
        { type: 'call.arrived', at, callId: c.id, line: CUP },
        ...(c.answers ?? []).map((a) => ({
          type: 'call.answered',
          at: at + a.s * 1000,
          callId: c.id,
          line: CUP,
          waitMs: 0,
          transferred: a.transferred ?? false,
        })),
      ];
    });
    await t.db
      .insertInto('contact_event')
      .values(
        rows.map((e) => ({
          at: new Date(e.at),
          type: e.type,
          source: 'simulazione',
          call_id: e.callId,
          line: e.line,
          queue_id: null,
          agent_id: null,
          payload: JSON.stringify(e),
          event_key: `w-${++key}`,
        })),
      )
      .execute();
  }

  beforeAll(async () => {
    t = await createPgliteDatabase();
    const config = loadConfig({ JOBS: 'off', LOG_LEVEL: 'silent', CONTACT_CENTRE: 'off' });
    app = await buildApp({ db: t.db, dbKind: 'pglite', clock, config, log: createLogger('silent') });
    await app.ready();
    await calls([
      { id: 'a', start: '2026-12-01T08:10:00Z', answers: [{ s: 30 }] }, // 09:10 in Rome
      { id: 'b', start: '2026-12-02T08:40:00Z', answers: [{ s: 90 }] }, // 09:40
      { id: 'c', start: '2026-12-02T09:05:00Z', answers: [{ s: 200 }] }, // 10:05
      // 12:00: answered after 100 s, then transferred and answered again: the first answer counts.
      { id: 'd', start: '2026-12-03T11:00:00Z', answers: [{ s: 100 }, { s: 300, transferred: true }] },
      { id: 'e', start: '2026-12-03T12:00:00Z' }, // 13:00, never answered: not a wait to an answer
      { id: 'old', start: '2026-11-05T08:10:00Z', answers: [{ s: 900 }] }, // more than four weeks ago
    ]);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const table = async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/public/when-to-call' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    return res.json();
  };

  it('shows least, average and most wait per hour band, with a face, without logging in', async () => {
    const w = await table();
    expect(w).toMatchObject({ label: null, weeks: 4, thresholds: { shortSeconds: 60, longSeconds: 180 } });
    const cup = w.lines.find((l: { service: string }) => l.service === 'cup');
    const band = (from: string) => cup.bands.find((b: { from: string }) => b.from === from);
    expect(cup.bands).toHaveLength(12); // 08:00 to 20:00
    expect(band('08:00')).toEqual({
      from: '08:00',
      to: '09:00',
      calls: 0,
      minSeconds: null,
      avgSeconds: null,
      maxSeconds: null,
      face: null,
    });
    expect(band('09:00')).toMatchObject({
      calls: 2,
      minSeconds: 30,
      avgSeconds: 60,
      maxSeconds: 90,
      face: 'short',
    });
    expect(band('10:00')).toMatchObject({ calls: 1, avgSeconds: 200, face: 'long' });
    expect(band('12:00')).toMatchObject({ calls: 1, avgSeconds: 100, face: 'middling' });
    expect(band('13:00')).toMatchObject({ calls: 0, face: null });
    const regional = w.lines.find((l: { service: string }) => l.service === 'regionale');
    expect(regional.bands.every((b: { calls: number }) => b.calls === 0)).toBe(true);
  });

  it('is computed at most every ten minutes', async () => {
    const first = await table();
    await calls([{ id: 'f', start: '2026-12-04T07:10:00Z', answers: [{ s: 10 }] }]); // 08:10 today
    expect((await table()).computedAt).toBe(first.computedAt);
    clock.set('2026-12-04T09:11:00Z');
    const later = await table();
    expect(later.computedAt).not.toBe(first.computedAt);
    const cup = later.lines.find((l: { service: string }) => l.service === 'cup');
    expect(cup.bands[0]).toMatchObject({ from: '08:00', calls: 1, avgSeconds: 10, face: 'short' });
  });
});
