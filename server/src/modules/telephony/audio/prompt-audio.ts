import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { invalidField } from '../../../platform/errors.ts';
import type { Prompt } from '../port/telephony.port.ts';
import { espeakSpeech, type Speech } from './speech.ts';
import { encodeWav, parseWav, resample, TELEPHONE_RATE } from './wav.ts';

export interface PromptAudioOptions {
  /** Where the switch reaches this server, e.g. http://10.0.0.5:3000 (no trailing slash). */
  baseUrl: string;
  /** The region's recordings, `<prompt id>.wav` (any rate, 16-bit mono): used instead of the synthesis. */
  recordingsDir: string;
  /** Synthesised audio of the fixed prompts, kept across restarts. */
  cacheDir: string;
  speech?: Speech;
}

/** The path the audio is served under; `<key>.wav` follows. */
export const PROMPT_AUDIO_PATH = '/api/v1/prompts/audio';

const KEPT = 2000; // prompts remembered; the oldest are forgotten past this (their URL then answers 404)

/**
 * The IVR's prompts as audio for a real switch (issue 15 §2). Each prompt played gets a URL under
 * PROMPT_AUDIO_PATH whose key is a keyed hash of its words: unguessable, so a prompt that carries a
 * number the caller keyed (a callback number, a booking code) is not readable by anyone else, and the same
 * for every play of the same words. The audio is the region's recording of the prompt when there is one
 * for these words and they are fixed (not `variable`), else the words synthesised with espeak-ng; 8 kHz
 * 16-bit mono WAV, which Asterisk plays from HTTP (`sound:http…`) with no file copied to the switch.
 * Synthesised fixed prompts are cached on disk; variable ones (a caller's data) only in memory.
 */
export class PromptAudio {
  private readonly secret = randomBytes(32);
  private readonly known = new Map<string, Prompt>();
  private readonly making = new Map<string, Promise<Buffer>>();
  private readonly memory = new Map<string, Buffer>();
  private readonly speech: Speech;

  constructor(private readonly options: PromptAudioOptions) {
    this.speech = options.speech ?? espeakSpeech;
  }

  /** The media URI the switch plays for this prompt. */
  media(prompt: Prompt): string {
    return `sound:${this.url(prompt)}`;
  }

  /** The prompt's audio as a path on this server, for a page of ours to play (the same audio as `url`). */
  path(prompt: Prompt): string {
    return `${PROMPT_AUDIO_PATH}/${this.remember(prompt)}.wav`;
  }

  /** The prompt's audio URL (remembered until KEPT newer prompts have been played). */
  url(prompt: Prompt): string {
    return `${this.options.baseUrl}${this.path(prompt)}`;
  }

  /** The prompt's key, remembered as the newest. */
  private remember(prompt: Prompt): string {
    const key = createHmac('sha256', this.secret)
      .update(`${prompt.id}\n${prompt.text}`)
      .digest('hex')
      .slice(0, 32);
    this.known.delete(key);
    this.known.set(key, prompt);
    if (this.known.size > KEPT) {
      const oldest = this.known.keys().next().value as string;
      this.known.delete(oldest);
      this.memory.delete(oldest);
    }
    return key;
  }

  /** The WAV for a key, or null when no prompt has it. Throws SpeechUnavailable without a synthesiser. */
  async audio(key: string): Promise<Buffer | null> {
    const prompt = this.known.get(key);
    if (!prompt) return null;
    const cached = this.memory.get(key);
    if (cached) return cached;
    let pending = this.making.get(key);
    if (!pending) {
      pending = this.make(prompt).finally(() => this.making.delete(key));
      this.making.set(key, pending);
    }
    const wav = await pending;
    if (prompt.variable) this.memory.set(key, wav);
    return wav;
  }

  /** Whether the region's recording is what plays for this prompt. */
  async recorded(prompt: Prompt): Promise<boolean> {
    return !prompt.variable && (await this.recording(prompt.id, prompt.text)) !== null;
  }

  /**
   * Keeps `wav` as the region's recording of a fixed prompt, with its words beside it: played from the
   * next time the prompt is (each play reads the recording). Refused, and nothing written, unless it is
   * a 16-bit PCM mono WAV of at least a tenth of a second at 8–48 kHz. Each file is written whole and
   * renamed into place, the words last, so a crash leaves the old recording or the new one.
   */
  async saveRecording(prompt: Prompt, wav: Buffer): Promise<void> {
    if (prompt.variable) throw invalidField('prompt', 'a prompt with variable words cannot be recorded');
    let pcm: ReturnType<typeof parseWav>;
    try {
      pcm = parseWav(wav);
    } catch (error) {
      throw invalidField('audio', `the recording is not usable: ${(error as Error).message}`);
    }
    if (pcm.rate < 8000 || pcm.rate > 48000) {
      throw invalidField('audio', `the recording's rate is ${pcm.rate} Hz; 8,000 to 48,000 Hz are accepted`);
    }
    if (pcm.samples.length < pcm.rate / 10)
      throw invalidField('audio', 'the recording is shorter than 0.1 s');
    const [base] = this.bases(prompt.id, prompt.text) as [string];
    await mkdir(this.options.recordingsDir, { recursive: true });
    for (const [file, data] of [
      [`${base}.wav`, wav],
      [`${base}.txt`, `${prompt.text}\n`],
    ] as const) {
      // Its own temporary name: two uploads at once must not write into one file.
      const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(tmp, data);
      await rename(tmp, file);
    }
  }

