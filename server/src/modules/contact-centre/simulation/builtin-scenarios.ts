import type { Scenario } from './scenario.ts';

/**
 * Traffic curves of the Basilicata tender (seed 003, §2.1.4–2.1.5 CUP, §2.2.4–2.2.5 regional line):
 * yearly contacts of 2013, and monthly / weekday / hourly percentages recorded in 2014.
 * What the tender does not give is marked as an assumption.
 */
const CUP_MONTHLY = [8.92, 8.24, 9.11, 7.45, 8.58, 7.74, 9.08, 6.53, 9.25, 9.65, 9.18, 6.27];
const REGIONAL_MONTHLY = [6.69, 5.11, 9.13, 7.65, 5.88, 7.2, 7.19, 3.36, 6.29, 14.96, 21.49, 5.05];
const WEEKDAY = { mon: 21.09, tue: 20.11, wed: 18.69, thu: 17.41, fri: 17.04, sat: 5.67 };

const hours = (start: number, values: number[]) =>
  Object.fromEntries(values.map((v, i) => [String(start + i).padStart(2, '0'), v]));

const CUP_HOURLY = {
  weekday: hours(8, [8.7, 12.78, 12.64, 12.78, 11.08, 5.92, 4.6, 5.77, 6.85, 8.03, 6.93, 3.9]),
  saturday: hours(8, [14.7, 23.78, 23.47, 18.99, 13.11, 5.95]),
};
const REGIONAL_HOURLY = {
  weekday: hours(8, [3.4, 14.99, 17.6, 16.95, 15.13, 5.24, 2.95, 4.9, 6.12, 6.23, 3.85, 2.63]),
  saturday: hours(8, [8.66, 17.14, 21.85, 22.6, 19.77, 9.98]),
};

/** Caller behaviour shared by the tender scenarios (assumptions, except where a seed gives a figure). */
const TENDER_CALLERS: Scenario['callers'] = {
  patience: { type: 'lognormal', mean: 150, sd: 120 },
  redial: { probability: 0.4, delay: { type: 'exponential', mean: 600 }, maxRedials: 3 },
  ivrChoices: {
    'cup/principale': { '1': 0.55, '2': 0.15, '3': 0.1, '4': 0.2 },
    'regionale/principale': { '1': 0.5, '2': 0.2, '3': 0.3 },
  },
  thinkSeconds: { type: 'uniform', min: 2, max: 6 },
  callbackAcceptance: 0.35,
  // Seed 000 (ASL Foggia): 3,804 callbacks out of 9,263 out-of-hours calls.
  outOfHoursCallbackAcceptance: 0.41,
  answerCallback: 0.85,
  answerSurvey: 0.6,
  surveyScores: [5, 8, 17, 35, 35],
};

export const BUILTIN_SCENARIOS: Record<string, Scenario> = {
  'cup-2013': {
    name: 'cup-2013',
    description:
      'CUP Basilicata, 749,035 contacts in 2013 (seed 003 §2.1.4) on the 2014 curves (§2.1.5); 3.75 min ' +
      'per contact, 77% talk and 23% after-call work; 6.6% extra callers out of hours (seed 000).',
    centre: 'basilicata',
    startDate: '2013-01-01',
    traffic: [
      {
        kind: 'curves',
        line: '848821821',
        yearlyCalls: 749_035,
        monthly: CUP_MONTHLY,
        weekday: WEEKDAY,
        hourly: CUP_HOURLY,
        outOfHoursShare: 0.066,
      },
    ],
    callers: TENDER_CALLERS,
    handling: {
      talk: { type: 'lognormal', mean: 173, sd: 130 },
      afterCallWork: { type: 'lognormal', mean: 52, sd: 30 },
      ring: { type: 'uniform', min: 1, max: 4 },
      firstContactResolution: 0.78,
      escalation: 0.05,
    },
    agents: {
      skills: { 'cup-prenotazioni': 2, 'cup-disdette': 1, 'cup-disponibilita': 1, 'cup-informazioni': 1 },
    },
    staffing: { kind: 'erlang', serviceLevel: 0.9, targetSeconds: 20 },
  },
  'regional-2013': {
    name: 'regional-2013',
    description:
      'Regional contact centre, 12,009 telephone contacts in 2013 (seed 003 §2.2.4) on the 2014 curves ' +
      '(§2.2.5); about 9 minutes per contact, 62% talk and 38% after-call work.',
    centre: 'basilicata',
    startDate: '2013-01-01',
    traffic: [
      {
        kind: 'curves',
        line: '800292020',
        yearlyCalls: 12_009,
        monthly: REGIONAL_MONTHLY,
        weekday: WEEKDAY,
        hourly: REGIONAL_HOURLY,
        outOfHoursShare: 0.066,
      },
    ],
    callers: TENDER_CALLERS,
    handling: {
      talk: { type: 'lognormal', mean: 330, sd: 250 },
      afterCallWork: { type: 'lognormal', mean: 202, sd: 120 },
      ring: { type: 'uniform', min: 1, max: 4 },
      firstContactResolution: 0.7,
      escalation: 0.2,
    },
    agents: { skills: { regionale: 2 } },
    staffing: { kind: 'erlang', serviceLevel: 0.9, targetSeconds: 20, minAgents: 1 },
  },
  'erlang-c-example': {
    name: 'erlang-c-example',
    description:
      'Stationary M/M/14: 100 calls per 30 minutes, exponential 180 s handling, nobody abandons. Erlang C ' +
      'gives P(wait) 0.1741, 80/20 service level 0.8884, ASA 7.84 s.',
    centre: 'single-queue',
    startDate: '2025-01-06',
    traffic: [{ kind: 'stationary', line: '0000000001', callsPerHour: 200 }],
    callers: {
      ...TENDER_CALLERS,
      patience: null,
      redial: { probability: 0, delay: { type: 'constant', value: 0 } },
      thinkSeconds: { type: 'constant', value: 0 },
    },
    handling: {
      talk: { type: 'exponential', mean: 180 },
      afterCallWork: { type: 'constant', value: 0 },
      ring: { type: 'constant', value: 0 },
      firstContactResolution: 1,
      escalation: 0,
    },
    agents: { skills: { generale: 1 } },
    staffing: { kind: 'constant', agents: 14 },
  },
};

/** The Erlang A (M/M/n+M) variant: same traffic, exponential patience, fewer agents. */
BUILTIN_SCENARIOS['erlang-a-example'] = {
  ...BUILTIN_SCENARIOS['erlang-c-example']!,
  name: 'erlang-a-example',
  description:
    'Stationary M/M/11+M: 100 calls per 30 minutes, exponential 180 s handling and 120 s patience.',
  callers: {
    ...BUILTIN_SCENARIOS['erlang-c-example']!.callers,
    patience: { type: 'exponential', mean: 120 },
  },
  staffing: { kind: 'constant', agents: 11 },
};
