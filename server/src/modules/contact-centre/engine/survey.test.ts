import { describe, expect, it } from 'vitest';
import { dial, Harness, routingCentre } from './test-harness.ts';

const surveyCentre = () => ({ ...routingCentre(), survey: { share: 0.1, delaySeconds: 30 } });

function handledCalls(h: Harness, n: number): void {
  for (let i = 0; i < n; i++) {
    dial(h, '1');
    h.act({ type: 'agent.answer', agentId: 'a' });
    h.advance(60);
    h.act({ type: 'agent.hang-up', agentId: 'a' });
  }
}

describe('hot survey (CC-8)', () => {
  it('calls back a tenth of the handled calls', () => {
    const h = new Harness(surveyCentre());
    h.login('a', { s: 1 });
    handledCalls(h, 200);
    h.advance(60);
    expect(h.events('survey.dialled')).toHaveLength(20);
    const originates = h.commands.filter((c) => c.type === 'originate');
    expect(
      originates.every((c) => c.type === 'originate' && c.tag === 'survey' && c.from === '0000000002'),
    ).toBe(true);
  });

  it('asks its questions with keys 1 to 5 and records the answers', () => {
    const h = new Harness(surveyCentre());
    h.login('a', { s: 1 });
    handledCalls(h, 10);
    h.advance(30);
    const dialled = h.last('survey.dialled')!;
    h.send({ type: 'outbound-answered', callId: dialled.legId });
    const asked = h.commandsFor(dialled.legId).filter((c) => c.type === 'play');
    expect(asked.map((c) => c.type === 'play' && c.prompt.id)).toEqual(['survey-intro', 'survey:cortesia']);
    expect(asked[1]).toMatchObject({ prompt: { input: { keys: '12345', maxDigits: 1 } } });
    h.press(dialled.legId, '5');
    h.press(dialled.legId, '7'); // not a score: ignored
    h.press(dialled.legId, '4');
    h.press(dialled.legId, '3');
    expect(h.events('survey.answer').map((e) => [e.question, e.score, e.agentId])).toEqual([
      ['cortesia', 5, 'a'],
      ['soluzione', 4, 'a'],
      ['attesa', 3, 'a'],
    ]);
    expect(h.last('survey.ended')).toMatchObject({
      surveyId: dialled.surveyId,
      result: 'completed',
      answers: 3,
    });
    expect(h.commandsFor(dialled.legId).at(-1)).toEqual({
      type: 'hang-up',
      callId: dialled.legId,
      cause: 'normal',
    });
    expect(h.last('outbound.ended')).toMatchObject({ legId: dialled.legId, tag: 'survey', answered: true });
  });

  it('records unanswered surveys and those interrupted', () => {
    const h = new Harness({ ...surveyCentre(), survey: { share: 1, delaySeconds: 0 } });
    h.login('a', { s: 1 });
    handledCalls(h, 2);
    h.advance(1);
    const [one, two] = h.events('survey.dialled');
    h.send({ type: 'outbound-failed', callId: one!.legId, reason: 'no-answer' });
    h.send({ type: 'outbound-answered', callId: two!.legId });
    h.press(two!.legId, '2');
    h.hangUp(two!.legId);
    expect(h.events('survey.ended').map((e) => [e.result, e.answers])).toEqual([
      ['no-answer', 0],
      ['partial', 1],
    ]);
  });
});
