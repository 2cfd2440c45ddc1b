import { DateTime } from 'luxon';
import { describe, expect, it, vi } from 'vitest';
import { BUILTIN_SCENARIOS, scenarioCentre } from '../../contact-centre/index.ts';
import { type LineOccupancy, simulateCommand, simulationStatistics } from '../../reporting/index.ts';
import { simulateScenario } from './scenario-run.ts';
import {
  MAX_WARM_UP_DAYS,
  simulateInStretches,
  stretchInputs,
  WARM_UP_DAYS,
  WARM_UP_OPEN_DAYS,
} from './stretches.ts';

const rome = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Rome' }).toMillis();

describe('a long run cut in calendar months', () => {
  it('cuts at each local first of the month, DST months included, each after its warm-up', () => {
    // 2013-03-20 for 45.5 days: to 2013-05-04 12:00. DST began on 2013-03-31 (a 23-hour day).
    const end = rome('2013-05-04T12:00');
    const stretches = stretchInputs('2013-03-20', 45.5, 'Europe/Rome', end);
    expect(WARM_UP_DAYS).toBe(4);
    expect(stretches).toEqual([
      { startDate: '2013-03-20', days: 12, from: rome('2013-03-20T00:00'), until: rome('2013-04-01T00:00') },
      { startDate: '2013-03-28', days: 34, from: rome('2013-04-01T00:00'), until: rome('2013-05-01T00:00') },
      { startDate: '2013-04-27', days: 7.5, from: rome('2013-05-01T00:00'), until: null },
    ]);
    // Within a month, nothing is cut; a run starting on a first has no warm-up before it.
    expect(stretchInputs('2013-10-01', 31, 'Europe/Rome', rome('2013-11-01T00:00'))).toEqual([
      { startDate: '2013-10-01', days: 31, from: rome('2013-10-01T00:00'), until: null },
    ]);
  });

  it('reaches back through a closure longer than the warm-up, to the days the lines last opened', () => {
    const end = rome('2013-09-04T00:00');
    // Open every day but 10 August to 1 September: the September warm-up holds 8 and 9 August.
    const closure = (from: number) => from >= rome('2013-08-10T00:00') && from < rome('2013-09-02T00:00');
    const stretches = stretchInputs('2013-08-01', 34, 'Europe/Rome', end, (from) => !closure(from));
    expect(WARM_UP_OPEN_DAYS).toBe(2);
    expect(stretches[1]).toEqual({
      startDate: '2013-08-08',
      days: 27,
      from: rome('2013-09-01T00:00'),
      until: null,
    });
    // A line never open: as far back as MAX_WARM_UP_DAYS, or to the run's start if nearer.
    const never = () => false;
    expect(
      stretchInputs('2013-01-01', 120, 'Europe/Rome', rome('2013-05-01T00:00'), never)[3]!.startDate,
    ).toBe(
      DateTime.fromISO('2013-04-01', { zone: 'Europe/Rome' }).minus({ days: MAX_WARM_UP_DAYS }).toISODate(),
    );
    expect(
      stretchInputs('2013-01-20', 20, 'Europe/Rome', rome('2013-02-09T00:00'), never)[1]!.startDate,
    ).toBe('2013-01-20');
  });

  it('brings the callbacks asked for during a summer shutdown to the reopening, as the single run does', async () => {
    // cup-2013 with its line closed from 10 to 31 August 2013: callers keep dialling and book callbacks,
    // all dialled from Monday 2 September, the second stretch's first open day.
    const base = BUILTIN_SCENARIOS['cup-2013']!;
    const centre = scenarioCentre(base);
    const closed = Array.from({ length: 22 }, (_, i) => `2013-08-${String(10 + i).padStart(2, '0')}`);
    const scenario = {
      ...base,
      centre: {
        ...centre,
        lines: centre.lines.map((l) =>
          l.hours === 'always'
            ? l
            : { ...l, hours: { ...l.hours, closedDates: [...(l.hours.closedDates ?? []), ...closed] } },
        ),
      },
    };
    const shutdown = { scenario, days: 34, seed: 3, startDate: '2013-08-01' };
    const cut = await simulateInStretches({ ...shutdown, workers: 1 });
    const single = await simulateScenario({ ...shutdown, statistics: simulationStatistics });
    const reopening = (r: typeof cut.stats) => r.byDay.find((d) => d.date === '2013-09-02')!;
    // Their wait since the request averages about three weeks in the single run; a warm-up of four days
    // would have brought only the last days' (about four days on average).
    for (const r of [single.stats, cut.stats]) {
      expect(reopening(r).callbackAverageSpeedOfAnswerSeconds!).toBeGreaterThan(15 * 86_400);
    }
    const [a, b] = [reopening(cut.stats).callbacksAnswered, reopening(single.stats).callbacksAnswered];
    expect(Math.abs(a - b) / b).toBeLessThan(0.1);
  });

  // Easter 2013: Sunday 31 March, Monday 1 April closed; the callbacks asked for from Saturday wait for
  // Tuesday 2 April, the first day of the April stretch, which only its warm-up can bring.
  const options = { scenario: 'cup-2013', days: 20, seed: 3, startDate: '2013-03-20' };

  it('gives the same report on one thread as on two (a seed per month, not per worker)', async () => {
    const one = await simulateInStretches({ ...options, workers: 1 });
    const seen: { fraction: number; calls: number }[] = [];
    const two = await simulateInStretches({ ...options, workers: 2, onProgress: (p) => seen.push(p) });
    // Progress from the workers: the months' fractions and calls so far, to the whole run's.
    expect(seen.at(-1)?.fraction).toBe(1);
    expect(seen.map((p) => p.calls)).toEqual(seen.map((p) => p.calls).sort((x, y) => x - y));
    expect(seen.at(-1)?.calls).toBeGreaterThanOrEqual(two.stats.total.arrived);
    expect(one.stretches).toBe(2);
    expect({ ...two, wallSeconds: 0, simulatedEventsPerSecond: 0, contactEventsPerSecond: 0 }).toEqual({
      ...one,
      wallSeconds: 0,
      simulatedEventsPerSecond: 0,
      contactEventsPerSecond: 0,
    });
  });

  it("agrees with the single run: the first month is the single run's own, the next one the same model", async () => {
    const cut = await simulateInStretches({ ...options, workers: 1 });
    const single = await simulateScenario({ ...options, statistics: simulationStatistics });
    const day = (r: typeof cut.stats, date: string) => r.byDay.find((d) => d.date === date)!;
    // Before the cut the stream is the single run's (same seed, same start): every March day identical.
    const march = (r: typeof cut.stats) => r.byDay.filter((d) => d.date < '2013-04-01');
    expect(march(cut.stats)).toEqual(march(single.stats));
    expect(march(cut.stats).length).toBe(12);
    // After it, another stream of the same model: totals within their noise (about 20,000 calls).
    const [a, b] = [cut.stats.total, single.stats.total];
    expect(Math.abs(a.arrived - b.arrived) / b.arrived).toBeLessThan(0.03);
    expect(Math.abs(a.serviceLevel! - b.serviceLevel!)).toBeLessThan(0.02);
    // The Tuesday after Easter answers the callbacks carried over the closure, as in the single run: their
    // wait since the request averages more than a day (without the warm-up, only that day's: hours).
    const carried = (r: typeof cut.stats) => day(r, '2013-04-02').callbackAverageSpeedOfAnswerSeconds!;
    expect(carried(single.stats)).toBeGreaterThan(24 * 3600);
    expect(carried(cut.stats)).toBeGreaterThan(24 * 3600);
  });
});

