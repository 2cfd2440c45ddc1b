import { addDays, romeDate } from '../../../platform/calendar.ts';
import type { Priority, ServiceKind } from './registry.types.ts';

/** The region's prescription validity for one class and kind (table prescription_validity). */
export interface ValidityRule {
  priority: Priority;
  serviceKind: ServiceKind;
  /** Book within this many calendar days of issue (the end of that Rome day); null: no class window. */
  bookWithinDays: number | null;
  /** Never usable after this many days from issue. */
  maxDays: number;
}

/**
 * The last Rome date on which a prescription issued on `issuedOn` can be booked, for its class and the
 * service's kind; undefined when the region has no rule for it.
 */
export function lastBookingDate(
  rules: ValidityRule[],
  priority: Priority,
  kind: ServiceKind,
  issuedOn: string,
): string | undefined {
  const rule = rules.find((r) => r.priority === priority && r.serviceKind === kind);
  if (!rule) return undefined;
  const days = rule.bookWithinDays === null ? rule.maxDays : Math.min(rule.bookWithinDays, rule.maxDays);
  return addDays(issuedOn, days);
}

/** Whether booking at `now` is past the prescription's validity. */
export function isPastValidity(
  rules: ValidityRule[],
  priority: Priority,
  kind: ServiceKind,
  issuedOn: string,
  now: Date,
): { expired: boolean; lastDate: string | undefined } {
  const lastDate = lastBookingDate(rules, priority, kind, issuedOn);
  return { expired: lastDate !== undefined && romeDate(now) > lastDate, lastDate };
}
