// Small plans and what-ifs shaped like the API's answers, for the planning tests only.
import type { Estimate, Plan, PlannedInterval, WhatIfResult } from './types.ts';

const interval = (date: string, time: string, agents: number, over: Partial<PlannedInterval> = {}) => ({
  start: `${date}T${time}:00+01:00`,
  date,
  time,
  weekday: date === '2026-12-01' ? 'tue' : 'thu',
  calls: 80,
  ahtSeconds: 225,
  channelHoldingSeconds: 208,
  requiredAgents: agents,
  plannedAgents: agents,
  agents,
  belowTarget: false,
  trafficErlangs: 10,
  serviceLevel: 0.93,
  probabilityOfWaiting: 0.1,
  probabilityOfAbandoning: 0,
  averageSpeedOfAnswerSeconds: 4,
  occupancy: 0.7,
  queueSeconds: 4,
  channelTrafficErlangs: 9.2,
  channelsNeeded: 17,
  ...over,
});

/** Two open days with two half-hours each, and a closed day (a holiday) in between. */
export const plan: Plan = {
  scenario: 'cup-2013',
  lineNumber: '848821821',
  from: '2026-12-01',
  to: '2026-12-03',
  days: 3,
  intervalMinutes: 30,
  targets: { model: 'c', serviceLevel: 0.9, targetSeconds: 20, maxAbandonment: 0.1, patienceSeconds: 150 },
  staffing: null,
  handling: { ahtSeconds: 225, talkSeconds: 173, afterCallWorkSeconds: 52 },
  totals: {
    calls: 46964.4945,
    agentHours: 4249,
    paidHours: 6070,
    fte: 34.26612903225806,
    shrinkage: 0.3,
    contractHoursPerWeek: 40,
    periodDays: 31,
    peakAgents: 25,
    serviceLevel: 0.9234866540043105,
    abandonment: 0,
    averageSpeedOfAnswerSeconds: 5.3716980354875785,
    openIntervals: 4,
    intervalsBelowTarget: 0,
    required: {
      agentHours: 4249,
      paidHours: 6070,
      fte: 34.26612903225806,
      peakAgents: 25,
      serviceLevel: 0.9234866540043105,
      abandonment: 0,
      averageSpeedOfAnswerSeconds: 5.3716980354875785,
    },
  },
  channels: {
    minimum: 60,
    blockingTarget: 0.01,
    peakTrafficErlangs: 17.8,
    sized: 28,
    recommended: 60,
    provisioned: 60,
    cc5: { saturatedBands: [], consecutiveSaturation: false, steps: [], channelsAfterRule: 60 },
  },
  byDay: [
    {
      date: '2026-12-01',
      weekday: 'tue',
      open: true,
      calls: 160,
      agentHours: 13,
      peakAgents: 14,
      peakAt: '08:00',
      requiredAgentHours: 13,
      requiredPeakAgents: 14,
      serviceLevel: 0.92,
      intervalsBelowTarget: 0,
      channelsNeeded: 17,
    },
    {
      date: '2026-12-02',
      weekday: 'wed',
      open: false,
      calls: 0,
      agentHours: 0,
      peakAgents: 0,
      peakAt: null,
      requiredAgentHours: 0,
      requiredPeakAgents: 0,
      serviceLevel: null,
      intervalsBelowTarget: 0,
      channelsNeeded: 0,
    },
    {
      date: '2026-12-03',
      weekday: 'thu',
      open: true,
      calls: 200,
      agentHours: 16,
      peakAgents: 25,
      peakAt: '08:30',
      requiredAgentHours: 16,
      requiredPeakAgents: 25,
      serviceLevel: 0.9026,
      intervalsBelowTarget: 0,
      channelsNeeded: 28,
    },
  ],
  intervals: [
    interval('2026-12-01', '08:00', 14),
    interval('2026-12-01', '08:30', 13, { serviceLevel: 0.91, trafficErlangs: 9.123, channelsNeeded: 16 }),
    interval('2026-12-03', '08:00', 20, { serviceLevel: 0.905 }),
    interval('2026-12-03', '08:30', 25, {
      serviceLevel: 0.9012,
      trafficErlangs: 17.8,
      channelsNeeded: 28,
      calls: 142.25,
    }),
  ],
};

