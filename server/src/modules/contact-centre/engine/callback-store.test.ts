import { describe, expect, it } from 'vitest';
import { basilicataCentre } from '../config/builtin-config.ts';
import type { CallbackRestore } from './engine.ts';
import { Harness } from './test-harness.ts';

const CUP = '848821821';

/** One booking agent busy on a first call; the engine's writes are held until the test answers them. */
function busyCentre(confirmNumber = false, start?: string) {
  const h = new Harness(
    {
      ...basilicataCentre(),
      agents: { wrapUpSeconds: 0 },
      survey: { share: 0 },
      callbacks: { confirmNumber },
    },
    start,
  );
  h.holdWrites = true;
  h.login('a', { 'cup-prenotazioni': 1 });
  const first = h.call(CUP, '3330000001');
  h.press(first, '1');
  h.act({ type: 'agent.answer', agentId: 'a' });
  return h;
}

/** A caller in the booking queue who accepts the callback offer. */
function waitingCaller(h: Harness, callerId = '3330000002'): string {
  const c = h.call(CUP, callerId);
  h.press(c, '1');
  h.press(c, '1');
  return c;
}

describe('a callback request is confirmed only once stored (CC-3)', () => {
  it('asks for the write, says nothing and serves nobody until it is stored, then confirms', () => {
    const h = busyCentre();
    const c = waitingCaller(h);
    const cb = `${c}-cb`;
    expect(h.last('callback.requested')).toMatchObject({ callbackId: cb, number: '3330000002' });
    expect(h.writes).toEqual([`callback:${cb}`]);
    expect(h.prompts(c)).not.toContain('callback-confirmed');
    expect(h.commandsFor(c).some((x) => x.type === 'hang-up')).toBe(false);
    // The agent frees up meanwhile: the unstored callback is not offered (nobody else waits).
    h.act({ type: 'agent.hang-up', agentId: 'a' });
    expect(h.engine.agent('a')).toMatchObject({ state: 'ready', callId: null });
    expect(h.engine.snapshot().queues.find((q) => q.id === 'cup-prenotazioni')?.waiting).toBe(1);

    h.stored(`callback:${cb}`);
    expect(h.prompts(c).at(-1)).toBe('callback-confirmed');
    expect(h.commandsFor(c).at(-1)).toEqual({ type: 'hang-up', callId: c, cause: 'normal' });
    expect(h.last('call.ended')).toMatchObject({ callId: c, outcome: 'callback' });
    expect(h.engine.agent('a')).toMatchObject({ state: 'offered', callId: cb });
  });

  it('tells the caller when it cannot be stored and keeps them at their place in line', () => {
    const h = busyCentre();
    const c = waitingCaller(h);
    const later = h.call(CUP, '3330000003');
    h.press(later, '1');
    h.notStored(`callback:${c}-cb`);
    expect(h.last('callback.cancelled')).toMatchObject({ callbackId: `${c}-cb`, reason: 'not-stored' });
    expect(h.prompts(c).at(-1)).toBe('callback-not-stored');
    expect(h.engine.snapshot().callbacksPending).toBe(0);
    expect(h.events('call.ended').map((e) => e.callId)).not.toContain(c);
    // The first agent free takes the caller who asked, not the one who came after.
    h.act({ type: 'agent.hang-up', agentId: 'a' });
    expect(h.engine.agent('a')).toMatchObject({ state: 'offered', callId: c });
    // A late acknowledgement changes nothing.
    h.stored(`callback:${c}-cb`);
    expect(h.engine.snapshot().callbacksPending).toBe(0);
  });

  it('gives up the request when the write is not answered within 10 s', () => {
    const h = busyCentre();
    const c = waitingCaller(h);
    h.advance(9);
    expect(h.last('callback.cancelled')).toBeUndefined();
    h.advance(1);
    expect(h.last('callback.cancelled')).toMatchObject({ callbackId: `${c}-cb` });
    expect(h.prompts(c).at(-1)).toBe('callback-not-stored');
  });

  it('keeps a request whose caller hung up before the confirmation, once stored', () => {
    const h = busyCentre();
    const c = waitingCaller(h);
    h.hangUp(c);
    expect(h.last('call.ended')).toMatchObject({ callId: c, outcome: 'callback' });
    h.stored(`callback:${c}-cb`);
    expect(h.engine.snapshot().callbacksPending).toBe(1);
    expect(h.prompts(c)).not.toContain('callback-confirmed');
  });

  it('confirms an out-of-hours request only once stored', () => {
    const h = new Harness(basilicataCentre(), '2025-03-04T20:30:00+01:00');
    h.holdWrites = true;
    const c = h.call(CUP, '3339876543');
    h.press(c, '1');
    expect(h.prompts(c)).toEqual(['out-of-hours', 'out-of-hours-callback-offer']);
    h.stored(`callback:${c}-cb`);
    expect(h.prompts(c).at(-1)).toBe('callback-confirmed-ooh');
    expect(h.last('call.ended')).toMatchObject({ callId: c, outcome: 'out-of-hours' });
  });
});

