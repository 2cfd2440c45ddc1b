import { describe, expect, it } from 'vitest';
import { basilicataCentre } from '../config/builtin-config.ts';
import type { CallbackRestore } from './engine.ts';
import { Harness } from './test-harness.ts';

const CUP = '848821821';

/** One booking agent busy on a first call: the next caller is told a wait of 225 s and offered a callback. */
function busyCentre() {
  const h = new Harness({ ...basilicataCentre(), agents: { wrapUpSeconds: 0 }, survey: { share: 0 } });
  h.login('a', { 'cup-prenotazioni': 1 });
  const first = h.call(CUP, '3330000001');
  h.press(first, '1');
  h.act({ type: 'agent.answer', agentId: 'a' });
  return { h, first };
}

describe('announcements', () => {
  it('tells position and estimated wait, and offers a callback when the wait is over 2 minutes (CC-3)', () => {
    const { h } = busyCentre();
    const c = h.call(CUP, '3330000002');
    h.press(c, '1');
    expect(h.last('call.queued')).toMatchObject({ callId: c, position: 1, estimatedWaitSeconds: 225 });
    expect(h.commandsFor(c).slice(-3)).toEqual([
      { type: 'hold', callId: c },
      {
        type: 'play',
        callId: c,
        prompt: {
          id: 'queue-position',
          text: 'Lei è in posizione 1. Il tempo di attesa stimato è di circa 4 minuti.',
          variable: true,
        },
      },
      expect.objectContaining({ type: 'play', prompt: expect.objectContaining({ id: 'callback-offer' }) }),
    ]);
    h.advance(60);
    expect(h.prompts(c).filter((p) => p === 'queue-position')).toHaveLength(2);
    expect(h.prompts(c).filter((p) => p === 'callback-offer')).toHaveLength(1);
  });

  it('offers no callback when the estimated wait is short, until the real wait passes the threshold', () => {
    const h = new Harness({ ...basilicataCentre(), survey: { share: 0 } });
    for (const id of ['a', 'b', 'c']) h.login(id, { 'cup-prenotazioni': 1 });
    for (let i = 0; i < 3; i++) {
      const x = h.call(CUP, `33300000${i}0`);
      h.press(x, '1');
      h.act({ type: 'agent.answer', agentId: ['a', 'b', 'c'][i]! });
    }
    const c = h.call(CUP, '3330000009');
    h.press(c, '1');
    expect(h.last('call.queued')).toMatchObject({ estimatedWaitSeconds: 75 });
    expect(h.prompts(c)).not.toContain('callback-offer');
    h.advance(120);
    expect(h.prompts(c)).not.toContain('callback-offer');
    h.advance(60);
    expect(h.prompts(c)).toContain('callback-offer');
  });
});

