import { DateTime } from 'luxon';
import type { Priority, ServiceKind } from '../../registry/index.ts';

const ZONE = 'Europe/Rome';

/** One class's maximum wait: U in hours, the others "within N days" on the Europe/Rome calendar. */
export type GuaranteeRule = { priority: Priority; serviceKind: ServiceKind } & (
  | { maxHours: number; maxDays: null }
  | { maxHours: null; maxDays: number }
);

/** BK-4 defaults (the database table guarantee_rule holds the region's own values). */
export const DEFAULT_GUARANTEE_RULES: GuaranteeRule[] = (['visit', 'instrumental', 'lab'] as const).flatMap(
  (kind): GuaranteeRule[] => [
    { priority: 'U', serviceKind: kind, maxHours: 72, maxDays: null },
    { priority: 'B', serviceKind: kind, maxHours: null, maxDays: 10 },
    { priority: 'D', serviceKind: kind, maxHours: null, maxDays: kind === 'visit' ? 30 : 60 },
    { priority: 'P', serviceKind: kind, maxHours: null, maxDays: 120 },
  ],
);

/**
 * The latest start that keeps the priority-class guarantee for a request made at `requestedAt`.
 * "Within N days" is the end of the Nth calendar day after the request's day in Europe/Rome (so an
 * afternoon slot on day N is inside, and a DST change in between moves nothing); U is 72 hours.
 * Returned as the first instant past the deadline's day minus one millisecond: a slot is inside when
 * its start is <= the deadline.
 */
export function guaranteeDeadline(
  rules: GuaranteeRule[],
  priority: Priority,
  kind: ServiceKind,
  requestedAt: Date,
): Date {
  const rule = rules.find((r) => r.priority === priority && r.serviceKind === kind);
  if (!rule) throw new Error(`no guarantee rule for priority ${priority} and ${kind}`);
  if (rule.maxHours !== null) return new Date(requestedAt.getTime() + rule.maxHours * 3_600_000);
  return endOfRomeDay(requestedAt, rule.maxDays);
}

/** The last millisecond of the calendar day `days` after the Europe/Rome day of `at`. */
export function endOfRomeDay(at: Date, days: number): Date {
  return DateTime.fromJSDate(at, { zone: ZONE })
    .startOf('day')
    .plus({ days: days + 1 })
    .minus({ milliseconds: 1 })
    .toJSDate();
}