/**
 * The same plan with a cap of 20 agents: the peak day's 08:30 has 20 of the 25 agents it requires, and
 * misses the target.
 */
export const cappedPlan: Plan = {
  ...plan,
  staffing: { maxAgents: 20 },
  totals: {
    ...plan.totals,
    agentHours: 4101.5,
    paidHours: 5859.3,
    fte: 33.08,
    peakAgents: 20,
    serviceLevel: 0.8512,
    intervalsBelowTarget: 1,
  },
  byDay: plan.byDay.map((d) =>
    d.date === '2026-12-03'
      ? {
          ...d,
          agentHours: 13.5,
          peakAgents: 20,
          peakAt: '08:00',
          serviceLevel: 0.62,
          intervalsBelowTarget: 1,
        }
      : d,
  ),
  intervals: plan.intervals.map((iv) =>
    iv.date === '2026-12-03' && iv.time === '08:30'
      ? { ...iv, plannedAgents: 20, agents: 20, serviceLevel: 0.4377, belowTarget: true }
      : iv,
  ),
};

const est = (mean: number | null, low: number | null, high: number | null, n = 5): Estimate => ({
  mean,
  low,
  high,
  n,
});

export const whatIf: WhatIfResult = {
  plan,
  whatIf: {
    label: 'simulazione',
    replications: 5,
    seeds: [1, 2, 3, 4, 5],
    targetSeconds: 20,
    wallSeconds: 7.42,
    total: {
      offered: est(47012.4, 46800.1, 47224.7),
      serviceLevel: est(0.9727, 0.9506, 0.9949),
      abandonment: est(0.011, 0.0023, 0.0198),
      answeredShare: est(0.9801, 0.9591, 1.0012),
      averageSpeedOfAnswerSeconds: est(3.43, 2.34, 4.53),
    },
    byDay: [],
    intervals: [
      {
        start: '2026-12-03T08:00:00+01:00',
        date: '2026-12-03',
        time: '08:00',
        agents: 20,
        modelServiceLevel: 0.905,
        offered: est(80, 70, 90),
        serviceLevel: est(0.95, 0.9, 1),
        abandonment: est(0, 0, 0),
        answeredShare: est(1, 1, 1),
        averageSpeedOfAnswerSeconds: est(2, 1, 3),
      },
    ],
    penalties: {
      source: 'Capitolato tecnico Basilicata (seed 003), §6.1',
      observedDays: 24,
      rules: [
        {
          id: 'tempo-massimo-attesa',
          description: 'Tempo massimo di attesa 20" nel 90% dei casi',
          comparison: 'at-least',
          threshold: 0.9,
          measured: est(0.9727, 0.9506, 0.9949),
          points: est(0, 0, 0),
          share: est(0, 0, 0),
          euros: est(0, 0, 0),
        },
        {
          id: 'soluzione-primo-contatto',
          description: "Soluzione al primo contatto entro 4' nel 90% dei casi",
          comparison: 'at-least',
          threshold: 0.9,
          measured: est(0.8463, 0.8279, 0.8646),
          points: est(5, 2.5158, 7.4842),
          share: est(0.025, 0.0126, 0.0374),
          euros: est(2500, 1257.9, 3742.1),
        },
      ],
      share: est(0.025, 0.0126, 0.0374),
      euros: est(2500, 1257.9, 3742.1),
      probabilityOfPenalty: 1,
    },
    line: {
      number: '848821821',
      channels: 60,
      busy: est(0, 0, 0),
      peakChannelsInUse: est(31.4, 29.9, 32.9),
      cc5Triggered: 0,
      suggestedChannels: 60,
    },
  },
};
