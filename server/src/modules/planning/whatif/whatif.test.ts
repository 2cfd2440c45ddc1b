import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS, type Scenario } from '../../contact-centre/index.ts';
import { TENDER_PENALTIES } from '../../reporting/index.ts';
import { erlangAMetrics, erlangCMetrics } from '../maths/erlang.ts';
import type { Estimate } from '../maths/estimates.ts';
import { serviceProfile } from '../plan/forecast.ts';
import { whatIfFor } from '../planning.service.ts';
import { planScenario, replicationPool, runWhatIf, type ScheduledInterval, withMean } from './whatif.ts';

const zone = 'Europe/Rome';

/** Hourly intervals round the clock with a constant staffing: the stationary set-up of the formulas. */
function constantPlan(date: string, hours: number, agents: number): ScheduledInterval[] {
  const start = DateTime.fromISO(date, { zone });
  return Array.from({ length: hours }, (_, h) => {
    const at = start.plus({ hours: h });
    return {
      start: at.toISO()!,
      startMs: at.toMillis(),
      date: at.toISODate()!,
      time: at.toFormat('HH:mm'),
      agents,
    };
  });
}

/** A what-if of `hours` hours from 6 January 2025 with a constant staffing (14 agents by default). */
function constantRun(o: {
  hours: number;
  seed: number;
  replications: number;
  agents?: number;
  scenario?: Scenario;
  workers?: number;
  serviceValueEuros?: number;
}) {
  const intervals = constantPlan('2025-01-06', o.hours, o.agents ?? 14);
  return runWhatIf({
    workers: o.workers,
    scenario: o.scenario ?? BUILTIN_SCENARIOS['erlang-c-example']!,
    lineNumber: '0000000001',
    lineService: 'test',
    intervals,
    intervalMinutes: 60,
    startMs: intervals[0]!.startMs,
    endMs: intervals[0]!.startMs + o.hours * 3_600_000,
    replications: o.replications,
    seed: o.seed,
    targetSeconds: 20,
    penalties: TENDER_PENALTIES,
    serviceValueEuros: o.serviceValueEuros,
  });
}

const stationary = (scenario: Scenario, agents: number, replications: number) =>
  constantRun({ hours: 24, seed: 11, agents, replications, scenario });

const contains = (e: Estimate, value: number) => {
  expect(e.low).not.toBeNull();
  expect(value).toBeGreaterThanOrEqual(e.low!);
  expect(value).toBeLessThanOrEqual(e.high!);
};

/** Two hours of M/M/14 at 100 calls per 30 minutes: a what-if short enough to run many times. */
const twoHours = (o: { seed: number; workers: number; replications?: number }) =>
  constantRun({ hours: 2, replications: 2, serviceValueEuros: 100_000, ...o });

/** A report without its wall time, which differs from run to run. */
const same = (r: Awaited<ReturnType<typeof runWhatIf>>) => ({ ...r, wallSeconds: 0 });

describe('what-if on the simulator against the formulas', () => {
  it('M/M/14, 100 calls per 30 minutes at 180 s: the service level’s interval contains Erlang C’s 0.8884', async () => {
    const report = await stationary(BUILTIN_SCENARIOS['erlang-c-example']!, 14, 8);
    const c = erlangCMetrics({
      callsPerPeriod: 100,
      periodSeconds: 1800,
      ahtSeconds: 180,
      agents: 14,
      targetSeconds: 20,
    });
    expect(c.serviceLevel).toBeCloseTo(0.8884, 4);
    contains(report.total.serviceLevel, c.serviceLevel);
    contains(report.total.averageSpeedOfAnswerSeconds, c.averageSpeedOfAnswerSeconds);
    contains(report.total.offered, 4800);
    expect(report.total.abandonment.mean).toBe(0);
    // Narrow enough to mean something.
    expect(report.total.serviceLevel.high! - report.total.serviceLevel.low!).toBeLessThan(0.06);
    expect(report.intervals).toHaveLength(24);
    expect(report.replications).toBe(8);
    expect(report.seeds).toEqual([11, 12, 13, 14, 15, 16, 17, 18]);
  });

  it('M/M/11+M with 120 s patience: service level and abandonment intervals contain Erlang A’s', async () => {
    const report = await stationary(BUILTIN_SCENARIOS['erlang-a-example']!, 11, 8);
    const a = erlangAMetrics({
      callsPerPeriod: 100,
      periodSeconds: 1800,
      ahtSeconds: 180,
      agents: 11,
      targetSeconds: 20,
      patienceSeconds: 120,
    });
    contains(report.total.serviceLevel, a.answeredWithinTargetOverOffered);
    contains(report.total.abandonment, a.probabilityOfAbandoning);
    contains(report.total.answeredShare, 1 - a.probabilityOfAbandoning);
  });

  it('gives the same report for the same seeds, in this thread or on worker threads', async () => {
    const [a, b] = [await twoHours({ seed: 3, workers: 1 }), await twoHours({ seed: 3, workers: 1 })];
    expect(same(a)).toEqual(same(b));
    // Two workers take the two replications, one each: the report does not change.
    expect(same(await twoHours({ seed: 3, workers: 2 }))).toEqual(same(a));
    expect(a.penalties.rules.map((r) => r.id)).toEqual([
      'tempo-massimo-attesa',
      'chiamate-perdute',
      'evase-primo-contatto',
    ]);
    expect(a.penalties.euros).not.toBeNull();
  });
});

