import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeAri } from '../../../../test/fake-ari.ts';
import { until } from '../../../../test/until.ts';
import type { SwitchEvent } from '../port/telephony.port.ts';
import { AsteriskSwitch } from './asterisk-switch.ts';

// Issue 15: the telephony port over ARI, against a fake Asterisk that speaks the published specification.
describe('the Asterisk (ARI) adapter', () => {
  let ari: FakeAri;
  let port: AsteriskSwitch;
  let events: SwitchEvent[];
  let ariUrl: string;

  const seen = (type: SwitchEvent['type']) => events.filter((e) => e.type === type);

  beforeEach(async () => {
    ari = new FakeAri();
    ariUrl = await ari.start();
    const url = ariUrl;
    events = [];
    port = new AsteriskSwitch({
      url,
      user: 'sportello',
      password: 'secret',
      app: 'sportello',
      trunk: 'PJSIP/{number}@trunk',
      agentEndpoint: (agentId) => (agentId === 'u-101' ? 'PJSIP/agent101' : null),
      promptMedia: (p) => `sound:http://sportello:3000/api/v1/prompts/${p.id}`,
    });
    port.connect((e) => events.push(e));
    await ari.connected();
  });
  afterEach(async () => {
    port.close();
    await ari.stop();
  });

  it('takes a call from ring to agent: offered, answered, prompts in order, digits, hold, bridge, hang-up', async () => {
    const caller = ari.call('3331234567', '848821821');
    await until(() => seen('call-offered').length === 1, 'the offer');
    expect(events[0]).toEqual({
      type: 'call-offered',
      callId: caller.id,
      callerId: '3331234567',
      dialledNumber: '848821821',
    });

    ari.holdPlaybacks = true;
    port.execute({ type: 'answer', callId: caller.id });
    port.execute({ type: 'play', callId: caller.id, prompt: { id: 'welcome', text: 'Benvenuto' } });
    port.execute({
      type: 'play',
      callId: caller.id,
      prompt: { id: 'menu', text: 'Premi 1', input: { keys: '12', maxDigits: 1 } },
    });
    await until(() => ari.playbacks().length === 1, 'the first prompt');
    // The second prompt waits for the first to finish.
    const plays = () => ari.requests.filter((r) => r.path.includes('/play/'));
    expect(plays().map((r) => r.query.media)).toEqual(['sound:http://sportello:3000/api/v1/prompts/welcome']);
    // A key during the welcome (no input) leaves it playing; during the menu it stops it (barge-in).
    ari.dtmf(caller.id, '9');
    await until(() => seen('digits').length === 1, 'the first digit');
    expect(ari.playbacks()).toHaveLength(1);
    ari.finishPlayback(ari.playbacks()[0]!);
    await until(() => plays().length === 2, 'the second prompt');
    expect(plays()[1]!.query.media).toBe('sound:http://sportello:3000/api/v1/prompts/menu');
    ari.dtmf(caller.id, '1');
    await until(() => seen('digits').length === 2, 'the digit');
    expect(seen('digits')[1]).toEqual({ type: 'digits', callId: caller.id, digits: '1' });
    await until(() => ari.playbacks().length === 0, 'the menu stopped');
    expect(ari.log().filter((l) => l.startsWith('DELETE /playbacks/'))).toHaveLength(1);
    ari.holdPlaybacks = false;

    port.execute({ type: 'hold', callId: caller.id });
    port.execute({ type: 'bridge', callId: caller.id, agentId: 'u-101' });
    await until(
      () => [...ari.channels.values()].some((c) => c.endpoint === 'PJSIP/agent101'),
      'the agent leg',
    );
    const agentLeg = [...ari.channels.values()].find((c) => c.endpoint === 'PJSIP/agent101')!;
    expect(agentLeg.appArgs).toEqual(['agent', caller.id]);
    expect(agentLeg.caller.number).toBe('3331234567');
    ari.answer(agentLeg.id);
    await until(() => [...ari.bridges.values()].some((m) => m.length === 2), 'the bridge');
    expect([...ari.bridges.values()][0]).toEqual([caller.id, agentLeg.id]);
    expect(ari.log()).toContain(`POST /channels/${caller.id}/answer`);
    expect(ari.log()).toContain(`POST /channels/${caller.id}/moh`);
    expect(ari.log()).toContain(`DELETE /channels/${caller.id}/moh`);

    // The caller hangs up: one hang-up event; the agent's leg and the bridge are cleared.
    ari.hangUp(caller.id);
    await until(() => seen('hang-up').length === 1, 'the hang-up');
    expect(seen('hang-up')).toEqual([{ type: 'hang-up', callId: caller.id }]);
    await until(() => !ari.channels.has(agentLeg.id) && ari.bridges.size === 0, 'the cleanup');
    // A command racing the hang-up is dropped, not an error.
    port.execute({ type: 'play', callId: caller.id, prompt: { id: 'late', text: '' } });
  });

  it("after Sportello's restart: offers a caller still ringing, hangs up a call it cannot place", async () => {
    const ringing = ari.call('3334444444', '848821821', true);
    const talking = ari.call('3335555555', '848821821', true);
    talking.state = 'Up';
    const restarted: SwitchEvent[] = [];
    const again = new AsteriskSwitch({
      url: ariUrl,
      user: 'sportello',
      password: 'secret',
      app: 'sportello',
      trunk: 'PJSIP/{number}@trunk',
      agentEndpoint: () => null,
      promptMedia: (p) => `sound:${p.id}`,
    });
    again.connect((e) => restarted.push(e));
    try {
      await until(() => !ari.channels.has(talking.id), 'the orphan hung up');
      await until(() => restarted.length === 1, 'the ringing caller offered');
      expect(restarted).toEqual([
        { type: 'call-offered', callId: ringing.id, callerId: '3334444444', dialledNumber: '848821821' },
      ]);
      expect(
        ari.requests.find((r) => r.method === 'DELETE' && r.path === `/channels/${talking.id}`)?.query,
      ).toEqual({ reason: 'normal' });
    } finally {
      again.close();
    }
  });

  /** A caller on hold bridged to agent u-101's phone, which answered. */
  const bridged = async () => {
    const caller = ari.call('3331234567', '848821821');
    await until(() => seen('call-offered').length === 1, 'the offer');
    port.execute({ type: 'hold', callId: caller.id });
    port.execute({ type: 'bridge', callId: caller.id, agentId: 'u-101' });
    const leg = () => [...ari.channels.values()].find((c) => c.endpoint === 'PJSIP/agent101');
    await until(() => leg() !== undefined, 'the agent leg');
    const agentLeg = leg()!;
    ari.answer(agentLeg.id);
    await until(() => [...ari.bridges.values()].some((m) => m.length === 2), 'the bridge');
    return { caller, agentLeg };
  };

  it("reports the agent's phone hanging up mid-call, and clears the bridge", async () => {
    const { caller, agentLeg } = await bridged();
    ari.hangUp(agentLeg.id);
    await until(() => seen('agent-hang-up').length === 1, "the agent's hang-up");
    expect(seen('agent-hang-up')).toEqual([{ type: 'agent-hang-up', callId: caller.id, answered: true }]);
    await until(() => ari.bridges.size === 0, 'the bridge cleared');
    expect(seen('hang-up')).toEqual([]); // the caller is still there: the engine decides
    expect(ari.channels.has(caller.id)).toBe(true);
  });

  it("reports an agent's phone that never answers, or cannot be dialled, as not answered", async () => {
    const caller = ari.call('3331234567', '848821821');
    await until(() => seen('call-offered').length === 1, 'the offer');
    port.execute({ type: 'bridge', callId: caller.id, agentId: 'u-101' });
    await until(() => [...ari.channels.values()].some((c) => c.endpoint === 'PJSIP/agent101'), 'the ring');
    const leg = [...ari.channels.values()].find((c) => c.endpoint === 'PJSIP/agent101')!;
    ari.refuse(leg.id, 19); // no answer
    await until(() => seen('agent-hang-up').length === 1, 'the first report');
    // An endpoint Asterisk does not know (400), and an agent with no phone at all.
    ari.failNextOriginate = 400;
    port.execute({ type: 'bridge', callId: caller.id, agentId: 'u-101' });
    port.execute({ type: 'bridge', callId: caller.id, agentId: 'u-999' });
    await until(() => seen('agent-hang-up').length === 3, 'the other reports');
    expect(seen('agent-hang-up')).toEqual(
      Array.from({ length: 3 }, () => ({ type: 'agent-hang-up', callId: caller.id, answered: false })),
    );
    expect(seen('hang-up')).toEqual([]);
    expect(ari.channels.has(caller.id)).toBe(true);
  });

  it('takes the caller out of the bridge when transferred back to a queue, without reporting the agent', async () => {
    const { caller, agentLeg } = await bridged();
    port.execute({ type: 'play', callId: caller.id, prompt: { id: 'transferring', text: 'La trasferiamo' } });
    port.execute({ type: 'hold', callId: caller.id });
    await until(() => !ari.channels.has(agentLeg.id) && ari.bridges.size === 0, 'the agent leg gone');
    await until(() => ari.log().filter((l) => l === `POST /channels/${caller.id}/moh`).length === 2, 'hold');
    expect(seen('agent-hang-up')).toEqual([]);
    expect(seen('hang-up')).toEqual([]);
  });

  it('hangs up busy when the engine says so, after the prompts queued before, and does not report it back', async () => {
    const caller = ari.call('0971471300', '800292020');
    await until(() => seen('call-offered').length === 1, 'the offer');
    port.execute({ type: 'answer', callId: caller.id });
    port.execute({ type: 'play', callId: caller.id, prompt: { id: 'closed', text: 'Siamo chiusi' } });
    port.execute({ type: 'hang-up', callId: caller.id, cause: 'busy' });
    await until(() => !ari.channels.has(caller.id), 'the hang-up');
    const log = ari.log();
    expect(log.indexOf(`DELETE /channels/${caller.id}`)).toBeGreaterThan(
      log.findIndex((l) => l.startsWith(`POST /channels/${caller.id}/play/`)),
    );
    expect(
      ari.requests.find((r) => r.method === 'DELETE' && r.path === `/channels/${caller.id}`)?.query,
    ).toEqual({
      reason: 'busy',
    });
    expect(seen('hang-up')).toEqual([]);
  });

  it('reports a blind transfer as the end of our leg', async () => {
    const caller = ari.call('3331234567', '848821821');
    await until(() => seen('call-offered').length === 1, 'the offer');
    port.execute({ type: 'transfer', callId: caller.id, to: '0971123456' });
    await until(() => seen('hang-up').length === 1, 'the end of our leg');
    expect(ari.requests.find((r) => r.path.endsWith('/continue'))?.query).toEqual({
      context: 'sportello-transfer',
      extension: '0971123456',
      priority: '1',
    });
  });

  it('originates callbacks through the trunk: answered, busy, no answer, and an ARI error as a failed leg', async () => {
    port.execute({ type: 'originate', callId: 'cb-1', to: '3339990001', from: '848821821', tag: 'callback' });
    await until(() => ari.channels.has('cb-1'), 'the first leg');
    expect(ari.channels.get('cb-1')).toMatchObject({
      endpoint: 'PJSIP/3339990001@trunk',
      appArgs: ['outbound', 'cb-1'],
      caller: { number: '848821821' },
    });
    ari.answer('cb-1');
    await until(() => seen('outbound-answered').length === 1, 'the answer');
    expect(seen('outbound-answered')).toEqual([{ type: 'outbound-answered', callId: 'cb-1' }]);
    ari.hangUp('cb-1');
    await until(() => seen('hang-up').length === 1, 'the end of the callback');

    port.execute({ type: 'originate', callId: 'cb-2', to: '3339990002', from: '848821821', tag: 'callback' });
    port.execute({ type: 'originate', callId: 'cb-3', to: '3339990003', from: '848821821', tag: 'survey' });
    await until(() => ari.channels.has('cb-2') && ari.channels.has('cb-3'), 'two legs');
    ari.refuse('cb-2', 17);
    ari.refuse('cb-3', 19);
    ari.failNextOriginate = 500;
    port.execute({ type: 'originate', callId: 'cb-4', to: '3339990004', from: '848821821', tag: 'recall' });
    await until(() => seen('outbound-failed').length === 3, 'the failures');
    expect(seen('outbound-failed')).toEqual([
      { type: 'outbound-failed', callId: 'cb-2', reason: 'busy' },
      { type: 'outbound-failed', callId: 'cb-3', reason: 'no-answer' },
      { type: 'outbound-failed', callId: 'cb-4', reason: 'unreachable' },
    ]);
  });

  it('survives a WebSocket drop mid-call: reconnects, ends the calls that ended meanwhile, keeps the others', async () => {
    const kept = ari.call('3331111111', '848821821');
    const lost = ari.call('3332222222', '848821821');
    await until(() => seen('call-offered').length === 2, 'two offers');
    ari.dropSockets();
    // While nobody listens, one caller hangs up and another rings: their events are lost with the socket.
    ari.hangUp(lost.id, 16, true);
    const unheard = ari.call('3333333333', '848821821', true);
    await ari.connected(2);
    await until(() => seen('hang-up').length === 1, 'the reconciliation');
    expect(seen('hang-up')).toEqual([{ type: 'hang-up', callId: lost.id }]);
    expect(ari.log()).toContain('GET /channels');
    // The caller who rang meanwhile is offered now, once.
    await until(() => seen('call-offered').length === 3, 'the unheard caller');
    expect(seen('call-offered')[2]).toMatchObject({ callId: unheard.id, callerId: '3333333333' });
    // The other call goes on as before.
    ari.dtmf(kept.id, '2');
    await until(() => seen('digits').length === 1, 'a digit after the reconnect');
    expect(seen('digits')[0]).toEqual({ type: 'digits', callId: kept.id, digits: '2' });
  });
});
