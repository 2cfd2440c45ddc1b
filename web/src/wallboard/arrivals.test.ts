import { describe, expect, it } from 'vitest';
import { summariseContact } from '../contact-centre/ContactHistory.tsx';
import { translator } from '../i18n/i18n.tsx';
import { arrivalTable, hourLabel } from './arrivals.ts';

describe('wallboard arrivals', () => {
  it('makes a dense table over the opening hours, one row per service, with totals', () => {
    const table = arrivalTable([
      { service: 'regionale', hour: 9, calls: 2 },
      { service: 'cup', hour: 9, calls: 5 },
      { service: 'cup', hour: 11, calls: 1 },
    ]);
    expect(table.services).toEqual(['cup', 'regionale']);
    expect(table.hours[0]).toBe(8);
    expect(table.hours.at(-1)).toBe(19);
    const at = (h: number) => table.hours.indexOf(h);
    expect(table.calls[0]![at(9)]).toBe(5);
    expect(table.calls[0]![at(11)]).toBe(1);
    expect(table.calls[1]![at(9)]).toBe(2);
    expect(table.totals[at(9)]).toBe(7);
    expect(table.totals.reduce((a, b) => a + b, 0)).toBe(8);
  });

  it('widens the axis for calls outside the opening hours (a line open at night)', () => {
    const table = arrivalTable([{ service: 'cup', hour: 22, calls: 3 }]);
    expect(table.hours.at(-1)).toBe(22);
    expect(hourLabel(table.hours[0]!)).toBe('08:00');
    expect(arrivalTable([]).services).toEqual([]);
  });
});

describe('contact history', () => {
  it('sums up a contact: when, request, answer wait, outcome and note', () => {
    const t = translator('it');
    const at = '2026-12-02T09:30:00.000Z';
    const e = (type: string, data: Record<string, unknown>) => ({
      id: 1,
      at,
      type,
      callId: 'c1',
      line: '848821821',
      queueId: 'cup-prenotazioni',
      agentId: 'u-1',
      data,
    });
    const text = summariseContact(
      {
        callId: 'c1',
        events: [
          e('call.arrived', {}),
          e('call.answered', { requestType: 'booking', waitMs: 65_000 }),
          e('call.ended', { outcome: 'answered' }),
          e('call.outcome', {
            requestType: 'cancellation',
            resolvedFirstContact: false,
            escalated: true,
            note: 'da richiamare',
          }),
        ],
      },
      t,
      'it',
    );
    expect(text).toBe(
      'mer 02/12/2026, 10:30 · disdetta · risposta dopo 1:05 · non risolta · passata al back office · «da richiamare»',
    );
    const abandoned = summariseContact(
      {
        callId: 'c2',
        events: [e('call.arrived', {}), e('call.ended', { outcome: 'abandoned', requestType: 'booking' })],
      },
      t,
      'it',
    );
    expect(abandoned).toContain('conclusa: abandoned');
  });
});
