import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../test/databases.ts';
import { ManualClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import { type App, createHttpApp } from '../../platform/http.ts';
import { createLogger } from '../../platform/logger.ts';
import { createMetrics } from '../../platform/metrics.ts';
import { identityRoutes, SessionCache } from '../identity/index.ts';
import { planningRoutes } from './index.ts';

/** The app as buildApp assembles it, with the planning routes on it (until app.ts registers them). */
async function buildPlanningApp(t: TestDatabase, clock: ManualClock): Promise<App> {
  const sessions = new SessionCache();
  const deps = {
    db: t.db,
    clock,
    config: loadConfig({ JOBS: 'off', LOG_LEVEL: 'silent' }),
    log: createLogger('silent'),
    metrics: createMetrics(),
    auth: sessions,
  };
  const app = await createHttpApp(deps);
  identityRoutes(app, { ...deps, sessions });
  planningRoutes(app, deps);
  await app.ready();
  return app;
}

describe('planning over HTTP (WF-1)', () => {
  let t: TestDatabase;
  let app: App;
  let supervisor: { authorization: string };
  let manager: { authorization: string };
  let operator: { authorization: string };
  const clock = new ManualClock('2026-03-02T09:00:00Z');

  beforeAll(async () => {
    t = await createPgliteDatabase();
    app = await buildPlanningApp(t, clock);
    supervisor = await loginAs(app, t.db, clock, ['supervisor']);
    manager = await loginAs(app, t.db, clock, ['cup-manager']);
    operator = await loginAs(app, t.db, clock, ['operator']);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const get = (url: string, headers = supervisor) => app.inject({ method: 'GET', url, headers });
  const post = (url: string, payload: object, headers = manager) =>
    app.inject({ method: 'POST', url, payload, headers });
  const fieldOf = (res: { json(): { error: { field?: string } } }) => res.json().error.field;

  describe('GET /api/v1/planning/erlang', () => {
    it('gives Erlang C for 100 calls per 30 minutes at 180 s with 14 agents: service level 0.8884', async () => {
      const res = await get(
        '/api/v1/planning/erlang?model=c&calls=100&period=1800&aht=180&agents=14&target=20',
      );
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ model: 'c', agents: 14, targetSeconds: 20 });
      expect(body.trafficErlangs).toBeCloseTo(10, 9);
      expect(body.serviceLevel).toBeCloseTo(0.8884, 4);
      expect(body.probabilityOfWaiting).toBeCloseTo(0.1741, 4);
      expect(body.averageSpeedOfAnswerSeconds).toBeCloseTo(7.84, 2);
      expect(body.occupancy).toBeCloseTo(0.7143, 4);
      expect(body.agentsNeeded).toBeUndefined();
    });

    it('sizes agents for a service level (C and A) and lines for a blocking target (B)', async () => {
      const c = (
        await get('/api/v1/planning/erlang?model=c&calls=100&period=1800&aht=180&serviceLevel=0.8')
      ).json();
      expect(c).toMatchObject({ agents: 14, agentsNeeded: 14 });
      const a = await get(
        '/api/v1/planning/erlang?model=a&calls=100&period=1800&aht=180&patience=120&serviceLevel=0.8&maxAbandon=0.05',
      );
      expect(a.statusCode).toBe(200);
      expect(a.json().serviceLevel).toBeGreaterThanOrEqual(0.8);
      expect(a.json().probabilityOfAbandoning).toBeLessThanOrEqual(0.05);
      const b = (
        await get('/api/v1/planning/erlang?model=b&calls=100&period=1800&aht=180&blocking=0.01')
      ).json();
      expect(b).toMatchObject({ model: 'b', linesNeeded: 18, lines: 18 });
      expect(b.probabilityOfBlocking).toBeLessThanOrEqual(0.01);
      const at = (await get('/api/v1/planning/erlang?model=b&calls=100&period=1800&aht=180&lines=10')).json();
      expect(at.probabilityOfBlocking).toBeCloseTo(0.2146, 4);
    });

    it('sizes for the contract’s targets when agents or lines are omitted, and says which it used', async () => {
      const q = 'calls=100&period=1800&aht=180';
      const c = await get(`/api/v1/planning/erlang?model=c&${q}`);
      expect(c.statusCode).toBe(200);
      expect(c.json()).toMatchObject({
        agents: 15,
        agentsNeeded: 15,
        serviceLevelTarget: 0.9,
        targetSeconds: 20,
      });
      expect(c.json().serviceLevel).toBeCloseTo(0.941, 3);
      const a = (await get(`/api/v1/planning/erlang?model=a&${q}&patience=120`)).json();
      expect(a).toMatchObject({ serviceLevelTarget: 0.9, maxAbandonTarget: 0.1, targetSeconds: 20 });
      expect(a.agents).toBe(a.agentsNeeded);
      expect(a.serviceLevel).toBeGreaterThanOrEqual(0.9);
      expect(a.probabilityOfAbandoning).toBeLessThanOrEqual(0.1);
      const b = (await get(`/api/v1/planning/erlang?model=b&${q}`)).json();
      expect(b).toMatchObject({ lines: 18, linesNeeded: 18, blockingTarget: 0.01 });
      // The optional targets still override the defaults.
      const over = (await get(`/api/v1/planning/erlang?model=c&${q}&serviceLevel=0.8`)).json();
      expect(over).toMatchObject({ agents: 14, serviceLevelTarget: 0.8 });
      expect((await get(`/api/v1/planning/erlang?model=b&${q}&blocking=0.05`)).json()).toMatchObject({
        lines: 15,
        blockingTarget: 0.05,
      });
    });

    it('reports an unstable queue without breaking JSON', async () => {
      const res = await get('/api/v1/planning/erlang?model=c&calls=100&period=1800&aht=180&agents=10');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        probabilityOfWaiting: 1,
        serviceLevel: 0,
        averageSpeedOfAnswerSeconds: null,
      });
    });

    it('answers 422 with the field on bad or missing input', async () => {
      const cases: [string, string][] = [
        ['model=a&calls=100&period=1800&aht=180&agents=11', 'patience'],
        ['model=b&calls=100&period=1800&aht=180&agents=3', 'agents'],
        ['model=a&calls=100&period=1800&aht=180', 'patience'],
        ['model=b&calls=100&period=1800&aht=180&blocking=0', 'blocking'],
        ['model=c&calls=100&period=0&aht=180&agents=3', 'period'],
        ['model=c&calls=-1&period=1800&aht=180&agents=3', 'calls'],
        ['model=x&calls=1&period=1800&aht=180&agents=3', 'model'],
        ['model=c&calls=1&period=1800&aht=180&serviceLevel=1.5', 'serviceLevel'],
        ['model=c&calls=100&period=1800&aht=180&lines=3', 'lines'],
      ];
      for (const [query, field] of cases) {
        const res = await get(`/api/v1/planning/erlang?${query}`);
        expect(res.statusCode, query).toBe(422);
        expect(res.json().error.code).toBe('INVALID_FIELD');
        expect(fieldOf(res), query).toBe(field);
      }
    });

    it('is for supervisors and CUP managers only', async () => {
      const query = '/api/v1/planning/erlang?model=c&calls=100&period=1800&aht=180&agents=14';
      expect((await get(query, manager)).statusCode).toBe(200);
      expect((await get(query, operator)).statusCode).toBe(403);
      expect((await app.inject({ method: 'GET', url: query })).statusCode).toBe(401);
    });
  });

  describe('POST /api/v1/planning/forecast', () => {
    it('forecasts a month of the CUP line by interval, closed on holidays and Saturday afternoons', async () => {
      const res = await post('/api/v1/planning/forecast', {
        scenario: 'cup-2013',
        month: '2026-06',
        intervalMinutes: 60,
      });
      expect(res.statusCode).toBe(200);
      const f = res.json();
      expect(f).toMatchObject({
        scenario: 'cup-2013',
        lineNumber: '848821821',
        from: '2026-06-01',
        to: '2026-06-30',
      });
      expect(f.totalCalls).toBeCloseTo((749_035 * 7.74) / 100, 3);
      expect(f.intervals[0]).toMatchObject({
        start: '2026-06-01T08:00:00+02:00',
        time: '08:00',
        ahtSeconds: 225,
      });
      expect(f.intervals.some((iv: { date: string }) => iv.date === '2026-06-02')).toBe(false);
      const saturday = f.intervals.filter((iv: { date: string }) => iv.date === '2026-06-06');
      expect(saturday.map((iv: { time: string }) => iv.time)).toEqual([
        '08:00',
        '09:00',
        '10:00',
        '11:00',
        '12:00',
        '13:00',
      ]);
      expect(f.intervals[0].startMs).toBeUndefined();
    });

    it('takes the period as from and to, a new volume and handling, and can leave the intervals out', async () => {
      const res = await post('/api/v1/planning/forecast', {
        scenario: 'regional-2013',
        from: '2026-11-02',
        to: '2026-11-08',
        yearlyCalls: 24_018,
        handling: { talkSeconds: 300, afterCallWorkSeconds: 200 },
        detail: 'days',
      });
      expect(res.statusCode).toBe(200);
      const f = res.json();
      expect(f.intervals).toEqual([]);
      expect(f.byDay).toHaveLength(7);
      expect(f.handling.ahtSeconds).toBe(500);
      expect(f.yearlyCalls).toBe(24_018);
    });

    it('answers 422 with the field on a bad period, scenario or curves', async () => {
      const cases: [object, string][] = [
        [{ scenario: 'cup-2013', month: '2026-13' }, 'month'],
        [{ scenario: 'cup-2013' }, 'month'],
        [{ scenario: 'cup-2013', month: '2026-01', year: 2026 }, 'month'],
        [{ scenario: 'cup-2013', from: '2026-01-01' }, 'to'],
        [{ scenario: 'cup-2013', from: '2026-01-01', to: '2027-12-31' }, 'to'],
        [{ scenario: 'nowhere', month: '2026-01' }, 'scenario'],
        [{ scenario: 'cup-2013', month: '2026-01', intervalMinutes: 20 }, 'intervalMinutes'],
        [
          {
            scenario: 'cup-2013',
            month: '2026-01',
            curves: {
              yearlyCalls: 1000,
              monthly: Array(12).fill(1),
              weekday: { mon: 100 },
              hourly: { weekday: { '09': 100 }, saturday: { '09': 100 } },
            },
          },
          'curves.monthly',
        ],
      ];
      for (const [body, field] of cases) {
        const res = await post('/api/v1/planning/forecast', body);
        expect(res.statusCode, JSON.stringify(body)).toBe(422);
        expect(fieldOf(res), JSON.stringify(body)).toBe(field);
      }
    });
  });

  it('takes a region’s own curves, checked field by field', async () => {
    const flat = (from: number, to: number) =>
      Object.fromEntries(
        Array.from({ length: to - from }, (_, i) => [String(from + i).padStart(2, '0'), 100 / (to - from)]),
      );
    const curves = {
      yearlyCalls: 120_000,
      monthly: Array(12).fill(100 / 12),
      weekday: { mon: 20, tue: 20, wed: 20, thu: 20, fri: 20 },
      hourly: { weekday: flat(8, 20), saturday: flat(8, 14) },
    };
    const ok = await post('/api/v1/planning/forecast', {
      scenario: 'cup-2013',
      month: '2026-02',
      curves,
      detail: 'days',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().totalCalls).toBeCloseTo(10_000, 6);
    expect(ok.json().byDay.find((d: { weekday: string }) => d.weekday === 'sat').calls).toBe(0);
    const badHour = {
      ...curves,
      hourly: { ...curves.hourly, weekday: { ...curves.hourly.weekday, '8': 0 } },
    };
    const bad = await post('/api/v1/planning/forecast', {
      scenario: 'cup-2013',
      month: '2026-02',
      curves: badHour,
    });
    expect(bad.statusCode).toBe(422);
    expect(fieldOf(bad)).toBe('curves.hourly.weekday.8');
  });

  it('documents the planning routes in the OpenAPI description', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    for (const p of ['erlang', 'forecast', 'plan', 'what-if'])
      expect(paths).toContain(`/api/v1/planning/${p}`);
    const erlang = res.json().paths['/api/v1/planning/erlang'].get;
    expect(erlang.summary).toMatch(/Without agents or lines.*90%.*20 s.*10% abandoning.*1% blocking/);
    const described = (name: string) => {
      const p = erlang.parameters.find((x: { name: string }) => x.name === name);
      return String(p?.description ?? p?.schema?.description);
    };
    expect(described('serviceLevel')).toMatch(/default 0\.9/);
    expect(described('maxAbandon')).toMatch(/default 0\.1/);
    expect(described('blocking')).toMatch(/default 0\.01/);
    expect(described('agents')).toMatch(/omitted: the agents needed/);
    const answer = erlang.responses['200'].content['application/json'].schema.properties;
    for (const key of ['serviceLevelTarget', 'maxAbandonTarget', 'blockingTarget'])
      expect(answer).toHaveProperty(key);
  });

  describe('POST /api/v1/planning/plan', () => {
    it('plans agents, FTE and channels for a month', async () => {
      const res = await post('/api/v1/planning/plan', {
        scenario: 'cup-2013',
        month: '2026-10',
        intervalMinutes: 30,
        model: 'a',
        shrinkage: 0.3,
        contractHoursPerWeek: 36,
      });
      expect(res.statusCode).toBe(200);
      const p = res.json();
      expect(p.targets).toMatchObject({
        model: 'a',
        serviceLevel: 0.9,
        targetSeconds: 20,
        maxAbandonment: 0.1,
      });
      expect(p.totals.fte).toBeCloseTo(p.totals.agentHours / 0.7 / (36 * (31 / 7)), 9);
      expect(p.totals.peakAgents).toBeGreaterThan(10);
      expect(p.channels).toMatchObject({ minimum: 60, recommended: 60, provisioned: 60 });
      expect(p.channels.cc5.consecutiveSaturation).toBe(false);
      for (const iv of p.intervals) {
        expect(iv.serviceLevel).toBeGreaterThanOrEqual(0.9);
        expect(iv.probabilityOfAbandoning).toBeLessThanOrEqual(0.1);
      }
    });

    it('plans a whole year at 15 minutes: the yearly FTE, without the interval rows on request', async () => {
      const res = await post('/api/v1/planning/plan', {
        scenario: 'cup-2013',
        year: 2026,
        intervalMinutes: 15,
        shrinkage: 0.3,
        contractHoursPerWeek: 40,
        detail: 'days',
      });
      expect(res.statusCode).toBe(200);
      const p = res.json();
      expect(p.intervals).toEqual([]);
      expect(p.byDay).toHaveLength(365);
      expect(p.totals.calls).toBeCloseTo(749_035, 3);
      expect(p.totals.fte).toBeCloseTo(p.totals.agentHours / 0.7 / (40 * (365 / 7)), 9);
      expect(p.totals.periodDays).toBe(365);
    });

    it('refuses channels below the CC-5 minimum and shrinkage of 100%', async () => {
      const few = await post('/api/v1/planning/plan', {
        scenario: 'regional-2013',
        month: '2026-10',
        channels: 20,
      });
      expect(few.statusCode).toBe(422);
      expect(fieldOf(few)).toBe('channels');
      expect(few.json().error.message).toMatch(/CC-5/);
      const all = await post('/api/v1/planning/plan', {
        scenario: 'regional-2013',
        month: '2026-10',
        shrinkage: 1,
      });
      expect(all.statusCode).toBe(422);
      expect(fieldOf(all)).toBe('shrinkage');
      expect(
        (await post('/api/v1/planning/plan', { scenario: 'cup-2013', month: '2026-10' }, operator))
          .statusCode,
      ).toBe(403);
    });
  });

  describe('planned staffing on POST /plan and /what-if', () => {
    const body = { scenario: 'cup-2013', from: '2026-03-02', to: '2026-03-03', intervalMinutes: 60 };
    type Interval = {
      requiredAgents: number;
      plannedAgents: number;
      agents: number;
      belowTarget: boolean;
      serviceLevel: number;
      weekday: string;
      time: string;
    };

    it('plans the required agents without staffing, and says so', async () => {
      const res = await post('/api/v1/planning/plan', body);
      expect(res.statusCode).toBe(200);
      const p = res.json();
      expect(p.staffing).toBeNull();
      for (const iv of p.intervals as Interval[]) {
        expect(iv.plannedAgents).toBe(iv.requiredAgents);
        expect(iv.agents).toBe(iv.plannedAgents);
        expect(iv.belowTarget).toBe(false);
      }
      expect(p.totals).toMatchObject({ intervalsBelowTarget: 0, openIntervals: 24 });
      expect(p.totals.required).toMatchObject({ fte: p.totals.fte, peakAgents: p.totals.peakAgents });
    });

    it('takes a share of the requirement, a cap or a roster, and reports both counts and both FTE', async () => {
      const full = (await post('/api/v1/planning/plan', body)).json();
      const scaled = await post('/api/v1/planning/plan', { ...body, staffing: { scale: 0.85 } });
      expect(scaled.statusCode).toBe(200);
      const s = scaled.json();
      expect(s.staffing).toEqual({ scale: 0.85 });
      for (const iv of s.intervals as Interval[])
        expect(iv.plannedAgents).toBe(Math.ceil(iv.requiredAgents * 0.85 - 1e-9));
      expect(s.totals.fte).toBeLessThan(s.totals.required.fte);
      expect(s.totals.required.fte).toBeCloseTo(full.totals.fte, 9);
      expect(s.totals.serviceLevel).toBeLessThan(full.totals.serviceLevel);
      expect(s.totals.intervalsBelowTarget).toBeGreaterThan(0);
      expect(s.byDay[0]).toMatchObject({ requiredPeakAgents: full.byDay[0].peakAgents });
      expect(s.byDay[0].peakAgents).toBeLessThan(s.byDay[0].requiredPeakAgents);
      // A queue that never clears (Erlang C, agents below the load) has no ASA: null, not broken JSON.
      const half = (await post('/api/v1/planning/plan', { ...body, staffing: { scale: 0.5 } })).json();
      expect(
        half.intervals.some(
          (iv: { averageSpeedOfAnswerSeconds: null }) => iv.averageSpeedOfAnswerSeconds === null,
        ),
      ).toBe(true);
      expect(half.totals.averageSpeedOfAnswerSeconds).toBeNull();
      const stuck = half.intervals.filter(
        (iv: { averageSpeedOfAnswerSeconds: null }) => iv.averageSpeedOfAnswerSeconds === null,
      );
      for (const iv of stuck) expect(iv.queueSeconds).toBeNull();
      expect(half.totals.required.averageSpeedOfAnswerSeconds).toBeGreaterThan(0);

      const capped = (await post('/api/v1/planning/plan', { ...body, staffing: { maxAgents: 20 } })).json();
      expect(capped.totals.peakAgents).toBe(20);
      for (const iv of capped.intervals as Interval[]) {
        expect(iv.plannedAgents).toBe(Math.min(iv.requiredAgents, 20));
        expect(iv.belowTarget).toBe(iv.serviceLevel < 0.9);
      }

      const roster = [
        { from: '08:00', to: '14:00', agents: 30 },
        { from: '14:00', to: '20:00', agents: 18, weekdays: ['mon'] },
      ];
      const rostered = await post('/api/v1/planning/plan', { ...body, staffing: { roster } });
      expect(rostered.statusCode).toBe(200);
      expect(rostered.json().staffing).toEqual({ roster });
      const planned = (rostered.json().intervals as Interval[]).map((iv) => [
        iv.weekday,
        iv.time,
        iv.plannedAgents,
      ]);
      expect(planned).toContainEqual(['mon', '09:00', 30]);
      expect(planned).toContainEqual(['mon', '15:00', 18]);
      expect(planned).toContainEqual(['tue', '15:00', 0]);
    });

    it('answers 422 naming the staffing field that is wrong', async () => {
      const band = { from: '08:00', to: '14:00', agents: 10 };
      const cases: [unknown, string][] = [
        [{}, 'staffing'],
        [{ scale: 0.8, maxAgents: 10 }, 'staffing.maxAgents'],
        [{ scale: 0 }, 'staffing.scale'],
        [{ scale: 'half' }, 'staffing.scale'],
        [{ maxAgents: 0 }, 'staffing.maxAgents'],
        [{ maxAgents: 2.5 }, 'staffing.maxAgents'],
        [{ cap: 10 }, 'staffing.cap'],
        [{ roster: [] }, 'staffing.roster'],
        [{ roster: [{ ...band, from: '8:00' }] }, 'staffing.roster.0.from'],
        [{ roster: [band, { ...band, from: '15:00' }] }, 'staffing.roster.1.to'],
        [{ roster: [{ ...band, agents: -2 }] }, 'staffing.roster.0.agents'],
        [{ roster: [{ ...band, weekdays: ['lun'] }] }, 'staffing.roster.0.weekdays.0'],
      ];
      for (const [staffing, field] of cases) {
        for (const url of ['/api/v1/planning/plan', '/api/v1/planning/what-if']) {
          const res = await post(url, {
            ...body,
            replications: url.endsWith('what-if') ? 1 : undefined,
            staffing,
          });
          expect(res.statusCode, `${url} ${JSON.stringify(staffing)}`).toBe(422);
          expect(res.json().error.code).toBe('INVALID_FIELD');
          expect(fieldOf(res), `${url} ${JSON.stringify(staffing)}`).toBe(field);
          expect(res.json().error.message).toContain(field);
        }
      }
    });

    it('simulates the planned agents in the what-if', async () => {
      const res = await post('/api/v1/planning/what-if', {
        ...body,
        to: '2026-03-02',
        staffing: { maxAgents: 20 },
        replications: 2,
      });
      expect(res.statusCode).toBe(200);
      const { plan, whatIf } = res.json();
      expect(whatIf.intervals).toHaveLength(plan.intervals.length);
      for (const [i, iv] of whatIf.intervals.entries()) {
        expect(iv.agents).toBe(plan.intervals[i].plannedAgents);
        expect(iv.agents).toBeLessThanOrEqual(20);
        expect(iv.requiredAgents).toBe(plan.intervals[i].requiredAgents);
        expect(iv.modelServiceLevel).toBe(plan.intervals[i].serviceLevel);
      }
    });

    it('documents the staffing in the OpenAPI description', async () => {
      const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
      const plan = doc.paths['/api/v1/planning/plan'].post;
      expect(plan.summary).toMatch(/planned agents/);
      const staffing = plan.requestBody.content['application/json'].schema.properties.staffing;
      expect(staffing.description).toMatch(/exactly one of scale, maxAgents or roster/);
      expect(Object.keys(staffing.properties)).toEqual(['scale', 'maxAgents', 'roster']);
      expect(staffing.properties.scale.description).toMatch(/ceil\(required × scale\)/);
      expect(staffing.properties.maxAgents.description).toMatch(/min\(required, maxAgents\)/);
      const interval =
        plan.responses['200'].content['application/json'].schema.properties.intervals.items.properties;
      for (const key of ['requiredAgents', 'plannedAgents', 'belowTarget'])
        expect(interval).toHaveProperty(key);
      expect(doc.paths['/api/v1/planning/what-if'].post.summary).toMatch(/planned agents/);
    });
  });

  describe('POST /api/v1/planning/what-if', () => {
    it('simulates the plan with replications and reports intervals, totals and the penalties', async () => {
      const res = await post('/api/v1/planning/what-if', {
        scenario: 'regional-2013',
        from: '2026-11-02',
        to: '2026-11-03',
        intervalMinutes: 60,
        replications: 3,
        seed: 7,
        serviceValueEuros: 20_000,
      });
      expect(res.statusCode).toBe(200);
      const { plan, whatIf } = res.json();
      expect(plan.intervals).toHaveLength(24);
      expect(whatIf).toMatchObject({ label: 'simulazione', replications: 3, seeds: [7, 8, 9] });
      expect(whatIf.intervals).toHaveLength(24);
      expect(whatIf.intervals[0]).toMatchObject({
        start: '2026-11-02T08:00:00+01:00',
        agents: plan.intervals[0].agents,
      });
      expect(whatIf.total.offered.mean).toBeGreaterThan(0);
      expect(whatIf.total.serviceLevel.n).toBe(3);
      expect(whatIf.total.serviceLevel.low).toBeLessThanOrEqual(whatIf.total.serviceLevel.mean);
      expect(whatIf.penalties.rules.map((r: { id: string }) => r.id)).toEqual([
        'tempo-massimo-attesa',
        'chiamate-perdute',
        'evase-primo-contatto',
        'soluzione-primo-contatto-csb',
      ]);
      expect(whatIf.penalties.euros).not.toBeNull();
      expect(whatIf.line).toMatchObject({ number: '800292020', channels: 30 });
    });

    it('takes a region’s own penalty table, and refuses a malformed one with the field', async () => {
      const penalties = {
        source: 'Regione di prova',
        period: 'month',
        points: 'exact',
        waitMeasuredFrom: 'queue',
        lostCallsMeasuredByDuration: false,
        maxTotalShare: 0.1,
        rules: [
          {
            id: 'attesa',
            description: '30 s in 80%',
            indicator: 'answered-within-target',
            comparison: 'at-least',
            threshold: 0.8,
            targetSeconds: 30,
            penaltyPerPoint: 0.01,
          },
        ],
      };
      const body = {
        scenario: 'regional-2013',
        from: '2026-11-02',
        to: '2026-11-02',
        replications: 1,
        detail: 'days',
      };
      const ok = await post('/api/v1/planning/what-if', { ...body, penalties });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().whatIf.penalties.source).toBe('Regione di prova');
      expect(ok.json().whatIf.intervals).toEqual([]);
      const noTarget = { ...penalties, rules: [{ ...penalties.rules[0], targetSeconds: undefined }] };
      const bad = await post('/api/v1/planning/what-if', { ...body, penalties: noTarget });
      expect(bad.statusCode).toBe(422);
      expect(fieldOf(bad)).toBe('penalties.rules.0.targetSeconds');
      const over = await post('/api/v1/planning/what-if', {
        ...body,
        penalties: { ...penalties, points: 'half' },
      });
      expect(over.statusCode).toBe(422);
      expect(fieldOf(over)).toBe('penalties.points');
    });

    it('refuses more than 31 days or 20 replications with a clear 422', async () => {
      const long = await post('/api/v1/planning/what-if', {
        scenario: 'cup-2013',
        from: '2026-01-01',
        to: '2026-03-31',
      });
      expect(long.statusCode).toBe(422);
      expect(fieldOf(long)).toBe('to');
      expect(long.json().error.message).toMatch(/90 days; at most 31/);
      const year = await post('/api/v1/planning/what-if', { scenario: 'cup-2013', year: 2026 });
      expect(fieldOf(year)).toBe('year');
      const many = await post('/api/v1/planning/what-if', {
        scenario: 'cup-2013',
        month: '2026-01',
        replications: 21,
      });
      expect(many.statusCode).toBe(422);
      expect(fieldOf(many)).toBe('replications');
      const heavy = await post('/api/v1/planning/what-if', {
        scenario: 'cup-2013',
        month: '2026-01',
        replications: 20,
        yearlyCalls: 5_000_000,
      });
      expect(heavy.statusCode).toBe(422);
      expect(fieldOf(heavy)).toBe('replications');
      expect(heavy.json().error.message).toMatch(/at most 2,000,000/);
    });
  });
});
