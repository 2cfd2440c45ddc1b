import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { timeRefusal } from './lifecycle.ts';
import { isLateCancellation, lastTimelyCancellationDate } from './notice.ts';

// Independent of the code under test: weekdays from UTC date arithmetic, and the national holidays
// listed by hand for the years the tests use (Easter Monday included; 4 October, St Francis, is a
// national holiday again from 2026, law 151/2025).
const HOLIDAYS = new Set([
  '2026-01-01',
  '2026-01-06',
  '2026-04-05',
  '2026-04-06',
  '2026-04-25',
  '2026-05-01',
  '2026-06-02',
  '2026-08-15',
  '2026-10-04',
  '2026-11-01',
  '2026-12-08',
  '2026-12-25',
  '2026-12-26',
  '2027-01-01',
  '2027-01-06',
  '2027-03-28',
  '2027-03-29',
  '2027-04-25',
  '2027-05-01',
  '2027-06-02',
  '2027-08-15',
  '2027-10-04',
  '2027-11-01',
  '2027-12-08',
  '2027-12-25',
  '2027-12-26',
]);
const dayMs = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const working = (d: string) => {
  const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
  return wd !== 0 && wd !== 6 && !HOLIDAYS.has(d);
};
/** Working days strictly after `from` and strictly before `to`. */
const workingBetween = (from: string, to: string) => {
  let n = 0;
  for (let t = Date.parse(`${from}T00:00:00Z`) + dayMs; iso(t) < to; t += dayMs) if (working(iso(t))) n++;
  return n;
};

describe('cancellation notice (DL 73/2024: two working days)', () => {
  it('leaves exactly two working days from the last timely date (itself included) before the day', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2026, 0, 10), max: Date.UTC(2027, 11, 20) }), (ms) => {
        const appointment = iso(ms);
        const last = lastTimelyCancellationDate(appointment, 2);
        expect(last < appointment).toBe(true);
        // The last timely date is a working day, and from it to the appointment there are two
        // working days counting it: it and exactly one more in between.
        expect(working(last)).toBe(true);
        expect(workingBetween(last, appointment)).toBe(1);
      }),
    );
  });

  it('skips weekends and holidays', () => {
    expect(lastTimelyCancellationDate('2026-11-25', 2)).toBe('2026-11-23'); // Wed → Mon
    expect(lastTimelyCancellationDate('2026-11-23', 2)).toBe('2026-11-19'); // Mon → Thu
    expect(lastTimelyCancellationDate('2026-12-09', 2)).toBe('2026-12-04'); // 8 Dec is a holiday
    expect(lastTimelyCancellationDate('2027-01-07', 2)).toBe('2027-01-04'); // 6 Jan is a holiday
  });

  it('judges late on the Rome calendar, not the UTC date', () => {
    const start = new Date('2026-11-25T07:00:00Z'); // Wednesday 08:00 in Rome
    expect(isLateCancellation(new Date('2026-11-23T22:59:00Z'), start)).toBe(false); // Mon 23:59 Rome
    expect(isLateCancellation(new Date('2026-11-23T23:01:00Z'), start)).toBe(true); // Tue 00:01 Rome
  });
});

describe('time rules of the lifecycle', () => {
  const start = new Date('2026-11-25T07:00:00Z'); // 08:00 in Rome
  it('refuses cancel and move from the start on', () => {
    expect(timeRefusal('cancelled', new Date('2026-11-25T06:59:59Z'), start)).toBeNull();
    expect(timeRefusal('cancelled', start, start)).toBe('started');
    expect(timeRefusal('moved', new Date('2026-11-25T08:00:00Z'), start)).toBe('started');
  });
  it('allows check-in and completion from the Rome day of the appointment', () => {
    expect(timeRefusal('checked_in', new Date('2026-11-24T22:59:00Z'), start)).toBe('not_today_yet');
    expect(timeRefusal('checked_in', new Date('2026-11-24T23:00:00Z'), start)).toBeNull();
    expect(timeRefusal('completed', new Date('2026-11-24T12:00:00Z'), start)).toBe('not_today_yet');
  });
  it('allows a no-show only after the start', () => {
    expect(timeRefusal('no_show', new Date('2026-11-25T06:59:59Z'), start)).toBe('not_started');
    expect(timeRefusal('no_show', start, start)).toBeNull();
  });
});
