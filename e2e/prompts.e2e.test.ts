import { describe, expect, inject, it } from 'vitest';
import { toneWav } from '../server/test/wav.ts';
import { expectAccessible, login, newPage, pageErrors, screenshot, useBrowser } from './support/browser.ts';

// Issue 15 §2: the admin records the region's voice prompts for the real switch in the browser, hears
// them as the switch will, and removes them.
describe('voice prompts in the browser', () => {
  const baseUrl = inject('baseUrl');
  const browser = useBrowser();

  it('the admin uploads a recording, hears it at the telephone rate, is told why a file is refused, removes it', async () => {
    const admin = await newPage(browser(), baseUrl);
    await login(admin, 'admin');
    await admin
      .getByRole('navigation', { name: 'Navigazione principale' })
      .getByRole('link', { name: 'Utenti' })
      .click();
    // Opened from the Users page: the bar holds every other view on one line at 1280 px.
    await admin.getByRole('main').getByRole('link', { name: 'Messaggi vocali' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Messaggi vocali del risponditore' }).waitFor();
    const row = admin.locator('tr[data-prompt="ivr-cup-benvenuto"]');
    await expect.poll(() => row.textContent()).toMatch(/Benvenuto.*Voce sintetica/);
    await expectAccessible(admin, 'the voice prompts page');

    await row.getByLabel('Carica registrazione di «ivr-cup-benvenuto»').setInputFiles({
      name: 'benvenuto.wav',
      mimeType: 'audio/wav',
      buffer: toneWav(16000, 0.5),
    });
    await expect.poll(() => row.textContent()).toMatch(/Registrazione della Regione/);
    // Said to screen readers too.
    await expect
      .poll(() => admin.getByTestId('announcer').textContent())
      .toContain('Registrazione di «ivr-cup-benvenuto» salvata');

    // What the page's player fetches, with the admin's session: the recording at 8 kHz, half a second.
    const src = await row.locator('audio').getAttribute('src');
    const audio = await admin.request.get(new URL(src ?? '', baseUrl).href);
    expect(audio.status()).toBe(200);
    expect(audio.headers()['content-type']).toBe('audio/wav');
    const body = await audio.body();
    expect(body.readUInt32LE(24)).toBe(8000);
    expect(Math.abs(body.readUInt32LE(40) / 2 - 4000)).toBeLessThanOrEqual(1);

    // A stereo file is refused next to its prompt, in words; the recording stays.
    await row.getByLabel('Sostituisci registrazione di «ivr-cup-benvenuto»').setInputFiles({
      name: 'stereo.wav',
      mimeType: 'audio/wav',
      buffer: toneWav(16000, 0.5, { channels: 2 }),
    });
    await row.getByRole('alert').filter({ hasText: 'serve un WAV PCM a 16 bit, mono' }).waitFor();
    expect(await row.textContent()).toMatch(/Registrazione della Regione/);
    await screenshot(admin, '21-voice-prompts');

    await row.getByRole('button', { name: 'Rimuovi registrazione di «ivr-cup-benvenuto»' }).click();
    await expect.poll(() => row.textContent()).toMatch(/Voce sintetica/);
    expect(pageErrors(admin)).toEqual([]);
    await admin.context().close();
  });
});
