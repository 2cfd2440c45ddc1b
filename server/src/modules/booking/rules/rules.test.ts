import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Priority, ServiceKind } from '../../registry/index.ts';
import { BOOKING_CODE_PATTERN, newBookingCode } from './booking-code.ts';
import { DEFAULT_GUARANTEE_RULES, type GuaranteeRule, guaranteeDeadline } from './guarantee.ts';
import type { AppointmentStatus } from './lifecycle.ts';
import { canTransition, isLive } from './lifecycle.ts';
import { publicationChecks } from './publication.ts';

const ZONE = 'Europe/Rome';
const HOUR = 3_600_000;
const PRIORITIES: Priority[] = ['U', 'B', 'D', 'P'];
const KINDS: ServiceKind[] = ['visit', 'instrumental', 'lab'];
const STATUSES: AppointmentStatus[] = ['booked', 'checked_in', 'completed', 'cancelled', 'no_show'];

/** BK-4: U 72 hours; B within 10 days, D 30 (visits) / 60 (instrumental and lab), P 120, in calendar days. */
const EXPECTED: Record<Priority, Record<ServiceKind, { hours?: number; days?: number }>> = {
  U: { visit: { hours: 72 }, instrumental: { hours: 72 }, lab: { hours: 72 } },
  B: { visit: { days: 10 }, instrumental: { days: 10 }, lab: { days: 10 } },
  D: { visit: { days: 30 }, instrumental: { days: 60 }, lab: { days: 60 } },
  P: { visit: { days: 120 }, instrumental: { days: 120 }, lab: { days: 120 } },
};

const dayClassArb = fc.constantFrom<Priority>('B', 'D', 'P');
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

