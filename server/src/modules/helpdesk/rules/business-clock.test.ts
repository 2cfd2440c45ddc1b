import { describe, expect, it } from 'vitest';
import { countedMs, deadline } from './business-clock.ts';

const H = 3_600_000;
/** An instant given in Rome time with its offset, as the tender's people read it. */
const at = (iso: string) => new Date(iso).getTime();
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe("the written contacts' business clock (HD-6: 24 h a day, not holidays, not Saturday 14–24)", () => {
  it('counts every hour of a weekday, night included', () => {
    // Tuesday 10 Nov 2026, 22:00 → Wednesday 22:00 Rome: a whole day.
    expect(countedMs(at('2026-11-10T22:00:00+01:00'), at('2026-11-11T22:00:00+01:00'))).toBe(24 * H);
    expect(iso(deadline(at('2026-11-10T22:00:00+01:00'), 24 * H))).toBe(iso(at('2026-11-11T22:00:00+01:00')));
  });

  it('stops on Saturday at 14:00 and starts again on Monday at midnight (Sunday is a festivo)', () => {
    // Saturday 14 Nov 2026 at 10:00: 4 h counted to 14:00, then nothing until Monday 00:00; 20 h more.
    const start = at('2026-11-14T10:00:00+01:00');
    expect(iso(deadline(start, 24 * H))).toBe(iso(at('2026-11-16T20:00:00+01:00')));
    expect(countedMs(start, at('2026-11-16T00:00:00+01:00'))).toBe(4 * H);
    // A request sent on Saturday evening waits for Monday.
    expect(iso(deadline(at('2026-11-14T18:30:00+01:00'), 24 * H))).toBe(iso(at('2026-11-17T00:00:00+01:00')));
  });

  it('skips national holidays: 8 December, Christmas and Santo Stefano, Easter Monday', () => {
    // Monday 7 Dec 2026 at 12:00: 12 h to midnight, Tuesday 8 Dec (Immacolata) skipped, 12 h on the 9th.
    expect(iso(deadline(at('2026-12-07T12:00:00+01:00'), 24 * H))).toBe(iso(at('2026-12-09T12:00:00+01:00')));
    // Thursday 24 Dec 2026 at 18:00: 6 h, then 25 (Fri), 26 (Sat, holiday) and 27 (Sun) skipped.
    expect(iso(deadline(at('2026-12-24T18:00:00+01:00'), 24 * H))).toBe(iso(at('2026-12-28T18:00:00+01:00')));
    // Easter Monday 2027 is 29 March: Saturday 27 from 14:00, Sunday and Monday skipped.
    expect(iso(deadline(at('2027-03-27T08:00:00+01:00'), 24 * H))).toBe(iso(at('2027-03-30T18:00:00+02:00')));
  });

  it('crosses the daylight-saving changes (on Sundays in Italy) without losing or adding an hour', () => {
    // Monday to Monday over the spring change: the Sunday is skipped anyway; the week counts 5×24 + 14.
    expect(countedMs(at('2027-03-22T00:00:00+01:00'), at('2027-03-29T00:00:00+02:00'))).toBe(
      (5 * 24 + 14) * H,
    );
    // The autumn change falls on a Sunday too: Saturday 24 Oct 2026 20:00 → Monday 26 Oct 02:00 counts 2 h.
    expect(countedMs(at('2026-10-24T20:00:00+02:00'), at('2026-10-26T02:00:00+01:00'))).toBe(2 * H);
    // 24 counted hours from Saturday noon before the spring change: 2 h, then (Easter Monday skipped)
    // Tuesday 00:00 (+02:00) + 22 h.
    expect(iso(deadline(at('2027-03-27T12:00:00+01:00'), 24 * H))).toBe(iso(at('2027-03-30T22:00:00+02:00')));
  });

  it('pauses while the ticket waits on the citizen or a third party', () => {
    const start = at('2026-11-10T09:00:00+01:00'); // Tuesday
    // Waiting on the citizen from 11:00 to 15:00: 4 h do not count.
    const pauses = [{ start: at('2026-11-10T11:00:00+01:00'), end: at('2026-11-10T15:00:00+01:00') }];
    expect(countedMs(start, at('2026-11-10T17:00:00+01:00'), pauses)).toBe(4 * H);
    expect(iso(deadline(start, 24 * H, pauses))).toBe(iso(at('2026-11-11T13:00:00+01:00')));
    // Overlapping and unordered pauses count once.
    const messy = [
      { start: at('2026-11-10T13:00:00+01:00'), end: at('2026-11-10T15:00:00+01:00') },
      { start: at('2026-11-10T11:00:00+01:00'), end: at('2026-11-10T14:00:00+01:00') },
    ];
    expect(countedMs(start, at('2026-11-10T17:00:00+01:00'), messy)).toBe(4 * H);
    // A pause over a Saturday afternoon takes nothing more than the closed hours would.
    const saturday = [{ start: at('2026-11-14T13:00:00+01:00'), end: at('2026-11-14T16:00:00+01:00') }];
    expect(countedMs(at('2026-11-14T12:00:00+01:00'), at('2026-11-16T01:00:00+01:00'), saturday)).toBe(2 * H);
  });

  it('knows no deadline while an open pause stops the clock, and a spent budget is due at once', () => {
    const start = at('2026-11-10T09:00:00+01:00');
    const waiting = [{ start: at('2026-11-10T10:00:00+01:00'), end: null }];
    expect(deadline(start, 24 * H, waiting)).toBeNull();
    // Spent before the pause began: the deadline stands.
    expect(iso(deadline(start, 30 * 60_000, waiting))).toBe(iso(at('2026-11-10T09:30:00+01:00')));
    expect(countedMs(start, at('2026-11-12T10:00:00+01:00'), waiting)).toBe(1 * H);
    expect(deadline(start, 0)).toBe(start);
    expect(countedMs(start, start - 1)).toBe(0);
  });
});
