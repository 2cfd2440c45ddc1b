import { describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/errors.ts';
import { dial, Harness, routingCentre } from './test-harness.ts';

function answered(h: Harness, agentId: string, key = '1'): string {
  const c = dial(h, key);
  h.advance(2);
  h.act({ type: 'agent.answer', agentId });
  return c;
}

describe('conversation', () => {
  it("announces the operator's code right after the answer, then bridges (CC-2)", () => {
    const h = new Harness(routingCentre());
    h.act({ type: 'agent.login', agentId: 'a', code: '4521', skills: { s: 1 }, ready: true });
    const c = answered(h, 'a');
    const after = h.commandsFor(c).slice(-2);
    expect(after).toEqual([
      {
        type: 'play',
        callId: c,
        prompt: { id: 'operator-code', text: "Le risponde l'operatore con codice 4 5 2 1.", variable: true },
      },
      { type: 'bridge', callId: c, agentId: 'a' },
    ]);
    expect(h.last('call.answered')).toMatchObject({
      callId: c,
      agentId: 'a',
      operatorCode: '4521',
      waitMs: 2000,
      requestType: 'booking',
    });
  });

  it("ends the call when the agent's phone hangs up after talking, as if the agent had (issue 15)", () => {
    const h = new Harness({ ...routingCentre(), agents: { wrapUpSeconds: 60 } });
    h.login('a', { s: 1 });
    const c = answered(h, 'a');
    h.advance(30);
    h.send({ type: 'agent-hang-up', callId: c, answered: true });
    expect(h.commandsFor(c).at(-1)).toEqual({ type: 'hang-up', callId: c, cause: 'normal' });
    expect(h.engine.agent('a')?.state).toBe('wrap-up');
    expect(h.events('call.ended').map((e) => e.callId)).toEqual([c]);
  });

  it("puts the caller back in the queue and pauses the agent when the agent's phone never answers (issue 15)", () => {
    const h = new Harness(routingCentre());
    h.login('a', { s: 1 });
    h.login('b', { s: 1 });
    const c = answered(h, 'a');
    h.send({ type: 'agent-hang-up', callId: c, answered: false });
    expect(h.engine.agent('a')).toMatchObject({ state: 'paused', reason: 'mancata-risposta' });
    expect(h.events('call.ended')).toEqual([]);
    // The other agent is offered the caller at once.
    expect(h.last('call.presented')).toMatchObject({ callId: c, agentId: 'b' });
  });

  it("ignores the agent's phone leaving a call the agent is no longer on", () => {
    const h = new Harness(routingCentre());
    h.login('a', { s: 1 });
    const c = answered(h, 'a');
    h.act({ type: 'agent.hang-up', agentId: 'a' });
    const before = h.commands.length;
    h.send({ type: 'agent-hang-up', callId: c, answered: true });
    expect(h.commands.length).toBe(before);
  });

  it('records the outcome the agent sets, in the call or the wrap-up, once per call (MR-5 counts each)', () => {
    const h = new Harness({ ...routingCentre(), agents: { wrapUpSeconds: 60 } });
    h.login('a', { s: 1 });
    const c = answered(h, 'a');
    h.act({ type: 'agent.hang-up', agentId: 'a' });
    h.act({
      type: 'agent.outcome',
      agentId: 'a',
      callId: c,
      requestType: 'cancellation',
      resolvedFirstContact: false,
      escalated: true,
      note: 'serve il back office',
    });
    expect(
      h.events('call.outcome').map((e) => [e.requestType, e.resolvedFirstContact, e.escalated, e.note]),
    ).toEqual([['cancellation', false, true, 'serve il back office']]);
    // A second outcome for the same call (a stale form, a double submit) would count it twice.
    expect(() =>
      h.act({
        type: 'agent.outcome',
        agentId: 'a',
        callId: c,
        requestType: 'booking',
        resolvedFirstContact: true,
        escalated: false,
      }),
    ).toThrow(/recorded already/);
    expect(h.events('call.outcome')).toHaveLength(1);
    h.act({ type: 'agent.ready', agentId: 'a' });
    const during = answered(h, 'a');
    h.act({
      type: 'agent.outcome',
      agentId: 'a',
      callId: during,
      requestType: 'booking',
      resolvedFirstContact: true,
      escalated: false,
    });
    expect(h.events('call.outcome')).toHaveLength(2);
    expect(() =>
      h.act({
        type: 'agent.outcome',
        agentId: 'a',
        callId: 'altro',
        requestType: 'booking',
        resolvedFirstContact: true,
        escalated: false,
      }),
    ).toThrow(AppError);
    expect(() =>
      h.act({
        type: 'agent.outcome',
        agentId: 'a',
        callId: c,
        requestType: 'pizza',
        resolvedFirstContact: true,
        escalated: false,
      }),
    ).toThrow(/requestType/);
  });

  it('transfers to another queue: the call waits again and ends once, answered', () => {
    const h = new Harness(routingCentre());
    h.login('a', { s: 1 });
    const c = answered(h, 'a');
    h.advance(30);
    h.act({ type: 'agent.transfer', agentId: 'a', queueId: 'q2' });
    expect(h.last('call.transferred')).toMatchObject({ callId: c, agentId: 'a', toQueueId: 'q2' });
    expect(h.last('call.queued')).toMatchObject({ callId: c, queueId: 'q2', transferred: true });
    h.login('b', { t: 1 });
    expect(h.last('call.presented')).toMatchObject({ callId: c, agentId: 'b' });
    h.act({ type: 'agent.answer', agentId: 'b' });
    h.advance(20);
    h.act({ type: 'agent.hang-up', agentId: 'b' });
    const ended = h.events('call.ended').filter((e) => e.callId === c);
    expect(ended).toEqual([expect.objectContaining({ outcome: 'answered', talkMs: 50_000 })]);
    expect(h.events('call.answered').map((e) => e.transferred)).toEqual([false, true]);
  });

  it('transfers to an outside number with the switch', () => {
    const h = new Harness(routingCentre());
    h.login('a', { s: 1 });
    const c = answered(h, 'a');
    h.act({ type: 'agent.transfer', agentId: 'a', number: '0971471111' });
    expect(h.commandsFor(c).at(-1)).toEqual({ type: 'transfer', callId: c, to: '0971471111' });
    expect(h.engine.agent('a')?.state).toBe('ready');
    h.hangUp(c);
    expect(h.last('call.ended')).toMatchObject({ callId: c, outcome: 'answered' });
  });

  it('a caller hanging up ends the call and sends the agent to wrap-up', () => {
    const h = new Harness({ ...routingCentre(), agents: { wrapUpSeconds: 30 } });
    h.login('a', { s: 1 });
    const c = answered(h, 'a');
    h.advance(95);
    h.hangUp(c);
    expect(h.last('call.ended')).toMatchObject({
      callId: c,
      outcome: 'answered',
      talkMs: 95_000,
      durationMs: 97_000,
    });
    expect(h.engine.agent('a')).toMatchObject({ state: 'wrap-up', lastCallId: c });
  });
});
