import type { Body } from '../lib/openapi.ts';

// The weekly rules of an agenda as the editor holds them (issue 14 §14).

export type WeeklyRule = Body<'/api/v1/agendas/{agendaId}', 'put'>['rules'][number];

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

const minutes = (hhmm: string) => {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
};

/** Places a rule offers each week: whole slots between start and end, times the capacity. */
export function placesOfRule(r: WeeklyRule): number {
  const span = minutes(r.endTime) - minutes(r.startTime);
  if (!(span > 0) || !(r.slotMinutes > 0) || !(r.capacity > 0)) return 0;
  return Math.floor(span / r.slotMinutes) * r.capacity;
}

/** Places the rules offer in a week without holidays or closures. */
export const placesPerWeek = (rules: WeeklyRule[]) => rules.reduce((n, r) => n + placesOfRule(r), 0);

/** A new rule: the day after the last one's, same hours (Monday 08:00–12:00 when there is none). */
export function nextRule(rules: WeeklyRule[]): WeeklyRule {
  const last = rules.at(-1);
  if (!last)
    return {
      weekday: 1,
      startTime: '08:00',
      endTime: '12:00',
      slotMinutes: 20,
      capacity: 1,
      reservedPriority: null,
    };
  return { ...last, weekday: (last.weekday % 7) + 1 };
}
