import type { Prescription } from './registry.types.ts';

/** The national cap on the co-payment (ticket) of one prescription for specialist outpatient care. */
export const COPAY_CAP_CENTS = 3615;

/**
 * BK-8: the ticket is per prescription: the sum of the tariffs of the items not covered by the
 * patient's exemption, capped at €36.15. (Regional surcharges and partial exemptions are not modelled.)
 */
export function copayCents(items: { tariffCents: number; quantity: number; exempt: boolean }[]): number {
  const total = items.reduce((sum, i) => sum + (i.exempt ? 0 : i.tariffCents * i.quantity), 0);
  return Math.min(total, COPAY_CAP_CENTS);
}

/** The whole prescription's ticket at today's tariffs. */
export const prescriptionCopayCents = (p: Prescription) =>
  copayCents(
    p.items.map((i) => ({ tariffCents: i.service.tariffCents, quantity: i.quantity, exempt: i.exempt })),
  );

export interface TicketBooking {
  id: string;
  /** Tariff × quantity at booking time, and whether the exemption covered it then. */
  tariffCents: number;
  exempt: boolean;
  /** Cancelled bookings owe nothing. */
  cancelled: boolean;
}

export interface Ticket {
  /** This booking's share of the prescription's ticket. */
  shareCents: number;
  /** The prescription's ticket for what is booked (the sum of the shares). */
  bookedCents: number;
  /** What the prescription's items not booked yet will add, at today's tariffs, within the cap. */
  remainingCents: number;
  /** bookedCents + remainingCents: the whole prescription, never above the cap. */
  prescriptionCents: number;
}

/**
 * Splits one prescription's capped ticket over its bookings in booking order (each pays its tariff
 * until the cap is reached), from the tariffs stored at booking time; `openItems` are the items still
 * to book. Returns each booking's ticket by id.
 */
export function ticketShares(
  bookings: TicketBooking[],
  openItems: { tariffCents: number; quantity: number; exempt: boolean }[],
): Map<string, Ticket> {
  const shares = new Map<string, number>();
  let booked = 0;
  for (const b of bookings) {
    const share = b.cancelled || b.exempt ? 0 : Math.min(b.tariffCents, COPAY_CAP_CENTS - booked);
    shares.set(b.id, share);
    booked += share;
  }
  const remaining = Math.min(copayCents(openItems), COPAY_CAP_CENTS - booked);
  const result = new Map<string, Ticket>();
  for (const [id, shareCents] of shares) {
    result.set(id, {
      shareCents,
      bookedCents: booked,
      remainingCents: remaining,
      prescriptionCents: booked + remaining,
    });
  }
  return result;
}