// An oracle independent of luxon and of the code under test: the platform's own time-zone database
// (Intl) gives the Rome calendar date and wall-clock time of an instant; days are counted on plain
// proleptic dates in UTC arithmetic.
const romeParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
function rome(at: Date): { date: string; time: string } {
  const p = Object.fromEntries(romeParts.formatToParts(at).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}:${p.second}` };
}
const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

function expectEndOfNthRomeDay(at: Date, deadline: Date, days: number) {
  // The deadline is on the Nth calendar day after the request's Rome day, and one millisecond later
  // it is midnight of the next day: the deadline is the end of that day.
  expect(rome(deadline).date).toBe(addDays(rome(at).date, days));
  const after = new Date(deadline.getTime() + 1);
  expect(rome(after)).toEqual({ date: addDays(rome(at).date, days + 1), time: '00:00:00' });
}

describe('DEFAULT_GUARANTEE_RULES', () => {
  it('holds exactly one rule per priority class and service kind, with the BK-4 values', () => {
    expect(DEFAULT_GUARANTEE_RULES).toHaveLength(PRIORITIES.length * KINDS.length);
    for (const p of PRIORITIES) {
      for (const k of KINDS) {
        const matching = DEFAULT_GUARANTEE_RULES.filter((r) => r.priority === p && r.serviceKind === k);
        expect(matching, `${p}/${k}`).toHaveLength(1);
        expect(matching[0]!.maxHours ?? undefined, `${p}/${k}`).toBe(EXPECTED[p][k].hours);
        expect(matching[0]!.maxDays ?? undefined, `${p}/${k}`).toBe(EXPECTED[p][k].days);
      }
    }
  });
});

describe('guaranteeDeadline', () => {
  it('ends the Nth Rome calendar day after the request for B, D and P, for any instant', () => {
    fc.assert(
      fc.property(instantArb, dayClassArb, kindArb, (at, p, k) => {
        const deadline = guaranteeDeadline(DEFAULT_GUARANTEE_RULES, p, k, at);
        expectEndOfNthRomeDay(at, deadline, EXPECTED[p][k].days!);
      }),
      { numRuns: 300 },
    );
  });

  it('ends the Nth Rome day across the daylight-saving changes too', () => {
    fc.assert(
      fc.property(nearDstArb, dayClassArb, kindArb, (at, p, k) => {
        const deadline = guaranteeDeadline(DEFAULT_GUARANTEE_RULES, p, k, at);
        expectEndOfNthRomeDay(at, deadline, EXPECTED[p][k].days!);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps U at exactly 72 hours of elapsed time, across DST as well', () => {
    fc.assert(
      fc.property(fc.oneof(instantArb, nearDstArb), kindArb, (at, k) => {
        const deadline = guaranteeDeadline(DEFAULT_GUARANTEE_RULES, 'U', k, at);
        expect(deadline.getTime() - at.getTime()).toBe(72 * HOUR);
      }),
    );
  });

  it('puts an afternoon slot on day 10 inside B for a morning request, and day 11 outside', () => {
    // The bug: 240 hours from 09:00 ended at 09:00 on day 10.
    const at = new Date('2026-11-23T08:00:00Z'); // 09:00 in Rome, Monday
    const deadline = guaranteeDeadline(DEFAULT_GUARANTEE_RULES, 'B', 'visit', at);
    expect(new Date('2026-12-03T15:00:00Z') <= deadline).toBe(true); // 16:00 on 3 December
    expect(new Date('2026-12-03T22:59:59.999Z') <= deadline).toBe(true); // 23:59:59.999 Rome
    expect(new Date('2026-12-03T23:00:00Z') <= deadline).toBe(false); // midnight, day 11
  });

  it('does not move by an hour across the October clock change', () => {
    // Requested on 20 October (summer time), B ends on 30 October at midnight winter time (23:00Z).
    const at = new Date('2026-10-20T07:00:00Z');
    expect(guaranteeDeadline(DEFAULT_GUARANTEE_RULES, 'B', 'lab', at).toISOString()).toBe(
      '2026-10-30T22:59:59.999Z',
    );
    // Requested just after midnight in Rome (still the previous day in UTC) counts from the Rome day.
    const justAfterMidnight = new Date('2026-10-19T22:30:00Z'); // 00:30 on 20 October in Rome
    expect(guaranteeDeadline(DEFAULT_GUARANTEE_RULES, 'B', 'lab', justAfterMidnight).toISOString()).toBe(
      '2026-10-30T22:59:59.999Z',
    );
  });

  it('uses the given rules (a region may change them), not the defaults', () => {
    const rules: GuaranteeRule[] = [
      { priority: 'B', serviceKind: 'lab', maxHours: 100, maxDays: null },
      { priority: 'D', serviceKind: 'lab', maxHours: null, maxDays: 3 },
    ];
    const at = new Date('2026-11-23T06:00:00Z');
    expect(guaranteeDeadline(rules, 'B', 'lab', at).toISOString()).toBe('2026-11-27T10:00:00.000Z');
    expect(guaranteeDeadline(rules, 'D', 'lab', at).toISOString()).toBe('2026-11-26T22:59:59.999Z');
  });

  it('throws for a combination without a rule', () => {
    const at = new Date('2026-11-23T06:00:00Z');
    expect(() => guaranteeDeadline([], 'U', 'visit', at)).toThrow(
      /no guarantee rule for priority U and visit/,
    );
    const onlyVisits = DEFAULT_GUARANTEE_RULES.filter((r) => r.serviceKind === 'visit');
    expect(() => guaranteeDeadline(onlyVisits, 'D', 'lab', at)).toThrow(/priority D and lab/);
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

describe('the booking code on a phone keypad (OB-4)', () => {
  it('types each letter as the key that carries it, digits as themselves', async () => {
    const { keypadCode } = await import('./booking-code.ts');
    expect(keypadCode('PRN-7K3M-9Q2D')).toBe('75369723');
    expect(keypadCode('PRN-ABCD-WXYZ')).toBe('22239999');
    expect(keypadCode('PRN-0000-1111')).toBe('00001111');
  });
});

describe('publication checks (BK-11)', () => {
  const sound = {
    published: true,
    openSlots: 10,
    openSlotsOnClosures: 0,
    bookingsOnClosures: 0,
    reservedClasses: ['B' as const],
    reservedClassesWithSlots: ['B' as const],
    serviceCodes: ['89.7', '88.72.2'],
    catalogue: new Set(['89.7', '88.72.2']),
  };

  it('finds nothing wrong with a sound agenda', () => {
    expect(publicationChecks(sound)).toEqual([]);
  });

  it('names the services the catalogue lacks, even on an agenda not published', () => {
    const f = { ...sound, published: false, openSlots: 0, catalogue: new Set(['89.7']) };
    expect(publicationChecks(f)).toEqual([
      { code: 'service-not-in-catalogue', count: 1, items: ['88.72.2'] },
    ]);
  });

  it('says an agenda with no place has no slots, not that its reserved classes lack them', () => {
    const f = { ...sound, openSlots: 0, reservedClassesWithSlots: [] };
    expect(publicationChecks(f)).toEqual([{ code: 'no-slots', count: 0, items: [] }]);
  });

  it('lists each reserved class without an open place once, in order', () => {
    const f = { ...sound, reservedClasses: ['U' as const, 'B' as const, 'U' as const, 'D' as const] };
    expect(publicationChecks(f)).toEqual([
      { code: 'reserved-class-without-slots', count: 2, items: ['D', 'U'] },
    ]);
  });
});
