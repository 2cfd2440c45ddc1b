import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COPAY_CAP_CENTS, ticketShares } from './copay.ts';

const booking = fc.record({
  tariffCents: fc.integer({ min: 0, max: 20_000 }),
  exempt: fc.boolean(),
  cancelled: fc.boolean(),
});
const item = fc.record({
  tariffCents: fc.integer({ min: 0, max: 20_000 }),
  quantity: fc.integer({ min: 1, max: 3 }),
  exempt: fc.boolean(),
});

describe('ticketShares (BK-8)', () => {
  it('splits min(cap, what is due for the live bookings) over them, each at most its tariff', () => {
    fc.assert(
      fc.property(fc.array(booking, { maxLength: 8 }), fc.array(item, { maxLength: 8 }), (bs, open) => {
        const list = bs.map((b, i) => ({ ...b, id: `a${i}` }));
        const tickets = ticketShares(list, open);
        const due = list.filter((b) => !b.cancelled && !b.exempt).reduce((s, b) => s + b.tariffCents, 0);
        const booked = Math.min(COPAY_CAP_CENTS, due);
        let sum = 0;
        for (const b of list) {
          const t = tickets.get(b.id)!;
          sum += t.shareCents;
          expect(t.shareCents).toBeGreaterThanOrEqual(0);
          expect(t.shareCents).toBeLessThanOrEqual(b.cancelled || b.exempt ? 0 : b.tariffCents);
          expect(t.bookedCents).toBe(booked);
          const openDue = open.filter((o) => !o.exempt).reduce((s, o) => s + o.tariffCents * o.quantity, 0);
          expect(t.remainingCents).toBe(Math.min(openDue, COPAY_CAP_CENTS - booked));
          expect(t.prescriptionCents).toBe(Math.min(COPAY_CAP_CENTS, due + openDue));
        }
        expect(sum).toBe(booked);
      }),
    );
  });

  it('charges the earlier bookings first', () => {
    const t = ticketShares(
      [
        { id: 'a', tariffCents: 2240, exempt: false, cancelled: false },
        { id: 'b', tariffCents: 2240, exempt: false, cancelled: false },
      ],
      [],
    );
    expect(t.get('a')!.shareCents).toBe(2240);
    expect(t.get('b')!.shareCents).toBe(3615 - 2240);
  });
});
