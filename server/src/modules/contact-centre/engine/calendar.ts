import { DateTime } from 'luxon';
import { italianHolidaySet } from '../../../platform/calendar.ts';
import { invalidField } from '../../../platform/errors.ts';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Opening hours of a line in its time zone (orari di apertura). Times are 'HH:MM', end exclusive. */
export interface OpeningHours {
  timeZone: string;
  weekly: Partial<Record<Weekday, [string, string][]>>;
  /** 'IT': closed on Italian national public holidays (date-holidays). */
  holidays: 'IT' | 'none';
  /** Further closures, 'YYYY-MM-DD'. */
  closedDates?: string[];
}

/** CC-4: Monday–Friday 08–20, Saturday 08–14, closed on Sundays and holidays. */
export const STANDARD_HOURS: OpeningHours = {
  timeZone: 'Europe/Rome',
  weekly: {
    mon: [['08:00', '20:00']],
    tue: [['08:00', '20:00']],
    wed: [['08:00', '20:00']],
    thu: [['08:00', '20:00']],
    fri: [['08:00', '20:00']],
    sat: [['08:00', '14:00']],
  },
  holidays: 'IT',
};

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

export function validateOpeningHours(h: OpeningHours | 'always', path: string): void {
  if (h === 'always') return;
  if (typeof h !== 'object' || h === null) throw invalidField(path, `${path} must be 'always' or an object`);
  if (!DateTime.local().setZone(h.timeZone).isValid) {
    throw invalidField(
      `${path}.timeZone`,
      `${path}.timeZone: unknown time zone ${JSON.stringify(h.timeZone)}`,
    );
  }
  if (h.holidays !== 'IT' && h.holidays !== 'none') {
    throw invalidField(`${path}.holidays`, `${path}.holidays must be 'IT' or 'none'`);
  }
  for (const [day, intervals] of Object.entries(h.weekly ?? {})) {
    const p = `${path}.weekly.${day}`;
    if (!(WEEKDAYS as readonly string[]).includes(day)) throw invalidField(p, `${p}: unknown weekday`);
    let previousEnd = -1;
    for (const [i, iv] of (intervals ?? []).entries()) {
      const [from, to] = iv;
      if (!TIME.test(from) || !TIME.test(to) || minutes(from) >= minutes(to)) {
        throw invalidField(`${p}.${i}`, `${p}.${i} must be ['HH:MM', 'HH:MM'] with start before end`);
      }
      if (minutes(from) < previousEnd) throw invalidField(`${p}.${i}`, `${p}.${i} overlaps the one before`);
      previousEnd = minutes(to);
    }
  }
  for (const [i, d] of (h.closedDates ?? []).entries()) {
    if (!DATE.test(d))
      throw invalidField(`${path}.closedDates.${i}`, `${path}.closedDates.${i} is not YYYY-MM-DD`);
  }
}

/** How far ahead to look for an opening before declaring a line never open. */
const SEARCH_DAYS = 400;

/**
 * Answers "open now?" and "when does it open next?" for epoch times. Lookups are cached as the current
 * open or closed stretch, so the monotone queries of a simulation cost almost nothing; DST-safe because
 * every boundary is computed by luxon in the line's zone.
 */
export class OpeningCalendar {
  private from = 0;
  private until = -1;
  private open = false;
  private readonly days = new Map<string, [number, number][]>();
  private readonly closed: Set<string>;
  /** nextChange's answer for the stretch [from, until) it was found in. */
  private change: { from: number; until: number; at: number | null } | null = null;

  constructor(private readonly hours: OpeningHours | 'always') {
    this.closed = new Set(hours === 'always' ? [] : (hours.closedDates ?? []));
  }

  isOpen(at: number): boolean {
    if (this.hours === 'always') return true;
    this.locate(at);
    return this.open;
  }

  /** `at` itself when open, else the next opening time, or null when none within a year. */
  nextOpening(at: number): number | null {
    if (this.isOpen(at)) return at;
    return Number.isFinite(this.until) ? this.until : null;
  }

  /**
   * When the line's state next changes after `at`: its closing when open (an interval ending where the next
   * begins, such as 24:00 and 00:00, is not a closing), its opening when closed; null when it never changes
   * within a year (always open, or never open again).
   */
  nextChange(at: number): number | null {
    if (this.hours === 'always') return null;
    this.locate(at);
    const { from, until, open } = this;
    // The same for every instant of a stretch: found once per stretch (the wallboard asks at every
    // snapshot), and the stretch put back for the engine's isOpen.
    if (this.change?.from === from && this.change.until === until) return this.change.at;
    let found: number | null = null;
    for (let i = 0, t = until; i < SEARCH_DAYS && Number.isFinite(t); i++, t = this.until) {
      this.locate(t);
      if (this.open !== open) {
        found = t;
        break;
      }
    }
    this.remember(from, until, open);
    this.change = { from, until, at: found };
    return found;
  }

  /** The open intervals within [from, to), in order (the contract's working hours of a period). */
  openIntervals(from: number, to: number): [number, number][] {
    if (this.hours === 'always') return from < to ? [[from, to]] : [];
    const out: [number, number][] = [];
    for (let t = from; t < to; ) {
      this.locate(t);
      const end = Math.min(this.until, to);
      if (this.open) out.push([t, end]);
      if (!Number.isFinite(this.until)) break;
      t = end;
    }
    return out;
  }

  /** The local calendar date of `at`, 'YYYY-MM-DD'. */
  localDate(at: number): string {
    const zone = this.hours === 'always' ? 'Europe/Rome' : this.hours.timeZone;
    return DateTime.fromMillis(at, { zone }).toISODate()!;
  }

  private locate(at: number): void {
    if (at >= this.from && at < this.until) return;
    const hours = this.hours as OpeningHours;
    let day = DateTime.fromMillis(at, { zone: hours.timeZone }).startOf('day');
    for (let i = 0; i < SEARCH_DAYS; i++, day = day.plus({ days: 1 })) {
      for (const [start, end] of this.intervals(day)) {
        if (at < start) {
          this.remember(at, start, false);
          return;
        }
        if (at < end) {
          this.remember(start, end, true);
          return;
        }
      }
    }
    this.remember(at, Number.POSITIVE_INFINITY, false);
  }

  private remember(from: number, until: number, open: boolean): void {
    this.from = from;
    this.until = until;
    this.open = open;
  }

  private intervals(day: DateTime): [number, number][] {
    const key = day.toISODate()!;
    let list = this.days.get(key);
    if (list) return list;
    const hours = this.hours as OpeningHours;
    const closedToday =
      this.closed.has(key) || (hours.holidays === 'IT' && italianHolidaySet(day.year).has(key));
    const weekday = WEEKDAYS[day.weekday - 1]!;
    // Wall-clock times, not offsets from midnight: on DST days 08:00 is still 08:00.
    const at = (t: string) =>
      t === '24:00'
        ? day.plus({ days: 1 }).toMillis()
        : day.set({ hour: Number(t.slice(0, 2)), minute: Number(t.slice(3, 5)) }).toMillis();
    list = closedToday ? [] : (hours.weekly[weekday] ?? []).map(([f, t]): [number, number] => [at(f), at(t)]);
    if (this.days.size > 1000) this.days.clear();
    this.days.set(key, list);
    return list;
  }
}
