import { DateTime } from 'luxon';
import { italianHolidaySet } from '../../../platform/calendar.ts';
import type { ArrivalSource, Random } from '../../telephony/index.ts';
import { WEEKDAYS } from '../engine/calendar.ts';
import { normaliseNumber } from '../engine/lines.ts';
import type { CurveTraffic, TrafficSpec } from './scenario.ts';

const HOUR_MS = 3_600_000;
const DEFAULT_OOH = { weekday: ['07', '20', '21'], saturday: ['14', '15'] };

/**
 * Expected calls per local hour from a scenario's traffic, and Poisson arrivals from it. The rate is
 * constant within each hour (Rome's hours start on UTC hour boundaries), so arrivals are drawn by
 * inverting the cumulative rate: one exponential draw per call, however the rate changes.
 */
export class TrafficModel implements ArrivalSource {
  private readonly line: string;
  private readonly rates = new Map<number, number>();
  private readonly monthWeights = new Map<string, number>();

  constructor(
    private readonly spec: TrafficSpec,
    private readonly random: Random,
    private readonly zone = 'Europe/Rome',
  ) {
    this.line = normaliseNumber(spec.line);
  }

  /** Expected calls in the hour containing `at`. */
  callsInHour(at: number): number {
    const index = Math.floor(at / HOUR_MS);
    let rate = this.rates.get(index);
    if (rate === undefined) {
      rate =
        this.spec.kind === 'stationary' ? this.spec.callsPerHour : this.curveRate(this.spec, index * HOUR_MS);
      if (this.rates.size > 50_000) this.rates.clear();
      this.rates.set(index, rate);
    }
    return rate;
  }

  next(after: number): { at: number; dialledNumber: string } | null {
    let budget = -Math.log(1 - this.random.next());
    let t = after;
    // A year of empty hours ends the search: the source has dried up.
    for (let steps = 0; steps < 24 * 400; steps++) {
      const hourEnd = (Math.floor(t / HOUR_MS) + 1) * HOUR_MS;
      const perMs = this.callsInHour(t) / HOUR_MS;
      const needed = perMs > 0 ? budget / perMs : Number.POSITIVE_INFINITY;
      if (t + needed < hourEnd) return { at: Math.round(t + needed), dialledNumber: this.line };
      budget -= perMs * (hourEnd - t);
      t = hourEnd;
    }
    return null;
  }

  private curveRate(c: CurveTraffic, hourStart: number): number {
    const local = DateTime.fromMillis(hourStart, { zone: this.zone });
    const day = dayWeight(c, local);
    if (day === 0) return 0;
    const monthlyTotal = c.monthly.reduce((s, v) => s + v, 0);
    const daily =
      ((c.yearlyCalls * c.monthly[local.month - 1]!) / monthlyTotal) * (day / this.monthWeight(c, local));
    const saturday = local.weekday === 6;
    const table = local.weekday === 7 ? c.hourly.sunday : saturday ? c.hourly.saturday : c.hourly.weekday;
    const hour = String(local.hour).padStart(2, '0');
    let calls = 0;
    if (table) {
      const total = Object.values(table).reduce((s, v) => s + v, 0);
      calls += total > 0 ? (daily * (table[hour] ?? 0)) / total : 0;
    }
    const share = c.outOfHoursShare ?? 0;
    if (share > 0 && local.weekday !== 7) {
      const oohHours = (c.outOfHoursHours ?? DEFAULT_OOH)[saturday ? 'saturday' : 'weekday'];
      if (oohHours.includes(hour)) calls += (daily * share) / oohHours.length;
    }
    return calls;
  }

  /** Sum of the day weights of the month, so the month's calls are kept whatever its calendar. */
  private monthWeight(c: CurveTraffic, local: DateTime): number {
    const key = `${local.year}-${local.month}`;
    let total = this.monthWeights.get(key);
    if (total === undefined) {
      total = 0;
      for (let d = local.startOf('month'); d.month === local.month; d = d.plus({ days: 1 }))
        total += dayWeight(c, d);
      this.monthWeights.set(key, total);
    }
    return total;
  }
}

function dayWeight(c: CurveTraffic, local: DateTime): number {
  if (italianHolidaySet(local.year).has(local.toISODate()!)) return 0;
  return c.weekday[WEEKDAYS[local.weekday - 1]!] ?? 0;
}
