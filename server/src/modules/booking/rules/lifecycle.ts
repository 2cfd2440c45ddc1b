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
