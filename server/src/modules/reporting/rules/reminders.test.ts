import { describe, expect, it } from 'vitest';
import { type ReminderFact, reminderFigures } from './reminders.ts';

// OB-7's figure on hand-made facts: Thursday 10 December 2026 at 09:00 in Rome (08:00 UTC); in Potenza
// its deadline day is Monday 7 (Wednesday 9 one working day, Tuesday 8 a national holiday).
describe('reminders two working days before (OB-1, OB-7)', () => {
  const start = new Date('2026-12-10T08:00:00Z');
  const fact = (over: Partial<ReminderFact>): ReminderFact => ({
    start,
    bookedAt: new Date('2026-11-20T10:00:00Z'),
    deadlineDay: '2026-12-07',
    reachedAt: null,
    unconfirmedAt: null,
    tried: false,
    ...over,
  });

  it('counts a reminder reached by the end of the deadline day, Rome time, as in time', () => {
    const f = reminderFigures([
      fact({ reachedAt: new Date('2026-12-07T22:59:59Z'), tried: true }), // 23:59:59 in Rome: in time
      fact({ reachedAt: new Date('2026-12-07T23:00:00Z'), tried: true }), // midnight in Rome: late
      fact({ reachedAt: new Date('2026-12-10T08:00:00Z'), tried: true }), // at the start: not reached
      fact({ tried: true }),
      fact({}),
    ]);
    expect(f).toEqual({
      appointments: 5,
      bookedLate: 0,
      onTime: 1,
      late: 1,
      noReceipt: 0,
      notReached: 2,
      notTried: 1,
      coverage: 1 / 5,
    });
  });

  it('counts an SMS accepted by the SMSC without a receipt apart: neither reached nor failed', () => {
    const f = reminderFigures([
      // Accepted on Friday, no receipt: sent, whether it reached the phone is unknown.
      fact({ unconfirmedAt: new Date('2026-12-04T09:00:00Z'), tried: true }),
      // Delivered later than another SMS stayed without a receipt: reached wins.
      fact({
        reachedAt: new Date('2026-12-09T09:00:00Z'),
        unconfirmedAt: new Date('2026-12-04T09:00:00Z'),
        tried: true,
      }),
      // Accepted only at the start: too late to be anything but not reached.
      fact({ unconfirmedAt: start, tried: true }),
    ]);
    expect(f).toMatchObject({
      appointments: 3,
      onTime: 0,
      late: 1,
      noReceipt: 1,
      notReached: 1,
      notTried: 0,
    });
    // Not reached in time: the coverage does not count what is unknown.
    expect(f.coverage).toBe(0);
  });

  it('leaves out of the coverage what was booked after its deadline day', () => {
    const f = reminderFigures([
      fact({ reachedAt: new Date('2026-12-03T09:00:00Z'), tried: true }),
      // Booked at 00:00 Rome on Tuesday 8: after Monday's end, so no reminder could be in time.
      fact({
        bookedAt: new Date('2026-12-07T23:00:00Z'),
        reachedAt: new Date('2026-12-09T09:00:00Z'),
        tried: true,
      }),
      // Booked at 23:59 Rome on Monday 7: still counted.
      fact({ bookedAt: new Date('2026-12-07T22:59:00Z') }),
    ]);
    expect(f).toMatchObject({
      appointments: 3,
      bookedLate: 1,
      onTime: 1,
      late: 1,
      notTried: 1,
      coverage: 1 / 2,
    });
  });

  it('has no coverage without appointments', () => {
    expect(reminderFigures([]).coverage).toBeNull();
  });
});
