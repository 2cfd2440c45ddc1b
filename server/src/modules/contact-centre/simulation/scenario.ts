import { invalidField } from '../../../platform/errors.ts';
import { type Distribution, validateDistribution } from '../../telephony/index.ts';
import { BUILTIN_CENTRES } from '../config/builtin-config.ts';
import { WEEKDAYS, type Weekday } from '../engine/calendar.ts';
import type { ContactCentreConfig } from '../engine/config.ts';
import { type LineConfig, normaliseNumber } from '../engine/lines.ts';

/**
 * A simulation scenario (JSON). Durations are in seconds and are distributions:
 * `{ "type": "exponential", "mean": 180 }`, `{ "type": "lognormal", "mean": 173, "sd": 120 }`,
 * `{ "type": "constant", "value": 0 }` or `{ "type": "uniform", "min": 2, "max": 6 }`.
 *
 * - `centre`: a built-in contact centre ('basilicata', 'toscana', 'single-queue') or a full configuration
 *   (lines, IVR flows, queues), with `rules` overriding its agent, announcement, callback and survey rules.
 * - `traffic`: one entry per dialled line. 'curves' spreads `yearlyCalls` (calls in opening hours) by the
 *   monthly percentages, then over the month's days by the weekday percentages (holidays get none), then
 *   over the day by the hourly percentages ('HH' = hour starting then, local time); `outOfHoursShare` adds
 *   that share of callers dialling when closed. 'stationary' is a constant rate around the clock. Within an
 *   hour, arrivals are Poisson.
 * - `callers`: patience on hold (null: never hang up), redial after abandoning or busy, key choices per IVR
 *   menu ('flow/node' → key → weight), think time before a key, acceptance of callback offers, answering
 *   callbacks and surveys, and survey score weights (1..5).
 * - `handling`: simulated agents' talk time, after-call work, time to accept an offer, and the share of
 *   calls resolved at first contact or escalated to the back office.
 * - `agents.skills`: the skills every simulated agent has (skill → level).
 * - `staffing`: agents logged in — a constant, a table of intervals per weekday, or 'erlang': sized hour by
 *   hour with Erlang C from the expected traffic of the open lines for a service level. Tables and Erlang
 *   sizing are applied at the start of each hour; agents leaving finish their call first.
 * `scenario.example.json` next to this file is a complete example.
 */
export interface Scenario {
  name: string;
  description: string;
  centre: string | ContactCentreConfig;
  rules?: Pick<ContactCentreConfig, 'agents' | 'announcements' | 'callbacks' | 'survey'>;
  /** First simulated day when none is given, 'YYYY-MM-DD'. */
  startDate?: string;
  timeZone?: string;
  traffic: TrafficSpec[];
  callers: CallerSpec;
  handling: HandlingSpec;
  agents: { skills: Record<string, number> };
  staffing: Staffing;
}

export type TrafficSpec = CurveTraffic | StationaryTraffic;

export interface CurveTraffic {
  kind: 'curves';
  line: string;
  yearlyCalls: number;
  /** 12 percentages, January first. */
  monthly: number[];
  /** Percentages of a week's calls by weekday. */
  weekday: Partial<Record<Weekday, number>>;
  /** Percentages of a day's calls by hour ('08' = 08:00–09:00). */
  hourly: {
    weekday: Record<string, number>;
    saturday: Record<string, number>;
    sunday?: Record<string, number>;
  };
  outOfHoursShare?: number;
  /** Hours when out-of-hours callers dial; default weekdays 07, 20, 21 and Saturdays 14, 15. */
  outOfHoursHours?: { weekday: string[]; saturday: string[] };
}

export interface StationaryTraffic {
  kind: 'stationary';
  line: string;
  callsPerHour: number;
}

export interface CallerSpec {
  patience: Distribution | null;
  redial: { probability: number; delay: Distribution; maxRedials?: number };
  ivrChoices: Record<string, Record<string, number>>;
  thinkSeconds: Distribution;
  callbackAcceptance: number;
  outOfHoursCallbackAcceptance: number;
  answerCallback: number;
  answerSurvey: number;
  surveyScores: number[];
}

export interface HandlingSpec {
  talk: Distribution;
  afterCallWork: Distribution;
  ring: Distribution;
  firstContactResolution: number;
  escalation: number;
}

export type Staffing =
  | { kind: 'constant'; agents: number }
  | { kind: 'table'; intervals: { days: Weekday[]; from: string; to: string; agents: number }[] }
  | {
      kind: 'erlang';
      serviceLevel: number;
      targetSeconds: number;
      minAgents?: number;
      maxOccupancy?: number;
    };

