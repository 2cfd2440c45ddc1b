import { describe, expect, it } from 'vitest';
import { withinHours } from '../../campaigns/index.ts';
import { type OutboundContact, outboundLevels } from './outbound.ts';

// MR-5's outbound levels on hand-made batches, with the hours worked out by hand below (Rome time; a
// campaign allowed 09:00–19:00, Monday to Saturday).
describe("the contract's outbound levels", () => {
  const hours = { from: '09:00', to: '19:00' };
  const allowed = () => (at: number) => withinHours(new Date(at), hours);
  const rome = (iso: string) => new Date(`${iso}+01:00`);
  const batch = (first: number, start: string, end: string, positives: number): OutboundContact[] =>
    Array.from({ length: 100 }, (_, i) => ({
      campaignId: '00000000-0000-4000-8000-000000000001',
      campaign: 'Richiamo',
      position: first + i,
      status: 'done',
      positive: i < positives,
      firstAttemptAt: rome(start),
      doneAt: rome(end),
    }));
  const from = Date.parse('2026-10-31T23:00:00Z');
  const to = Date.parse('2026-11-30T23:00:00Z');

  it('penalises the positive share per whole point below 50% and each batch per operating hour late', () => {
    const contacts = [
      // Monday 9 from 09:00 to Tuesday 10 at 18:00: 10 + 9 = 19 operating hours, on time.
      ...batch(1, '2026-11-09T09:00:00', '2026-11-10T18:00:00', 50),
      // Wednesday 11 from 09:00 to Friday 13 at 15:10: 10 + 10 + 6 h 10 min = 26.17 hours, 3 hours begun late.
      ...batch(101, '2026-11-11T09:00:00', '2026-11-13T15:10:00', 40),
    ];
    const o = outboundLevels(contacts, from, to, to, allowed);
    expect(o.calls).toBe(200);
    expect(o.positiveShare).toBe(0.45);
    expect(o.points).toBe(5);
    expect(o.positivePenaltyShare).toBeCloseTo(0.05, 12);
    expect(o.batches.map((b) => [b.batch, b.operatingHours, b.lateHours])).toEqual([
      [1, 19, 0],
      [2, 26.17, 3],
    ]);
    expect(o.latePenaltyShare).toBeCloseTo(0.09, 12);
    expect(o.penaltyShare).toBeCloseTo(0.14, 12);
  });

  it('does not count the night, Sunday or a holiday, and counts a batch in the month it finished', () => {
    // Saturday 31 October 18:00 to Monday 2 November 10:00: Sunday and All Saints (1 November, a Sunday
    // too) are not operating time: 1 + 1 = 2 hours. It finished in November: November's.
    const contacts = batch(1, '2026-10-31T18:00:00', '2026-11-02T10:00:00', 100);
    const o = outboundLevels(contacts, from, to, to, allowed);
    expect(o.batches).toMatchObject([{ operatingHours: 2, lateHours: 0 }]);
    expect(outboundLevels(contacts, Date.parse('2026-09-30T22:00:00Z'), from, from, allowed).batches).toEqual(
      [],
    );
  });

  it('an open batch counts in the period running now, once late, with its hours to now', () => {
    const open = batch(1, '2026-11-23T09:00:00', '2026-11-23T10:00:00', 0).map((c, i) =>
      i === 99 ? { ...c, status: 'pending', doneAt: null } : c,
    );
    const now = rome('2026-11-26T12:00:00').getTime(); // Mon 10 + Tue 10 + Wed 10 + Thu 3 = 33 hours
    const o = outboundLevels(open, from, to, now, allowed);
    expect(o.batches).toMatchObject([{ finishedAt: null, operatingHours: 33, lateHours: 9 }]);
    // A report of the month, made after it, counts finished batches only.
    expect(outboundLevels(open, from, to, to, allowed).batches).toEqual([]);
  });
});