describe('sportello simulate --parallel', () => {
  it('prints the statistics and the channel occupancy of the months run at once, and says so', async () => {
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    try {
      const args = { scenario: 'cup-2013', days: 20, seed: 3, start: '2013-03-20', parallel: true };
      await simulateCommand(args, simulateInStretches);
      await simulateCommand({ ...args, json: true }, simulateInStretches);
    } finally {
      spy.mockRestore();
    }
    expect(out[0]).toContain('[simulazione] scenario cup-2013, seed 3, 20 day(s) from 2013-03-20');
    expect(out[0]).toContain('2 calendar month(s) simulated each on its own');
    const json = JSON.parse(out[1]!);
    const direct = await simulateInStretches({
      scenario: 'cup-2013',
      days: 20,
      seed: 3,
      startDate: '2013-03-20',
    });
    expect(json).toMatchObject({ label: 'simulazione', stretches: 2, stats: { total: direct.stats.total } });
    // CC-5 from the months' own bands: every call of the CUP line in a band, the bands in time order and
    // none outside the run, the same as the planning module's months give.
    const [cup] = json.occupancy as LineOccupancy[];
    expect(json.occupancy).toHaveLength(1);
    expect(cup!.arrived).toBe(direct.stats.total.arrived);
    expect(cup!.bands.map((b) => b.start)).toEqual(cup!.bands.map((b) => b.start).sort());
    expect(cup!.bands[0]!.start >= '2013-03-20').toBe(true);
    expect(cup!.bands.at(-1)!.start < '2013-04-09').toBe(true);
    expect(out[0]).toContain(
      `line ${cup!.line}: ${cup!.arrived} calls, ${cup!.busy} busy, peak ${cup!.peak}/60 channels`,
    );
    const months = await simulateInStretches({
      scenario: 'cup-2013',
      days: 20,
      seed: 3,
      startDate: '2013-03-20',
      occupancy: true,
    });
    expect(months.occupancy?.result(() => 60)).toEqual(json.occupancy);
  });

  it('refuses to store a parallel run: its events stay in its months', async () => {
    await expect(
      simulateCommand({ scenario: 'cup-2013', days: 2, parallel: true }, simulateInStretches, [
        { emit() {} },
      ]),
    ).rejects.toThrow(/--parallel gives statistics and channel occupancy only/);
  });
});
