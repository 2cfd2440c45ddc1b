import { describe, expect, it } from 'vitest';
import type { Appointment } from '../lib/types.ts';
import { markable } from './AppointmentsSection.tsx';

const at = (start: string, status: Appointment['status'] = 'booked') => ({ start, status }) as Appointment;

describe('what the desk may mark on an appointment (issue 11 §7)', () => {
  // 10:00 in Rome on Friday 4 December 2026.
  const now = Date.parse('2026-12-04T09:00:00Z');

  it('lets the desk mark a patient present from the day of the appointment, and absent once it started', () => {
    expect(markable(at('2026-12-04T07:00:00Z'), now)).toEqual({ present: true, absent: true });
    expect(markable(at('2026-12-04T15:00:00Z'), now)).toEqual({ present: true, absent: false });
    expect(markable(at('2026-12-05T07:00:00Z'), now)).toEqual({ present: false, absent: false });
  });

  it('counts the day on the Rome clock: 23:30 UTC on the 4th is already the 5th in Rome', () => {
    expect(markable(at('2026-12-04T23:30:00Z'), now)).toEqual({ present: false, absent: false });
    expect(markable(at('2026-12-03T23:30:00Z'), now)).toEqual({ present: true, absent: true });
  });

  it('offers nothing on an appointment already marked or cancelled', () => {
    for (const s of ['checked_in', 'completed', 'no_show', 'cancelled'] as const)
      expect(markable(at('2026-12-04T07:00:00Z', s), now)).toEqual({ present: false, absent: false });
  });
});
