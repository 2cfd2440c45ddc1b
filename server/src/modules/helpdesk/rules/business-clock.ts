import { DateTime } from 'luxon';
import { italianHolidaySet, ZONE } from '../../../platform/calendar.ts';

/**
 * HD-6, MR-5: the written contacts' clock. The tender (seed 003) counts "24 ore/giorno; sono esclusi i
 * giorni festivi e il sabato dalle 14 alle 24": every hour counts except Sundays and national holidays
 * (Italian "giorni festivi") and Saturday from 14:00 to midnight, Rome time. While a ticket waits on the
 * citizen or a third party its clock is paused. Pure functions over epoch milliseconds.
 */

/** A span of time, epoch ms, `end` excluded; `end` null: still going on. */
export interface Span {
  start: number;
  end: number | null;
}

/** One Rome day: its counted part ([start, end) in epoch ms, or null) and the next day's start. */
interface Day {
  part: [number, number] | null;
  next: number;
}

// Days are the same for every ticket: computed once (time-zone arithmetic is the clock's main cost).
const DAYS = new Map<number, Day>();

function dayAt(start: number): Day {
  let d = DAYS.get(start);
  if (!d) {
    const day = DateTime.fromMillis(start, { zone: ZONE });
    const date = day.toISODate()!;
    // A daylight-saving day has 23 or 25 hours: the end is the next day's start, not start + 24 h.
    const next = day.plus({ days: 1 }).startOf('day').toMillis();
    const counted = !(day.weekday === 7 || italianHolidaySet(day.year).has(date));
    d = {
      part: counted ? [start, day.weekday === 6 ? day.set({ hour: 14 }).toMillis() : next] : null,
      next,
    };
    if (DAYS.size > 20_000) DAYS.clear();
    DAYS.set(start, d);
  }
  return d;
}

/** The counted spans overlapping [from, to), clipped to it, in order. */
function* countedSpans(from: number, to: number): Generator<[number, number]> {
  for (let start = DateTime.fromMillis(from, { zone: ZONE }).startOf('day').toMillis(); start < to; ) {
    const { part, next } = dayAt(start);
    if (part) {
      const a = Math.max(part[0], from);
      const b = Math.min(part[1], to);
      if (a < b) yield [a, b];
    }
    start = next;
  }
}

/** Pauses sorted and merged, an open one running to +∞. */
function mergedPauses(pauses: readonly Span[]): [number, number][] {
  const sorted = pauses
    .map((p): [number, number] => [p.start, p.end ?? Number.POSITIVE_INFINITY])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** [a, b) without the pauses, as spans. */
function withoutPauses(a: number, b: number, pauses: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  let cursor = a;
  for (const [p, q] of pauses) {
    if (q <= cursor) continue;
    if (p >= b) break;
    if (p > cursor) out.push([cursor, Math.min(p, b)]);
    cursor = Math.max(cursor, q);
    if (cursor >= b) break;
  }
  if (cursor < b) out.push([cursor, b]);
  return out;
}

/** Milliseconds the clock ran between `from` and `to`: counted hours, pauses excluded. */
export function countedMs(from: number, to: number, pauses: readonly Span[] = []): number {
  if (to <= from) return 0;
  const merged = mergedPauses(pauses);
  let total = 0;
  for (const [a, b] of countedSpans(from, to)) {
    for (const [x, y] of withoutPauses(a, b, merged)) total += y - x;
  }
  return total;
}

/** A year past the start: no ticket's budget of hours can need more (each week counts 134 h). */
const HORIZON_MS = 400 * 86_400_000;

/**
 * When `budgetMs` of counted time after `start` runs out, given the pauses; null while an open pause
 * stops the clock before the budget is spent (the deadline is not known until it ends).
 */
export function deadline(start: number, budgetMs: number, pauses: readonly Span[] = []): number | null {
  const merged = mergedPauses(pauses);
  let left = budgetMs;
  if (left <= 0) return start;
  for (const [a, b] of countedSpans(start, start + HORIZON_MS)) {
    for (const [x, y] of withoutPauses(a, b, merged)) {
      if (y - x >= left) return x + left;
      left -= y - x;
    }
    const open = merged.at(-1);
    if (open && open[1] === Number.POSITIVE_INFINITY && open[0] <= b) return null;
  }
  return null;
}
