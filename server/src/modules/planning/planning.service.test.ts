import { describe, expect, it } from 'vitest';
import { erlangAMetrics, erlangB, erlangCMetrics } from './maths/erlang.ts';
import { ERLANG_DEFAULT_TARGETS, erlangFigures, planFor, requestedPeriod } from './planning.service.ts';

/** 100 calls per 30 minutes at 180 s: 10 Erlang (the reference case). */
const base = { calls: 100, period: 1800, aht: 180 };
const traffic = { callsPerPeriod: 100, periodSeconds: 1800, ahtSeconds: 180 };

describe('erlangFigures without agents or lines: sized for the contract’s targets', () => {
  it('uses MR-5 (90% within 20 s, at most 10% abandoning) and 1% blocking by default', () => {
    expect(ERLANG_DEFAULT_TARGETS).toEqual({
      serviceLevel: 0.9,
      targetSeconds: 20,
      maxAbandon: 0.1,
      blocking: 0.01,
    });
  });

  it('Erlang C: 15 agents for 90% in 20 s (14 give 0.8884, 15 give ≈ 0.941)', () => {
    const f = erlangFigures({ model: 'c', ...base });
    expect(f).toMatchObject({ agents: 15, agentsNeeded: 15, serviceLevelTarget: 0.9, targetSeconds: 20 });
    expect(f.serviceLevel).toBeCloseTo(0.941, 3);
    expect(f.maxAbandonTarget).toBeUndefined();
  });

  it('Erlang C: the target and the service level given override the defaults', () => {
    expect(erlangFigures({ model: 'c', ...base, serviceLevel: 0.8 })).toMatchObject({
      agents: 14,
      agentsNeeded: 14,
      serviceLevelTarget: 0.8,
    });
    const longer = erlangFigures({ model: 'c', ...base, target: 60 });
    expect(longer.targetSeconds).toBe(60);
    expect(longer.serviceLevel).toBeGreaterThanOrEqual(0.9);
    const fewer = erlangCMetrics({ ...traffic, agents: longer.agents! - 1, targetSeconds: 60 });
    expect(fewer.serviceLevel).toBeLessThan(0.9);
  });

  it('Erlang A: the fewest agents with 90% answered within 20 s and at most 10% abandoning', () => {
    const f = erlangFigures({ model: 'a', ...base, patience: 120 });
    expect(f).toMatchObject({ serviceLevelTarget: 0.9, maxAbandonTarget: 0.1, targetSeconds: 20 });
    expect(f.agentsNeeded).toBe(f.agents);
    expect(f.serviceLevel).toBeGreaterThanOrEqual(0.9);
    expect(f.probabilityOfAbandoning).toBeLessThanOrEqual(0.1);
    const fewer = erlangAMetrics({
      ...traffic,
      agents: f.agents! - 1,
      targetSeconds: 20,
      patienceSeconds: 120,
    });
    expect(fewer.answeredWithinTargetOverOffered < 0.9 || fewer.probabilityOfAbandoning > 0.1).toBe(true);
  });

  it('Erlang A: a service level given alone keeps the 10% abandonment cap; a cap given overrides it', () => {
    expect(erlangFigures({ model: 'a', ...base, patience: 120, serviceLevel: 0.5 })).toMatchObject({
      serviceLevelTarget: 0.5,
      maxAbandonTarget: 0.1,
    });
    const loose = erlangFigures({ model: 'a', ...base, patience: 120, serviceLevel: 0.5, maxAbandon: 1 });
    const capped = erlangFigures({ model: 'a', ...base, patience: 120, serviceLevel: 0.5, maxAbandon: 0.02 });
    expect(capped.probabilityOfAbandoning).toBeLessThanOrEqual(0.02);
    expect(capped.agents).toBeGreaterThan(loose.agents!);
  });

  it('Erlang B: 18 lines for 1% blocking on 10 Erlang; a blocking given overrides it', () => {
    const f = erlangFigures({ model: 'b', ...base });
    expect(f).toMatchObject({ lines: 18, linesNeeded: 18, blockingTarget: 0.01 });
    expect(f.probabilityOfBlocking).toBeLessThanOrEqual(0.01);
    expect(erlangB(10, 17)).toBeGreaterThan(0.01);
    expect(erlangFigures({ model: 'b', ...base, blocking: 0.05 })).toMatchObject({
      lines: 15,
      blockingTarget: 0.05,
    });
  });

  it('with agents or lines given and no target, gives the figures at that staffing only', () => {
    const c = erlangFigures({ model: 'c', ...base, agents: 14 });
    expect(c.agentsNeeded).toBeUndefined();
    expect(c.serviceLevelTarget).toBeUndefined();
    const b = erlangFigures({ model: 'b', ...base, lines: 10 });
    expect(b.linesNeeded).toBeUndefined();
    expect(b.blockingTarget).toBeUndefined();
    expect(b.probabilityOfBlocking).toBeCloseTo(0.2146, 4);
  });

  it('with agents or lines and a target given, gives both the figures and what the target needs', () => {
    expect(erlangFigures({ model: 'c', ...base, agents: 12, serviceLevel: 0.9 })).toMatchObject({
      agents: 12,
      agentsNeeded: 15,
    });
    expect(erlangFigures({ model: 'a', ...base, agents: 8, patience: 120, maxAbandon: 0.1 })).toMatchObject({
      agents: 8,
      serviceLevelTarget: 0.9,
      maxAbandonTarget: 0.1,
    });
    expect(erlangFigures({ model: 'b', ...base, lines: 10, blocking: 0.01 })).toMatchObject({
      lines: 10,
      linesNeeded: 18,
    });
  });

  it('sizes no one for no calls, and still names a missing patience or the wrong kind of capacity', () => {
    expect(erlangFigures({ model: 'c', calls: 0, period: 1800, aht: 180 })).toMatchObject({ agents: 0 });
    expect(erlangFigures({ model: 'b', calls: 0, period: 1800, aht: 180 })).toMatchObject({ lines: 0 });
    const field = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return (error as { field?: string }).field;
      }
      return undefined;
    };
    expect(field(() => erlangFigures({ model: 'a', ...base }))).toBe('patience');
    expect(field(() => erlangFigures({ model: 'b', ...base, agents: 3 }))).toBe('agents');
    expect(field(() => erlangFigures({ model: 'c', ...base, lines: 3 }))).toBe('lines');
  });
});