describe('callbacks (CC-3)', () => {
  it('keeps the place in line, dials when its turn comes, retries, and connects', () => {
    const { h, first } = busyCentre();
    const c = h.call(CUP, '3330000002');
    h.press(c, '1');
    h.advance(5);
    h.press(c, '1');
    const requested = h.last('callback.requested')!;
    expect(requested).toMatchObject({
      callId: c,
      number: '3330000002',
      outOfHours: false,
      queueId: 'cup-prenotazioni',
      waiting: 1,
    });
    expect(h.last('call.ended')).toMatchObject({ callId: c, outcome: 'callback' });
    expect(h.prompts(c).at(-1)).toBe('callback-confirmed');
    const later = h.call(CUP, '3330000003');
    h.press(later, '1');
    expect(h.last('call.queued')).toMatchObject({ callId: later, position: 2 });

    h.advance(100);
    h.act({ type: 'agent.hang-up', agentId: 'a' });
    expect(h.last('call.presented')).toMatchObject({
      callId: requested.callbackId,
      kind: 'callback',
      agentId: 'a',
    });
    h.act({ type: 'agent.answer', agentId: 'a' });
    const firstTry = h.last('callback.dialled')!;
    expect(firstTry).toMatchObject({ attempt: 1, agentId: 'a', line: CUP });
    expect(h.engine.agent('a')).toMatchObject({ state: 'on-call', callId: requested.callbackId });

    h.send({ type: 'outbound-failed', callId: firstTry.legId, reason: 'no-answer' });
    expect(h.last('callback.failed')).toMatchObject({ attempt: 1, reason: 'no-answer', final: false });
    expect(h.last('call.presented')).toMatchObject({ callId: later, agentId: 'a' });
    h.act({ type: 'agent.answer', agentId: 'a' });
    h.act({ type: 'agent.hang-up', agentId: 'a' });

    h.advance(300);
    expect(h.last('callback.queued')).toMatchObject({ callbackId: requested.callbackId, position: 1 });
    h.act({ type: 'agent.answer', agentId: 'a' });
    const secondTry = h.last('callback.dialled')!;
    expect(secondTry.attempt).toBe(2);
    h.advance(8);
    h.send({ type: 'outbound-answered', callId: secondTry.legId });
    expect(h.last('callback.answered')).toMatchObject({ callbackId: requested.callbackId, agentId: 'a' });
    h.advance(60);
    h.act({
      type: 'agent.outcome',
      agentId: 'a',
      callId: secondTry.legId,
      requestType: 'booking',
      resolvedFirstContact: true,
      escalated: false,
    });
    h.act({ type: 'agent.hang-up', agentId: 'a' });
    expect(h.last('outbound.ended')).toMatchObject({
      legId: secondTry.legId,
      tag: 'callback',
      answered: true,
      talkMs: 60_000,
    });
    expect(h.last('call.outcome')).toMatchObject({ callbackId: requested.callbackId });
    expect(h.events('call.ended').map((e) => e.callId)).toEqual([c, first, later]);
  });

  it('gives up after the last attempt', () => {
    const { h } = busyCentre();
    const c = h.call(CUP, '3330000002');
    h.press(c, '1');
    h.press(c, '1');
    h.act({ type: 'agent.hang-up', agentId: 'a' });
    for (let attempt = 1; attempt <= 3; attempt++) {
      h.act({ type: 'agent.answer', agentId: 'a' });
      h.send({ type: 'outbound-failed', callId: h.last('callback.dialled')!.legId, reason: 'busy' });
      h.advance(300);
    }
    expect(h.events('callback.failed').map((e) => e.final)).toEqual([false, false, true]);
    expect(h.engine.snapshot().callbacksPending).toBe(0);
  });

  it('expires when nobody can dial it in time', () => {
    const { h } = busyCentre();
    const c = h.call(CUP, '3330000002');
    h.press(c, '1');
    h.press(c, '1');
    h.advance(30);
    h.act({ type: 'agent.hang-up', agentId: 'a' });
    h.act({ type: 'agent.decline', agentId: 'a' });
    h.advance(24 * 3600);
    expect(h.last('callback.expired')).toMatchObject({ callbackId: `${c}-cb`, attempts: 0, waiting: 0 });
  });

  it('asks for a number when the caller id is withheld', () => {
    const { h } = busyCentre();
    const c = h.call(CUP, 'anonimo');
    h.press(c, '1');
    h.press(c, '1');
    expect(h.prompts(c).at(-1)).toBe('callback-number');
    h.press(c, '0971555666#');
    expect(h.last('callback.requested')).toMatchObject({ callId: c, number: '0971555666' });
  });
});

