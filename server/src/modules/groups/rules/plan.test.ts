import { describe, expect, it } from 'vitest';
import { type PlanSlot, planGroup } from './plan.ts';

// Hand-made free places: a slot every 20 minutes from 09:00 UTC on the day given, one place each.
function session(day: string, facilityId: string, count: number, firstId: number): PlanSlot[] {
  return Array.from({ length: count }, (_, i) => ({
    slotId: firstId + i,
    start: new Date(Date.parse(`${day}T09:00:00Z`) + i * 20 * 60_000),
    free: 1,
    facilityId,
    day,
  }));
}

const positions = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('planGroup (BK-10: as many as possible on the same day)', () => {
  it('puts everyone on the earliest day that can take them all, not on the biggest', () => {
    const slots = [
      ...session('2027-01-11', 'F1', 3, 100),
      ...session('2027-01-12', 'F1', 8, 200),
      ...session('2027-01-13', 'F2', 12, 300),
    ];
    const plan = planGroup(positions(6), slots);
    expect(plan.unplaced).toEqual([]);
    expect(plan.days.map((d) => [d.day, d.facilityId, d.places.length])).toEqual([['2027-01-12', 'F1', 6]]);
    // The club's order into the places in time order.
    expect(plan.days[0]!.places.map((p) => [p.position, p.slotId])).toEqual([
      [1, 200],
      [2, 201],
      [3, 202],
      [4, 203],
      [5, 204],
      [6, 205],
    ]);
  });

  it('fills the largest days first when no day takes everyone, in the fewest days', () => {
    // 20 athletes; sessions of 4, 9, 7 and 6 places: 9 + 7 + (4 left → the earliest session with ≥ 4).
    const slots = [
      ...session('2027-01-11', 'F1', 4, 100),
      ...session('2027-01-12', 'F1', 9, 200),
      ...session('2027-01-13', 'F1', 7, 300),
      ...session('2027-01-14', 'F1', 6, 400),
    ];
    const plan = planGroup(positions(20), slots);
    expect(plan.unplaced).toEqual([]);
    // Shown in date order; 1–9 on the 12th (largest), 10–16 on the 13th, 17–20 on the 11th.
    expect(plan.days.map((d) => [d.day, d.places.map((p) => p.position)])).toEqual([
      ['2027-01-11', [17, 18, 19, 20]],
      ['2027-01-12', [1, 2, 3, 4, 5, 6, 7, 8, 9]],
      ['2027-01-13', [10, 11, 12, 13, 14, 15, 16]],
    ]);
  });

  it('keeps a day at one facility: two facilities on the same day are two sessions', () => {
    const slots = [...session('2027-01-11', 'F1', 3, 100), ...session('2027-01-11', 'F2', 3, 200)];
    const plan = planGroup(positions(5), slots);
    expect(plan.days.map((d) => [d.day, d.facilityId, d.places.length])).toEqual([
      ['2027-01-11', 'F1', 3],
      ['2027-01-11', 'F2', 2],
    ]);
  });

  it('counts every free place of a slot and skips full ones', () => {
    const slots: PlanSlot[] = [
      { slotId: 1, start: new Date('2027-01-11T08:00:00Z'), free: 3, facilityId: 'F1', day: '2027-01-11' },
      { slotId: 2, start: new Date('2027-01-11T08:30:00Z'), free: 0, facilityId: 'F1', day: '2027-01-11' },
      { slotId: 3, start: new Date('2027-01-11T09:00:00Z'), free: 1, facilityId: 'F1', day: '2027-01-11' },
    ];
    const plan = planGroup(positions(4), slots);
    expect(plan.days[0]!.places.map((p) => p.slotId)).toEqual([1, 1, 1, 3]);
  });

  it('respects the most a facility sees in a day, and names who is left', () => {
    const slots = [...session('2027-01-11', 'F1', 10, 100), ...session('2027-01-12', 'F1', 10, 200)];
    const plan = planGroup(positions(9), slots, { maxPerDay: 4 });
    expect(plan.days.map((d) => d.places.length)).toEqual([4, 4]);
    expect(plan.unplaced).toEqual([9]);
  });

  it('with no free place, plans nothing and leaves everyone', () => {
    expect(planGroup(positions(3), [])).toEqual({ days: [], unplaced: [1, 2, 3] });
  });
});
