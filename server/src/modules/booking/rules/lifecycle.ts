import { romeDate } from '../../../platform/calendar.ts';
/** An appointment's status (booking.types.ts re-exports it). */
export type AppointmentStatus = 'booked' | 'checked_in' | 'completed' | 'cancelled' | 'no_show';

/** booked → checked-in → completed | cancelled | no-show. Anything else is refused. */
const NEXT: Record<AppointmentStatus, readonly AppointmentStatus[]> = {
  booked: ['checked_in', 'cancelled', 'no_show'],
  checked_in: ['completed', 'no_show'],
  completed: [],
  cancelled: [],
  no_show: [],
};

export const canTransition = (from: AppointmentStatus, to: AppointmentStatus) => NEXT[from].includes(to);
export const isLive = (status: AppointmentStatus) => status === 'booked' || status === 'checked_in';

/**
 * Time rules of the lifecycle (the clock's now against the appointment's start): cancel and move only
 * before it starts; check-in and completion only from its day on the Rome calendar; no-show only after
 * it has started. Returns why not, or null when the change is allowed now.
 */
export function timeRefusal(
  to: AppointmentStatus | 'moved',
  now: Date,
  start: Date,
): 'started' | 'not_today_yet' | 'not_started' | null {
  switch (to) {
    case 'cancelled':
    case 'moved':
      return start <= now ? 'started' : null;
    case 'checked_in':
    case 'completed':
      return romeDate(now) < romeDate(start) ? 'not_today_yet' : null;
    case 'no_show':
      return now < start ? 'not_started' : null;
    default:
      return null;
  }
}

/** The attendance of a period's appointments (issue 11 §7). */
export interface Attendance {
  /** Checked in or completed. */
  attended: number;
  noShow: number;
  /** Past and still 'booked': nobody marked them. Unknown, not a no-show. */
  unmarked: number;
  /** Still to come. */
  ahead: number;
  cancelled: number;
  /** attended / (attended + noShow); null when nothing was marked. Unmarked ones are left out. */
  rate: number | null;
}

export function attendanceOf(rows: { status: string; past: boolean; n: number }[]): Attendance {
  const a: Attendance = { attended: 0, noShow: 0, unmarked: 0, ahead: 0, cancelled: 0, rate: null };
  for (const r of rows) {
    if (r.status === 'checked_in' || r.status === 'completed') a.attended += r.n;
    else if (r.status === 'no_show') a.noShow += r.n;
    else if (r.status === 'cancelled') a.cancelled += r.n;
    else if (r.past) a.unmarked += r.n;
    else a.ahead += r.n;
  }
  const marked = a.attended + a.noShow;
  a.rate = marked > 0 ? a.attended / marked : null;
  return a;
}