const share = (x: unknown) => typeof x === 'number' && x >= 0 && x <= 1;
const HOUR = /^([01]\d|2[0-3])$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

function percentages(values: number[], path: string, lengthNote: string): void {
  if (values.some((v) => typeof v !== 'number' || !(v >= 0))) {
    throw invalidField(path, `${path}: ${lengthNote} percentages must be numbers >= 0`);
  }
  const total = values.reduce((s, v) => s + v, 0);
  if (Math.abs(total - 100) > 1)
    throw invalidField(path, `${path}: ${lengthNote} percentages add up to ${total.toFixed(2)}, not 100`);
}

function hourTable(table: Record<string, number> | undefined, path: string): void {
  if (typeof table !== 'object' || table === null)
    throw invalidField(path, `${path} must be an object of hours`);
  for (const key of Object.keys(table)) {
    if (!HOUR.test(key)) throw invalidField(`${path}.${key}`, `${path}.${key}: hours are written '00'–'23'`);
  }
  percentages(Object.values(table), path, 'hourly');
}

/** The centre configuration a scenario runs on, with its rule overrides applied. */
export function scenarioCentre(s: Scenario): ContactCentreConfig {
  let base: ContactCentreConfig;
  if (typeof s.centre === 'string') {
    const make = BUILTIN_CENTRES[s.centre];
    if (!make) {
      throw invalidField(
        'scenario.centre',
        `scenario.centre: unknown centre ${s.centre} (${Object.keys(BUILTIN_CENTRES).join(', ')})`,
      );
    }
    base = make();
  } else {
    base = s.centre;
  }
  const r = s.rules ?? {};
  return {
    ...base,
    agents: { ...base.agents, ...r.agents },
    announcements: { ...base.announcements, ...r.announcements },
    callbacks: { ...base.callbacks, ...r.callbacks },
    survey: { ...base.survey, ...r.survey },
  };
}

/** The line each traffic entry dials, in the traffic's order (validateScenario checks every one exists). */
export function dialledLines(s: Scenario): LineConfig[] {
  const lines = scenarioCentre(s).lines;
  return s.traffic.map((t) => lines.find((l) => normaliseNumber(l.number) === normaliseNumber(t.line))!);
}

/** Validates a scenario; errors name the path (e.g. `scenario.traffic.0.monthly`). */
export function validateScenario(s: Scenario): void {
  if (typeof s !== 'object' || s === null) throw invalidField('scenario', 'a scenario is a JSON object');
  if (!s.name) throw invalidField('scenario.name', 'scenario.name is required');
  const centre = scenarioCentre(s);
  const lines = new Set(centre.lines.map((l) => normaliseNumber(l.number)));
  if (!Array.isArray(s.traffic) || s.traffic.length === 0)
    throw invalidField('scenario.traffic', 'scenario.traffic: at least one entry');
  for (const [i, t] of s.traffic.entries()) validateTraffic(t, `scenario.traffic.${i}`, lines);
  validateCallers(s.callers, 'scenario.callers');
  const h = s.handling;
  if (typeof h !== 'object' || h === null)
    throw invalidField('scenario.handling', 'scenario.handling is required');
  validateDistribution(h.talk, 'scenario.handling.talk');
  validateDistribution(h.afterCallWork, 'scenario.handling.afterCallWork');
  validateDistribution(h.ring, 'scenario.handling.ring');
  if (!share(h.firstContactResolution) || !share(h.escalation)) {
    throw invalidField(
      'scenario.handling',
      'scenario.handling.firstContactResolution and escalation are shares in [0, 1]',
    );
  }
  if (typeof s.agents?.skills !== 'object' || Object.keys(s.agents.skills).length === 0) {
    throw invalidField('scenario.agents.skills', 'scenario.agents.skills: at least one skill');
  }
  validateStaffing(s.staffing, 'scenario.staffing');
}

