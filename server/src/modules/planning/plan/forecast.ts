import { DateTime } from 'luxon';
import { invalidField } from '../../../platform/errors.ts';
import {
  BUILTIN_SCENARIOS,
  MIN_CHANNELS,
  normaliseNumber,
  OpeningCalendar,
  type OpeningHours,
  type Scenario,
  scenarioCentre,
  type TrafficSpec,
  type Weekday,
} from '../../contact-centre/index.ts';
import { meanOf } from '../../telephony/index.ts';

/**
 * WF-1 forecast: calls per interval from a yearly volume and the tender's monthly, weekday and hourly
 * curves (seed 003 §2.1.5 CUP, §2.2.5 regional line), on the line's own calendar (CC-4: Mon–Fri 08–20,
 * Sat 08–14, closed on Sundays and Italian holidays). The curves, handling times and opening hours are
 * those of the contact-centre module's built-in scenarios, so the plan and the simulator read one table.
 */

export const INTERVAL_MINUTES = [15, 30, 60] as const;
export type IntervalMinutes = (typeof INTERVAL_MINUTES)[number];

export const WEEKDAY_KEYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Traffic curves: percentages, like the tender's tables ('08' is the hour 08:00–09:00). */
export type TrafficCurves = Omit<Extract<TrafficSpec, { kind: 'curves' }>, 'kind' | 'line'>;

/** Seconds per call. AHT = talk + after-call work; the channel is held from greeting to survey, not in ACW. */
export interface HandlingTimes {
  talkSeconds: number;
  afterCallWorkSeconds: number;
  /** Welcome message and operator code (tender §2.1.6: about 7 s on every inbound call). */
  greetingSeconds: number;
  /** Menu listening and key choice (assumption: 15 s). */
  ivrSeconds: number;
  /** Hot survey call back (tender §2.1.6: about 90 s) … */
  surveySeconds: number;
  /** … on this share of handled calls (CC-8: 10%). */
  surveyShare: number;
}

/** What the planner knows about one service's line: the built-in scenario it comes from, and its data. */
export interface ServiceProfile {
  scenario: string;
  description: string;
  lineNumber: string;
  /** Service of the line ('cup', 'regionale'): sets the CC-5 minimum channels and the penalty rules. */
  lineService: string;
  minimumChannels: number;
  hours: OpeningHours | 'always';
  curves: TrafficCurves;
  handling: HandlingTimes;
  /** Mean caller patience, for Erlang A. */
  patienceSeconds: number;
  /**
   * From the start of the call to the queue, as the simulator's callers take it: one menu, then their key
   * after the scenario's think time (measured on the simulated CUP and regional lines: 2–6 s, mean 4.0 s).
   */
  preQueueSeconds: number;
}

function profileOf(name: string, scenario: Scenario): ServiceProfile | null {
  const traffic = scenario.traffic[0];
  if (scenario.traffic.length !== 1 || traffic?.kind !== 'curves') return null;
  const centre = scenarioCentre(scenario);
  const line = centre.lines.find((l) => normaliseNumber(l.number) === normaliseNumber(traffic.line));
  if (!line) return null;
  const { kind: _kind, line: _line, outOfHoursShare: _ooh, outOfHoursHours: _hours, ...curves } = traffic;
  return {
    scenario: name,
    description: scenario.description,
    lineNumber: normaliseNumber(line.number),
    lineService: line.service,
    minimumChannels: MIN_CHANNELS[line.service] ?? 1,
    hours: line.hours,
    curves,
    handling: {
      talkSeconds: meanOf(scenario.handling.talk),
      afterCallWorkSeconds: meanOf(scenario.handling.afterCallWork),
      greetingSeconds: 7,
      ivrSeconds: 15,
      surveySeconds: 90,
      surveyShare: centre.survey?.share ?? 0.1,
    },
    patienceSeconds: scenario.callers.patience ? meanOf(scenario.callers.patience) : Number.POSITIVE_INFINITY,
    preQueueSeconds: meanOf(scenario.callers.thinkSeconds),
  };
}

let profiles: Readonly<Record<string, ServiceProfile>> | undefined;

/**
 * The built-in scenarios that carry traffic curves ('cup-2013', 'regional-2013'), as planning profiles.
 * Built on first use, once: most callers never need the profiles.
 */
