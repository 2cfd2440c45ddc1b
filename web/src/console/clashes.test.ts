import { describe, expect, it } from 'vitest';
import { appointment } from '../test/fixtures.ts';
import { clashesWith } from './clashes.ts';

const at = (iso: string, minutes: number, facility = appointment.facility.id, over = {}) => ({
  ...appointment,
  id: `${iso}-${facility}`,
  facility: { ...appointment.facility, id: facility },
  start: iso,
  end: new Date(Date.parse(iso) + minutes * 60_000).toISOString(),
  ...over,
});
const slot = {
  start: '2026-12-10T09:00:00.000Z',
  end: '2026-12-10T09:20:00.000Z',
  facility: { id: 'fac-1' },
};

describe('clashes with the patient’s other appointments (issue 14 §4)', () => {
  it('finds an overlap anywhere, and a gap under 90 minutes only between different facilities', () => {
    const overlap = at('2026-12-10T09:10:00.000Z', 20, 'fac-1');
    const sameFacilityClose = at('2026-12-10T09:30:00.000Z', 20, 'fac-1');
    const elsewhereClose = at('2026-12-10T10:40:00.000Z', 20, 'fac-2'); // 80 minutes after the slot ends
    const elsewhereFar = at('2026-12-10T10:50:00.000Z', 20, 'fac-2'); // 90 minutes: enough
    const cancelled = at('2026-12-10T09:00:00.000Z', 20, 'fac-1', { status: 'cancelled' });
    const found = clashesWith(slot, [overlap, sameFacilityClose, elsewhereClose, elsewhereFar, cancelled]);
    expect(found.map((c) => [c.appointment.id, c.kind])).toEqual([
      [overlap.id, 'same-time'],
      [elsewhereClose.id, 'too-close'],
    ]);
  });

  it('leaves out the appointment being moved', () => {
    const moving = at('2026-12-10T09:00:00.000Z', 20, 'fac-1');
    expect(clashesWith(slot, [moving], moving.id)).toEqual([]);
  });
});
