import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../test/databases.ts';
import { FakeOpenAi, type FakeTurn } from '../../../test/fake-openai.ts';
import { buildApp } from '../../app.ts';
import { ManualClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import type { App } from '../../platform/http.ts';
import { createLogger } from '../../platform/logger.ts';
import { chatSettings } from './chat.service.ts';

// CC-10's AI-assisted reception over HTTP, with the region's model played by an OpenAI-compatible server on
// the loopback: the model reads what the word lists miss, the answers stay the written ones, personal data
// never reaches it, nor does a message meant for an operator, and a model that fails leaves the rules to read.

const BOOK_TEXT = 'Puoi prenotare da solo in "Prenota una prestazione"';

describe('the chat reception with a language model (CC-10)', () => {
  let t: TestDatabase;
  let app: App;
  let model: FakeOpenAi;
  let operator: Record<string, string>;
  const logLines: string[] = [];
  /** Why the model's readings failed, as the server logged them since the last call. */
  const failures = () =>
    logLines
      .splice(0)
      .map((l) => JSON.parse(l) as { msg: string; failure?: string })
      .filter((l) => l.msg.startsWith('chat reception'))
      .map((l) => l.failure);
  // What the fake model answers, by a word of the citizen's message (the test's script, not the rules').
  let script: (user: string) => FakeTurn = () => ({ content: '{"intent":"unknown"}' });
  // Monday 7 December 2026, 10:00 in Rome: the desk is open.
  const clock = new ManualClock('2026-12-07T09:00:00Z');
  const json = { 'content-type': 'application/json' };

  beforeAll(async () => {
    t = await createPgliteDatabase();
    model = await new FakeOpenAi((user) => script(user), 'sk-region-test').start();
    const config = loadConfig({
      JOBS: 'off',
      LOG_LEVEL: 'silent',
      CHAT_ASSISTANT_URL: model.url,
      CHAT_ASSISTANT_MODEL: 'region-intents-7b',
      CHAT_ASSISTANT_KEY: 'sk-region-test',
      CHAT_ASSISTANT_TIMEOUT_MS: '500',
    });
    // The server's own wiring (no chat settings given): its log says why a reading failed, its metrics count.
    app = await buildApp({
      db: t.db,
      dbKind: 'pglite',
      clock,
      config,
      log: createLogger('warn', { write: (line: string) => void logLines.push(line) }),
    });
    await app.ready();
    operator = await loginAs(app, t.db, clock, ['operator']);
  });
  afterAll(async () => {
    await app?.close();
    await model?.stop();
    await t?.drop();
  });

  const start = async (message: string) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/portal/chat',
      headers: json,
      payload: { message },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as {
      id: string;
      token: string;
      chat: { state: string; messages: { author: string; body: string; actions: { href?: string }[] }[] };
    };
  };
  const say = (c: { id: string; token: string }, message: string) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/portal/chat/${c.id}/messages`,
      headers: { ...json, 'x-chat-token': c.token },
      payload: { message, after: 0 },
    });
  const lastAssistant = (chat: { messages: { author: string; body: string }[] }) =>
    chat.messages.filter((m) => m.author === 'assistant').at(-1)?.body ?? '';

  it('answers with the written text for the intent the model read, where the word lists find none', async () => {
    script = (user) => ({
      content: user.includes('foglio rosa') ? '{"intent":"book"}' : '{"intent":"unknown"}',
    });
    const c = await start('Il dottore mi ha dato il foglio rosa, cosa devo fare adesso?');
    expect(lastAssistant(c.chat).startsWith(BOOK_TEXT)).toBe(true);
    expect(c.chat.messages.at(-1)!.actions.some((a) => a.href === '/portale/prenota')).toBe(true);
    // The request as the Chat Completions API defines it: the key, the model, the schema of the intents.
    const sent = model.requests.at(-1)!;
    expect(sent.authorization).toBe('Bearer sk-region-test');
    expect(sent.body.model).toBe('region-intents-7b');
    expect(sent.body.temperature).toBe(0);
    const format = sent.body.response_format as {
      type: string;
      json_schema: { strict: boolean; schema: { properties: { intent: { enum: string[] } } } };
    };
    expect(format.type).toBe('json_schema');
    expect(format.json_schema.strict).toBe(true);
    expect(format.json_schema.schema.properties.intent.enum).toEqual([
      'operator',
      'cancel',
      'move',
      'pay',
      'results',
      'exemption',
      'book',
      'hours',
      'thanks',
      'greeting',
      'unknown',
    ]);
    // The topic follows the model's reading: the chat is about a booking.
    const row = await t.db
      .selectFrom('chat_conversation')
      .select('topic')
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(row.topic).toBe('book');
  });

  it('sends the model no fiscal code, NRE, phone number or e-mail address', async () => {
    script = () => ({ content: '{"intent":"pay"}' });
    const c = await start(
      'Sono RSSMRA80A01H501U, ricetta 1700A4003112345, tel. 333 123 4567, a@b.it: quanto pago?',
    );
    expect(lastAssistant(c.chat)).toContain('pagoPA');
    const words = model.userMessages.at(-1)!;
    expect(words).toBe('[it] Sono [omesso], ricetta [omesso], tel. [omesso], [omesso]: quanto pago?');
  });

  it('never asks the model when the citizen asks for a person, nor for a message meant for the operator', async () => {
    script = () => ({ content: '{"intent":"greeting"}' });
    const before = model.requests.length;
    const c = await start('Voglio parlare con un operatore, per favore');
    expect(c.chat.state).toBe('waiting');
    expect(model.requests.length).toBe(before);
    const accepted = await app.inject({
      method: 'POST',
      url: `/api/v1/chat/${c.id}/accept`,
      headers: operator,
      payload: {},
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect((await say(c, 'Devo spostare la visita del 12, il mio CF è RSSMRA80A01H501U')).statusCode).toBe(
      200,
    );
    expect(model.requests.length).toBe(before);
  });

  it('leaves the rules to read a message when the model fails, is slow, refuses or names no intent', async () => {
    const cases: [FakeTurn, string][] = [
      [{ status: 500 }, 'the server answered 500'],
      [{ delayMs: 1500, content: '{"intent":"book"}' }, 'no answer within 500 ms'],
      [{ content: '', refusal: 'I cannot help with that.' }, 'the model refused'],
      [{ content: '{"intent":"prenota"}' }, 'the answer names no known intent'],
      [{ content: 'Certo! Vuoi prenotare.' }, 'the answer is not JSON'],
      [{ content: '{"intent":', finishReason: 'length' }, 'the answer was cut short'],
    ];
    failures();
    for (const [turn, failure] of cases) {
      script = () => turn;
      // The word lists read "disdire" as a cancellation; the model, when it fails, is not needed for that.
      const c = await start('Buongiorno, devo disdire la visita di domani');
      expect(lastAssistant(c.chat), failure).toContain('Puoi disdire da solo');
      const logged = logLines.join('\n');
      expect(failures()).toEqual([failure]);
      expect(logged).not.toContain('disdire');
      // A message neither can place gets the rules' "not sure" answer, not an error.
      const res = await say(c, 'il foglio rosa');
      expect(res.statusCode).toBe(200);
      expect(failures()).toEqual([failure]);
      expect(lastAssistant(res.json())).toBe(
        'Non sono sicuro di aver capito. Puoi scriverlo con altre parole (per esempio "disdire una visita" o "pagare il ticket"), oppure parlare con un operatore.',
      );
    }
  });

  it("counts the model's readings in the metrics, read and failed", async () => {
    const metrics = (await app.inject({ url: '/metrics' })).body;
    const count = (outcome: string) =>
      Number(
        new RegExp(`sportello_chat_model_readings_total\\{outcome="${outcome}"\\} (\\d+)`).exec(metrics)?.[1],
      );
    // Before this test: 2 read (the booking, the payment); 6 × 2 failed (each case's two messages).
    expect(count('read')).toBe(2);
    expect(count('failed')).toBe(12);
  });

  it('a model that answers "unknown" leaves the word lists their reading', async () => {
    script = () => ({ content: '{"intent":"unknown"}' });
    const c = await start('Vorrei pagare il ticket');
    expect(lastAssistant(c.chat)).toContain('pagoPA');
  });

  it('a model that cannot be reached leaves the rules to read', async () => {
    const down = loadConfig({
      CHAT_ASSISTANT_URL: 'http://127.0.0.1:9/v1',
      CHAT_ASSISTANT_MODEL: 'm',
    });
    const settings = chatSettings(down);
    const reading = await settings.reception!.read('il foglio rosa', 'it');
    expect(reading).toEqual({ failure: 'unreachable' });
  });
});
