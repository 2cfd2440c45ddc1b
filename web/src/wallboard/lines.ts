import type { LiveLine } from '../contact-centre/types.ts';
import { romeToday } from '../lib/format.ts';

/** When a line's state next changes, against the Rome calendar of "now" (MR-4, CC-4). */
export type LineChange =
  /** CC-7: a retired number giving the new one until `until` (its last day), or ceased after it. */
  | { kind: 'redirect' | 'ceased'; until: string }
  /** Open, and no closing within a year (a line answering at every hour). */
  | { kind: 'always' }
  /** Closed, and no opening within a year. */
  | { kind: 'never' }
  /** Closes or opens today, tomorrow or a later day, at `at` (epoch ms). */
  | { kind: 'today' | 'tomorrow' | 'later'; at: number };

/** The calendar day after a YYYY-MM-DD date (by the calendar, not by adding 24 hours: DST days are 23 or 25). */
export function dayAfter(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** A line's next change said relative to `now`: today, tomorrow or another day. */
export function lineChange(
  line: Pick<LiveLine, 'open' | 'changesAt' | 'redirectUntil'>,
  now: number,
): LineChange {
  const today = romeToday(new Date(now));
  if (line.redirectUntil !== null)
    return { kind: today <= line.redirectUntil ? 'redirect' : 'ceased', until: line.redirectUntil };
  if (line.changesAt === null) return { kind: line.open ? 'always' : 'never' };
  const day = romeToday(new Date(line.changesAt));
  const kind = day === today ? 'today' : day === dayAfter(today) ? 'tomorrow' : 'later';
  return { kind, at: line.changesAt };
}
