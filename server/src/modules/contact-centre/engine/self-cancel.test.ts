import { describe, expect, it } from 'vitest';
import { basilicataCentre } from '../config/builtin-config.ts';
import { withSelfCancellation } from '../config/self-service.ts';
import { resolveConfig } from './config.ts';
import { keyedBirthDate } from './ivr-walk.ts';
import { Harness } from './test-harness.ts';

const CUP = '848821821';

describe('self-service cancellation in the IVR (OB-4)', () => {
  const centre = () => withSelfCancellation(basilicataCentre());

  it('validates: the CUP menu keeps its keys and its agents behind the self-service', () => {
    const config = resolveConfig(centre());
    const cup = config.flows.find((f) => f.id === 'cup')!;
    expect(cup.nodes.disdetta).toEqual({ type: 'self-cancel', onFailure: 'disdetta-operatore' });
    expect(cup.nodes['disdetta-operatore']).toMatchObject({ type: 'queue', queue: 'cup-disdette' });
  });

  it('finds the booking by keypad code and birth date, reads it back, cancels on 1 and gives the number', () => {
    const h = new Harness(centre());
    const c = h.call(CUP);
    h.press(c, '2');
    expect(h.prompts(c).at(-1)).toBe('self-cancel-code');
    h.press(c, '75369723#');
    expect(h.prompts(c).at(-1)).toBe('self-cancel-birth-date');
    h.press(c, '15031950#');
    expect(h.selfService).toEqual([
      {
        type: 'self-service',
        callId: c,
        request: { kind: 'find', keypad: '75369723', birthDate: '1950-03-15' },
      },
    ]);
    h.answer(c, {
      kind: 'found',
      ref: 'a1',
      description: 'Prima visita cardiologica, martedì 10 marzo alle 9',
    });
    const confirm = h.commandsFor(c).findLast((x) => x.type === 'play');
    expect(confirm).toMatchObject({ prompt: { id: 'self-cancel-confirm' } });
    expect((confirm as { prompt: { text: string } }).prompt.text).toContain('Prima visita cardiologica');
    h.press(c, '1');
    expect(h.selfService.at(-1)).toMatchObject({ request: { kind: 'cancel', ref: 'a1' } });
    h.answer(c, { kind: 'cancelled', number: 'ANN-7K3M-9Q2D-2' });
    const done = h.commandsFor(c).find((x) => x.type === 'play' && x.prompt.id === 'self-cancel-done');
    expect((done as { prompt: { text: string } }).prompt.text).toContain('A N N 7 K 3 M 9 Q 2 D 2');
    expect(h.last('call.ended')).toMatchObject({ callId: c, outcome: 'self-service' });
    expect(h.events('call.queued')).toHaveLength(0);
    // No digits in the events: the code and the birth date are personal.
    expect(h.events('ivr.self-cancel').map((e) => [e.step, e.result])).toEqual([
      ['code', 'ok'],
      ['birth-date', 'ok'],
      ['lookup', 'ok'],
      ['cancel', 'cancelled'],
    ]);
    expect(JSON.stringify(h.events('ivr.self-cancel'))).not.toContain('75369723');
  });

  it('keeps the booking on 2', () => {
    const h = new Harness(centre());
    const c = h.call(CUP);
    h.press(c, '2');
    h.press(c, '75369723#');
    h.press(c, '15031950#');
    h.answer(c, { kind: 'found', ref: 'a1', description: 'una visita' });
    h.press(c, '2');
    expect(h.selfService.filter((x) => x.request.kind === 'cancel')).toEqual([]);
    expect(h.prompts(c)).toContain('self-cancel-kept');
    expect(h.last('call.ended')).toMatchObject({ outcome: 'self-service' });
  });

  it('asks again after a wrong entry or a booking not found, and after three goes to an operator', () => {
    const h = new Harness(centre());
    const c = h.call(CUP);
    h.press(c, '2');
    h.press(c, '123#'); // too short
    expect(h.prompts(c).slice(-2)).toEqual(['self-cancel-invalid', 'self-cancel-code']);
    h.press(c, '75369723#');
    h.press(c, '31021950#'); // 31 February
    expect(h.prompts(c).slice(-2)).toEqual(['self-cancel-invalid', 'self-cancel-code']);
    h.press(c, '75369723#');
    h.press(c, '15031950#');
    h.answer(c, { kind: 'not-found' });
    expect(h.last('call.queued')).toMatchObject({ queueId: 'cup-disdette', requestType: 'cancellation' });
  });

  it('goes to an operator at once when the booking system is unavailable, and after silence', () => {
    const h = new Harness(centre());
    const c = h.call(CUP);
    h.press(c, '2');
    h.press(c, '75369723#');
    h.press(c, '15031950#');
    h.answer(c, { kind: 'unavailable' });
    expect(h.prompts(c)).toContain('self-cancel-unavailable');
    expect(h.last('call.queued')).toMatchObject({ queueId: 'cup-disdette' });

    const d = h.call(CUP);
    h.press(d, '2');
    h.advance(25 * 3);
    expect(h.events('call.queued').filter((e) => e.callId === d)).toHaveLength(1);
  });

  it('lets a caller cancel out of hours (key 2), and says goodbye if it fails', () => {
    // Sunday 9 March 2025, 10:00: the CUP line is closed.
    const h = new Harness(centre(), '2025-03-09T10:00:00+01:00');
    const c = h.call(CUP);
    // One question with both keys: 1 for a callback after opening, 2 to cancel now.
    expect(h.prompts(c)).toEqual(['out-of-hours', 'out-of-hours-options']);
    h.press(c, '2');
    h.press(c, '75369723#');
    h.press(c, '15031950#');
    h.answer(c, { kind: 'found', ref: 'a9', description: 'una visita' });
    h.press(c, '1');
    h.answer(c, { kind: 'cancelled', number: 'ANN-7K3M-9Q2D-2' });
    expect(h.last('call.ended')).toMatchObject({ callId: c, outcome: 'self-service' });

    const d = h.call(CUP);
    h.press(d, '2');
    h.press(d, '75369723#');
    h.press(d, '15031950#');
    h.answer(d, { kind: 'unavailable' });
    expect(h.last('call.ended')).toMatchObject({ callId: d, outcome: 'out-of-hours' });
  });

  it('reads a birth date keyed day, month, year, and refuses one that is not a date or in the future', () => {
    const now = Date.parse('2026-12-04T10:00:00Z');
    expect(keyedBirthDate('29021952', now)).toBe('1952-02-29');
    expect(keyedBirthDate('29021953', now)).toBeNull();
    expect(keyedBirthDate('01132000', now)).toBeNull();
    expect(keyedBirthDate('05122026', now)).toBeNull();
    expect(keyedBirthDate('0512202', now)).toBeNull();
  });
});
