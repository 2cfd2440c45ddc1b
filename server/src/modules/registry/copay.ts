import type { Prescription } from './registry.types.ts';

/** The national cap on the co-payment (ticket) of one prescription for specialist outpatient care. */
export const COPAY_CAP_CENTS = 3615;

/**
 * BK-8: the ticket is per prescription: the sum of the items' tariffs, capped at €36.15, and nothing
 * when the patient holds an exemption. (Regional surcharges and partial, income-based exemptions are a
 * regional rule set still to come.)
 */
export function copayCents(
  items: { tariffCents: number; quantity: number }[],
  exemptionCode: string | null,
): number {
  if (exemptionCode) return 0;
  const total = items.reduce((sum, i) => sum + i.tariffCents * i.quantity, 0);
  return Math.min(total, COPAY_CAP_CENTS);
}

export const prescriptionCopayCents = (p: Prescription) =>
  copayCents(
    p.items.map((i) => ({ tariffCents: i.service.tariffCents, quantity: i.quantity })),
    p.exemptionCode,
  );