describe('requestedPeriod', () => {
  it('takes a month, a year, or from and to, and exactly one of them', () => {
    expect(requestedPeriod({ month: '2026-02' }, 366)).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(requestedPeriod({ year: 2026 }, 366)).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(requestedPeriod({ from: '2026-03-02', to: '2026-03-08' }, 31)).toEqual({
      from: '2026-03-02',
      to: '2026-03-08',
    });
    expect(() => requestedPeriod({}, 366)).toThrow(expect.objectContaining({ field: 'month' }));
    expect(() => requestedPeriod({ month: '2026-02', year: 2026 }, 366)).toThrow(
      expect.objectContaining({ field: 'month' }),
    );
    expect(() => requestedPeriod({ year: 2026 }, 31)).toThrow(expect.objectContaining({ field: 'year' }));
  });
});

describe('the plan sized for the contract’s wait, from the start of the call (MR-5)', () => {
  /** Erlang C's service level by the textbook formula (Erlang B recursion), independent of maths/. */
  const serviceLevel = (calls: number, periodS: number, ahtS: number, agents: number, targetS: number) => {
    const a = (calls / periodS) * ahtS;
    let b = 1;
    for (let k = 1; k <= agents; k++) b = (a * b) / (k + a * b);
    const c = (agents * b) / (agents - a * (1 - b));
    return 1 - c * Math.exp((-(agents - a) * targetS) / ahtS);
  };
  const day = { scenario: 'cup-2013', from: '2026-03-03', to: '2026-03-03' } as const;

  it('leaves the queue the target minus the time before it (the IVR: 4 s on the tender’s flows)', () => {
    const plan = planFor(day);
    expect(plan.targets).toMatchObject({ targetSeconds: 20, preQueueSeconds: 4, queueTargetSeconds: 16 });
    const periodS = plan.intervalMinutes * 60;
    const busy = plan.intervals.filter((iv) => iv.calls > 20);
    expect(busy.length).toBeGreaterThan(5);
    for (const iv of busy) {
      const at = (n: number) => serviceLevel(iv.calls, periodS, iv.ahtSeconds, n, 16);
      expect(iv.serviceLevel).toBeCloseTo(at(iv.requiredAgents), 9);
      expect(at(iv.requiredAgents)).toBeGreaterThanOrEqual(0.9);
      // The fewest agents: one less misses 90% within 16 s of queueing.
      expect(at(iv.requiredAgents - 1)).toBeLessThan(0.9);
    }
    // More agents than the same plan counted from the queue (20 s of queue).
    const fromQueue = planFor({ ...day, preQueueSeconds: 0 });
    expect(plan.totals.required.agentHours).toBeGreaterThan(fromQueue.totals.required.agentHours);
  });

  it('with an IVR as long as the target, sizes for answer without waiting, and says so', () => {
    const plan = planFor({ ...day, preQueueSeconds: 22 });
    expect(plan.targets.queueTargetSeconds).toBe(0);
    const iv = plan.intervals.find((i) => i.calls > 20)!;
    expect(iv.serviceLevel).toBeCloseTo(serviceLevel(iv.calls, 1800, iv.ahtSeconds, iv.requiredAgents, 0), 9);
  });

  it('refuses a time before the queue that is not a number of seconds, naming it', () => {
    expect(() => planFor({ ...day, preQueueSeconds: -1 })).toThrow(
      expect.objectContaining({ field: 'preQueueSeconds' }),
    );
  });
});
