import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../../test/databases.ts';
import { buildApp } from '../../../app.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { loadConfig } from '../../../platform/config.ts';
import type { App } from '../../../platform/http.ts';
import { createLogger } from '../../../platform/logger.ts';
import { availability } from '../rules/availability.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('availability from heartbeats (pure)', () => {
  const beatsEveryMinute = (from: number, to: number) =>
    Array.from({ length: Math.round((to - from) / MIN) }, (_, i) => from + i * MIN);

  it('counts the time no heartbeat covers, leaves maintenance out, and the working part of it', () => {
    // Ten hours from 0; beats every minute but none from 2 h to 3 h (the last beat at 1:59 covers to 2:01).
    const beats = [...beatsEveryMinute(0, 2 * HOUR), ...beatsEveryMinute(3 * HOUR, 10 * HOUR)];
    const a = availability({
      from: 0,
      to: 10 * HOUR,
      beats,
      firstBeatEver: 0,
      maintenance: [[8 * HOUR, 9 * HOUR]],
      open: [[2 * HOUR + 30 * MIN, 6 * HOUR]],
      coverMs: 2 * MIN,
    });
    // Down: 2:01 to 3:00 = 59 minutes; measured: 10 h - 1 h of maintenance = 540 minutes.
    expect(a.downMs).toBe(59 * MIN);
    expect(a.maintenanceMs).toBe(HOUR);
    expect(a.ivr).toBeCloseTo((540 - 59) / 540, 12);
    // Working hours from 2:30: down 2:30 to 3:00.
    expect(a.downWorkingMs).toBe(30 * MIN);
    expect(a.outages).toEqual([[2 * HOUR + MIN, 3 * HOUR]]);
  });

  it('measures from the first heartbeat ever, and not at all before it', () => {
    expect(
      availability({
        from: 0,
        to: HOUR,
        beats: [],
        firstBeatEver: null,
        maintenance: [],
        open: [],
        coverMs: MIN,
      }).ivr,
    ).toBeNull();
    const a = availability({
      from: 0,
      to: 4 * HOUR,
      beats: beatsEveryMinute(3 * HOUR, 4 * HOUR),
      firstBeatEver: 3 * HOUR,
      maintenance: [],
      open: [],
      coverMs: 2 * MIN,
    });
    expect(a.measuredFrom).toBe(3 * HOUR);
    expect(a.ivr).toBe(1);
  });
});

// The month's evaluation through the API: heartbeats stored as the live centre stores them.
describe("the month's IVR continuity and technical unavailability", () => {
  let t: TestDatabase;
  let app: App;
  let manager: Record<string, string>;
  const clock = new ManualClock('2026-11-01T00:00:00Z');
  let key = 0;

  beforeAll(async () => {
    t = await createPgliteDatabase();
    const config = loadConfig({ JOBS: 'off', LOG_LEVEL: 'silent', CONTACT_CENTRE: 'off' });
    app = await buildApp({ db: t.db, dbKind: 'pglite', clock, config, log: createLogger('silent') });
    await app.ready();
    manager = await loginAs(app, t.db, clock, ['cup-manager']);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('declares maintenance only ahead of time, and only with its reason', async () => {
    const post = (payload: Record<string, unknown>) =>
      app.inject({ method: 'POST', url: '/api/v1/reporting/maintenance', headers: manager, payload });
    // Tuesday 10 November 2026, 22:00–24:00 Rome (21:00–23:00 UTC), declared on 1 November.
    const ok = await post({
      from: '2026-11-10T21:00:00Z',
      to: '2026-11-10T23:00:00Z',
      note: 'aggiornamento IVR',
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const past = await post({ from: '2026-10-31T21:00:00Z', to: '2026-10-31T23:00:00Z', note: 'x' });
    expect(past.statusCode).toBe(422);
    expect(past.json().error.field).toBe('from');
    const long = await post({ from: '2026-11-12T00:00:00Z', to: '2026-11-16T00:00:00Z', note: 'x' });
    expect(long.json().error.field).toBe('to');
    const list = await app.inject({ method: 'GET', url: '/api/v1/reporting/maintenance', headers: manager });
    expect(list.json()).toHaveLength(1);
  });

  it('measures November from its heartbeats: an outage in working hours, one at night, the maintenance out', async () => {
    const from = Date.parse('2026-10-31T23:00:00Z');
    const to = Date.parse('2026-11-30T23:00:00Z');
    // Outages (no beats): Wednesday 11 November 10:00–11:30 Rome (working hours), and Sunday 15 November
    // 03:00–05:00 Rome (closed); and the maintenance window of the test above, when no beats came either.
    const gaps: [number, number][] = [
      [Date.parse('2026-11-11T09:00:00Z'), Date.parse('2026-11-11T10:30:00Z')],
      [Date.parse('2026-11-15T02:00:00Z'), Date.parse('2026-11-15T04:00:00Z')],
      [Date.parse('2026-11-10T21:00:00Z'), Date.parse('2026-11-10T23:00:00Z')],
    ];
    const rows = [];
    for (let at = from - MIN; at < to; at += MIN) {
      if (gaps.some(([a, b]) => at >= a - MIN && at < b - MIN)) continue;
      rows.push({
        at: new Date(at),
        type: 'centre.heartbeat',
        source: 'simulazione',
        call_id: null,
        line: null,
        queue_id: null,
        agent_id: null,
        payload: JSON.stringify({ type: 'centre.heartbeat', at }),
        event_key: `h${key++}`,
      });
    }
    for (let i = 0; i < rows.length; i += 5000)
      await t.db
        .insertInto('contact_event')
        .values(rows.slice(i, i + 5000))
        .execute();
    clock.set(new Date('2026-12-04T09:00:00Z'));
    manager = await loginAs(app, t.db, clock, ['cup-manager']);
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/reporting/sla?month=2026-11',
      headers: manager,
    });
    expect(res.statusCode, res.body).toBe(200);
    const a = res.json().availability;
    // Each gap starts one beat-cover after the last beat before it: a gap of g minutes is g - 1 minutes
    // down (the beat a minute before it covers two minutes). 89 + 119 minutes down; the maintenance out.
    expect(a.downMinutes).toBe(89 + 119);
    expect(a.maintenanceMinutes).toBe(120);
    const measured = 30 * 24 * 60 - 120;
    expect(a.ivr.measured).toBeCloseTo((measured - 208) / measured, 12);
    expect(a.ivr.met).toBe(true);
    // Working hours: only the weekday outage (10:01–11:30 Rome on a Wednesday): 89 minutes, 2 hours begun.
    expect(a.technical).toEqual({ downWorkingMinutes: 89, workingHours: 2, penaltyEuro: 10_000 });
    expect(res.json().notMeasured.map((n: { id: string }) => n.id)).not.toContain('continuita-ivr');
  });
});
