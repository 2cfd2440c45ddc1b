import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toneWav } from '../../../test/wav.ts';
import { type Config, loadConfig } from '../../platform/config.ts';
import { buildPrompts, listPrompts } from './live/prompt-recordings.ts';

// Issue 15 §2: what the region records, and the synthesis made ahead of the first call.
describe('sportello prompts', () => {
  let dir: string;
  let config: Config;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'prompts-cli-'));
    config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("lists the fixed prompts with their recording's name and words, never a variable one", async () => {
    const list = await listPrompts(config);
    const menu = list.find((p) => p.name === 'ivr-cup-principale');
    expect(menu?.id).toBe('ivr:cup/principale');
    expect(menu?.text).toContain('Per prenotare una visita o un esame prema 1.');
    expect(list.find((p) => p.name === 'callback-offer')?.text).toContain('prema 1');
    expect(list.find((p) => p.name === 'survey-thanks')).toBeDefined();
    // The two redirect lines share the id, each with its own words.
    expect(list.filter((p) => p.name === 'redirect').map((p) => p.text)).toHaveLength(2);
    for (const variable of ['operator-code', 'queue-position', 'callback-confirmed', 'self-cancel-done']) {
      expect(list.map((p) => p.name)).not.toContain(variable);
    }
    expect(list.every((p) => !p.recorded)).toBe(true);
    expect(new Set(list.map((p) => `${p.name}\n${p.text}`)).size).toBe(list.length);
  });

  it('synthesises every prompt without a recording into the cache, and says which are recorded', async () => {
    const recordings = join(dir, 'prompts');
    mkdirSync(recordings, { recursive: true });
    const welcome = 'Benvenuto nel Centro Unico di Prenotazione della Regione Basilicata.';
    writeFileSync(join(recordings, 'ivr-cup-benvenuto.txt'), welcome);
    writeFileSync(join(recordings, 'ivr-cup-benvenuto.wav'), toneWav(8000, 0.5, { silent: true }));
    const list = await listPrompts(config);
    expect(list.find((p) => p.name === 'ivr-cup-benvenuto')?.recorded).toBe(true);
    const { recorded, synthesised } = await buildPrompts(config);
    expect(recorded).toBe(1);
    expect(synthesised).toBe(list.length - 1);
    // One file per distinct text (two nodes saying the same words share it).
    const texts = new Set(list.filter((p) => !p.recorded).map((p) => p.text));
    expect(readdirSync(join(dir, 'prompt-cache')).filter((f) => f.endsWith('.wav'))).toHaveLength(texts.size);
  });
});
