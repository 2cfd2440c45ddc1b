import readExcelFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../../test/databases.ts';
import { buildApp } from '../../../app.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { loadConfig } from '../../../platform/config.ts';
import type { App } from '../../../platform/http.ts';
import { createLogger } from '../../../platform/logger.ts';
import {
  BUILTIN_SCENARIOS,
  basilicataCentre,
  type ContactEvent,
  normaliseNumber,
  runSimulation,
  type Scenario,
  type SimulationReport,
  storingSink,
} from '../../contact-centre/index.ts';
import { type StatsReport, simulationStatistics } from '../indicators/stats.ts';
import { makeDueReports } from './reports.service.ts';

// MR-3, CC-5, MR-2: a month of simulated CUP traffic stored through the same writer as the live centre,
// then reported through the API. The traffic is scaled down and the line given 4 channels (as a training
// line: the engine refuses fewer than 60 on a CUP line), so that it saturates; every expectation is computed here from the simulated events by other means.
const CUP = '848821821';
const CHANNELS = 4;
const BAND = 30 * 60_000;

function scenario(): Scenario {
  const base = BUILTIN_SCENARIOS['cup-2013']!;
  const centre = basilicataCentre();
  return {
    ...base,
    name: 'cup-2013-small',
    centre: {
      ...centre,
      lines: centre.lines.map((l) =>
        normaliseNumber(l.number) === CUP ? { ...l, service: 'prova', channels: CHANNELS } : l,
      ),
    },
    traffic: base.traffic.map((t) => (t.kind === 'curves' ? { ...t, yearlyCalls: 40_000 } : t)),
    staffing: { kind: 'constant', agents: 3 },
  };
}

/** Per 30-minute band of November (Rome), by a sweep over each call's channel interval. */
function expectedBands(events: ContactEvent[], from: number, to: number) {
  const intervals: [number, number][] = [];
  const arrivedAt = new Map<string, number>();
  const busyCalls = new Set<string>();
  const legAt = new Map<string, number>();
  const bands = new Map<number, { peak: number; arrived: number; busy: number }>();
  const band = (k: number) => {
    let b = bands.get(k);
    if (!b) {
      b = { peak: 0, arrived: 0, busy: 0 };
      bands.set(k, b);
    }
    return b;
  };
  for (const e of events) {
    if (e.type === 'call.arrived' && e.line === CUP) {
      arrivedAt.set(e.callId, e.at);
      if (e.at >= from && e.at < to) band(Math.floor(e.at / BAND)).arrived++;
    } else if (e.type === 'call.busy' && e.reason === 'channels' && arrivedAt.has(e.callId)) {
      busyCalls.add(e.callId);
      if (e.at >= from && e.at < to) band(Math.floor(e.at / BAND)).busy++;
    } else if (e.type === 'call.ended' && arrivedAt.has(e.callId) && !busyCalls.has(e.callId)) {
      intervals.push([arrivedAt.get(e.callId)!, e.at]);
    } else if ('legId' in e && 'channelsInUse' in e && e.line === CUP) {
      // Callbacks, surveys and campaign calls go out on the same trunk.
      legAt.set(e.legId, e.at);
    } else if (e.type === 'outbound.ended' && legAt.has(e.legId)) {
      intervals.push([legAt.get(e.legId)!, e.at]);
    }
  }
  // The most intervals open at once within each band: +1 at a start, -1 at an end (ends first).
  const points = intervals.flatMap(([s, e]) => [
    [s, 1],
    [e, -1],
  ]) as [number, number][];
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let k = Math.floor(from / BAND);
  let i = 0;
  for (; k * BAND < to; k++) {
    const end = (k + 1) * BAND;
    let peak = open;
    while (i < points.length && points[i]![0] < end) {
      open += points[i]![1];
      if (points[i]![0] >= k * BAND) peak = Math.max(peak, open);
      i++;
    }
    if (peak > 0 || bands.has(k)) band(k).peak = Math.max(band(k).peak, peak);
  }
  return bands;
}

