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
