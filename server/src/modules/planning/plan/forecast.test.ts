import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS, TrafficModel } from '../../contact-centre/index.ts';
import {
  channelHoldingSeconds,
  forecastTraffic,
  type IntervalMinutes,
  monthPeriod,
  periodDays,
  serviceProfile,
  validateCurves,
  yearPeriod,
} from './forecast.ts';

const cup = serviceProfile('cup-2013');
const regional = serviceProfile('regional-2013');

describe('forecast from the tender curves', () => {
  it('takes the tender’s tables and handling times from the contact-centre scenarios', () => {
    expect(cup.curves.yearlyCalls).toBe(749_035);
    expect(cup.curves.monthly[0]).toBe(8.92);
    expect(cup.curves.hourly.saturday['09']).toBe(23.78);
    expect(cup.minimumChannels).toBe(60);
    expect(cup.lineService).toBe('cup');
    // 3.75 minutes per contact, 77% talk and 23% after-call work (seed 003 §2.1.4).
    expect(cup.handling.talkSeconds + cup.handling.afterCallWorkSeconds).toBeCloseTo(225, 0);
    expect(regional.curves.yearlyCalls).toBe(12_009);
    expect(regional.minimumChannels).toBe(30);
    expect(() => serviceProfile('erlang-c-example')).toThrow(/unknown scenario/);
  });

  it.each([15, 30, 60] as IntervalMinutes[])(
    'a year of %i-minute intervals adds up to the yearly volume, each month to its share',
    (minutes) => {
      const f = forecastTraffic({ profile: cup, period: yearPeriod(2026), intervalMinutes: minutes });
      const sum = f.intervals.reduce((s, iv) => s + iv.calls, 0);
      expect(sum).toBeCloseTo(749_035, 4);
      expect(f.totalCalls).toBeCloseTo(749_035, 4);
      const march = f.intervals
        .filter((iv) => iv.date.startsWith('2026-03'))
        .reduce((s, iv) => s + iv.calls, 0);
      expect(march).toBeCloseTo((749_035 * 9.11) / 100, 4);
      for (const iv of f.intervals) expect(iv.calls).toBeGreaterThan(0);
    },
  );

  it('a month alone gives the same intervals as inside its year', () => {
    const year = forecastTraffic({ profile: regional, period: yearPeriod(2026), intervalMinutes: 30 });
    const month = forecastTraffic({ profile: regional, period: monthPeriod('2026-11'), intervalMinutes: 30 });
    const inYear = year.intervals.filter((iv) => iv.date.startsWith('2026-11'));
    expect(month.intervals.length).toBe(inYear.length);
    for (const [i, iv] of month.intervals.entries()) expect(iv.calls).toBeCloseTo(inYear[i]!.calls, 9);
    expect(month.totalCalls).toBeCloseTo((12_009 * 21.49) / 100, 6);
  });

  it('gives no traffic on Italian holidays and Sundays (CC-4)', () => {
    const f = forecastTraffic({ profile: cup, period: yearPeriod(2026), intervalMinutes: 60 });
    const holidays = [
      '2026-01-01',
      '2026-01-06',
      '2026-04-06',
      '2026-06-02',
      '2026-12-08',
      '2026-12-25',
      '2026-12-26',
    ];
    const dates = new Set(f.intervals.map((iv) => iv.date));
    for (const day of holidays) {
      expect(dates.has(day)).toBe(false);
      expect(f.byDay.find((d) => d.date === day)).toMatchObject({ open: false, calls: 0 });
    }
    expect(f.intervals.some((iv) => iv.weekday === 'sun')).toBe(false);
    // A holiday moves its calls to the month's other days: January still has its share.
    const january = f.byDay.filter((d) => d.date.startsWith('2026-01')).reduce((s, d) => s + d.calls, 0);
    expect(january).toBeCloseTo((749_035 * 8.92) / 100, 4);
  });

  it('opens Monday–Friday 08–20 and Saturday 08–14 only, at Rome time across the DST change', () => {
    const f = forecastTraffic({
      profile: cup,
      period: { from: '2026-03-23', to: '2026-04-04' },
      intervalMinutes: 15,
    });
    for (const iv of f.intervals) {
      const limit = iv.weekday === 'sat' ? '14:00' : '20:00';
      expect(iv.time >= '08:00' && iv.time < limit).toBe(true);
    }
    const saturday = f.intervals.filter((iv) => iv.date === '2026-03-28');
    expect(saturday.length).toBe(24);
    expect(saturday.at(-1)!.time).toBe('13:45');
    expect(f.intervals.filter((iv) => iv.date === '2026-03-27').length).toBe(48);
    expect(f.intervals.find((iv) => iv.date === '2026-03-27')!.start).toBe('2026-03-27T08:00:00+01:00');
    expect(f.intervals.find((iv) => iv.date === '2026-03-30')!.start).toBe('2026-03-30T08:00:00+02:00');
    const first = f.intervals.find((iv) => iv.date === '2026-03-30')!;
    expect(first.startMs).toBe(DateTime.fromISO('2026-03-30T06:00:00Z').toMillis());
  });

  it('spreads an hour evenly over its intervals and follows the hourly curve', () => {
    const f = forecastTraffic({
      profile: cup,
      period: { from: '2026-03-09', to: '2026-03-09' },
      intervalMinutes: 15,
    });
    const at = (time: string) => f.intervals.find((iv) => iv.time === time)!.calls;
    expect(at('09:00')).toBeCloseTo(at('09:45'), 12);
    expect(at('09:00') / at('08:00')).toBeCloseTo(12.78 / 8.7, 9);
  });

  it('puts in each open hour the calls the simulator’s traffic model expects', () => {
    const spec = BUILTIN_SCENARIOS['cup-2013']!.traffic[0]!;
    const model = new TrafficModel(spec, { next: () => 0.5 });
    const f = forecastTraffic({
      profile: cup,
      period: { from: '2026-05-04', to: '2026-05-10' },
      intervalMinutes: 30,
    });
    const hours = new Map<number, number>();
    for (const iv of f.intervals) {
      const hour = Math.floor(iv.startMs / 3_600_000) * 3_600_000;
      hours.set(hour, (hours.get(hour) ?? 0) + iv.calls);
    }
    expect(hours.size).toBe(5 * 12 + 6);
    for (const [hour, calls] of hours) expect(calls).toBeCloseTo(model.callsInHour(hour), 9);
  });

  it('holds the channel for greeting, IVR, queue, talk and survey, never for after-call work', () => {
    const handling = {
      talkSeconds: 170,
      afterCallWorkSeconds: 55,
      greetingSeconds: 7,
      ivrSeconds: 15,
      surveySeconds: 90,
      surveyShare: 0.1,
    };
    expect(channelHoldingSeconds(handling, 12)).toBeCloseTo(7 + 15 + 12 + 170 + 9, 12);
    // A caller who abandons holds the channel only up to hanging up.
    expect(channelHoldingSeconds(handling, 12, 0.5)).toBeCloseTo(7 + 15 + 12 + 0.5 * (170 + 9), 12);
    const f = forecastTraffic({
      profile: cup,
      period: monthPeriod('2026-02'),
      intervalMinutes: 60,
      handling,
      queueSeconds: 12,
    });
    expect(f.intervals[0]).toMatchObject({ ahtSeconds: 225, channelHoldingSeconds: 213 });
    expect(f.handling).toMatchObject({ ahtSeconds: 225, queueSeconds: 12 });
  });

  it('validates periods and curves, naming the field', () => {
    expect(periodDays({ from: '2026-01-01', to: '2026-12-31' })).toBe(365);
    expect(periodDays(monthPeriod('2028-02'))).toBe(29);
    expect(() => monthPeriod('2026-13')).toThrow(expect.objectContaining({ field: 'month' }));
    expect(() => periodDays({ from: '2026-02-30', to: '2026-03-01' })).toThrow(
      expect.objectContaining({ field: 'from' }),
    );
    expect(() => periodDays({ from: '2026-03-02', to: '2026-03-01' })).toThrow(
      expect.objectContaining({ field: 'to' }),
    );
    expect(() => validateCurves({ ...cup.curves, monthly: cup.curves.monthly.slice(0, 11) })).toThrow(
      expect.objectContaining({ field: 'curves.monthly' }),
    );
    expect(() => validateCurves({ ...cup.curves, weekday: { mon: 50, tue: 10 } })).toThrow(
      expect.objectContaining({ field: 'curves.weekday' }),
    );
    expect(() =>
      validateCurves({ ...cup.curves, hourly: { ...cup.curves.hourly, saturday: { '8': 100 } } }),
    ).toThrow(expect.objectContaining({ field: 'curves.hourly.saturday.8' }));
    expect(() => validateCurves(cup.curves)).not.toThrow();
  });
});
