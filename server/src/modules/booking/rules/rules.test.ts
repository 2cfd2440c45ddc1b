import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Priority, ServiceKind } from '../../registry/index.ts';
import { BOOKING_CODE_PATTERN, newBookingCode } from './booking-code.ts';
import { DEFAULT_GUARANTEE_RULES, type GuaranteeRule, guaranteeDeadline } from './guarantee.ts';
import type { AppointmentStatus } from './lifecycle.ts';
import { canTransition, isLive } from './lifecycle.ts';

const ZONE = 'Europe/Rome';
const HOUR = 3_600_000;
const PRIORITIES: Priority[] = ['U', 'B', 'D', 'P'];
const KINDS: ServiceKind[] = ['visit', 'instrumental', 'lab'];
const STATUSES: AppointmentStatus[] = ['booked', 'checked_in', 'completed', 'cancelled', 'no_show'];

/** BK-4: U 72 h, B 10 days, D 30 days for visits and 60 days for instrumental and lab, P 120 days. */
const EXPECTED_HOURS: Record<Priority, Record<ServiceKind, number>> = {
  U: { visit: 72, instrumental: 72, lab: 72 },
  B: { visit: 10 * 24, instrumental: 10 * 24, lab: 10 * 24 },
  D: { visit: 30 * 24, instrumental: 60 * 24, lab: 60 * 24 },
  P: { visit: 120 * 24, instrumental: 120 * 24, lab: 120 * 24 },
};

const priorityArb = fc.constantFrom(...PRIORITIES);
const kindArb = fc.constantFrom(...KINDS);
/** Any millisecond from 1990 to 2100: covers every Europe/Rome DST change the service will see. */
const instantArb = fc
  .integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) })
  .map((ms) => new Date(ms));

/** Instants within a day and a half of a Europe/Rome DST change in 2026-2028, to the minute. */
const DST_CHANGES = ['2026-03-29', '2026-10-25', '2027-03-28', '2027-10-31', '2028-03-26', '2028-10-29'];
const nearDstArb = fc
  .record({
    day: fc.constantFrom(...DST_CHANGES),
    offsetMinutes: fc.integer({ min: -36 * 60, max: 36 * 60 }),
  })
  .map(({ day, offsetMinutes }) =>
    DateTime.fromISO(`${day}T02:00`, { zone: ZONE }).plus({ minutes: offsetMinutes }).toJSDate(),
  );

describe('DEFAULT_GUARANTEE_RULES', () => {
  it('holds exactly one rule per priority class and service kind, with the BK-4 hours', () => {
    expect(DEFAULT_GUARANTEE_RULES).toHaveLength(PRIORITIES.length * KINDS.length);
    for (const p of PRIORITIES) {
      for (const k of KINDS) {
        const matching = DEFAULT_GUARANTEE_RULES.filter((r) => r.priority === p && r.serviceKind === k);
        expect(matching, `${p}/${k}`).toHaveLength(1);
        expect(matching[0]!.maxHours, `${p}/${k}`).toBe(EXPECTED_HOURS[p][k]);
      }
    }
  });

  it('is monotonic U ≤ B ≤ D ≤ P for every service kind', () => {
    for (const k of KINDS) {
      const hours = PRIORITIES.map(
        (p) => DEFAULT_GUARANTEE_RULES.find((r) => r.priority === p && r.serviceKind === k)!.maxHours,
      );
      expect(
        [...hours].sort((a, b) => a - b),
        k,
      ).toEqual(hours);
    }
  });
});

