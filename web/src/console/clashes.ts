import type { Appointment } from '../lib/types.ts';

/** Less than this between two appointments at different facilities is too close to travel (issue 14 §4). */
export const TRAVEL_MINUTES = 90;

/**
 * Issue 14 §4: the patient's first visit of the same branch still ahead of a follow-up's slot — a
 * controllo booked before the visit it follows. The earliest such visit, or null.
 */
export function firstVisitAfter(
  slot: { start: string },
  branch: string,
  appointments: Appointment[],
  exceptId?: string,
): Appointment | null {
  const start = Date.parse(slot.start);
  const later = appointments
    .filter(
      (a) =>
        a.id !== exceptId &&
        a.status === 'booked' &&
        a.access === 'first' &&
        a.service.branch === branch &&
        Date.parse(a.start) > start,
    )
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  return later[0] ?? null;
}

export interface Clash {
  appointment: Appointment;
  kind: 'same-time' | 'too-close';
}

/**
 * The patient's other booked appointments that clash with a slot: overlapping it, or at another facility
 * less than TRAVEL_MINUTES before it starts or after it ends.
 */
export function clashesWith(
  slot: { start: string; end: string; facility: { id: string } },
  appointments: Appointment[],
  exceptId?: string,
): Clash[] {
  const start = Date.parse(slot.start);
  const end = Date.parse(slot.end);
  const gap = TRAVEL_MINUTES * 60_000;
  const out: Clash[] = [];
  for (const a of appointments) {
    if (a.id === exceptId || a.status !== 'booked') continue;
    const aStart = Date.parse(a.start);
    const aEnd = Date.parse(a.end);
    if (aStart < end && start < aEnd) out.push({ appointment: a, kind: 'same-time' });
    else if (a.facility.id !== slot.facility.id && aStart < end + gap && start < aEnd + gap)
      out.push({ appointment: a, kind: 'too-close' });
  }
  return out;
}
