import { describe, expect, it } from 'vitest';
import { appointment } from '../test/fixtures.ts';
import { clashesWith, firstVisitAfter } from './clashes.ts';

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

describe('a follow-up before its first visit (issue 14 §4)', () => {
  const cardio = (iso: string, over = {}) =>
    at(iso, 30, 'fac-9', {
      service: { code: '89.7A.3', description: 'Prima visita cardiologica', branch: 'cardiologia' },
      ...over,
    });

  it('finds the earliest first visit of the branch still after the slot', () => {
    const before = cardio('2026-12-01T09:00:00.000Z');
    const later = cardio('2026-12-20T09:00:00.000Z');
    const earliestLater = cardio('2026-12-15T09:00:00.000Z');
    const otherBranch = cardio('2026-12-12T09:00:00.000Z', {
      service: { code: '95.02', description: 'Prima visita oculistica', branch: 'oculistica' },
    });
    const aFollowUp = cardio('2026-12-11T09:00:00.000Z', { access: 'follow_up' });
    const cancelled = cardio('2026-12-11T10:00:00.000Z', { status: 'cancelled' });
    const found = firstVisitAfter(slot, 'cardiologia', [
      before,
      later,
      earliestLater,
      otherBranch,
      aFollowUp,
      cancelled,
    ]);
    expect(found?.id).toBe(earliestLater.id);
  });

  it('finds nothing once the first visit is before the slot, or when moving that visit itself', () => {
    const before = cardio('2026-12-01T09:00:00.000Z');
    expect(firstVisitAfter(slot, 'cardiologia', [before])).toBeNull();
    const after = cardio('2026-12-15T09:00:00.000Z');
    expect(firstVisitAfter(slot, 'cardiologia', [after], after.id)).toBeNull();
  });
});