describe('guaranteeDeadline', () => {
  it('adds the rule hours exactly, for any instant, priority and kind', () => {
    fc.assert(
      fc.property(instantArb, priorityArb, kindArb, (at, p, k) => {
        const deadline = guaranteeDeadline(DEFAULT_GUARANTEE_RULES, p, k, at);
        expect(deadline.getTime() - at.getTime()).toBe(EXPECTED_HOURS[p][k] * HOUR);
      }),
    );
  });

  it('adds the rule hours exactly across the Europe/Rome daylight-saving changes', () => {
    fc.assert(
      fc.property(nearDstArb, priorityArb, kindArb, (at, p, k) => {
        const deadline = guaranteeDeadline(DEFAULT_GUARANTEE_RULES, p, k, at);
        expect(deadline.getTime() - at.getTime()).toBe(EXPECTED_HOURS[p][k] * HOUR);
        // The same elapsed time measured by the zone-aware calendar library.
        const elapsed = DateTime.fromJSDate(deadline, { zone: ZONE }).diff(
          DateTime.fromJSDate(at, { zone: ZONE }),
          'hours',
        );
        expect(elapsed.hours).toBe(EXPECTED_HOURS[p][k]);
      }),
      { numRuns: 500 },
    );
  });

  it('counts hours, not wall-clock days: the local time shifts by the DST hour', () => {
    // Friday 10:00 winter time + 72 h crosses the spring change: Monday 11:00 summer time.
    const spring = DateTime.fromISO('2026-03-27T10:00', { zone: ZONE }).toJSDate();
    const springDeadline = DateTime.fromJSDate(
      guaranteeDeadline(DEFAULT_GUARANTEE_RULES, 'U', 'visit', spring),
      {
        zone: ZONE,
      },
    );
    expect(springDeadline.toISO({ suppressMilliseconds: true })).toBe('2026-03-30T11:00:00+02:00');
    // Friday 10:00 summer time + 72 h crosses the autumn change: Monday 09:00 winter time.
    const autumn = DateTime.fromISO('2026-10-23T10:00', { zone: ZONE }).toJSDate();
    const autumnDeadline = DateTime.fromJSDate(
      guaranteeDeadline(DEFAULT_GUARANTEE_RULES, 'U', 'lab', autumn),
      {
        zone: ZONE,
      },
    );
    expect(autumnDeadline.toISO({ suppressMilliseconds: true })).toBe('2026-10-26T09:00:00+01:00');
    // In UTC both are plain 72 h.
    expect(
      guaranteeDeadline(
        DEFAULT_GUARANTEE_RULES,
        'U',
        'visit',
        new Date('2026-03-27T09:00:00Z'),
      ).toISOString(),
    ).toBe('2026-03-30T09:00:00.000Z');
  });

  it('orders the deadlines U ≤ B ≤ D ≤ P for a given kind and instant', () => {
    fc.assert(
      fc.property(instantArb, kindArb, (at, k) => {
        const deadlines = PRIORITIES.map((p) =>
          guaranteeDeadline(DEFAULT_GUARANTEE_RULES, p, k, at).getTime(),
        );
        for (let i = 1; i < deadlines.length; i++)
          expect(deadlines[i]!).toBeGreaterThanOrEqual(deadlines[i - 1]!);
        for (const d of deadlines) expect(d).toBeGreaterThan(at.getTime());
      }),
    );
  });

  it('uses the given rules (a region may change them), not the defaults', () => {
    const rules: GuaranteeRule[] = [{ priority: 'B', serviceKind: 'lab', maxHours: 100 }];
    const at = new Date('2026-11-23T06:00:00Z');
    expect(guaranteeDeadline(rules, 'B', 'lab', at).toISOString()).toBe('2026-11-27T10:00:00.000Z');
  });

  it('does not change the request time it is given', () => {
    const at = new Date('2026-11-23T06:00:00Z');
    guaranteeDeadline(DEFAULT_GUARANTEE_RULES, 'P', 'visit', at);
    expect(at.toISOString()).toBe('2026-11-23T06:00:00.000Z');
  });

  it('throws for a combination without a rule', () => {
    const at = new Date('2026-11-23T06:00:00Z');
    expect(() => guaranteeDeadline([], 'U', 'visit', at)).toThrow(
      /no guarantee rule for priority U and visit/,
    );
    const onlyVisits = DEFAULT_GUARANTEE_RULES.filter((r) => r.serviceKind === 'visit');
    expect(() => guaranteeDeadline(onlyVisits, 'D', 'lab', at)).toThrow(/priority D and lab/);
    expect(() => guaranteeDeadline(DEFAULT_GUARANTEE_RULES, 'X' as Priority, 'visit', at)).toThrow(
      /priority X/,
    );
    expect(() => guaranteeDeadline(DEFAULT_GUARANTEE_RULES, 'U', 'surgery' as ServiceKind, at)).toThrow(
      /surgery/,
    );
  });

  it('throws for every combination missing from a random subset of the rules', () => {
    fc.assert(
      fc.property(
        fc.subarray(DEFAULT_GUARANTEE_RULES),
        priorityArb,
        kindArb,
        instantArb,
        (rules, p, k, at) => {
          const has = rules.some((r) => r.priority === p && r.serviceKind === k);
          if (has)
            expect(guaranteeDeadline(rules, p, k, at).getTime() - at.getTime()).toBe(
              EXPECTED_HOURS[p][k] * HOUR,
            );
          else expect(() => guaranteeDeadline(rules, p, k, at)).toThrow(Error);
        },
      ),
    );
  });
});

