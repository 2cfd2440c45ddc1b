import type { Command } from 'commander';
import type { Config } from '../../platform/config.ts';
import { userMessage } from './adapters/reception-model.ts';
import { chatSettings } from './chat.service.ts';
import { type ChatLanguage, decide, recognise } from './rules/reception.ts';

export interface ReadingReport {
  /** The words as the model receives them (masked); null without a model. */
  sent: string | null;
  rules: string;
  /** The model's intent, or why there is none; null without a model (CHAT_ASSISTANT_URL unset). */
  model: { intent: string } | { failure: string } | null;
  decided: { intent: string; by: 'rules' | 'model' };
}

/**
 * How the reception reads one message with this configuration: the rules' reading, the model's (asked
 * even where the reception would not ask it, to check the model), and which counts. For the region's
 * IT office setting up CHAT_ASSISTANT_URL: is the model reachable, does it read as expected.
 */
export async function readingReport(
  config: Config,
  text: string,
  language: ChatLanguage,
): Promise<ReadingReport> {
  const reception = chatSettings(config).reception ?? null;
  const rules = recognise(text);
  const model = reception ? await reception.read(text, language) : null;
  const modelIntent = model && 'intent' in model ? model.intent : null;
  return {
    sent: reception ? userMessage(text, language) : null,
    rules,
    model,
    decided: decide(rules, modelIntent),
  };
}

/** `sportello chat-reading "<message>"` (CC-10). */
export function registerChatCommands(program: Command, settings: () => Config): Command {
  program
    .command('chat-reading <message>')
    .description(
      "how the chat's reception reads a message: the written rules, the language model (CHAT_ASSISTANT_URL) and which counts",
    )
    .option('--language <it|en>', 'the chat language', 'it')
    .option('--json', 'print JSON')
    .action(async (message: string, opts: { language: string; json?: boolean }) => {
      const language: ChatLanguage = opts.language === 'en' ? 'en' : 'it';
      const r = await readingReport(settings(), message, language);
      if (opts.json) console.log(JSON.stringify(r, null, 2));
      else {
        console.log(`regole:  ${r.rules}`);
        if (!r.model) console.log('modello: non configurato (CHAT_ASSISTANT_URL)');
        else {
          console.log(`inviato: ${r.sent}`);
          console.log(
            `modello: ${'intent' in r.model ? r.model.intent : `nessuna lettura (${r.model.failure})`}`,
          );
        }
        console.log(`conta:   ${r.decided.intent} (${r.decided.by === 'model' ? 'modello' : 'regole'})`);
      }
      // A configured model that gave no reading is a failed check.
      if (r.model && 'failure' in r.model) process.exitCode = 1;
    });
  return program;
}
