import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeOpenAi } from '../../../test/fake-openai.ts';
import { loadConfig } from '../../platform/config.ts';
import { readingReport, registerChatCommands } from './chat.cli.ts';

// `sportello chat-reading`: the region's IT office checks its model (CC-10) before the citizens meet it.
describe('sportello chat-reading', () => {
  let model: FakeOpenAi;
  let down = false;
  beforeAll(async () => {
    model = await new FakeOpenAi((user) =>
      down
        ? { status: 503 }
        : { content: JSON.stringify({ intent: user.includes('foglio rosa') ? 'book' : 'unknown' }) },
    ).start();
  });
  afterAll(async () => {
    await model?.stop();
  });
  const withModel = () => loadConfig({ CHAT_ASSISTANT_URL: model.url, CHAT_ASSISTANT_MODEL: 'm' });

  it("shows the rules' reading, the model's with the words as sent, and which counts", async () => {
    down = false;
    expect(await readingReport(withModel(), 'Ho il foglio rosa, CF RSSMRA80A01H501U', 'it')).toEqual({
      sent: '[it] Ho il foglio rosa, CF [omesso]',
      rules: 'unknown',
      model: { intent: 'book' },
      decided: { intent: 'book', by: 'model' },
    });
    expect(await readingReport(loadConfig({}), 'Vorrei disdire', 'it')).toEqual({
      sent: null,
      rules: 'cancel',
      model: null,
      decided: { intent: 'cancel', by: 'rules' },
    });
  });

  it('fails (exit code 1) when the configured model gives no reading, and says why', async () => {
    down = true;
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    try {
      const program = registerChatCommands(new Command().exitOverride(), withModel);
      await program.parseAsync(['chat-reading', 'Vorrei pagare il ticket'], { from: 'user' });
      expect(lines).toEqual([
        'regole:  pay',
        'inviato: [it] Vorrei pagare il ticket',
        'modello: nessuna lettura (the server answered 503)',
        'conta:   pay (regole)',
      ]);
      expect(process.exitCode).toBe(1);
    } finally {
      log.mockRestore();
      process.exitCode = 0;
    }
  });
});