export function serviceProfiles(): Readonly<Record<string, ServiceProfile>> {
  profiles ??= Object.fromEntries(
    Object.entries(BUILTIN_SCENARIOS).flatMap(([name, s]) => {
      const p = profileOf(name, s);
      return p ? [[name, p]] : [];
    }),
  );
  return profiles;
}

export function serviceProfile(name: string, field = 'scenario'): ServiceProfile {
  const p = serviceProfiles()[name];
  if (!p)
    throw invalidField(field, `unknown scenario ${name} (${Object.keys(serviceProfiles()).join(', ')})`);
  return p;
}

/** An inclusive range of local dates, 'YYYY-MM-DD'. */
export interface PlanningPeriod {
  from: string;
  to: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function monthPeriod(month: string, field = 'month'): PlanningPeriod {
  if (!MONTH.test(month)) throw invalidField(field, `${field} must be YYYY-MM, got ${JSON.stringify(month)}`);
  const first = DateTime.fromISO(`${month}-01`);
  return { from: first.toISODate()!, to: first.endOf('month').toISODate()! };
}

export function yearPeriod(year: number): PlanningPeriod {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/** Days in the period; throws on malformed or reversed dates. */
export function periodDays(p: PlanningPeriod): number {
  for (const key of ['from', 'to'] as const) {
    if (!DATE.test(p[key]) || !DateTime.fromISO(p[key]).isValid) {
      throw invalidField(key, `${key} must be a date YYYY-MM-DD, got ${JSON.stringify(p[key])}`);
    }
  }
  const days = DateTime.fromISO(p.to).diff(DateTime.fromISO(p.from), 'days').days + 1;
  if (days < 1) throw invalidField('to', 'to must not be before from');
  return Math.round(days);
}

export interface ForecastInterval {
  /** Start instant, ISO 8601 with the Rome offset. */
  start: string;
  startMs: number;
  date: string;
  /** Local 'HH:mm'. */
  time: string;
  weekday: Weekday;
  /** Expected offered calls (fractional: an expectation). */
  calls: number;
  ahtSeconds: number;
  /** Greeting + IVR + queueing + talk + survey share; see channelHoldingSeconds(). */
  channelHoldingSeconds: number;
}

export interface ForecastDay {
  date: string;
  weekday: Weekday;
  open: boolean;
  calls: number;
}

export interface Forecast {
  scenario: string;
  lineNumber: string;
  timeZone: string;
  from: string;
  to: string;
  days: number;
  intervalMinutes: IntervalMinutes;
  yearlyCalls: number;
  handling: HandlingTimes & { ahtSeconds: number; queueSeconds: number };
  totalCalls: number;
  byDay: ForecastDay[];
  intervals: ForecastInterval[];
}

export interface ForecastInput {
  profile: ServiceProfile;
  period: PlanningPeriod;
  intervalMinutes: IntervalMinutes;
  /** Replace the profile's curves (validated by the caller). */
  curves?: TrafficCurves;
  handling?: Partial<HandlingTimes>;
  /** Average queueing per call assumed before staffing is known (default 20 s, the answer target). */
  queueSeconds?: number;
}

/**
 * Channel holding time per offered call: every caller holds a channel through greeting, IVR and queue;
 * those who are answered also through the talk, and the surveyed share again for the survey call back.
 * After-call work holds an agent, not a channel.
 */
export function channelHoldingSeconds(h: HandlingTimes, queueSeconds: number, abandonment = 0): number {
  const answered = 1 - abandonment;
  return (
    h.greetingSeconds +
    h.ivrSeconds +
    queueSeconds +
    answered * (h.talkSeconds + h.surveyShare * h.surveySeconds)
  );
}

interface Slot {
  startMs: number;
  hour: string;
  /** Local 'HH:mm'. */
  time: string;
  /** The zone's offset then, '+01:00'. */
  offset: string;
}

interface DayShape {
  date: string;
  local: DateTime;
  weekday: Weekday;
  slots: Slot[];
}

/** '+01:00' from an offset in minutes. */
function offsetText(minutes: number): string {
  const a = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** Open intervals of one local day: wall-clock hours through luxon (DST-safe), checked on the calendar. */
function dayShape(day: DateTime, calendar: OpeningCalendar, intervalMs: number): DayShape {
  const slots: Slot[] = [];
  const perHour = 3_600_000 / intervalMs;
  // Most days keep one offset: hours are then plain arithmetic; DST days go through luxon hour by hour.
  const steady = day.offset === day.endOf('day').offset;
  const dayMs = day.toMillis();
  for (let h = 0; h < 24; h++) {
    const hourStart = steady ? null : day.set({ hour: h });
    // On the spring-forward day 02:00 does not exist; luxon moves it to 03:00, which comes next anyway.
    if (hourStart && hourStart.hour !== h) continue;
    const ms = hourStart ? hourStart.toMillis() : dayMs + h * 3_600_000;
    const hour = String(h).padStart(2, '0');
    const offset = offsetText(hourStart ? hourStart.offset : day.offset);
    for (let k = 0; k < perHour; k++) {
      const startMs = ms + k * intervalMs;
      const time = `${hour}:${String((k * intervalMs) / 60_000).padStart(2, '0')}`;
      if (calendar.isOpen(startMs)) slots.push({ startMs, hour, time, offset });
    }
  }
  return { date: day.toISODate()!, local: day, weekday: WEEKDAY_KEYS[day.weekday - 1]!, slots };
}

function hourlyTable(curves: TrafficCurves, weekday: Weekday): Record<string, number> | undefined {
  if (weekday === 'sun') return curves.hourly.sunday;
  return weekday === 'sat' ? curves.hourly.saturday : curves.hourly.weekday;
}

/**
 * Spreads the yearly volume: month by its percentage; within the month over the open days by their
 * weekday percentage (closed days, holidays included, get none, so the month keeps its calls); within
 * the day over the open intervals by the hourly percentage, uniform inside an hour and renormalised
 * over the hours actually open. A full year of forecast adds up to the yearly volume.
 */
export function forecastTraffic(input: ForecastInput): Forecast {
  const { profile, period, intervalMinutes } = input;
  const curves = input.curves ?? profile.curves;
  const handling: HandlingTimes = { ...profile.handling, ...input.handling };
  const queueSeconds = input.queueSeconds ?? 20;
  const days = periodDays(period);
  const zone = profile.hours === 'always' ? 'Europe/Rome' : profile.hours.timeZone;
  const calendar = new OpeningCalendar(profile.hours);
  const intervalMs = intervalMinutes * 60_000;
  const monthlyTotal = curves.monthly.reduce((s, v) => s + v, 0);
  const aht = handling.talkSeconds + handling.afterCallWorkSeconds;
  const holding = channelHoldingSeconds(handling, queueSeconds);

  const shapes = new Map<string, DayShape>();
  const shapeOf = (day: DateTime): DayShape => {
    const key = day.toISODate()!;
    let s = shapes.get(key);
    if (!s) {
      s = dayShape(day, calendar, intervalMs);
      shapes.set(key, s);
    }
    return s;
  };
  const dayWeight = (s: DayShape) => (s.slots.length > 0 ? (curves.weekday[s.weekday] ?? 0) : 0);
  const monthWeights = new Map<string, number>();
  const monthWeight = (day: DateTime): number => {
    const key = day.toFormat('yyyy-MM');
    let w = monthWeights.get(key);
    if (w === undefined) {
      w = 0;
      for (let d = day.startOf('month'); d.month === day.month; d = d.plus({ days: 1 }))
        w += dayWeight(shapeOf(d));
      monthWeights.set(key, w);
    }
    return w;
  };

  const intervals: ForecastInterval[] = [];
  const byDay: ForecastDay[] = [];
  let totalCalls = 0;
  let day = DateTime.fromISO(period.from, { zone }).startOf('day');
  for (let i = 0; i < days; i++, day = day.plus({ days: 1 })) {
    const shape = shapeOf(day);
    const weight = dayWeight(shape);
    const mw = monthWeight(day);
    const monthCalls =
      monthlyTotal > 0 ? (curves.yearlyCalls * (curves.monthly[day.month - 1] ?? 0)) / monthlyTotal : 0;
    const dayCalls = weight > 0 && mw > 0 ? (monthCalls * weight) / mw : 0;
    byDay.push({ date: shape.date, weekday: shape.weekday, open: shape.slots.length > 0, calls: dayCalls });
    if (shape.slots.length === 0) continue;
    const table = hourlyTable(curves, shape.weekday) ?? {};
    const perHour = 60 / intervalMinutes;
    let total = 0;
    for (const s of shape.slots) total += (table[s.hour] ?? 0) / perHour;
    for (const s of shape.slots) {
      // An hourly table with nothing in the open hours would lose the day's calls: spread them evenly.
      const share = total > 0 ? (table[s.hour] ?? 0) / perHour / total : 1 / shape.slots.length;
      intervals.push({
        start: `${shape.date}T${s.time}:00${s.offset}`,
        startMs: s.startMs,
        date: shape.date,
        time: s.time,
        weekday: shape.weekday,
        calls: dayCalls * share,
        ahtSeconds: aht,
        channelHoldingSeconds: holding,
      });
    }
    totalCalls += dayCalls;
  }
  return {
    scenario: profile.scenario,
    lineNumber: profile.lineNumber,
    timeZone: zone,
    from: period.from,
    to: period.to,
    days,
    intervalMinutes,
    yearlyCalls: curves.yearlyCalls,
    handling: { ...handling, ahtSeconds: aht, queueSeconds },
    totalCalls,
    byDay,
    intervals,
  };
}

const HOUR_KEY = /^([01]\d|2[0-3])$/;

function percentages(values: unknown[], path: string, count?: number): void {
  if (count !== undefined && values.length !== count)
    throw invalidField(path, `${path} needs ${count} values`);
  if (values.some((v) => typeof v !== 'number' || !Number.isFinite(v) || v < 0)) {
    throw invalidField(path, `${path}: percentages must be numbers >= 0`);
  }
  const total = (values as number[]).reduce((s, v) => s + v, 0);
  if (Math.abs(total - 100) > 1)
    throw invalidField(path, `${path}: percentages add up to ${total.toFixed(2)}, not 100`);
}

function hourTable(table: Record<string, number> | undefined, path: string): void {
  if (typeof table !== 'object' || table === null)
    throw invalidField(path, `${path} must be an object of hours`);
  for (const key of Object.keys(table)) {
    if (!HOUR_KEY.test(key))
      throw invalidField(`${path}.${key}`, `${path}.${key}: hours are written '00'–'23'`);
  }
  percentages(Object.values(table), path);
}

/** Checks curves given in a request; errors name the field (e.g. `curves.monthly`). */
export function validateCurves(c: TrafficCurves, path = 'curves'): void {
  if (!(Number.isFinite(c.yearlyCalls) && c.yearlyCalls >= 0)) {
    throw invalidField(`${path}.yearlyCalls`, `${path}.yearlyCalls must be a number >= 0`);
  }
  if (!Array.isArray(c.monthly)) throw invalidField(`${path}.monthly`, `${path}.monthly needs 12 values`);
  percentages(c.monthly, `${path}.monthly`, 12);
  for (const key of Object.keys(c.weekday ?? {})) {
    if (!(WEEKDAY_KEYS as readonly string[]).includes(key)) {
      throw invalidField(`${path}.weekday.${key}`, `${path}.weekday.${key}: unknown weekday`);
    }
  }
  percentages(Object.values(c.weekday ?? {}), `${path}.weekday`);
  hourTable(c.hourly?.weekday, `${path}.hourly.weekday`);
  hourTable(c.hourly?.saturday, `${path}.hourly.saturday`);
  if (c.hourly.sunday !== undefined) hourTable(c.hourly.sunday, `${path}.hourly.sunday`);
}

/** Checks handling times given in a request (seconds >= 0, talk > 0, survey share in [0, 1]). */
export function validateHandling(h: Partial<HandlingTimes>, path = 'handling'): void {
  for (const [key, value] of Object.entries(h)) {
    if (value === undefined) continue;
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      value >= 0 &&
      (key !== 'surveyShare' || value <= 1) &&
      (key !== 'talkSeconds' || value > 0) &&
      value <= 86_400;
    if (!ok) throw invalidField(`${path}.${key}`, `${path}.${key} is out of range`);
  }
}
