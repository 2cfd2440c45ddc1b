import type { Priority, ServiceKind } from '../../registry/index.ts';

export interface GuaranteeRule {
  priority: Priority;
  serviceKind: ServiceKind;
  maxHours: number;
}

/** BK-4 defaults (the database table guarantee_rule holds the region's own values). */
export const DEFAULT_GUARANTEE_RULES: GuaranteeRule[] = (['visit', 'instrumental', 'lab'] as const).flatMap(
  (kind) => [
    { priority: 'U', serviceKind: kind, maxHours: 72 },
    { priority: 'B', serviceKind: kind, maxHours: 240 },
    { priority: 'D', serviceKind: kind, maxHours: kind === 'visit' ? 720 : 1440 },
    { priority: 'P', serviceKind: kind, maxHours: 2880 },
  ],
);

/**
 * The latest start time that keeps the priority-class guarantee for a request made at `requestedAt`.
 * Hours, not calendar days, so the deadline is the same instant whatever the daylight-saving state.
 */
export function guaranteeDeadline(
  rules: GuaranteeRule[],
  priority: Priority,
  kind: ServiceKind,
  requestedAt: Date,
): Date {
  const rule = rules.find((r) => r.priority === priority && r.serviceKind === kind);
  if (!rule) throw new Error(`no guarantee rule for priority ${priority} and ${kind}`);
  return new Date(requestedAt.getTime() + rule.maxHours * 3_600_000);
}
