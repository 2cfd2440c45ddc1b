import { DateTime } from 'luxon';
import { afterEach, describe, expect, it, vi } from 'vitest';
// The planning module sizes the scenarios' Erlang staffing: the simulator takes agents, not targets.
import { simulateScenario } from '../../planning/index.ts';
import { simulationStatistics } from '../../reporting/index.ts';
import { SeededRandom } from '../../telephony/index.ts';
import { type ContactEvent, ContactEventLog } from '../engine/events.ts';
import { BUILTIN_SCENARIOS } from './builtin-scenarios.ts';
import { type Scenario, validateScenario } from './scenario.ts';
import { loadScenario, runSimulation } from './simulate.ts';
import { staffingAt } from './simulator.ts';
import { TrafficModel } from './traffic.ts';

const cup = BUILTIN_SCENARIOS['cup-2013']!;
const rome = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Rome' }).toMillis();

describe('determinism', () => {
  it('the same scenario and seed give the identical event log; another seed does not', async () => {
    const run = async (seed: number) => {
      const log = new ContactEventLog();
      await simulateScenario({
        statistics: simulationStatistics,
        scenario: 'cup-2013',
        days: 2,
        seed,
        startDate: '2013-10-07',
        sinks: [log],
      });
      return log.events;
    };
    const [a, b, c] = [await run(11), await run(11), await run(12)];
    expect(a.length).toBeGreaterThan(20_000);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });
});

