import { createHash } from 'node:crypto';
import type { Config } from '../../../platform/config.ts';
import { notFound } from '../../../platform/errors.ts';
import { type Prompt, type PromptAudio, recordingName } from '../../telephony/index.ts';
import { fixedPrompts } from '../engine/prompt-catalogue.ts';
import { liveCentreConfig } from './live-centre.ts';
import { promptAudio } from './real-switch.ts';

// Issue 15 §2: the prompts a region records for the real switch, listed, recorded and removed (the
// command line's `sportello prompts` and the admin's page share these).

export interface PromptEntry {
  /** Names these words of this prompt, stable across restarts (a hash of the id and the words). */
  key: string;
  /** The recording's file name in DATA_DIR/prompts, without .wav/.txt. */
  name: string;
  id: string;
  text: string;
  /** The region's recording plays for it (else the synthesis). */
  recorded: boolean;
  /** The words of recordings under its id made before the words changed: never played, kept until removed. */
  formerRecordings: string[];
}

const keyOf = (p: Prompt) => createHash('sha256').update(`${p.id}\n${p.text}`).digest('hex').slice(0, 16);

/** The live centre's fixed prompts. */
const livePrompts = () => fixedPrompts(liveCentreConfig({ selfService: true }));

/** The words the live IVR has now under a prompt's id (two prompts may share one). */
const wordsUnder = (id: string, all: Prompt[] = livePrompts()) =>
  all.flatMap((p) => (p.id === id ? [p.text] : []));

const entry = async (audio: PromptAudio, p: Prompt, all?: Prompt[]): Promise<PromptEntry> => ({
  key: keyOf(p),
  name: recordingName(p.id),
  id: p.id,
  text: p.text,
  recorded: await audio.recorded(p),
  formerRecordings: (await audio.formerRecordings(p.id, wordsUnder(p.id, all))).map((r) => r.words),
});

/** The live centre's fixed prompts, with the name their recording takes and whether it exists. */
export async function listPrompts(config: Config, audio = promptAudio(config)): Promise<PromptEntry[]> {
  const all = livePrompts();
  return Promise.all(all.map((p) => entry(audio, p, all)));
}

/** The fixed prompt of this key; 404 when none has it (the IVR's words changed since it was listed). */
export function promptOf(key: string): Prompt {
  const found = livePrompts().find((p) => keyOf(p) === key);
  if (!found) throw notFound('prompt', 'key');
  return found;
}

/** Keeps `wav` as the region's recording of the prompt of this key (checked: see saveRecording). */
export async function recordPrompt(audio: PromptAudio, key: string, wav: Buffer): Promise<PromptEntry> {
  const prompt = promptOf(key);
  await audio.saveRecording(prompt, wav);
  return entry(audio, prompt);
}

/** Removes the recording of the prompt of this key; 404 when it had none. */
export async function unrecordPrompt(audio: PromptAudio, key: string): Promise<PromptEntry> {
  const prompt = promptOf(key);
  if (!(await audio.removeRecording(prompt))) throw notFound('recording', 'key');
  return entry(audio, prompt);
}

/** Removes the recordings of the prompt's former words (see PromptEntry); 404 when it had none. */
export async function removeFormerRecordings(audio: PromptAudio, key: string): Promise<PromptEntry> {
  const prompt = promptOf(key);
  if ((await audio.removeFormerRecordings(prompt.id, wordsUnder(prompt.id))) === 0)
    throw notFound('former recording', 'key');
  return entry(audio, prompt);
}

/**
 * Synthesises every fixed prompt without a recording into DATA_DIR/prompt-cache, so that the first
 * callers do not wait for espeak-ng (at installation, and after the IVR's words change).
 */
export async function buildPrompts(config: Config): Promise<{ recorded: number; synthesised: number }> {
  const audio = promptAudio(config);
  let recorded = 0;
  let synthesised = 0;
  for (const p of livePrompts()) {
    if (await audio.recorded(p)) recorded++;
    else synthesised++;
    await audio.prepare(p);
  }
  return { recorded, synthesised };
}