describe('a callback attempt is stored before it is dialled (CC-3)', () => {
  function offered() {
    const h = busyCentre();
    const c = waitingCaller(h);
    h.stored(`callback:${c}-cb`);
    h.act({ type: 'agent.hang-up', agentId: 'a' });
    h.act({ type: 'agent.answer', agentId: 'a' });
    return { h, cb: `${c}-cb` };
  }

  it('dials only once the attempt is stored', () => {
    const { h, cb } = offered();
    expect(h.last('callback.dialled')).toMatchObject({ callbackId: cb, legId: `${cb}1`, attempt: 1 });
    expect(h.writes.at(-1)).toBe(`dial:${cb}1`);
    expect(h.commands.some((x) => x.type === 'originate')).toBe(false);
    h.stored(`dial:${cb}1`);
    expect(h.commands.filter((x) => x.type === 'originate')).toEqual([
      { type: 'originate', callId: `${cb}1`, to: '3330000002', from: CUP, tag: 'callback' },
    ]);
    // A second acknowledgement does not dial again.
    h.stored(`dial:${cb}1`);
    expect(h.commands.filter((x) => x.type === 'originate')).toHaveLength(1);
  });

  it('does not dial an attempt it could not store: a failed attempt, retried later', () => {
    const { h, cb } = offered();
    h.notStored(`dial:${cb}1`);
    expect(h.commands.some((x) => x.type === 'originate')).toBe(false);
    expect(h.last('callback.failed')).toMatchObject({ attempt: 1, reason: 'not-stored', final: false });
    expect(h.last('outbound.ended')).toBeUndefined();
    expect(h.engine.agent('a')).toMatchObject({ state: 'ready' });
    h.advance(300);
    expect(h.engine.agent('a')).toMatchObject({ state: 'offered', callId: cb });
    h.act({ type: 'agent.answer', agentId: 'a' });
    expect(h.last('callback.dialled')).toMatchObject({ legId: `${cb}2`, attempt: 2 });
  });
});

describe('a callback found dialling after a restart (CC-3)', () => {
  const restore = (h: Harness, attempts: number): CallbackRestore => ({
    type: 'callback.restore',
    callbackId: 'old-7-cb',
    originCallId: 'old-7',
    number: '3330000007',
    line: CUP,
    queueId: 'cup-prenotazioni',
    requestType: 'booking',
    priority: 2,
    requestedAt: h.now - 600_000,
    notBefore: h.now - 600_000,
    expiresAt: h.now + 3_600_000,
    enqueuedAt: h.now - 620_000,
    attempts,
    lastFailedAt: null,
    attemptInProgress: true,
  });

  it('counts the interrupted attempt as failed and never redials its leg; the next waits the delay', () => {
    const h = new Harness({ ...basilicataCentre(), survey: { share: 0 } });
    h.login('a', { 'cup-prenotazioni': 1 });
    h.send(restore(h, 1));
    expect(h.last('callback.failed')).toEqual({
      type: 'callback.failed',
      at: h.now,
      callbackId: 'old-7-cb',
      legId: 'old-7-cb1',
      attempt: 1,
      reason: 'interrupted',
      final: false,
    });
    expect(h.last('callback.restored')).toMatchObject({ attempts: 1, queuedFrom: h.now + 300_000 });
    expect(h.engine.agent('a')).toMatchObject({ state: 'ready' });
    h.advance(300);
    h.act({ type: 'agent.answer', agentId: 'a' });
    expect(h.events('callback.dialled').map((e) => e.legId)).toEqual(['old-7-cb2']);
  });

  it('ends it when the interrupted attempt was the last', () => {
    const h = new Harness({ ...basilicataCentre(), survey: { share: 0 } });
    h.send(restore(h, 3));
    expect(h.last('callback.failed')).toMatchObject({ attempt: 3, reason: 'interrupted', final: true });
    expect(h.last('callback.restored')).toBeUndefined();
    expect(h.engine.holdsCallback('old-7-cb')).toBe(false);
  });
});