describe('reports of a simulated month (MR-3, CC-5)', () => {
  let t: TestDatabase;
  let app: App;
  let manager: Record<string, string>;
  let supervisor: Record<string, string>;
  const clock = new ManualClock('2026-12-04T09:00:00Z');
  const from = Date.parse('2026-10-31T23:00:00Z');
  const to = Date.parse('2026-11-30T23:00:00Z');
  const events: ContactEvent[] = [];
  let simulated: SimulationReport<StatsReport>;
  let reportId: string;

  beforeAll(async () => {
    t = await createPgliteDatabase();
    const config = loadConfig({ JOBS: 'off', LOG_LEVEL: 'silent', CONTACT_CENTRE: 'off' });
    app = await buildApp({ db: t.db, dbKind: 'pglite', clock, config, log: createLogger('silent') });
    await app.ready();
    manager = await loginAs(app, t.db, clock, ['cup-manager']);
    supervisor = await loginAs(app, t.db, clock, ['supervisor']);
    const sink = storingSink(t.db, 'simulazione');
    simulated = await runSimulation({
      statistics: simulationStatistics,
      scenario: scenario(),
      days: 30,
      startDate: '2026-11-01',
      seed: 7,
      sinks: [sink, { emit: (e) => events.push(e) }],
    });
    await sink.done();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/reporting/reports',
      headers: manager,
      payload: { kind: 'monthly', period: '2026-11' },
    });
    expect(res.statusCode, res.body).toBe(201);
    reportId = res.json().id;
  }, 240_000);
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const get = async (url: string, headers = manager) => app.inject({ method: 'GET', url, headers });

  it("counts the month's traffic as the simulator counted it (MR-2: one definition)", async () => {
    const r = (await get(`/api/v1/reporting/reports/${reportId}`)).json();
    expect(r.data.sources).toEqual(['simulazione']);
    const mine = r.data.traffic.total;
    const sim = simulated.stats.total;
    expect(mine.arrived).toBeGreaterThan(1500);
    for (const k of [
      'arrived',
      'offered',
      'answered',
      'answeredWithinTarget',
      'abandonedShort',
      'abandonedLong',
      'abandonedInIvr',
      'busy',
      'outOfHours',
      'callbacksRequested',
    ] as const)
      expect(mine[k], k).toBe(sim[k]);
    expect(mine.averageSpeedOfAnswerSeconds).toBeCloseTo(sim.averageSpeedOfAnswerSeconds!, 9);
    // Every day of November, as the simulator saw it.
    const days = simulated.stats.byDay.filter((d) => d.date.startsWith('2026-11'));
    expect(r.data.traffic.byDay.map((d: { date: string; arrived: number }) => [d.date, d.arrived])).toEqual(
      days.map((d) => [d.date, d.arrived]),
    );
    // The time-weighted means (MR-2: calls waiting in queue and in the IVR, agents active), day by day.
    type Means = { date: string } & Partial<
      Record<
        'averageWaitingInQueue' | 'averageInIvr' | 'averageActiveAgents' | 'averageHandlingSeconds',
        number | null
      >
    >;
    const means = (d: Means) => [
      d.date,
      d.averageWaitingInQueue,
      d.averageInIvr,
      d.averageActiveAgents,
      d.averageHandlingSeconds,
    ];
    expect(r.data.traffic.byDay.map(means)).toEqual(days.map(means));
    expect(sim.averageActiveAgents).toBeGreaterThan(0);
    expect(sim.averageInIvr).toBeGreaterThan(0);
    expect(sim.averageWaitingInQueue).toBeGreaterThan(0);
  });

  it('gives the speed of answer per request type, of calls and of callbacks (MR-2)', async () => {
    const r = (await get(`/api/v1/reporting/reports/${reportId}`)).json();
    // From the events: a call's type is its queue entry's; a callback's, its request's.
    const arrived = new Set<string>();
    const calls = new Map<string, { n: number; waitMs: number }>();
    const callbacks = new Map<string, { n: number; waitMs: number }>();
    const typeOf = new Map<string, string>();
    const ours = new Set<string>();
    const add = (m: typeof calls, k: string, ms: number) => {
      const v = m.get(k) ?? { n: 0, waitMs: 0 };
      m.set(k, { n: v.n + 1, waitMs: v.waitMs + ms });
    };
    for (const e of events) {
      if (e.type === 'call.arrived' && e.at >= from && e.at < to) arrived.add(e.callId);
      else if (e.type === 'call.queued' && !e.transferred && arrived.has(e.callId))
        typeOf.set(e.callId, e.requestType);
      else if (e.type === 'call.answered' && !e.transferred && typeOf.has(e.callId))
        add(calls, typeOf.get(e.callId)!, e.waitMs);
      else if (e.type === 'callback.requested' && arrived.has(e.callId)) ours.add(e.callbackId);
      else if (e.type === 'callback.answered' && e.at >= from && (e.at < to || ours.has(e.callbackId)))
        add(callbacks, e.requestType, e.sinceRequestMs);
    }
    expect([...callbacks.values()].reduce((s, v) => s + v.n, 0)).toBeGreaterThan(0);
    const rows = r.data.traffic.byRequestType as {
      requestType: string;
      answered: number;
      averageSpeedOfAnswerSeconds: number | null;
      callbacksAnswered: number;
      callbackAverageSpeedOfAnswerSeconds: number | null;
    }[];
    expect(rows.map((x) => x.requestType).sort()).toEqual(
      [...new Set([...calls.keys(), ...callbacks.keys()])].sort(),
    );
    for (const x of rows) {
      const c = calls.get(x.requestType);
      const b = callbacks.get(x.requestType);
      expect(x.answered, x.requestType).toBe(c?.n ?? 0);
      if (c) expect(x.averageSpeedOfAnswerSeconds).toBeCloseTo(c.waitMs / c.n / 1000, 9);
      expect(x.callbacksAnswered, x.requestType).toBe(b?.n ?? 0);
      if (b) expect(x.callbackAverageSpeedOfAnswerSeconds).toBeCloseTo(b.waitMs / b.n / 1000, 9);
    }
  });

  it('reports the peak of channels and the busy calls per 30-minute band, and the +20% rule', async () => {
    const r = (await get(`/api/v1/reporting/reports/${reportId}`)).json();
    const line = r.data.occupancy.find((l: { line: string }) => l.line === CUP);
    const expected = expectedBands(events, from, to);
    expect(line.channels).toBe(CHANNELS);
    expect(line.busy).toBeGreaterThan(0);
    const got = new Map<number, { peak: number; arrived: number; busy: number }>(
      line.bands.map((b: { start: string; peak: number; arrived: number; busy: number }) => [
        Date.parse(b.start) / BAND,
        { peak: b.peak, arrived: b.arrived, busy: b.busy },
      ]),
    );
    expect(got).toEqual(expected);
    // Saturated: every channel in use; the rule asks for 20% more, never below the CUP's 60 (CC-5).
    const keys = [...expected.keys()].sort((a, b) => a - b);
    const saturated = new Set(keys.filter((k) => expected.get(k)!.peak >= CHANNELS));
    const pairs = keys.filter((k) => saturated.has(k) && saturated.has(k - 1));
    expect(line.saturatedBands).toBe(saturated.size);
    expect(line.consecutiveSaturations.length).toBe(pairs.length);
    expect(pairs.length).toBeGreaterThan(0);
    expect(line.recommendation).toMatchObject({ from: CHANNELS, channels: 60, pairs: pairs.length });
    expect(Date.parse(line.recommendation.firstPair)).toBe(pairs[0]! * BAND);
    expect(line.consecutiveSaturations.map(Date.parse)).toEqual(pairs.map((k) => k * BAND));
  });

  it("evaluates the contract's levels as the month's SLA evaluation does", async () => {
    const r = (await get(`/api/v1/reporting/reports/${reportId}`)).json();
    const sla = (await get('/api/v1/reporting/sla?month=2026-11')).json();
    expect(r.data.sla.services).toEqual(sla.services);
    const cup = sla.services.find((s: { service: string }) => s.service === 'cup');
    expect(cup.calls).toBe(simulated.stats.total.arrived);
    // MR-3: November's report was made on 4 December, before its deadline (the 15th).
    expect(sla.reportDelivery).toEqual({
      deadline: '2026-12-15',
      deliveredAt: r.generatedAt,
      lateWorkingDays: 0,
      penaltyEuro: 0,
    });
  });

  it('gives the same figures when the period is made again, as a new version', async () => {
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/reporting/reports',
      headers: manager,
      payload: { kind: 'monthly', period: '2026-11' },
    });
    expect(again.json().version).toBe(2);
    const first = (await get(`/api/v1/reporting/reports/${reportId}`)).json();
    const second = (await get(`/api/v1/reporting/reports/${again.json().id}`)).json();
    expect(second.data).toEqual(first.data);
    const list = (await get('/api/v1/reporting/reports', supervisor)).json();
    expect(list.map((x: { period: string; version: number }) => [x.period, x.version])).toEqual([
      ['2026-11', 2],
      ['2026-11', 1],
    ]);
  });

  it('downloads the PDF and a workbook whose sheets hold the same figures', async () => {
    const pdf = await get(`/api/v1/reporting/reports/${reportId}?format=pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.rawPayload.length).toBeGreaterThan(5000);
    const xlsx = await get(`/api/v1/reporting/reports/${reportId}?format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const sheets = await readExcelFile(xlsx.rawPayload);
    expect(sheets.map((s) => s.sheet)).toEqual([
      'livelli',
      'giorni',
      'ore',
      'code',
      'tipi',
      'linee',
      'occupazione',
      'canali',
      'chat',
      'promemoria',
      'valutazioni_portale',
      'commenti_portale',
    ]);
    const canali = sheets.find((s) => s.sheet === 'canali')!.data;
    expect(canali[0]).toContain('picco_canali');
    const row = canali.find((r) => r[0] === CUP)!;
    const expected = expectedBands(events, from, to);
    expect(row[2]).toBe(Math.max(...[...expected.values()].map((b) => b.peak)));
    expect(row[4]).toBe([...expected.values()].reduce((s, b) => s + b.busy, 0));
    const giorni = sheets.find((s) => s.sheet === 'giorni')!.data;
    const november = simulated.stats.byDay.filter((d) => d.date.startsWith('2026-11'));
    expect(giorni.slice(1).map((r) => [r[0], r[1]])).toEqual(november.map((d) => [d.date, d.arrived]));
    const csv = await get(`/api/v1/reporting/reports/${reportId}?format=csv&table=occupazione`);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('linea;canali;fascia_inizio;picco_canali;arrivate;occupato;satura');
    expect(lines.length - 1).toBe(expected.size);
  });

  it('records a capacity decision with the report, for a manager only', async () => {
    const wrong = await app.inject({
      method: 'POST',
      url: `/api/v1/reporting/reports/${reportId}/capacity-decisions`,
      headers: manager,
      payload: { line: '0000', channels: 10 },
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.field).toBe('line');
    const denied = await app.inject({
      method: 'POST',
      url: `/api/v1/reporting/reports/${reportId}/capacity-decisions`,
      headers: supervisor,
      payload: { line: CUP, channels: 60 },
    });
    expect(denied.statusCode).toBe(403);
    const ok = await app.inject({
      method: 'POST',
      url: `/api/v1/reporting/reports/${reportId}/capacity-decisions`,
      headers: manager,
      payload: { line: CUP, channels: 60, note: 'richiesta al carrier' },
    });
    expect(ok.statusCode).toBe(201);
    const r = (await get(`/api/v1/reporting/reports/${reportId}`)).json();
    expect(r.decisions).toMatchObject([
      { line: CUP, channelsFrom: CHANNELS, channelsTo: 60, note: 'richiesta al carrier' },
    ]);
  });

  it('refuses a period not over, or not a period, changing nothing', async () => {
    const before = (await get('/api/v1/reporting/reports')).json().length;
    for (const payload of [
      { kind: 'monthly', period: '2026-12' },
      { kind: 'monthly', period: '2026-13' },
      { kind: 'weekly', period: '2026-W54' },
      { kind: 'weekly', period: '2026-W49' },
    ]) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/reporting/reports',
        headers: manager,
        payload,
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(422);
      expect(res.json().error.field).toBe('period');
    }
    expect((await get('/api/v1/reporting/reports')).json().length).toBe(before);
  });

  it('the nightly job makes the last month once, and every week of the first four months', async () => {
    const job = new ManualClock('2026-12-01T01:30:00Z');
    // November is made already (twice, above): the job leaves it; the contract began on 2 November, so
    // its four weeks so far are made (the server "was down" until now: none is skipped).
    expect(await makeDueReports(t.db, job, '2026-11-02')).toEqual([
      'weekly 2026-W45',
      'weekly 2026-W46',
      'weekly 2026-W47',
      'weekly 2026-W48',
    ]);
    expect(await makeDueReports(t.db, job, '2026-11-02')).toEqual([]);
    const week = (await get('/api/v1/reporting/reports'))
      .json()
      .find((r: { period: string }) => r.period === '2026-W48');
    expect([week.from, week.to]).toEqual(['2026-11-22T23:00:00.000Z', '2026-11-29T23:00:00.000Z']);
    // Months later: the months missed, and the weeks up to the end of the first four months (2 March).
    const later = new ManualClock('2027-03-17T01:30:00Z');
    const made = await makeDueReports(t.db, later, '2026-11-02');
    expect(made.filter((m) => m.startsWith('monthly'))).toEqual([
      'monthly 2026-12',
      'monthly 2027-01',
      'monthly 2027-02',
    ]);
    const weeks = made.filter((m) => m.startsWith('weekly'));
    expect(weeks[0]).toBe('weekly 2026-W49');
    // The week of 1 March 2027 (W09) touches the first four months; the week after does not.
    expect(weeks.at(-1)).toBe('weekly 2027-W09');
    expect(weeks).toHaveLength(14);
    // Without a contract start: the last month only.
    expect(await makeDueReports(t.db, new ManualClock('2027-04-02T01:30:00Z'), null)).toEqual([
      'monthly 2027-03',
    ]);
  });
});
