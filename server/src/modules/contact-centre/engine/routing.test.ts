import { describe, expect, it } from 'vitest';
import { dial, Harness, routingCentre } from './test-harness.ts';

const presentedTo = (h: Harness, agentId: string) =>
  h
    .events('call.presented')
    .filter((e) => e.agentId === agentId)
    .map((e) => e.callId);

/** The agent answers the call on offer and hangs up at once. */
function handle(h: Harness, agentId: string) {
  h.act({ type: 'agent.answer', agentId });
  h.act({ type: 'agent.hang-up', agentId });
}

describe('queues: priority and order (CC-1)', () => {
  it('serves higher priority first, then first come first served', () => {
    const h = new Harness(routingCentre());
    const low1 = dial(h, '2');
    const high1 = dial(h, '1');
    const low2 = dial(h, '2');
    const high2 = dial(h, '1');
    // low2 waits behind high1 and low1; high2 only behind high1.
    expect(h.events('call.queued').map((e) => e.position)).toEqual([1, 1, 3, 2]);
    h.login('a', { s: 1 });
    for (let i = 0; i < 4; i++) handle(h, 'a');
    expect(presentedTo(h, 'a')).toEqual([high1, high2, low1, low2]);
  });

  it('compares priorities across the queues an agent serves', () => {
    const h = new Harness(routingCentre());
    const info = dial(h, '2');
    const cancel = dial(h, '3');
    h.login('a', { s: 1, t: 1 });
    handle(h, 'a');
    handle(h, 'a');
    expect(presentedTo(h, 'a')).toEqual([cancel, info]);
  });

  it('turns callers away as busy when the queue is full', () => {
    const h = new Harness(routingCentre());
    for (let i = 0; i < 3; i++) dial(h, '3');
    const fourth = dial(h, '3');
    expect(h.last('call.busy')).toMatchObject({ callId: fourth, reason: 'queue-full', queueId: 'q2' });
    expect(h.prompts(fourth).at(-1)).toBe('queue-full');
    expect(h.last('call.ended')).toMatchObject({ callId: fourth, outcome: 'busy' });
  });

  it('widens to other skills after the overflow threshold', () => {
    const h = new Harness(routingCentre());
    h.login('s-agent', { s: 1 });
    const c = dial(h, '3');
    expect(h.events('call.presented')).toHaveLength(0);
    h.advance(59);
    expect(h.events('call.presented')).toHaveLength(0);
    h.advance(1);
    expect(h.last('call.overflowed')).toMatchObject({ callId: c, queueId: 'q2', stage: 1, waitMs: 60_000 });
    expect(h.last('call.presented')).toMatchObject({ callId: c, agentId: 's-agent', waitMs: 60_000 });
  });
});

describe('choosing the agent', () => {
  it('longest idle by default', () => {
    const h = new Harness(routingCentre());
    h.login('a', { s: 1 });
    h.advance(10);
    h.login('b', { s: 1 });
    dial(h, '1');
    expect(h.last('call.presented')?.agentId).toBe('a');
  });

  it('most skilled when the queue asks for it', () => {
    const h = new Harness(routingCentre('most-skilled'));
    h.login('novice', { s: 1 });
    h.advance(10);
    h.login('expert', { s: 3 });
    dial(h, '1');
    expect(h.last('call.presented')?.agentId).toBe('expert');
  });

  it('round robin: the agent offered a call longest ago, not the one idle longest', () => {
    for (const [strategy, expected] of [
      ['round-robin', 'b'],
      ['longest-idle', 'a'],
    ] as const) {
      const h = new Harness(routingCentre(strategy));
      h.login('a', { s: 1 });
      h.login('b', { s: 1 });
      h.act({ type: 'agent.pause', agentId: 'b', reason: 'pausa' });
      dial(h, '1');
      handle(h, 'a');
      h.advance(5);
      h.act({ type: 'agent.ready', agentId: 'b' });
      dial(h, '1');
      expect(h.last('call.presented')?.agentId).toBe(expected);
    }
  });
});

describe('offers', () => {
  it('an offer not answered in time goes back to its place and the agent is set not ready', () => {
    const h = new Harness(routingCentre());
    h.login('a', { s: 1 });
    const first = dial(h, '1');
    const second = dial(h, '1');
    h.advance(15);
    expect(h.last('call.requeued')).toMatchObject({ callId: first, agentId: 'a', reason: 'offer-timeout' });
    expect(h.engine.agent('a')).toMatchObject({ state: 'paused', reason: 'mancata-risposta' });
    h.login('b', { s: 1 });
    expect(h.last('call.presented')).toMatchObject({ callId: first, agentId: 'b' });
    handle(h, 'b');
    expect(h.last('call.presented')).toMatchObject({ callId: second, agentId: 'b' });
  });

  it('a declined offer goes back too, the agent paused as "rifiutata"', () => {
    const h = new Harness(routingCentre());
    h.login('a', { s: 1 });
    const c = dial(h, '1');
    h.act({ type: 'agent.decline', agentId: 'a' });
    expect(h.last('call.requeued')).toMatchObject({ callId: c, reason: 'declined' });
    expect(h.engine.agent('a')).toMatchObject({ state: 'paused', reason: 'rifiutata' });
  });

  it('a caller hanging up while offered frees the agent for the next caller', () => {
    const h = new Harness(routingCentre());
    h.login('a', { s: 1 });
    const c = dial(h, '1');
    const next = dial(h, '2');
    h.advance(4);
    h.hangUp(c);
    expect(h.last('call.abandoned')).toMatchObject({ callId: c, stage: 'offered', waitMs: 4000 });
    expect(h.last('call.presented')).toMatchObject({ callId: next, agentId: 'a' });
  });
});
