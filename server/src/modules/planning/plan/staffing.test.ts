import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasConsecutiveSaturation, planChannels, saturatedBands } from '../maths/channels.ts';
import { erlangAMetrics, erlangB, erlangCMetrics, linesForBlocking } from '../maths/erlang.ts';
import { forecastTraffic, monthPeriod, serviceProfile } from './forecast.ts';
import { fteFor, planStaffing, type StaffingTargets, staffInterval } from './staffing.ts';

const cup = serviceProfile('cup-2013');
const targetsC: StaffingTargets = {
  model: 'c',
  serviceLevel: 0.9,
  targetSeconds: 20,
  maxAbandonment: 0.1,
  patienceSeconds: cup.patienceSeconds,
};

describe('agents per interval', () => {
  it('sizes the Erlang C example: 100 calls per 30 minutes at 180 s need 14 agents for 80/20, giving 0.8884', () => {
    const q = staffInterval(100, 1800, 180, { ...targetsC, serviceLevel: 0.8 });
    expect(q.agents).toBe(14);
    expect(q.trafficErlangs).toBeCloseTo(10, 12);
    expect(q.serviceLevel).toBeCloseTo(0.8884, 4);
    expect(q.probabilityOfWaiting).toBeCloseTo(0.1741, 4);
    expect(q.averageSpeedOfAnswerSeconds).toBeCloseTo(7.84, 2);
    expect(q.queueSeconds).toBeCloseTo(7.84, 2);
    expect(q.probabilityOfAbandoning).toBe(0);
  });

  it('with Erlang A meets both the service level and the abandonment cap, with fewer agents than Erlang C', () => {
    const a = staffInterval(100, 1800, 180, { ...targetsC, model: 'a', patienceSeconds: 120 });
    const c = staffInterval(100, 1800, 180, targetsC);
    expect(a.serviceLevel).toBeGreaterThanOrEqual(0.9);
    expect(a.probabilityOfAbandoning).toBeLessThanOrEqual(0.1);
    expect(a.agents).toBeLessThanOrEqual(c.agents);
    // Little's law on the queue: time in queue per offered call = P(abandon) × mean patience.
    expect(a.queueSeconds).toBeCloseTo(a.probabilityOfAbandoning * 120, 12);
  });

  it('needs no agent without calls, unless a minimum is set', () => {
    expect(staffInterval(0, 900, 225, targetsC).agents).toBe(0);
    expect(staffInterval(0, 900, 225, { ...targetsC, minAgents: 2 }).agents).toBe(2);
    expect(staffInterval(0.2, 900, 225, { ...targetsC, minAgents: 2 }).agents).toBe(2);
  });

  it('always meets the targets it sizes for (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 400, noNaN: true }),
        fc.constantFrom(900, 1800, 3600),
        fc.double({ min: 30, max: 600, noNaN: true }),
        fc.constantFrom<'c' | 'a'>('c', 'a'),
        (calls, period, aht, model) => {
          const q = staffInterval(calls, period, aht, { ...targetsC, model, patienceSeconds: 150 });
          expect(q.serviceLevel).toBeGreaterThanOrEqual(0.9 - 1e-12);
          expect(q.probabilityOfAbandoning).toBeLessThanOrEqual(0.1 + 1e-12);
          expect(q.agents).toBeGreaterThan(0);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('FTE', () => {
  it('grosses agent hours up for shrinkage and divides by a full-timer’s hours in the period', () => {
    const f = fteFor(1000, 28, { shrinkage: 0.3, contractHoursPerWeek: 36 });
    expect(f.paidHours).toBeCloseTo(1000 / 0.7, 9);
    expect(f.fte).toBeCloseTo(1000 / 0.7 / (36 * 4), 9);
    expect(f.fte).toBeCloseTo(9.92, 2);
    const year = fteFor(52_000, 364, { shrinkage: 0, contractHoursPerWeek: 40 });
    expect(year.fte).toBeCloseTo(25, 9);
  });

  it('adds up the plan’s agent hours interval by interval', () => {
    const forecast = forecastTraffic({
      profile: cup,
      period: { from: '2026-03-09', to: '2026-03-15' },
      intervalMinutes: 15,
    });
    const plan = planStaffing(
      forecast,
      targetsC,
      { shrinkage: 0.3, contractHoursPerWeek: 40 },
      { blocking: 0.01, minimumChannels: 60 },
    );
    const hours = plan.intervals.reduce((s, iv) => s + iv.agents * 0.25, 0);
    expect(plan.totals.agentHours).toBeCloseTo(hours, 9);
    expect(plan.byDay.reduce((s, d) => s + d.agentHours, 0)).toBeCloseTo(hours, 9);
    expect(plan.totals.fte).toBeCloseTo(hours / 0.7 / 40, 9);
    expect(plan.byDay.find((d) => d.date === '2026-03-15')).toMatchObject({
      open: false,
      agentHours: 0,
      peakAt: null,
    });
    expect(plan.totals.serviceLevel).toBeGreaterThanOrEqual(0.9);
    for (const iv of plan.intervals) expect(iv.serviceLevel).toBeGreaterThanOrEqual(0.9);
  });
});

describe('channels (Erlang B and CC-5)', () => {
  it('keeps the CC-5 minimum when Erlang B asks for fewer channels', () => {
    const forecast = forecastTraffic({ profile: cup, period: monthPeriod('2026-10'), intervalMinutes: 30 });
    const plan = planStaffing(
      forecast,
      targetsC,
      { shrinkage: 0.3, contractHoursPerWeek: 40 },
      { blocking: 0.01, minimumChannels: 60 },
    );
    const c = plan.channels;
    expect(c.sized).toBe(linesForBlocking(c.peakTrafficErlangs, 0.01));
    expect(c.sized).toBeLessThan(60);
    expect(c.recommended).toBe(60);
    expect(c.provisioned).toBe(60);
    expect(c.cc5).toMatchObject({
      consecutiveSaturation: false,
      saturatedBands: [],
      steps: [],
      channelsAfterRule: 60,
    });
    for (const iv of plan.intervals) {
      expect(iv.channelTrafficErlangs).toBeCloseTo((iv.calls / 1800) * iv.channelHoldingSeconds, 9);
      expect(iv.channelHoldingSeconds).toBeLessThan(iv.ahtSeconds);
    }
  });

  // Channel traffic so high that 60 channels block more than 1%, and so low that they never do.
  const hot = 55;
  const cold = 20;
  const iv = (date: string, time: string, channelTrafficErlangs: number) => ({
    date,
    time,
    channelTrafficErlangs,
  });

  it('flags saturation in two consecutive hour bands and scales the channels by 20% (CC-5)', () => {
    expect(erlangB(hot, 60)).toBeGreaterThan(0.01);
    expect(erlangB(cold, 60)).toBeLessThan(0.01);
    const intervals = [
      iv('2026-03-09', '09:00', cold),
      iv('2026-03-09', '09:30', hot),
      iv('2026-03-09', '10:00', hot),
      iv('2026-03-09', '10:30', cold),
      iv('2026-03-09', '11:00', cold),
    ];
    const bands = saturatedBands(intervals, 60, 0.01);
    expect(bands.map((b) => b.band)).toEqual(['09:00', '10:00']);
    expect(hasConsecutiveSaturation(bands)).toBe(true);
    const plan = planChannels(intervals, { blocking: 0.01, minimumChannels: 60 });
    expect(plan.cc5.consecutiveSaturation).toBe(true);
    expect(plan.cc5.steps[0]).toBe(72);
    expect(erlangB(hot, plan.cc5.channelsAfterRule)).toBeLessThanOrEqual(0.01);
    expect(plan.sized).toBe(linesForBlocking(hot, 0.01));
  });

  it('does not flag one saturated band, bands an hour apart, or the same hour on two days', () => {
    const one = [iv('2026-03-09', '09:00', hot), iv('2026-03-09', '10:00', cold)];
    const apart = [
      iv('2026-03-09', '09:00', hot),
      iv('2026-03-09', '10:00', cold),
      iv('2026-03-09', '11:00', hot),
    ];
    const twoDays = [iv('2026-03-09', '09:00', hot), iv('2026-03-10', '09:00', hot)];
    for (const intervals of [one, apart, twoDays]) {
      const plan = planChannels(intervals, { blocking: 0.01, minimumChannels: 60 });
      expect(plan.cc5.saturatedBands.length).toBeGreaterThan(0);
      expect(plan.cc5.consecutiveSaturation).toBe(false);
      expect(plan.cc5.channelsAfterRule).toBe(60);
    }
  });
});

describe('planned staffing against the requirement', () => {
  const week = forecastTraffic({
    profile: cup,
    period: { from: '2026-03-09', to: '2026-03-15' },
    intervalMinutes: 30,
  });
  const workforce = { shrinkage: 0.3, contractHoursPerWeek: 40 };
  const channelRules = { blocking: 0.01, minimumChannels: 60 };
  const plan = (staffing: Parameters<typeof planStaffing>[4], targets = targetsC) =>
    planStaffing(week, targets, workforce, channelRules, staffing);

  it('plans the required agents without a rule, and a scale of 1 is the same plan', () => {
    const today = plan(null);
    expect(today.staffing).toBeNull();
    for (const iv of today.intervals) {
      expect(iv.plannedAgents).toBe(iv.requiredAgents);
      expect(iv.agents).toBe(iv.requiredAgents);
      expect(iv.belowTarget).toBe(false);
    }
    expect(today.totals.fte).toBe(today.totals.required.fte);
    expect(today.totals.intervalsBelowTarget).toBe(0);
    const one = plan({ scale: 1 });
    expect(one.staffing).toEqual({ scale: 1 });
    expect({ ...one, staffing: null }).toEqual(today);
  });

  it('with a cap below the requirement, gives Erlang C’s figures for the capped agents and flags them', () => {
    const required = plan(null);
    const peak = required.totals.peakAgents;
    const cap = peak - 4;
    const capped = plan({ maxAgents: cap });
    expect(capped.totals.peakAgents).toBe(cap);
    expect(capped.totals.required.peakAgents).toBe(peak);
    let short = 0;
    for (const [i, iv] of capped.intervals.entries()) {
      const full = required.intervals[i]!;
      expect(iv.requiredAgents).toBe(full.requiredAgents);
      expect(iv.plannedAgents).toBe(Math.min(full.requiredAgents, cap));
      if (iv.plannedAgents === full.requiredAgents) {
        expect(iv.serviceLevel).toBe(full.serviceLevel);
        continue;
      }
      short++;
      const c = erlangCMetrics({
        callsPerPeriod: iv.calls,
        periodSeconds: 1800,
        ahtSeconds: iv.ahtSeconds,
        agents: iv.plannedAgents,
        targetSeconds: 20,
      });
      expect(iv.serviceLevel).toBe(c.serviceLevel);
      expect(iv.probabilityOfWaiting).toBe(c.probabilityOfWaiting);
      expect(iv.averageSpeedOfAnswerSeconds).toBe(c.averageSpeedOfAnswerSeconds);
      expect(iv.occupancy).toBe(c.occupancy);
      expect(iv.serviceLevel).toBeLessThan(full.serviceLevel);
      expect(iv.belowTarget).toBe(iv.serviceLevel < 0.9);
      // Channels stay sized for the queueing the targets allow.
      expect(iv.channelsNeeded).toBe(full.channelsNeeded);
    }
    expect(short).toBeGreaterThan(0);
    expect(capped.totals.intervalsBelowTarget).toBeGreaterThan(0);
    expect(capped.totals.intervalsBelowTarget).toBe(capped.intervals.filter((iv) => iv.belowTarget).length);
    expect(capped.totals.serviceLevel!).toBeLessThan(required.totals.serviceLevel!);
    expect(capped.totals.required.serviceLevel).toBe(required.totals.serviceLevel);
    // FTE needed is the full plan's; FTE planned is the capped agents' hours.
    expect(capped.totals.required.fte).toBeCloseTo(required.totals.fte, 9);
    const hours = capped.intervals.reduce((s, iv) => s + iv.plannedAgents * 0.5, 0);
    expect(capped.totals.agentHours).toBeCloseTo(hours, 9);
    expect(capped.totals.fte).toBeCloseTo(hours / 0.7 / 40, 9);
    expect(capped.totals.fte).toBeLessThan(capped.totals.required.fte);
    const monday = capped.byDay.find((d) => d.date === '2026-03-09')!;
    expect(monday.peakAgents).toBe(cap);
    expect(monday.requiredPeakAgents).toBe(required.byDay[0]!.peakAgents);
    expect(monday.requiredAgentHours).toBeCloseTo(required.byDay[0]!.agentHours, 9);
    expect(monday.intervalsBelowTarget).toBeGreaterThan(0);
    expect(monday.serviceLevel!).toBeLessThan(0.9);
  });

  it('with Erlang A, gives Erlang A’s service level and abandonment for the planned agents', () => {
    const targetsA = { ...targetsC, model: 'a' as const, patienceSeconds: 150 };
    const scaled = plan({ scale: 0.8 }, targetsA);
    const iv = scaled.intervals.find((x) => x.plannedAgents < x.requiredAgents)!;
    expect(iv.plannedAgents).toBe(Math.ceil(iv.requiredAgents * 0.8 - 1e-9));
    const a = erlangAMetrics({
      callsPerPeriod: iv.calls,
      periodSeconds: 1800,
      ahtSeconds: iv.ahtSeconds,
      agents: iv.plannedAgents,
      targetSeconds: 20,
      patienceSeconds: 150,
    });
    expect(iv.serviceLevel).toBe(a.answeredWithinTargetOverOffered);
    expect(iv.probabilityOfAbandoning).toBe(a.probabilityOfAbandoning);
    expect(iv.queueSeconds).toBeCloseTo(a.probabilityOfAbandoning * 150, 12);
    expect(scaled.totals.abandonment!).toBeGreaterThan(scaled.totals.required.abandonment!);
  });

  it('takes a roster by time band and weekday: the agents present, whatever the requirement', () => {
    const rostered = plan({
      roster: [
        { from: '08:00', to: '14:00', agents: 24, weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'] },
        { from: '14:00', to: '20:00', agents: 16, weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'] },
        { from: '08:00', to: '14:00', agents: 10, weekdays: ['sat'] },
      ],
    });
    for (const iv of rostered.intervals) {
      const expected = iv.weekday === 'sat' ? 10 : iv.time < '14:00' ? 24 : 16;
      expect(iv.plannedAgents, `${iv.date} ${iv.time}`).toBe(expected);
    }
    // 5 weekdays × (12 × 24 + 12 × 16) half-hours + Saturday 12 × 10, in hours.
    expect(rostered.totals.agentHours).toBe(5 * (12 * 24 + 12 * 16) * 0.5 + 12 * 10 * 0.5);
    expect(rostered.byDay.find((d) => d.weekday === 'sat')).toMatchObject({
      peakAgents: 10,
      peakAt: '08:00',
    });
    // Where the roster has more agents than required, the service level rises above the full plan's.
    const full = plan(null);
    const over = rostered.intervals.findIndex((iv) => iv.plannedAgents > iv.requiredAgents);
    expect(rostered.intervals[over]!.serviceLevel).toBeGreaterThan(full.intervals[over]!.serviceLevel);
  });

  it('reports no ASA for a month in which some interval’s Erlang C queue never clears', () => {
    const starved = plan({ scale: 0.5 });
    expect(starved.intervals.some((iv) => iv.averageSpeedOfAnswerSeconds === Number.POSITIVE_INFINITY)).toBe(
      true,
    );
    expect(starved.totals.averageSpeedOfAnswerSeconds).toBe(Number.POSITIVE_INFINITY);
    expect(starved.totals.required.averageSpeedOfAnswerSeconds).toBeLessThan(20);
  });
});