describe('callbacks restored after a restart (CC-3)', () => {
  /** A booking callback from a previous run, as the live centre finds it in contact_event. */
  const restore = (h: Harness, overrides: Partial<CallbackRestore> = {}): CallbackRestore => ({
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
    attempts: 0,
    lastFailedAt: null,
    ...overrides,
  });

  it('keeps its place ahead of later callers of its priority, and dials its next attempt', () => {
    const { h } = busyCentre();
    h.send(restore(h, { attempts: 1, lastFailedAt: h.now - 400_000 }));
    expect(h.last('callback.restored')).toEqual({
      type: 'callback.restored',
      at: h.now,
      callbackId: 'old-7-cb',
      originCallId: 'old-7',
      line: CUP,
      number: '3330000007',
      queueId: 'cup-prenotazioni',
      requestType: 'booking',
      priority: 2,
      requestedAt: h.now - 600_000,
      enqueuedAt: h.now - 620_000,
      expiresAt: h.now + 3_600_000,
      attempts: 1,
      queuedFrom: h.now,
      keepsPlace: true,
    });
    expect(h.last('callback.queued')).toMatchObject({ callbackId: 'old-7-cb', position: 1, waiting: 1 });
    expect(h.engine.holdsCallback('old-7-cb')).toBe(true);
    expect(h.engine.snapshot().callbacksPending).toBe(1);
    const later = h.call(CUP, '3330000003');
    h.press(later, '1');
    expect(h.last('call.queued')).toMatchObject({ callId: later, priority: 2, position: 2 });
    // The wait counts from the caller's original entry into the queue, before the restart.
    const queue = h.engine.snapshot().queues.find((q) => q.id === 'cup-prenotazioni')!;
    expect(queue.oldestWaitMs).toBe(620_000);

    h.act({ type: 'agent.hang-up', agentId: 'a' });
    expect(h.last('call.presented')).toMatchObject({ callId: 'old-7-cb', kind: 'callback', agentId: 'a' });
    h.act({ type: 'agent.answer', agentId: 'a' });
    expect(h.last('callback.dialled')).toMatchObject({
      callbackId: 'old-7-cb',
      legId: 'old-7-cb2',
      attempt: 2,
    });
    expect(h.commands.at(-1)).toEqual({
      type: 'originate',
      callId: 'old-7-cb2',
      to: '3330000007',
      from: CUP,
      tag: 'callback',
    });
    h.send({ type: 'outbound-answered', callId: 'old-7-cb2' });
    expect(h.last('callback.answered')).toMatchObject({ callbackId: 'old-7-cb', sinceRequestMs: 600_000 });
    expect(h.engine.holdsCallback('old-7-cb')).toBe(false);
  });

  it('waits out the retry delay after its last failed attempt, at its place', () => {
    const { h } = busyCentre();
    h.send(restore(h, { attempts: 1, lastFailedAt: h.now - 100_000 }));
    expect(h.last('callback.restored')).toMatchObject({ queuedFrom: h.now + 200_000, keepsPlace: true });
    expect(h.events('callback.queued')).toHaveLength(0);
    const later = h.call(CUP, '3330000003');
    h.press(later, '1');
    h.advance(200);
    expect(h.last('callback.queued')).toMatchObject({ callbackId: 'old-7-cb', position: 1, waiting: 2 });
  });

  it('joins its queue at the opening when it was asked for out of hours', () => {
    const { h } = busyCentre();
    const opening = h.now + 1_800_000;
    h.send(restore(h, { notBefore: opening, enqueuedAt: opening, expiresAt: opening + 86_400_000 }));
    expect(h.last('callback.restored')).toMatchObject({ queuedFrom: opening, keepsPlace: false });
    const earlier = h.call(CUP, '3330000003');
    h.press(earlier, '1');
    h.advance(1799);
    expect(h.events('callback.queued')).toHaveLength(0);
    h.advance(1);
    // Out-of-hours requests join at opening, behind whoever is already waiting.
    expect(h.last('callback.queued')).toMatchObject({ callbackId: 'old-7-cb', position: 2, waiting: 2 });
    expect(h.engine.snapshot().callbacksPending).toBe(1);
  });

  it('expires at its stored expiry', () => {
    const { h } = busyCentre();
    h.send(restore(h, { expiresAt: h.now + 60_000, attempts: 2 }));
    h.advance(60);
    expect(h.last('callback.expired')).toEqual({
      type: 'callback.expired',
      at: h.now,
      callbackId: 'old-7-cb',
      attempts: 2,
      waiting: 0,
    });
    expect(h.engine.snapshot().callbacksPending).toBe(0);
  });

  it('expires at once when its queue or line is gone, or its time is over', () => {
    const { h } = busyCentre();
    h.send(restore(h, { callbackId: 'q-cb', queueId: 'retired-queue' }));
    h.send(restore(h, { callbackId: 'l-cb', line: '0971000000' }));
    h.send(restore(h, { callbackId: 't-cb', expiresAt: h.now }));
    expect(h.events('callback.expired').map((e) => [e.callbackId, e.waiting])).toEqual([
      ['q-cb', null],
      ['l-cb', 0],
      ['t-cb', 0],
    ]);
    expect(h.events('callback.restored')).toHaveLength(0);
    expect(h.engine.snapshot().callbacksPending).toBe(0);
  });

  it('refuses to take the same callback twice', () => {
    const { h } = busyCentre();
    h.send(restore(h));
    expect(() => h.send(restore(h))).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(h.events('callback.restored')).toHaveLength(1);
    expect(h.engine.snapshot().callbacksPending).toBe(1);
  });
});