function validateTraffic(t: TrafficSpec, p: string, lines: Set<string>): void {
  if (!t || typeof t.line !== 'string' || !lines.has(normaliseNumber(t.line))) {
    throw invalidField(`${p}.line`, `${p}.line is not a line of the scenario's centre`);
  }
  if (t.kind === 'stationary') {
    if (!(t.callsPerHour >= 0 && Number.isFinite(t.callsPerHour)))
      throw invalidField(`${p}.callsPerHour`, `${p}.callsPerHour must be >= 0`);
    return;
  }
  if (t.kind !== 'curves') throw invalidField(`${p}.kind`, `${p}.kind must be curves or stationary`);
  if (!(t.yearlyCalls >= 0 && Number.isFinite(t.yearlyCalls)))
    throw invalidField(`${p}.yearlyCalls`, `${p}.yearlyCalls must be >= 0`);
  if (!Array.isArray(t.monthly) || t.monthly.length !== 12)
    throw invalidField(`${p}.monthly`, `${p}.monthly needs 12 values`);
  percentages(t.monthly, `${p}.monthly`, 'monthly');
  for (const key of Object.keys(t.weekday ?? {})) {
    if (!(WEEKDAYS as readonly string[]).includes(key))
      throw invalidField(`${p}.weekday.${key}`, `${p}.weekday.${key}: unknown weekday`);
  }
  percentages(Object.values(t.weekday ?? {}), `${p}.weekday`, 'weekday');
  hourTable(t.hourly?.weekday, `${p}.hourly.weekday`);
  hourTable(t.hourly?.saturday, `${p}.hourly.saturday`);
  if (t.hourly.sunday) hourTable(t.hourly.sunday, `${p}.hourly.sunday`);
  if (t.outOfHoursShare !== undefined && !(t.outOfHoursShare >= 0 && t.outOfHoursShare <= 1)) {
    throw invalidField(`${p}.outOfHoursShare`, `${p}.outOfHoursShare must be in [0, 1]`);
  }
  for (const [k, hours] of Object.entries(t.outOfHoursHours ?? {})) {
    if (!Array.isArray(hours) || hours.some((x) => !HOUR.test(x))) {
      throw invalidField(`${p}.outOfHoursHours.${k}`, `${p}.outOfHoursHours.${k}: a list of hours '00'–'23'`);
    }
  }
}

function validateCallers(c: CallerSpec, p: string): void {
  if (typeof c !== 'object' || c === null) throw invalidField(p, `${p} is required`);
  if (c.patience !== null) validateDistribution(c.patience, `${p}.patience`);
  if (!share(c.redial?.probability))
    throw invalidField(`${p}.redial.probability`, `${p}.redial.probability must be in [0, 1]`);
  validateDistribution(c.redial.delay, `${p}.redial.delay`);
  validateDistribution(c.thinkSeconds, `${p}.thinkSeconds`);
  for (const key of [
    'callbackAcceptance',
    'outOfHoursCallbackAcceptance',
    'answerCallback',
    'answerSurvey',
  ] as const) {
    if (!share(c[key])) throw invalidField(`${p}.${key}`, `${p}.${key} must be in [0, 1]`);
  }
  for (const [menu, mix] of Object.entries(c.ivrChoices ?? {})) {
    for (const [key, w] of Object.entries(mix)) {
      if (!/^[0-9*#]$/.test(key) || !(w >= 0)) {
        throw invalidField(
          `${p}.ivrChoices.${menu}.${key}`,
          `${p}.ivrChoices.${menu}.${key}: a keypad key with a weight >= 0`,
        );
      }
    }
  }
  if (
    !Array.isArray(c.surveyScores) ||
    c.surveyScores.length !== 5 ||
    c.surveyScores.some((w) => !(w >= 0))
  ) {
    throw invalidField(`${p}.surveyScores`, `${p}.surveyScores: five weights >= 0 for scores 1 to 5`);
  }
}

function validateStaffing(s: Staffing, p: string): void {
  switch (s?.kind) {
    case 'constant':
      if (!Number.isSafeInteger(s.agents) || s.agents < 0)
        throw invalidField(`${p}.agents`, `${p}.agents must be an integer >= 0`);
      return;
    case 'table':
      for (const [i, iv] of (s.intervals ?? []).entries()) {
        const ip = `${p}.intervals.${i}`;
        if (!TIME.test(iv.from) || !TIME.test(iv.to) || iv.from >= iv.to)
          throw invalidField(ip, `${ip}: from/to 'HH:MM', from before to`);
        if (!Number.isSafeInteger(iv.agents) || iv.agents < 0)
          throw invalidField(`${ip}.agents`, `${ip}.agents must be an integer >= 0`);
        if (!Array.isArray(iv.days) || iv.days.some((d) => !(WEEKDAYS as readonly string[]).includes(d))) {
          throw invalidField(`${ip}.days`, `${ip}.days: weekdays such as 'mon'`);
        }
      }
      return;
    case 'erlang':
      if (!share(s.serviceLevel) || !(s.targetSeconds >= 0)) {
        throw invalidField(p, `${p}: serviceLevel in [0, 1] and targetSeconds >= 0`);
      }
      return;
    default:
      throw invalidField(`${p}.kind`, `${p}.kind must be constant, table or erlang`);
  }
}