describe('the number to call back (CC-3)', () => {
  it('reads the caller id back: 1 confirms it', () => {
    const h = busyCentre(true);
    h.holdWrites = false;
    const c = waitingCaller(h, '3331234567');
    expect(h.commandsFor(c).at(-1)).toMatchObject({
      type: 'play',
      prompt: {
        id: 'callback-confirm-number',
        text: expect.stringContaining('3 3 3 1 2 3 4 5 6 7'),
        input: { terminator: '#' },
      },
    });
    expect(h.last('callback.requested')).toBeUndefined();
    h.press(c, '1');
    expect(h.last('callback.requested')).toMatchObject({ callId: c, number: '3331234567' });
    expect(h.prompts(c).at(-1)).toBe('callback-confirmed');
  });

  it('takes another valid Italian number keyed instead, read back to be confirmed', () => {
    const h = busyCentre(true);
    h.holdWrites = false;
    const c = waitingCaller(h, '3331234567');
    h.press(c, '899123456#');
    expect(h.prompts(c).slice(-2)).toEqual(['callback-number-invalid', 'callback-confirm-number']);
    h.press(c, '+39 0971 555666#');
    expect(h.commandsFor(c).at(-1)).toMatchObject({
      prompt: { id: 'callback-confirm-number', text: expect.stringContaining('0 9 7 1 5 5 5 6 6 6') },
    });
    h.press(c, '1');
    expect(h.last('callback.requested')).toMatchObject({ callId: c, number: '0971555666' });
  });

  it('lets a withheld caller key a number, and stops asking after three wrong ones', () => {
    const h = busyCentre(true);
    h.holdWrites = false;
    const c = waitingCaller(h, 'anonymous');
    expect(h.prompts(c).at(-1)).toBe('callback-number');
    for (const wrong of ['12345#', '3000000001#', '800123456#']) h.press(c, wrong);
    expect(h.prompts(c).filter((p) => p === 'callback-number-invalid')).toHaveLength(3);
    expect(h.last('callback.requested')).toBeUndefined();
    // Still waiting in the queue, at the same place; pressing 1 asks again.
    expect(h.events('call.ended').map((e) => e.callId)).not.toContain(c);
    h.press(c, '1');
    expect(h.prompts(c).at(-1)).toBe('callback-number');
    h.press(c, '3471234567#');
    h.press(c, '1');
    expect(h.last('callback.requested')).toMatchObject({ callId: c, number: '3471234567' });
  });

  it('goes back to waiting when nothing is confirmed within 20 s', () => {
    const h = busyCentre(true);
    const c = waitingCaller(h, '3331234567');
    h.advance(20);
    h.press(c, '1');
    expect(h.prompts(c).filter((p) => p === 'callback-confirm-number')).toHaveLength(2);
  });

  it('offers a withheld caller a callback out of hours and takes the number keyed', () => {
    const h = new Harness(
      { ...basilicataCentre(), callbacks: { confirmNumber: true } },
      '2025-03-04T20:30:00+01:00',
    );
    const c = h.call(CUP, 'anonymous');
    expect(h.prompts(c)).toEqual(['out-of-hours', 'out-of-hours-callback-offer']);
    h.press(c, '1');
    h.press(c, '3471234567#');
    h.press(c, '1');
    expect(h.last('callback.requested')).toMatchObject({ callId: c, number: '3471234567', outOfHours: true });
    expect(h.prompts(c).at(-1)).toBe('callback-confirmed-ooh');
  });
});