  /**
   * Removes the region's recordings of these words, saved or placed by hand (the synthesis plays again);
   * false when it had none. A recording of other words under the same id is left alone.
   */
  async removeRecording(prompt: Prompt): Promise<boolean> {
    let removed = false;
    for (const base of this.bases(prompt.id, prompt.text)) {
      const said = await readFile(`${base}.txt`, 'utf8').catch(() => null);
      if (said === null || words(said) !== words(prompt.text)) continue;
      // The words first: without them the recording is never played, whatever happens next.
      await rm(`${base}.txt`, { force: true });
      await rm(`${base}.wav`, { force: true });
      removed = true;
    }
    return removed;
  }

  /**
   * The region's recordings under a prompt id that say none of `current` (the words the IVR has under
   * that id now; two prompts may share one) — made before the words changed, never played since — each
   * with its words. Kept until removed (below): an edit of the IVR never silently destroys a recording.
   */
  async formerRecordings(id: string, current: string[]): Promise<{ base: string; words: string }[]> {
    const name = recordingName(id);
    const now = new Set(current.map(words));
    const files = await readdir(this.options.recordingsDir).catch(() => [] as string[]);
    const found: { base: string; words: string }[] = [];
    for (const f of files) {
      // `<name>.txt` (placed by hand) or `<name>.<8 hex>.txt` (saved through the API); not another id's.
      const rest = f.startsWith(name) ? f.slice(name.length) : '';
      if (rest !== '.txt' && !/^\.[0-9a-f]{8}\.txt$/.test(rest)) continue;
      const base = join(this.options.recordingsDir, f.slice(0, -'.txt'.length));
      const said = await readFile(`${base}.txt`, 'utf8').catch(() => null);
      if (said !== null && !now.has(words(said))) found.push({ base, words: said.trim() });
    }
    return found.sort((a, b) => a.base.localeCompare(b.base));
  }

  /** Removes the recordings of former words (see formerRecordings); how many went. */
  async removeFormerRecordings(id: string, current: string[]): Promise<number> {
    const former = await this.formerRecordings(id, current);
    for (const { base } of former) {
      // The words first: without them the recording is never played, whatever happens next.
      await rm(`${base}.txt`, { force: true });
      await rm(`${base}.wav`, { force: true });
    }
    return former.length;
  }

  /** The prompt's audio now (synthesised and cached if needed), as the switch would get it. */
  async prepare(prompt: Prompt): Promise<Buffer> {
    return (await this.audio(this.remember(prompt))) as Buffer;
  }

  /**
   * The files that may hold the region's recording of a prompt, each `<base>.wav` with `<base>.txt`
   * holding the words it says: the one saved through the API, named by its words too (so two prompts
   * sharing an id, like the menu's two retry messages, each keep their own), then the one a region may
   * place by hand under the id alone (`sportello prompts list`). A recording plays while the prompt's
   * words are still those: an edited IVR text is synthesised until recorded again.
   */
  private bases(id: string, text: string): string[] {
    const name = recordingName(id);
    const said = createHash('sha256').update(words(text)).digest('hex').slice(0, 8);
    return [join(this.options.recordingsDir, `${name}.${said}`), join(this.options.recordingsDir, name)];
  }

  /** The region's recording of a prompt (see bases), or null. */
  private async recording(id: string, text: string): Promise<Buffer | null> {
    for (const base of this.bases(id, text)) {
      const said = await readFile(`${base}.txt`, 'utf8').catch(() => null);
      if (said === null || words(said) !== words(text)) continue;
      const wav = await readFile(`${base}.wav`).catch(() => null);
      if (wav) return wav;
    }
    return null;
  }

  private async make({ id, text, variable }: Prompt): Promise<Buffer> {
    const fixed = !variable;
    if (fixed) {
      const recorded = await this.recording(id, text);
      if (recorded) return telephoneWav(recorded);
    }
    const file = join(
      this.options.cacheDir,
      `${createHash('sha256').update(`it\n${text}`).digest('hex')}.wav`,
    );
    if (fixed) {
      const stored = await readFile(file).catch(() => null);
      if (stored) return stored;
    }
    const wav = telephoneWav(await this.speech(text));
    if (fixed) {
      await mkdir(this.options.cacheDir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, wav);
      await rename(tmp, file);
    }
    return wav;
  }
}

/** The file name of a prompt's recording: `ivr:cup/benvenuto` → `ivr-cup-benvenuto`. */
export const recordingName = (id: string) => id.replace(/[^A-Za-z0-9_-]+/g, '-');

const words = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();

/** Any 16-bit mono WAV brought to the telephone's 8 kHz. */
export function telephoneWav(wav: Buffer): Buffer {
  return encodeWav(resample(parseWav(wav), TELEPHONE_RATE));
}
