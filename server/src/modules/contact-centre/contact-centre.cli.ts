import type { Command } from 'commander';
import type { Config } from '../../platform/config.ts';
import { recordingName } from '../telephony/index.ts';
import { fixedPrompts } from './engine/prompt-catalogue.ts';
import { liveCentreConfig } from './live/live-centre.ts';
import { promptAudio } from './live/real-switch.ts';

export interface PromptEntry {
  /** The recording's file name in DATA_DIR/prompts, without .wav/.txt. */
  name: string;
  id: string;
  text: string;
  /** The region's recording plays for it (else the synthesis). */
  recorded: boolean;
}

/** The live centre's fixed prompts, with the name their recording takes and whether it exists. */
export async function listPrompts(config: Config): Promise<PromptEntry[]> {
  const audio = promptAudio(config);
  const all = fixedPrompts(liveCentreConfig({ selfService: true }));
  return Promise.all(
    all.map(async (p) => ({
      name: recordingName(p.id),
      id: p.id,
      text: p.text,
      recorded: await audio.recorded(p),
    })),
  );
}

/**
 * Synthesises every fixed prompt without a recording into DATA_DIR/prompt-cache, so that the first
 * callers do not wait for espeak-ng (at installation, and after the IVR's words change).
 */
export async function buildPrompts(config: Config): Promise<{ recorded: number; synthesised: number }> {
  const audio = promptAudio(config);
  let recorded = 0;
  let synthesised = 0;
  for (const p of fixedPrompts(liveCentreConfig({ selfService: true }))) {
    if (await audio.recorded(p)) recorded++;
    else synthesised++;
    await audio.prepare(p);
  }
  return { recorded, synthesised };
}

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
      for (const p of list) console.log(`${p.recorded ? 'registrato ' : 'sintesi    '} ${p.name}\t${p.text}`);
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