describe('appointment lifecycle', () => {
  const ALLOWED = new Set([
    'booked>checked_in',
    'booked>cancelled',
    'booked>no_show',
    'checked_in>completed',
    'checked_in>no_show',
  ]);

  it('allows exactly booked → checked-in → completed, cancellation and no-show', () => {
    for (const from of STATUSES) {
      for (const to of STATUSES) {
        expect(canTransition(from, to), `${from} → ${to}`).toBe(ALLOWED.has(`${from}>${to}`));
      }
    }
  });

  it('never allows staying in the same status or leaving a final one', () => {
    for (const s of STATUSES) expect(canTransition(s, s)).toBe(false);
    for (const from of ['completed', 'cancelled', 'no_show'] as const) {
      for (const to of STATUSES) expect(canTransition(from, to)).toBe(false);
    }
  });

  it('never reaches booked again once it has left it', () => {
    for (const from of STATUSES) expect(canTransition(from, 'booked')).toBe(false);
  });

  it('counts booked and checked-in as live, the rest not', () => {
    expect(STATUSES.filter(isLive)).toEqual(['booked', 'checked_in']);
  });

  it('keeps a live status after a transition only from booked to checked-in', () => {
    for (const from of STATUSES) {
      for (const to of STATUSES) {
        if (canTransition(from, to) && isLive(to)) expect([from, to]).toEqual(['booked', 'checked_in']);
      }
    }
  });
});

describe('newBookingCode', () => {
  const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

  /** A random source that replays the given numbers, recording the bounds it was asked for. */
  function replay(values: number[]) {
    const bounds: number[] = [];
    let i = 0;
    const random = (max: number) => {
      bounds.push(max);
      return values[i++ % values.length]! % max;
    };
    return { random, bounds };
  }

  it('matches BOOKING_CODE_PATTERN for any random source', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 8, maxLength: 8 }), (values) => {
        const { random, bounds } = replay(values);
        const code = newBookingCode(random);
        expect(code).toMatch(BOOKING_CODE_PATTERN);
        expect(code).toHaveLength(13);
        expect(code).not.toMatch(/[ILOU]/);
        // One draw per symbol, each over the whole 32-symbol alphabet.
        expect(bounds).toEqual(Array(8).fill(32));
        // The symbols are the alphabet entries the source picked, in order.
        expect(code.replaceAll('-', '').slice(3)).toBe(values.map((v) => ALPHABET[v % 32]).join(''));
      }),
    );
  });

  it('uses 32 distinct symbols, none of them I, L, O or U', () => {
    const seen = new Set<string>();
    for (let start = 0; start < 32; start += 8) {
      const { random } = replay([0, 1, 2, 3, 4, 5, 6, 7].map((n) => start + n));
      for (const c of newBookingCode(random).slice(4).replace('-', '')) seen.add(c);
    }
    expect(seen.size).toBe(32);
    for (const letter of 'ILOU') expect(seen.has(letter)).toBe(false);
    expect([...seen].sort().join('')).toBe(ALPHABET);
  });

  it('draws matching codes from the default cryptographic source', () => {
    const codes = Array.from({ length: 200 }, () => newBookingCode());
    for (const c of codes) {
      expect(c).toMatch(BOOKING_CODE_PATTERN);
      expect(c).not.toMatch(/[ILOU]/);
    }
    // 40 bits: 200 draws collide with negligible probability.
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('rejects codes with I, L, O or U and malformed shapes', () => {
    for (const bad of [
      'PRN-7K3M-9Q2I',
      'PRN-7K3L-9Q2D',
      'PRN-O000-0000',
      'PRN-UUUU-0000',
      'PRN-7k3m-9q2d',
      'PRN-7K3M9Q2D',
      'XRN-7K3M-9Q2D',
      'PRN-7K3M-9Q2DA',
    ]) {
      expect(bad).not.toMatch(BOOKING_CODE_PATTERN);
    }
    expect('PRN-7K3M-9Q2D').toMatch(BOOKING_CODE_PATTERN);
  });
});
