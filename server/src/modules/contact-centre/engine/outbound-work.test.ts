import { describe, expect, it } from 'vitest';
import { dial, Harness, routingCentre, TEST_LINE } from './test-harness.ts';

const withWrapUp = () => ({
  ...routingCentre(),
  agents: { wrapUpSeconds: 30, pauseReasons: ['accesso', 'campagna', 'mancata-risposta', 'rifiutata'] },
});

describe('campaign calls by an agent (OB-5)', () => {
  it('dials from a paused agent, connects with the operator code, and after wrap-up returns to the pause', () => {
    const h = new Harness(withWrapUp());
    h.login('a', { s: 1 }, '0042');
    h.act({ type: 'agent.pause', agentId: 'a', reason: 'campagna' });
    h.act({ type: 'agent.dial', agentId: 'a', legId: 'k1', campaignId: 'c1', number: '+39 333 1234567' });
    const originate = h.commands.find((c) => c.type === 'originate');
    expect(originate).toEqual({
      type: 'originate',
      callId: 'k1',
      to: '+393331234567',
      from: TEST_LINE,
      tag: 'campaign',
    });
    expect(h.engine.agent('a')).toMatchObject({ state: 'on-call', reason: 'campagna', callId: 'k1' });
    // An inbound caller meanwhile is not offered to the agent who is dialling.
    const inbound = dial(h, '1');
    expect(h.last('call.presented')).toBeUndefined();
    h.send({ type: 'outbound-answered', callId: 'k1' });
    expect(h.prompts('k1')).toEqual(['campaign-greeting', 'operator-code']);
    expect(h.last('campaign.answered')).toMatchObject({
      legId: 'k1',
      campaignId: 'c1',
      operatorCode: '0042',
    });
    h.advance(90);
    h.act({ type: 'agent.hang-up', agentId: 'a' });
    expect(h.last('outbound.ended')).toMatchObject({
      legId: 'k1',
      tag: 'campaign',
      answered: true,
      talkMs: 90_000,
    });
    expect(h.engine.agent('a')!.state).toBe('wrap-up');
    h.advance(30);
    // Back to the campaign pause, not to ready: the waiting inbound caller is still not offered.
    expect(h.engine.agent('a')).toMatchObject({ state: 'paused', reason: 'campagna' });
    expect(h.last('call.presented')).toBeUndefined();
    expect(h.events('survey.dialled')).toHaveLength(0);
    h.hangUp(inbound);
  });

  it('an unanswered or cancelled call frees the channel and puts a ready agent back in line', () => {
    const h = new Harness(withWrapUp());
    h.login('a', { s: 1 });
    h.act({ type: 'agent.dial', agentId: 'a', legId: 'k1', campaignId: 'c1', number: '3331234567' });
    h.send({ type: 'outbound-failed', callId: 'k1', reason: 'busy' });
    expect(h.last('campaign.failed')).toMatchObject({ legId: 'k1', reason: 'busy', agentId: 'a' });
    expect(h.last('outbound.ended')).toMatchObject({ legId: 'k1', tag: 'campaign', answered: false });
    expect(h.engine.agent('a')!.state).toBe('ready');
    h.act({ type: 'agent.dial', agentId: 'a', legId: 'k2', campaignId: 'c1', number: '3331234567' });
    h.act({ type: 'agent.hang-up', agentId: 'a' });
    expect(h.commandsFor('k2').at(-1)).toEqual({ type: 'hang-up', callId: 'k2', cause: 'normal' });
    expect(h.last('campaign.failed')).toMatchObject({ legId: 'k2', reason: 'cancelled' });
    // Ready again: an inbound caller reaches the agent at once.
    dial(h, '1');
    expect(h.last('call.presented')).toMatchObject({ agentId: 'a' });
    expect(h.engine.snapshot().lines[0]!.inUse).toBe(1);
  });

  it('refuses a dial while the agent is busy, to a number that is not one, or with a leg id in use', () => {
    const h = new Harness(withWrapUp());
    h.login('a', { s: 1 });
    h.login('b', { s: 1 });
    expect(() =>
      h.act({ type: 'agent.dial', agentId: 'a', legId: 'k1', campaignId: 'c1', number: 'abc' }),
    ).toThrow(/number/);
    h.act({ type: 'agent.dial', agentId: 'a', legId: 'k1', campaignId: 'c1', number: '3331234567' });
    expect(() =>
      h.act({ type: 'agent.dial', agentId: 'a', legId: 'k2', campaignId: 'c1', number: '3331234567' }),
    ).toThrow(/on-call/);
    expect(() =>
      h.act({ type: 'agent.dial', agentId: 'b', legId: 'k1', campaignId: 'c1', number: '3331234567' }),
    ).toThrow(/already/);
    expect(h.events('campaign.dialled')).toHaveLength(1);
  });
});

