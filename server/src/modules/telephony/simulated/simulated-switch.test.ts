import { describe, expect, it } from 'vitest';
import type { Scheduler, SwitchEvent } from '../port/telephony.port.ts';
import { SeededRandom } from './random.ts';
import { type CallerBehaviour, SimulatedSwitch } from './simulated-switch.ts';

/** A minimal virtual scheduler: actions in (time, order), run by hand. */
class ListScheduler implements Scheduler {
  private items: { at: number; seq: number; action: () => void }[] = [];
  private seq = 0;
  current = 0;
  now(): number {
    return this.current;
  }
  at(time: number, action: () => void): void {
    this.items.push({ at: time, seq: this.seq++, action });
  }
  runUntil(end: number): void {
    for (;;) {
      this.items.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.items[0];
      if (!next || next.at > end) break;
      this.items.shift();
      this.current = next.at;
      next.action();
    }
    this.current = end;
  }
}

const behaviour = (over: Partial<CallerBehaviour> = {}): CallerBehaviour => ({
  patienceSeconds: () => 60,
  respond: (_call, prompt) => (prompt.id === 'menu' ? { digits: '2', afterSeconds: 3 } : null),
  redialAfterSeconds: () => null,
  answerOutbound: () => ({ answered: true, afterSeconds: 5 }),
  ...over,
});

function setUp(over: Partial<CallerBehaviour> = {}) {
  const scheduler = new ListScheduler();
  const phone = new SimulatedSwitch(scheduler, behaviour(over), new SeededRandom(1));
  const events: { at: number; event: SwitchEvent }[] = [];
  phone.connect((event) => events.push({ at: scheduler.now(), event }));
  return { scheduler, phone, events };
}

describe('SimulatedSwitch', () => {
  it('is labelled "simulazione"', () => {
    expect(setUp().phone.label).toBe('simulazione');
  });

  it('abandons after the patience, counted from the first hold', () => {
    const { scheduler, phone, events } = setUp();
    const id = phone.offerCall({ dialledNumber: '848821821' });
    scheduler.runUntil(10_000);
    phone.execute({ type: 'answer', callId: id });
    phone.execute({ type: 'hold', callId: id });
    phone.execute({ type: 'hold', callId: id }); // a second hold does not restart the patience
    scheduler.runUntil(200_000);
    expect(events.map((e) => [e.at, e.event.type])).toEqual([
      [0, 'call-offered'],
      [70_000, 'hang-up'],
    ]);
  });

  it('stops being impatient once bridged to an agent', () => {
    const { scheduler, phone, events } = setUp();
    const id = phone.offerCall({ dialledNumber: '848821821' });
    phone.execute({ type: 'hold', callId: id });
    scheduler.runUntil(30_000);
    phone.execute({ type: 'bridge', callId: id, agentId: 'a1' });
    scheduler.runUntil(500_000);
    expect(events.map((e) => e.event.type)).toEqual(['call-offered']);
  });

  it('presses keys in answer to prompts that collect digits, never synchronously', () => {
    const { scheduler, phone, events } = setUp();
    const id = phone.offerCall({ dialledNumber: '848821821' });
    phone.execute({
      type: 'play',
      callId: id,
      prompt: { id: 'menu', text: 'Prema 1 o 2', input: { keys: '12', maxDigits: 1 } },
    });
    phone.execute({ type: 'play', callId: id, prompt: { id: 'info', text: 'Solo un messaggio' } });
    expect(events).toHaveLength(1);
    scheduler.runUntil(10_000);
    expect(events[1]).toEqual({ at: 3000, event: { type: 'digits', callId: id, digits: '2' } });
  });

  it('redials after meeting busy, with the same caller id', () => {
    const { scheduler, phone, events } = setUp({
      redialAfterSeconds: (call) => (call.redials < 1 ? 120 : null),
    });
    const id = phone.offerCall({ dialledNumber: '848821821', callerId: '3471112222' });
    phone.execute({ type: 'hang-up', callId: id, cause: 'busy' });
    scheduler.runUntil(1_000_000);
    const offers = events.filter((e) => e.event.type === 'call-offered');
    expect(offers.map((e) => e.at)).toEqual([0, 120_000]);
    expect(offers.map((e) => (e.event as { callerId: string }).callerId)).toEqual([
      '3471112222',
      '3471112222',
    ]);
  });

  it('answers or misses outbound calls (callbacks, surveys)', () => {
    let answer = true;
    const { scheduler, phone, events } = setUp({
      answerOutbound: () => ({ answered: answer, afterSeconds: 8 }),
    });
    phone.execute({ type: 'originate', callId: 'cb1', to: '3331234567', from: '848821821', tag: 'callback' });
    answer = false;
    phone.execute({ type: 'originate', callId: 'cb2', to: '3331234567', from: '848821821', tag: 'callback' });
    scheduler.runUntil(60_000);
    expect(events.map((e) => e.event)).toEqual([
      { type: 'outbound-answered', callId: 'cb1' },
      { type: 'outbound-failed', callId: 'cb2', reason: 'no-answer' },
    ]);
    expect(phone.activeCalls).toBe(1);
  });

  it('reports the end of the leg after a blind transfer', () => {
    const { scheduler, phone, events } = setUp();
    const id = phone.offerCall({ dialledNumber: '848821821' });
    phone.execute({ type: 'bridge', callId: id, agentId: 'a1' });
    phone.execute({ type: 'transfer', callId: id, to: '0971123456' });
    scheduler.runUntil(1000);
    expect(events.at(-1)?.event).toEqual({ type: 'hang-up', callId: id });
    expect(phone.activeCalls).toBe(0);
  });
});