describe('the what-if on the shared workers', () => {
  const run = (seed: number, workers: number) => twoHours({ seed, workers, replications: 3 });

  it('starts no worker for the next what-if while the last one’s are warm', async () => {
    await run(5, 2);
    const started = replicationPool().started;
    await run(6, 2);
    expect(replicationPool().started).toBe(started);
  });

  it('gives two planners at once each the report they would have had alone', async () => {
    const [a, b] = await Promise.all([run(21, 2), run(42, 2)]);
    expect(same(a)).toEqual(same(await run(21, 1)));
    expect(same(b)).toEqual(same(await run(42, 1)));
    expect(replicationPool().workers).toBeLessThanOrEqual(replicationPool().size);
  });
});

describe('the line in a what-if', () => {
  it('reports CC-5 saturation as the share of replications, not their count', async () => {
    // 10 Erlang on 5 channels: every hour saturates, in every replication.
    const scenario = planScenario(BUILTIN_SCENARIOS['erlang-c-example']!, {
      lineNumber: '0000000001',
      channels: 5,
    });
    const report = await constantRun({ hours: 3, seed: 1, replications: 3, scenario });
    expect(report.line.channels).toBe(5);
    expect(report.line.cc5Triggered).toBe(1);
    expect(report.line.suggestedChannels).toBe(6);
  });

  it('gives the probability of a penalty as the share of replications that incur one', async () => {
    // 14 agents for 10 erlangs (Erlang C: 88.8% within 20 s against the contract's 90%): over two hours
    // some replications incur the penalty and some do not.
    const report = await constantRun({ hours: 2, seed: 1, replications: 6 });
    // Each replication on its own (replication r runs seed + r): did it incur a penalty?
    const penalised: boolean[] = [];
    for (let r = 0; r < 6; r++) {
      const single = await constantRun({ hours: 2, seed: 1 + r, replications: 1 });
      penalised.push(single.penalties.share.mean! > 0);
    }
    expect(penalised).toContain(true);
    expect(penalised).toContain(false);
    expect(report.penalties.probabilityOfPenalty).toBe(penalised.filter(Boolean).length / 6);
  });
});

describe('the scenario a plan runs on', () => {
  it('puts the plan’s channels, curves and handling means on the line and leaves staffing to the plan', () => {
    const base = BUILTIN_SCENARIOS['cup-2013']!;
    const s = planScenario(base, {
      lineNumber: '848 821 821',
      channels: 72,
      curves: { ...serviceProfile('cup-2013').curves, yearlyCalls: 800_000 },
      handling: { talkSeconds: 200 },
    });
    const centre = s.centre as Exclude<Scenario['centre'], string>;
    expect(centre.lines.find((l) => l.number === '848 821 821')!.channels).toBe(72);
    expect(centre.lines.find((l) => l.number === '800 29 20 20')!.channels).toBe(30);
    expect(s.traffic[0]).toMatchObject({ kind: 'curves', yearlyCalls: 800_000 });
    expect(s.handling.talk).toMatchObject({ type: 'lognormal', mean: 200 });
    expect((s.handling.talk as { sd: number }).sd).toBeCloseTo((130 * 200) / 173, 9);
    expect(s.handling.afterCallWork).toEqual(base.handling.afterCallWork);
    expect(s.staffing).toEqual({ kind: 'constant', agents: 0 });
  });

  it('changes a distribution’s mean and keeps its shape', () => {
    expect(withMean({ type: 'exponential', mean: 180 }, 200)).toEqual({ type: 'exponential', mean: 200 });
    expect(withMean({ type: 'uniform', min: 2, max: 6 }, 8)).toEqual({ type: 'uniform', min: 4, max: 12 });
    expect(withMean({ type: 'lognormal', mean: 50, sd: 30 }, 0)).toEqual({ type: 'constant', value: 0 });
    expect(withMean({ type: 'constant', value: 0 }, 30)).toEqual({ type: 'constant', value: 30 });
  });
});

describe('a what-if of a short-staffed plan', () => {
  it('simulates 70% of the required agents clearly below the full plan, with real penalties', async () => {
    const body = {
      scenario: 'cup-2013',
      from: '2026-03-02',
      to: '2026-03-03',
      model: 'a' as const,
      replications: 3,
      seed: 4,
      serviceValueEuros: 100_000,
    };
    const full = await whatIfFor(body);
    const short = await whatIfFor({ ...body, staffing: { scale: 0.7 } });
    // The simulation puts the planned agents on the phones, interval by interval.
    for (const [i, iv] of short.whatIf.intervals.entries()) {
      const planned = short.plan.intervals[i]!;
      expect(iv.agents).toBe(planned.plannedAgents);
      expect(iv.requiredAgents).toBe(planned.requiredAgents);
      expect(iv.agents).toBe(Math.ceil(planned.requiredAgents * 0.7 - 1e-9));
      expect(iv.modelServiceLevel).toBe(planned.serviceLevel);
    }
    const f = full.whatIf.total.serviceLevel;
    const s = short.whatIf.total.serviceLevel;
    expect(f.mean!).toBeGreaterThan(0.85);
    // Clearly below: the intervals do not touch, and the gap is wide.
    expect(s.high!).toBeLessThan(f.low!);
    expect(f.mean! - s.mean!).toBeGreaterThan(0.2);
    expect(short.whatIf.total.abandonment.mean!).toBeGreaterThan(full.whatIf.total.abandonment.mean!);
    // The model saw it coming, and the contract charges for it.
    expect(short.plan.totals.serviceLevel!).toBeLessThan(full.plan.totals.serviceLevel!);
    const wait = (r: typeof full) => r.whatIf.penalties.rules.find((x) => x.id === 'tempo-massimo-attesa')!;
    expect(wait(short).points.mean!).toBeGreaterThan(0);
    expect(wait(short).share.mean!).toBeGreaterThan(wait(full).share.mean!);
    expect(short.whatIf.penalties.share.mean!).toBeGreaterThan(full.whatIf.penalties.share.mean!);
    expect(short.whatIf.penalties.euros!.mean!).toBeGreaterThan(0);
  });
});