describe('scenarios', () => {
  it('validates, naming the path of what is wrong', () => {
    const broken = (change: (s: Scenario) => void) => {
      const s = structuredClone(cup);
      change(s);
      return () => validateScenario(s);
    };
    expect(broken((s) => ((s.traffic[0] as { monthly: number[] }).monthly[0] = 30))).toThrow(
      /scenario\.traffic\.0\.monthly: monthly percentages add up to 121/,
    );
    expect(broken((s) => (s.traffic[0]!.line = '199199199'))).toThrow(
      /scenario\.traffic\.0\.line is not a line/,
    );
    expect(broken((s) => (s.handling.talk = { type: 'exponential', mean: -1 }))).toThrow(
      /scenario\.handling\.talk\.mean/,
    );
    expect(
      broken((s) => ((s.traffic[0] as { hourly: { weekday: object } }).hourly.weekday = { '8': 100 })),
    ).toThrow(/hourly\.weekday\.8/);
    expect(broken((s) => (s.staffing = { kind: 'shifts' } as never))).toThrow(/scenario\.staffing\.kind/);
    expect(broken((s) => (s.callers.surveyScores = [1, 2]))).toThrow(/scenario\.callers\.surveyScores/);
    expect(broken((s) => (s.centre = 'lombardia'))).toThrow(/unknown centre lombardia/);
    expect(() => loadScenario('/nessun/file.json')).toThrow(/neither a built-in/);
    for (const s of Object.values(BUILTIN_SCENARIOS)) expect(() => validateScenario(s)).not.toThrow();
  });

  it('loads a JSON scenario file, and the built-ins survive a round trip through JSON', async () => {
    const file = new URL('./scenario.example.json', import.meta.url).pathname;
    const example = loadScenario(file);
    expect(() => validateScenario(example)).not.toThrow();
    const report = await runSimulation({
      statistics: simulationStatistics,
      scenario: file,
      days: 1,
      seed: 5,
    });
    expect(report.scenario).toBe('esempio-coda-unica');
    expect(report.stats.total.offered).toBeGreaterThan(2500);
    for (const s of Object.values(BUILTIN_SCENARIOS)) {
      expect(() => validateScenario(JSON.parse(JSON.stringify(s)) as Scenario)).not.toThrow();
    }
  });

  it("spreads the tender's yearly CUP traffic by month, weekday and hour", () => {
    const model = new TrafficModel(cup.traffic[0]!, new SeededRandom(1));
    const byMonth = new Array<number>(12).fill(0);
    let ooh = 0;
    for (let t = rome('2013-01-01T00:00'); t < rome('2014-01-01T00:00'); t += 3_600_000) {
      const calls = model.callsInHour(t);
      const local = DateTime.fromMillis(t, { zone: 'Europe/Rome' });
      byMonth[local.month - 1]! += calls;
      if (local.hour < 8 || local.hour >= 20 || (local.weekday === 6 && local.hour >= 14)) ooh += calls;
    }
    const inHours = byMonth.reduce((s, x) => s + x, 0) - ooh;
    expect(inHours).toBeCloseTo(749_035, -1);
    expect(ooh / inHours).toBeCloseTo(0.066, 3);
    expect((byMonth[9]! / (749_035 * 1.066)) * 100).toBeCloseTo(9.65, 1);
    // Monday 7 October 2013: 09–10 carries 12.78% of the day; Liberation Day and Sundays carry nothing.
    const day = [...Array(24).keys()].reduce(
      (s, h) => s + model.callsInHour(rome('2013-10-07T00:00') + h * 3_600_000),
      0,
    );
    expect(model.callsInHour(rome('2013-10-07T09:00')) / (day / 1.066)).toBeCloseTo(0.1278, 4);
    expect(model.callsInHour(rome('2013-04-25T10:00'))).toBe(0);
    expect(model.callsInHour(rome('2013-10-06T10:00'))).toBe(0);
    const saturday = model.callsInHour(rome('2013-10-12T10:00'));
    expect(saturday).toBeGreaterThan(0);
  });

  it('draws Poisson arrivals: counts with variance equal to the mean, exponential gaps', () => {
    const model = new TrafficModel({ kind: 'stationary', line: '1', callsPerHour: 360 }, new SeededRandom(9));
    const start = rome('2025-01-06T00:00');
    const counts = new Array<number>(2000).fill(0);
    const gaps: number[] = [];
    let t = start;
    for (;;) {
      const next = model.next(t)!;
      if (next.at >= start + 2000 * 60_000) break;
      gaps.push(next.at - t);
      counts[Math.floor((next.at - start) / 60_000)]!++;
      t = next.at;
    }
    const mean = counts.reduce((s, x) => s + x, 0) / counts.length;
    const variance = counts.reduce((s, x) => s + (x - mean) ** 2, 0) / (counts.length - 1);
    expect(mean).toBeCloseTo(6, 0);
    expect(variance / mean).toBeGreaterThan(0.9);
    expect(variance / mean).toBeLessThan(1.1);
    const gapMean = gaps.reduce((s, x) => s + x, 0) / gaps.length;
    const gapSd = Math.sqrt(gaps.reduce((s, x) => s + (x - gapMean) ** 2, 0) / gaps.length);
    expect(gapSd / gapMean).toBeCloseTo(1, 1);
  });

  it('staffs per hour: constant, a weekly table, or agents hour by hour', () => {
    const monday10 = rome('2025-03-03T10:00');
    expect(staffingAt({ kind: 'constant', agents: 7 }, monday10)).toBe(7);
    const table = {
      kind: 'table' as const,
      intervals: [{ days: ['mon' as const], from: '09:00', to: '13:00', agents: 12 }],
    };
    expect(staffingAt(table, monday10)).toBe(12);
    expect(staffingAt(table, rome('2025-03-04T10:00'))).toBe(0);
    const hourly = { kind: 'hourly' as const, from: rome('2025-03-03T09:00'), agents: [4, 9, 6] };
    expect(staffingAt(hourly, rome('2025-03-03T09:00'))).toBe(4);
    expect(staffingAt(hourly, monday10)).toBe(9);
    expect(staffingAt(hourly, rome('2025-03-03T11:00'))).toBe(6);
    expect(staffingAt(hourly, rome('2025-03-03T12:00'))).toBe(0);
  });

  it('refuses an Erlang staffing (targets, not agents), naming the field, and malformed hourly agents', async () => {
    const base = { days: 1, startDate: '2013-10-07' };
    await expect(
      runSimulation({
        statistics: simulationStatistics,
        ...base,
        scenario: 'cup-2013',
      }),
    ).rejects.toMatchObject({
      field: 'staffing',
      message: expect.stringMatching(/planning module/),
    });
    const from = rome('2013-10-07T00:00');
    await expect(
      runSimulation({
        statistics: simulationStatistics,
        ...base,
        scenario: 'cup-2013',
        staffing: { kind: 'hourly', from, agents: [1, -2] },
      }),
    ).rejects.toMatchObject({ field: 'staffing.agents' });
    await expect(
      runSimulation({
        statistics: simulationStatistics,
        ...base,
        scenario: 'cup-2013',
        staffing: { kind: 'hourly', from: from + 1, agents: [] },
      }),
    ).rejects.toMatchObject({ field: 'staffing.from' });
  });
});

