import type { Command } from 'commander';
import type { Config } from '../../platform/config.ts';
import { buildPrompts, listPrompts } from './live/prompt-recordings.ts';

/** `sportello prompts list|build` (issue 15 §2). */
export function registerPromptCommands(program: Command, settings: () => Config): Command {
  const prompts = program
    .command('prompts')
    .description(
      "the IVR's prompts as a real switch plays them (TELEPHONY=asterisk): what to record, their audio",
    );
  prompts
    .command('list')
    .description(
      'every prompt with fixed words: the file name of its recording in DATA_DIR/prompts, its words',
    )
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const list = await listPrompts(settings());
      if (opts.json) {
        console.log(JSON.stringify(list, null, 2));
        return;
      }
      for (const p of list) {
        console.log(`${p.recorded ? 'registrato ' : 'sintesi    '} ${p.name}\t${p.text}`);
        // Recordings of the words before an edit: never played; removed from the admin's page.
        for (const w of p.formerRecordings) console.log(`  (testo precedente, non riprodotto: ${w})`);
      }
      console.log(`\nRecord one as DATA_DIR/prompts/<name>.wav with its words in <name>.txt.`);
    });
  prompts
    .command('build')
    .description('synthesise (espeak-ng) every prompt without a recording into DATA_DIR/prompt-cache')
    .action(async () => {
      const { recorded, synthesised } = await buildPrompts(settings());
      console.log(`${synthesised} prompts synthesised, ${recorded} recorded by the region.`);
    });
  return program;
}
