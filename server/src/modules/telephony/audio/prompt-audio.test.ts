import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROMPT_AUDIO_PATH, PromptAudio } from './prompt-audio.ts';
import { encodeWav, parseWav } from './wav.ts';

const tone = (hz: number, rate: number, seconds: number) =>
  encodeWav({
    rate,
    samples: Int16Array.from({ length: rate * seconds }, (_, i) =>
      Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / rate)),
    ),
  });

const keyOf = (url: string) => url.slice(url.lastIndexOf('/') + 1, -'.wav'.length);

describe('prompts as audio for a real switch', () => {
  let dir: string;
  let audio: PromptAudio;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'prompts-'));
    audio = new PromptAudio({
      baseUrl: 'http://10.0.0.5:3000',
      recordingsDir: join(dir, 'recordings'),
      cacheDir: join(dir, 'cache'),
    });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives each prompt a sound: URL on the server, the same for the same words, another for others', () => {
    const welcome = { id: 'welcome', text: 'Benvenuto al CUP.' };
    const media = audio.media(welcome);
    expect(media).toMatch(
      new RegExp(`^sound:http://10\\.0\\.0\\.5:3000${PROMPT_AUDIO_PATH}/[0-9a-f]{32}\\.wav$`),
    );
    expect(audio.media({ ...welcome })).toBe(media);
    expect(
      audio.media({ id: 'operator-code', text: "Le risponde l'operatore 1 2 3.", variable: true }),
    ).not.toBe(media);
  });

  it('synthesises the Italian words with espeak-ng as 8 kHz 16-bit mono, longer words longer audio', async () => {
    const short = await audio.audio(keyOf(audio.url({ id: 'goodbye', text: 'Arrivederci.' })));
    const long = await audio.audio(
      keyOf(
        audio.url({
          id: 'menu',
          text: 'Per prenotare prema 1. Per disdire prema 2. Per informazioni prema 3.',
        }),
      ),
    );
    const a = parseWav(short!);
    const b = parseWav(long!);
    expect(a.rate).toBe(8000);
    expect(a.samples.length).toBeGreaterThan(8000 * 0.3);
    expect(b.samples.length).toBeGreaterThan(3 * a.samples.length);
    // Speech, not silence.
    expect(Math.max(...Array.from(b.samples, Math.abs))).toBeGreaterThan(3000);
  });

  it("plays the region's recording of a fixed prompt, brought to 8 kHz, and caches only fixed prompts on disk", async () => {
    const recordings = join(dir, 'recordings');
    rmSync(recordings, { recursive: true, force: true });
    mkdirSync(recordings, { recursive: true });
    // The recording names the words it says; the IVR node's id becomes the file name.
    writeFileSync(join(recordings, 'ivr-cup-benvenuto.wav'), tone(1000, 16000, 1));
    writeFileSync(join(recordings, 'ivr-cup-benvenuto.txt'), 'Benvenuto  nel CUP.\n');
    writeFileSync(join(recordings, 'operator-code.wav'), tone(1000, 16000, 1));
    writeFileSync(join(recordings, 'operator-code.txt'), "Le risponde l'operatore 4 7.");
    const welcome = parseWav(
      (await audio.audio(keyOf(audio.url({ id: 'ivr:cup/benvenuto', text: 'Benvenuto nel CUP.' }))))!,
    );
    expect(welcome.rate).toBe(8000);
    expect(welcome.samples.length).toBe(8000); // the one-second recording, not the synthesis
    // The IVR's words changed since the recording: synthesised until recorded again.
    const edited = parseWav(
      (await audio.audio(
        keyOf(audio.url({ id: 'ivr:cup/benvenuto', text: 'Benvenuti al CUP regionale.' })),
      ))!,
    );
    expect(edited.samples.length).not.toBe(8000);
    // A variable prompt never takes a recording (its words change from call to call), even one that
    // matches; a fixed one with numbers in its words does.
    const variable = { id: 'operator-code', text: "Le risponde l'operatore 4 7.", variable: true as const };
    const code = parseWav((await audio.audio(keyOf(audio.url(variable))))!);
    expect(code.samples.length).not.toBe(8000);
    const fixed = parseWav((await audio.audio(keyOf(audio.url({ id: 'goodbye', text: 'Arrivederci.' }))))!);
    expect(fixed.rate).toBe(8000);
    writeFileSync(join(recordings, 'ivr-cup-principale.wav'), tone(1000, 16000, 1));
    writeFileSync(join(recordings, 'ivr-cup-principale.txt'), 'Per prenotare prema 1.');
    const menu = { id: 'ivr:cup/principale', text: 'Per prenotare prema 1.' };
    expect(parseWav((await audio.audio(keyOf(audio.url(menu))))!).samples.length).toBe(8000);
    expect(await audio.recorded(menu)).toBe(true);
    expect(await audio.recorded(variable)).toBe(false);
    // On disk: the edited welcome and goodbye, not the variable prompt.
    expect(readdirSync(join(dir, 'cache'))).toHaveLength(2);
  });

  it('knows no audio for a key it never gave out', async () => {
    expect(await audio.audio('0'.repeat(32))).toBeNull();
  });
});