describe('a week of the CUP', () => {
  it('gives plausible indicators, all computed from the contact events', async () => {
    const log = new ContactEventLog();
    const report = await simulateScenario({
      statistics: simulationStatistics,
      scenario: 'cup-2013',
      days: 7,
      seed: 3,
      startDate: '2013-10-07',
      sinks: [log],
    });
    const t = report.stats.total;
    expect(report.label).toBe('simulazione');

    // The indicators again, counted straight from the event log (not through the statistics' fold).
    const events = log.events;
    const count = (pick: (e: ContactEvent) => boolean) => events.filter(pick).length;
    const answered = events.filter((e) => e.type === 'call.answered' && !e.transferred);
    const offered = count((e) => e.type === 'call.queued' && !e.transferred);
    const within = answered.filter((e) => e.type === 'call.answered' && e.waitMs <= 20_000).length;
    const outcomes = events.filter((e) => e.type === 'call.outcome');
    const resolved = outcomes.filter((e) => e.type === 'call.outcome' && e.resolvedFirstContact).length;
    expect(t.arrived).toBe(count((e) => e.type === 'call.arrived'));
    expect(t.outOfHours).toBe(count((e) => e.type === 'call.out-of-hours'));
    expect(t.offered).toBe(offered);
    expect(t.answered).toBe(answered.length);
    expect(t.serviceLevel).toBe(within / offered);
    expect(t.abandoned).toBe(
      count((e) => e.type === 'call.abandoned' && e.stage !== 'ivr' && !e.transferred),
    );
    expect(report.stats.outcomes.recorded).toBe(outcomes.length);
    expect(report.stats.outcomes.firstContactResolution).toBe(resolved / outcomes.length);
    expect(report.stats.surveys.dialled).toBe(count((e) => e.type === 'survey.dialled'));
    // Agents resolve at the first contact with the scenario's probability: the observed share lies
    // within four binomial standard errors of it (an echo of the input would not need the events).
    const p = cup.handling.firstContactResolution;
    const se = Math.sqrt((p * (1 - p)) / outcomes.length);
    expect(Math.abs(resolved / outcomes.length - p)).toBeLessThan(4 * se);

    expect(t.arrived).toBeGreaterThan(14_000);
    expect(t.outOfHours / t.arrived).toBeGreaterThan(0.04);
    expect(t.serviceLevel!).toBeGreaterThan(0.8);
    expect(t.occupancy!).toBeGreaterThan(0.5);
    expect(t.occupancy!).toBeLessThan(0.95);
    expect(t.abandonedShort + t.abandonedLong).toBe(t.abandoned);
    // Every call offered to a queue was answered, abandoned or turned into a callback keeping its place.
    const keptPlace = report.stats.byQueue.reduce((s, q) => s + q.callbacksRequested, 0);
    expect(t.offered).toBe(t.answered + t.abandoned + keptPlace);
    expect(report.stats.surveys.dialled / t.answered).toBeCloseTo(0.1, 1);
    expect(report.stats.outcomes.firstContactResolution!).toBeCloseTo(0.78, 1);
    expect(report.stats.byHour.map((r) => r.hour)).toContain(9);
    expect(report.stats.byDay).toHaveLength(7);
  });
});

afterEach(() => {
  vi.useRealTimers();
});