describe('the virtual operator (OB-3)', () => {
  const place = (h: Harness, legId = 'v1') =>
    h.send({
      type: 'virtual.call',
      legId,
      number: '0971123456',
      ref: 'appt-1',
      text: 'Ha una prenotazione.',
    });

  it('confirms with 1 through the booking system, and says so', () => {
    const h = new Harness(routingCentre());
    place(h);
    expect(h.commands.find((c) => c.type === 'originate')).toMatchObject({ callId: 'v1', tag: 'recall' });
    h.send({ type: 'outbound-answered', callId: 'v1' });
    h.press('v1', '9'); // hear it again
    expect(h.prompts('v1')).toEqual(['recall-ask', 'recall-ask']);
    h.press('v1', '1');
    expect(h.selfService.at(-1)).toEqual({
      type: 'self-service',
      callId: 'v1',
      request: { kind: 'recall', ref: 'appt-1', choice: 'confirm', purpose: 'recall' },
    });
    h.answer('v1', { kind: 'confirmed' });
    expect(h.prompts('v1').slice(-2)).toEqual(['recall-confirmed', 'recall-goodbye']);
    expect(h.last('virtual.ended')).toMatchObject({ legId: 'v1', result: 'confirmed' });
    expect(h.last('outbound.ended')).toMatchObject({ legId: 'v1', tag: 'recall', answered: true });
  });

  it('cancels only after 3 is pressed twice, and reads the cancellation number', () => {
    const h = new Harness(routingCentre());
    place(h);
    h.send({ type: 'outbound-answered', callId: 'v1' });
    h.press('v1', '3');
    h.press('v1', '9'); // back: nothing cancelled
    expect(h.selfService).toHaveLength(0);
    h.press('v1', '3');
    h.press('v1', '3');
    expect(h.selfService.at(-1)!.request).toEqual({
      kind: 'recall',
      ref: 'appt-1',
      choice: 'cancel',
      purpose: 'recall',
    });
    h.answer('v1', { kind: 'cancelled', number: 'ANN-7K3M-9Q2D-2' });
    expect(h.last('virtual.ended')).toMatchObject({
      result: 'cancelled',
      cancellationNumber: 'ANN-7K3M-9Q2D-2',
    });
    const done = h.commandsFor('v1').find((c) => c.type === 'play' && c.prompt.id === 'self-cancel-done');
    expect(done?.type === 'play' && done.prompt.text).toContain('7 K 3 M 9 Q 2 D 2');
  });

  it('OB-7: a reminder call says so to the booking system, which words the cancellation for it', () => {
    const h = new Harness(routingCentre());
    h.send({
      type: 'virtual.call',
      legId: 'r1',
      number: '0971123456',
      ref: 'appt-2',
      text: 'Le ricordiamo la prenotazione.',
      purpose: 'reminder',
    });
    h.send({ type: 'outbound-answered', callId: 'r1' });
    h.press('r1', '1');
    expect(h.selfService.at(-1)!.request).toEqual({
      kind: 'recall',
      ref: 'appt-2',
      choice: 'confirm',
      purpose: 'reminder',
    });
  });

  it('keeps the booking when nobody answers, nobody chooses, or the choice cannot be carried out', () => {
    const h = new Harness(routingCentre());
    place(h, 'v1');
    h.send({ type: 'outbound-failed', callId: 'v1', reason: 'no-answer' });
    place(h, 'v2');
    h.send({ type: 'outbound-answered', callId: 'v2' });
    h.advance(30); // three readings, ten seconds each
    place(h, 'v3');
    h.send({ type: 'outbound-answered', callId: 'v3' });
    h.press('v3', '1');
    h.answer('v3', { kind: 'unavailable' });
    expect(h.events('virtual.ended').map((e) => [e.legId, e.result])).toEqual([
      ['v1', 'no-answer'],
      ['v2', 'no-choice'],
      ['v3', 'failed'],
    ]);
    expect(h.prompts('v2').filter((p) => p === 'recall-ask')).toHaveLength(3);
    expect(h.selfService.map((s) => s.request)).toEqual([
      { kind: 'recall', ref: 'appt-1', choice: 'confirm', purpose: 'recall' },
    ]);
    expect(h.engine.snapshot().lines[0]!.inUse).toBe(0);
  });

  describe("OB-5: a campaign's call", () => {
    const campaignCall = (h: Harness, legId: string, keys: string) =>
      h.send({
        type: 'virtual.call',
        legId,
        number: '0971123456',
        ref: `contact-${legId}`,
        text: 'Le nuove sedi. Per sì prema 1. Per no prema 2.',
        purpose: 'campaign',
        keys,
      });

    it('reads the message with its keys and 9, ends on a key with its thanks, and carries nothing out', () => {
      const h = new Harness(routingCentre());
      campaignCall(h, 'c1', '12');
      h.send({ type: 'outbound-answered', callId: 'c1' });
      const ask = h.commandsFor('c1').find((c) => c.type === 'play' && c.prompt.id === 'campaign-ask');
      expect(ask?.type === 'play' && ask.prompt).toMatchObject({
        variable: true,
        text: 'Le nuove sedi. Per sì prema 1. Per no prema 2. Per riascoltare prema 9.',
        input: { keys: '129', maxDigits: 1 },
      });
      h.press('c1', '3'); // not one of its keys: nothing happens
      h.press('c1', '9'); // heard again
      h.press('c1', '2');
      expect(h.prompts('c1')).toEqual(['campaign-ask', 'campaign-ask', 'campaign-thanks', 'recall-goodbye']);
      expect(h.last('virtual.ended')).toMatchObject({ legId: 'c1', result: 'chosen', key: '2' });
      expect(h.commandsFor('c1').at(-1)).toMatchObject({ type: 'hang-up' });
      expect(h.selfService).toHaveLength(0);
      expect(h.engine.snapshot().lines[0]!.inUse).toBe(0);
    });

    it('without a key after three readings, says so and ends as no-choice (no word of a booking)', () => {
      const h = new Harness(routingCentre());
      campaignCall(h, 'c2', '123');
      h.send({ type: 'outbound-answered', callId: 'c2' });
      h.advance(30);
      expect(h.prompts('c2')).toEqual([
        'campaign-ask',
        'campaign-ask',
        'campaign-ask',
        'campaign-no-choice',
        'recall-goodbye',
      ]);
      const ended = h.last('virtual.ended');
      expect(ended).toMatchObject({ result: 'no-choice' });
      expect(ended).not.toHaveProperty('key');
    });

    it('refuses keys that are not 1 to 8 distinct digits, placing nothing', () => {
      const h = new Harness(routingCentre());
      for (const keys of ['', '19', '11', '0', '123456789'])
        expect(() => campaignCall(h, `x${keys}`, keys)).toThrow(/keys/);
      expect(h.commands.filter((c) => c.type === 'originate')).toHaveLength(0);
    });
  });
});
