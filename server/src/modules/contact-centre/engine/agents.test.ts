import { describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/errors.ts';
import { basilicataCentre } from '../config/builtin-config.ts';
import { dial, Harness, routingCentre } from './test-harness.ts';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? e.code : 'other';
  }
  return 'none';
};

describe('agent states (CC-9)', () => {
  it('log in paused, ready, pause with a reason, log out; each change is an event with its reason', () => {
    const h = new Harness(routingCentre());
    h.act({ type: 'agent.login', agentId: 'a', code: '1001', skills: { s: 2 } });
    h.act({ type: 'agent.ready', agentId: 'a' });
    h.act({ type: 'agent.pause', agentId: 'a', reason: 'formazione' });
    h.act({ type: 'agent.logout', agentId: 'a' });
    expect(h.events('agent.state').map((e) => [e.from, e.to, e.reason])).toEqual([
      ['logged-out', 'paused', 'accesso'],
      ['paused', 'ready', null],
      ['ready', 'paused', 'formazione'],
      ['paused', 'logged-out', null],
    ]);
  });

  it('refuses impossible actions with coded errors', () => {
    const h = new Harness(routingCentre());
    h.login('a', { s: 1 });
    expect(code(() => h.act({ type: 'agent.answer', agentId: 'a' }))).toBe('INVALID_STATE');
    expect(code(() => h.act({ type: 'agent.hang-up', agentId: 'a' }))).toBe('INVALID_STATE');
    expect(code(() => h.act({ type: 'agent.pause', agentId: 'a', reason: 'caffè' }))).toBe('INVALID_FIELD');
    expect(code(() => h.act({ type: 'agent.login', agentId: 'a', code: '1', skills: {} }))).toBe(
      'INVALID_FIELD',
    );
    expect(code(() => h.act({ type: 'agent.login', agentId: 'a', code: '1234', skills: {} }))).toBe(
      'INVALID_STATE',
    );
    expect(code(() => h.act({ type: 'agent.ready', agentId: 'nobody' }))).toBe('NOT_FOUND');
    dial(h, '1');
    h.act({ type: 'agent.answer', agentId: 'a' });
    expect(code(() => h.act({ type: 'agent.logout', agentId: 'a' }))).toBe('INVALID_STATE');
    expect(code(() => h.act({ type: 'agent.pause', agentId: 'a', reason: 'pausa' }))).toBe('INVALID_STATE');
  });

  it('after-call work ends by itself after the configured wrap-up, or earlier when the agent says so', () => {
    const config = { ...routingCentre(), agents: { wrapUpSeconds: 45 } };
    const h = new Harness(config);
    h.login('a', { s: 1 });
    dial(h, '1');
    h.act({ type: 'agent.answer', agentId: 'a' });
    h.advance(100);
    h.act({ type: 'agent.hang-up', agentId: 'a' });
    expect(h.engine.agent('a')?.state).toBe('wrap-up');
    h.advance(44);
    expect(h.engine.agent('a')?.state).toBe('wrap-up');
    h.advance(1);
    expect(h.engine.agent('a')?.state).toBe('ready');
    dial(h, '1');
    h.act({ type: 'agent.answer', agentId: 'a' });
    h.act({ type: 'agent.hang-up', agentId: 'a' });
    h.advance(10);
    h.act({ type: 'agent.pause', agentId: 'a', reason: 'back-office' });
    expect(h.last('agent.state')).toMatchObject({ from: 'wrap-up', to: 'paused', reason: 'back-office' });
    h.advance(60);
    expect(h.engine.agent('a')?.state).toBe('paused');
  });

  it('agents shared across services take calls of both, and can be moved to the CUP line at a peak', () => {
    const h = new Harness(basilicataCentre());
    // The regional agent also holds CUP information at level 2 (overflow of the regional queue).
    h.login('shared', { regionale: 2, 'cup-informazioni': 1 });
    const regional = h.call('800 29 20 20');
    h.press(regional, '1');
    expect(h.last('call.presented')).toMatchObject({ callId: regional, agentId: 'shared' });
    h.act({ type: 'agent.answer', agentId: 'shared' });
    h.act({ type: 'agent.hang-up', agentId: 'shared' });
    h.act({ type: 'agent.ready', agentId: 'shared' });
    const info = h.call('848 821 821');
    h.press(info, '4');
    expect(h.last('call.presented')).toMatchObject({ callId: info, agentId: 'shared' });
    h.act({ type: 'agent.answer', agentId: 'shared' });
    h.act({ type: 'agent.hang-up', agentId: 'shared' });
    h.act({ type: 'agent.ready', agentId: 'shared' });
    const booking = h.call('848 821 821');
    h.press(booking, '1');
    expect(h.events('call.presented').at(-1)?.callId).not.toBe(booking);
    h.act({ type: 'agent.skills', agentId: 'shared', skills: { regionale: 2, 'cup-prenotazioni': 1 } });
    expect(h.last('agent.skills')).toMatchObject({ agentId: 'shared', skills: { 'cup-prenotazioni': 1 } });
    expect(h.last('call.presented')).toMatchObject({ callId: booking, agentId: 'shared' });
  });

  it('shows queues and agents in the snapshot', () => {
    const h = new Harness(routingCentre());
    h.login('a', { s: 1 });
    h.act({ type: 'agent.pause', agentId: 'a', reason: 'pausa' });
    dial(h, '1');
    h.advance(30);
    const snap = h.engine.snapshot();
    expect(snap.queues.find((q) => q.id === 'q')).toMatchObject({
      waiting: 1,
      staffed: 0,
      oldestWaitMs: 30_000,
      estimatedWaitSeconds: null,
    });
    expect(snap.agents).toEqual([expect.objectContaining({ id: 'a', state: 'paused', reason: 'pausa' })]);
    expect(snap.callsInProgress).toBe(1);
  });
});
