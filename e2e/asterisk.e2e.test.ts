import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeAri, type FakeChannel } from '../server/test/fake-ari.ts';
import {
  expectAccessible,
  launchBrowser,
  login,
  newPage,
  pageErrors,
  screenshot,
} from './support/browser.ts';
import { apiAs } from './support/data.ts';
import { freePort, startServer } from './support/server.ts';

/*
 * Issue 15: a real call through the Asterisk adapter, in the browser. Its own server (TELEPHONY=asterisk,
 * a fresh embedded database) talks ARI to the fake Asterisk of the server's tests, which speaks the
 * published specification; the operator answers in the console, their phone (from their profile) rings
 * and is bridged to the caller, and the operator hangs up from the phone.
 */

const CC = '/api/v1/contact-centre';
const plain = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ').trim();
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000 });

describe('a real call through Asterisk (fake ARI) in the browser', () => {
  let ari: FakeAri;
  let server: Awaited<ReturnType<typeof startServer>>;
  let baseUrl: string;
  let dataDir: string;
  let browser: Browser;
  let page: Page;
  let caller: FakeChannel;
  let agentLeg: FakeChannel;

  const played = () => ari.requests.filter((r) => r.path.includes('/play/')).map((r) => r.query.media ?? '');

  beforeAll(async () => {
    ari = new FakeAri();
    const ariUrl = await ari.start();
    dataDir = mkdtempSync(path.join(tmpdir(), 'sportello-e2e-ari-'));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: path.join(dataDir, 'db'),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      TELEPHONY: 'asterisk',
      ARI_URL: ariUrl,
      ARI_USER: 'sportello',
      ARI_PASSWORD: 'secret',
      PROMPTS_URL: baseUrl,
      SIM_HOURS: 'always',
    };
    delete env.DATABASE_URL;
    server = await startServer(env, baseUrl, path.join(dataDir, 'server.log'));
    await ari.connected();
    // The admin gives the demo operator a phone on the switch.
    const admin = await apiAs(baseUrl, 'admin');
    const { users } = await admin<{ users: { id: string; username: string }[] }>('GET', '/api/v1/users');
    const operatore = users.find((u) => u.username === 'operatore')!;
    await admin('PATCH', `/api/v1/users/${operatore.id}`, { phoneEndpoint: 'PJSIP/agent101' });
    browser = await launchBrowser();
    page = await newPage(browser, baseUrl);
    await page.setViewportSize({ width: 1280, height: 720 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await ari?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the line on a real switch: no simulazione badge, no simulated agents', async () => {
    await login(page, 'operatore');
    await page.waitForURL('**/console');
    const state = page.getByTestId('agent-state');
    await poll(() => state.textContent()).toBe('fuori linea');
    await page.getByRole('button', { name: 'Entra in linea' }).click();
    await poll(() => state.textContent()).toBe('in pausa');
    await page.getByRole('button', { name: /^Pronto/ }).click();
    await poll(() => state.textContent()).toBe('pronto');
    expect(await page.locator('.cc-bar .cc-sim-badge').count()).toBe(0);
    expect(await page.locator('.cc-bar').textContent()).not.toContain('simulazione');
    const operator = await apiAs(baseUrl, 'operatore');
    const snapshot = await operator<{ label: string | null; agents: { simulated: boolean }[] }>(
      'GET',
      `${CC}/state`,
    );
    expect(snapshot.label).toBeNull();
    expect(snapshot.agents.filter((a) => a.simulated)).toEqual([]);
  });

  it('rings the console when a caller keys 1, and plays the prompts as audio from the server', async () => {
    caller = ari.call('3471234567', '848821821');
    await poll(() => played().length).toBeGreaterThanOrEqual(2);
    // What Asterisk does with a `sound:http…` media: fetch it. 8 kHz mono WAV, no login.
    const media = played()[1]!;
    expect(media.startsWith(`sound:${baseUrl}/api/v1/prompts/audio/`)).toBe(true);
    const audio = await fetch(media.slice('sound:'.length));
    expect(audio.status).toBe(200);
    expect(audio.headers.get('content-type')).toBe('audio/wav');
    expect(Buffer.from(await audio.arrayBuffer()).readUInt32LE(24)).toBe(8000);

    ari.dtmf(caller.id, '1');
    const card = page.getByTestId('call-card');
    await card.waitFor();
    await poll(() => page.getByTestId('agent-state').textContent()).toBe('chiamata in arrivo');
    // The number as the trunk gave it (national), grouped as people read it.
    expect(plain(await page.getByTestId('caller-number').textContent())).toBe('347 123 4567');
    expect(plain(await page.getByTestId('request-type').textContent())).toBe('prenotazione');
    expect(plain(await card.textContent())).toContain('Menu principale CUP: Prenotare una visita o un esame');
    await expectAccessible(page, 'a real call on offer');
  });

  it("answers in the console, rings the operator's phone and bridges it to the caller", async () => {
    await page.keyboard.press('Alt+L');
    await poll(() => page.getByTestId('agent-state').textContent()).toBe('in conversazione');
    // CC-2: the operator's code, announced to the caller before the bridge.
    expect(plain(await page.getByTestId('announced-code').textContent())).toMatch(/^\d{2,8}$/);
    await poll(() => [...ari.channels.values()].some((c) => c.endpoint === 'PJSIP/agent101')).toBe(true);
    agentLeg = [...ari.channels.values()].find((c) => c.endpoint === 'PJSIP/agent101')!;
    expect(agentLeg.appArgs).toEqual(['agent', caller.id]);
    ari.answer(agentLeg.id);
    await poll(() =>
      [...ari.bridges.values()].some((m) => m.includes(caller.id) && m.includes(agentLeg.id)),
    ).toBe(true);
    await screenshot(page, '60-asterisk-call-bridged');
  });

  it('follows the phone: the operator hangs up the handset, the console goes to wrap-up, the outcome is kept', async () => {
    ari.hangUp(agentLeg.id);
    await poll(() => page.getByTestId('agent-state').textContent()).toBe('riordino (post-chiamata)');
    // The caller's leg is ended by the engine, not left in silence.
    await poll(() => ari.channels.has(caller.id)).toBe(false);
    await page.keyboard.press('Alt+M');
    await page.getByRole('textbox', { name: 'Nota' }).fill('Chiamata reale: prenotazione spiegata');
    await page.getByRole('button', { name: 'Registra esito' }).click();
    await page.getByRole('status').filter({ hasText: 'Esito registrato.' }).first().waitFor();
    await page.getByText('Contatti precedenti di questo numero').click();
    const history = page.getByTestId('contact-history');
    await history.waitFor();
    expect(await history.textContent()).toContain('Chiamata reale: prenotazione spiegata');
    await expectAccessible(page, 'the wrap-up of a real call');
    await screenshot(page, '61-asterisk-call-wrap-up');
    await page.getByRole('button', { name: /^Fine riordino, pronto/ }).click();
    await poll(() => page.getByTestId('agent-state').textContent()).toBe('pronto');
    expect(pageErrors(page)).toEqual([]);
  });
});
