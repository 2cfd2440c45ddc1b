import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../test/databases.ts';
import { toneWav } from '../../../test/wav.ts';
import { buildApp } from '../../app.ts';
import { ManualClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import type { App } from '../../platform/http.ts';
import { createLogger } from '../../platform/logger.ts';

// Issue 15 §2: the admin records the region's prompts for the real switch, plays them and removes them.
const API = '/api/v1/contact-centre/prompts';
const WELCOME = 'Benvenuto nel Centro Unico di Prenotazione della Regione Basilicata.';

interface Entry {
  key: string;
  name: string;
  id: string;
  text: string;
  recorded: boolean;
  formerRecordings: string[];
}

describe('the IVR prompts recorded by the region (issue 15 §2)', () => {
  let t: TestDatabase;
  let app: App;
  let dir: string;
  let admin: Record<string, string>;
  let operator: Record<string, string>;
  const clock = new ManualClock('2026-12-07T09:00:00Z');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'prompts-http-'));
    t = await createPgliteDatabase();
    const config = loadConfig({ JOBS: 'off', LOG_LEVEL: 'silent', DATA_DIR: dir });
    app = await buildApp({ db: t.db, dbKind: 'pglite', clock, config, log: createLogger('silent') });
    await app.ready();
    admin = await loginAs(app, t.db, clock, ['admin']);
    operator = await loginAs(app, t.db, clock, ['operator']);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const list = async (): Promise<Entry[]> => {
    const res = await app.inject({ method: 'GET', url: API, headers: admin });
    expect(res.statusCode).toBe(200);
    return res.json().prompts;
  };
  /** The files kept for the welcome prompt, by extension. */
  const welcomeFiles = (ext: 'wav' | 'txt') =>
    readdirSync(join(dir, 'prompts')).filter(
      (f) => f.startsWith('ivr-cup-benvenuto') && f.endsWith(`.${ext}`),
    );
  const welcome = async () =>
    (await list()).find((p) => p.name === 'ivr-cup-benvenuto' && p.text === WELCOME)!;
  const upload = (key: string, audio: string | Buffer, headers = admin) =>
    app.inject({
      method: 'PUT',
      url: `${API}/${key}/recording`,
      headers,
      payload: { audio: typeof audio === 'string' ? audio : audio.toString('base64') },
    });

  it('lists the fixed prompts, none recorded, each with a key', async () => {
    const prompts = await list();
    const entry = await welcome();
    expect(entry).toMatchObject({ id: 'ivr:cup/benvenuto', recorded: false });
    expect(entry.key).toMatch(/^[0-9a-f]{16}$/);
    expect(new Set(prompts.map((p) => p.key)).size).toBe(prompts.length);
    expect(prompts.every((p) => !p.recorded)).toBe(true);
  });

  it('only the admin manages them', async () => {
    const res = await app.inject({ method: 'GET', url: API, headers: operator });
    expect(res.statusCode).toBe(403);
    const entry = await welcome();
    expect((await upload(entry.key, toneWav(16000, 0.5), operator)).statusCode).toBe(403);
    expect(existsSync(join(dir, 'prompts'))).toBe(false);
  });

  it('keeps a recording as sent, with its words, and plays it at 8 kHz', async () => {
    const entry = await welcome();
    const sent = toneWav(16000, 0.5);
    const res = await upload(entry.key, sent);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ key: entry.key, recorded: true });
    const [wavFile] = welcomeFiles('wav');
    expect(welcomeFiles('wav')).toHaveLength(1);
    expect(readFileSync(join(dir, 'prompts', wavFile!)).equals(sent)).toBe(true);
    expect(readFileSync(join(dir, 'prompts', wavFile!.replace(/wav$/, 'txt')), 'utf8').trim()).toBe(WELCOME);
    expect((await welcome()).recorded).toBe(true);

    const played = await app.inject({ method: 'GET', url: `${API}/${entry.key}/audio`, headers: admin });
    expect(played.statusCode).toBe(200);
    expect(played.headers['content-type']).toBe('audio/wav');
    const body = played.rawPayload;
    expect(body.readUInt32LE(24)).toBe(8000); // the telephone's rate
    expect(body.readUInt16LE(22)).toBe(1);
    // Half a second at 8 kHz, 16-bit: 4,000 samples.
    expect(Math.abs(body.readUInt32LE(40) / 2 - 4000)).toBeLessThanOrEqual(1);
  });

  it('refuses what is not a usable recording, naming the field, and keeps the one it had', async () => {
    const entry = await welcome();
    const file = join(dir, 'prompts', welcomeFiles('wav')[0]!);
    const before = readFileSync(file);
    for (const [audio, words] of [
      [toneWav(16000, 0.5, { channels: 2 }), /16-bit PCM mono/],
      [toneWav(4000, 0.5), /4000 Hz/],
      [toneWav(16000, 0.05), /shorter than 0\.1 s/],
      [Buffer.from('this is not audio at all'), /not a WAV file/],
    ] as const) {
      const res = await upload(entry.key, audio);
      expect(res.statusCode).toBe(422);
      expect(res.json().error).toMatchObject({ code: 'INVALID_FIELD', field: 'audio' });
      expect(res.json().error.message).toMatch(words);
    }
    const notBase64 = await upload(entry.key, 'UklGR@@@');
    expect(notBase64.statusCode).toBeGreaterThanOrEqual(400);
    expect(notBase64.statusCode).toBeLessThan(500);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(welcomeFiles('wav')).toHaveLength(1);
    expect((await upload('0123456789abcdef', toneWav(16000, 0.5))).statusCode).toBe(404);
  });

  it("records one line's words without the other line's that share the name", async () => {
    const redirects = (await list()).filter((p) => p.name === 'redirect');
    expect(redirects).toHaveLength(2);
    const [first, second] = redirects as [Entry, Entry];
    expect((await upload(first.key, toneWav(8000, 1))).statusCode).toBe(200);
    const after = (await list()).filter((p) => p.name === 'redirect');
    expect(after.find((p) => p.key === first.key)?.recorded).toBe(true);
    expect(after.find((p) => p.key === second.key)?.recorded).toBe(false);
    // Removing the other's (never recorded) is a 404 and leaves this one.
    const none = await app.inject({
      method: 'DELETE',
      url: `${API}/${second.key}/recording`,
      headers: admin,
    });
    expect(none.statusCode).toBe(404);
    expect((await list()).find((p) => p.key === first.key)?.recorded).toBe(true);
  });

  it("keeps each of two prompts that share an id (the menu's retry messages) apart", async () => {
    const retries = (await list()).filter((p) => p.name === 'ivr-retry');
    expect(retries).toHaveLength(2);
    const [invalid, timeout] = retries as [Entry, Entry];
    expect((await upload(invalid.key, toneWav(8000, 0.5))).statusCode).toBe(200);
    expect((await upload(timeout.key, toneWav(8000, 0.7))).statusCode).toBe(200);
    const after = (await list()).filter((p) => p.name === 'ivr-retry');
    expect(after.map((p) => p.recorded)).toEqual([true, true]);
    // Each plays its own: half a second and 0.7 s at 8 kHz.
    for (const [entry, samples] of [
      [invalid, 4000],
      [timeout, 5600],
    ] as const) {
      const res = await app.inject({ method: 'GET', url: `${API}/${entry.key}/audio`, headers: admin });
      expect(res.rawPayload.readUInt32LE(40) / 2).toBe(samples);
    }
  });

  it('removes a recording placed by hand under the id alone, as the command line says to', async () => {
    const goodbye = (await list()).find((p) => p.name === 'goodbye')!;
    mkdirSync(join(dir, 'prompts'), { recursive: true });
    writeFileSync(join(dir, 'prompts', 'goodbye.txt'), goodbye.text);
    writeFileSync(join(dir, 'prompts', 'goodbye.wav'), toneWav(8000, 0.5));
    expect((await list()).find((p) => p.key === goodbye.key)?.recorded).toBe(true);
    const res = await app.inject({
      method: 'DELETE',
      url: `${API}/${goodbye.key}/recording`,
      headers: admin,
    });
    expect(res.json()).toMatchObject({ recorded: false });
    expect(existsSync(join(dir, 'prompts', 'goodbye.wav'))).toBe(false);
  });

  it('removes a recording: the synthesis plays again', async () => {
    const entry = await welcome();
    const res = await app.inject({ method: 'DELETE', url: `${API}/${entry.key}/recording`, headers: admin });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ key: entry.key, recorded: false });
    expect(welcomeFiles('wav')).toEqual([]);
    expect(welcomeFiles('txt')).toEqual([]);
    expect((await welcome()).recorded).toBe(false);
    const again = await app.inject({
      method: 'DELETE',
      url: `${API}/${entry.key}/recording`,
      headers: admin,
    });
    expect(again.statusCode).toBe(404);
  });

  it("lists a recording of the words before an edit, never played, and removes it on the admin's word", async () => {
    // As saved through the API before the welcome's words changed: named by the old words' hash.
    const old = 'Benvenuto nel CUP della Regione.';
    writeFileSync(join(dir, 'prompts', 'ivr-cup-benvenuto.0123abcd.txt'), `${old}\n`);
    writeFileSync(join(dir, 'prompts', 'ivr-cup-benvenuto.0123abcd.wav'), toneWav(8000, 0.5));
    const entry = await welcome();
    expect(entry).toMatchObject({ recorded: false, formerRecordings: [old] });
    // Prompts that share an id or a name with current words are never each other's former recordings.
    for (const p of (await list()).filter((x) => x.name === 'ivr-retry' || x.name === 'redirect'))
      expect(p.formerRecordings).toEqual([]);
    // The current words recorded now: the former one is still listed apart, until removed.
    expect((await upload(entry.key, toneWav(8000, 1))).statusCode).toBe(200);
    expect(await welcome()).toMatchObject({ recorded: true, formerRecordings: [old] });
    const url = `${API}/${entry.key}/former-recordings`;
    expect((await app.inject({ method: 'DELETE', url, headers: operator })).statusCode).toBe(403);
    const res = await app.inject({ method: 'DELETE', url, headers: admin });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ recorded: true, formerRecordings: [] });
    expect(existsSync(join(dir, 'prompts', 'ivr-cup-benvenuto.0123abcd.wav'))).toBe(false);
    expect(welcomeFiles('wav')).toHaveLength(1);
    expect((await app.inject({ method: 'DELETE', url, headers: admin })).statusCode).toBe(404);
  });
});
