import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  expectAccessible,
  launchBrowser,
  layoutShift,
  login,
  newPage,
  pageErrors,
  screenshot,
  watchLayoutShifts,
} from './support/browser.ts';
import { apiAs, freshNre, prescribe, unknownFiscalCode } from './support/data.ts';

/*
 * OB-5 in the browser: the CUP manager makes a campaign from a list (a bad file is refused row by row),
 * an operator works its contact from the console — script, call through the simulated line, outcome —
 * and the manager sees the campaign's indicators change. The campaign calls every day at every hour,
 * so the test runs on a Sunday night too.
 */

const CC = '/api/v1/contact-centre';
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000 });
const plain = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ').trim();
const DAY = 86_400_000;
const romeDate = (iso: string) => new Date(iso).toLocaleDateString('en-CA', { timeZone: 'Europe/Rome' });

describe('an outbound campaign, from the list to the outcome', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let operator: Awaited<ReturnType<typeof apiAs>>;
  let trainer: Awaited<ReturnType<typeof apiAs>>;
  const name = `Screening ${Date.now() % 100_000}`;
  const number = `33${String(Date.now() % 100_000_000).padStart(8, '0')}`;

  beforeAll(async () => {
    operator = await apiAs(baseUrl, 'operatore');
    trainer = await apiAs(baseUrl, 'formatore');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await operator('POST', `${CC}/agent/logout`).catch(() => {});
    await browser?.close();
  });

  const csvFile = (text: string) => ({
    name: 'contatti.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(text),
  });

  it('the manager creates a campaign from a list, after the file is checked row by row', async () => {
    const page = await newPage(browser, baseUrl);
    await page.setViewportSize({ width: 1280, height: 720 });
    await login(page, 'responsabile');
    await watchLayoutShifts(page);
    await page.goto('/outreach');
    // Everything in place: the period's figures, the campaigns, the form's opener.
    await page.getByText(/^Periodo: dal /).waitFor();
    await expect
      .poll(() => page.getByTestId('outreach-reoffer').locator('td').first().textContent())
      .toMatch(/\d/);
    await page
      .getByTestId('outreach-campaigns')
      .locator('table, p', { hasText: /Nessuna campagna|Campagne/ })
      .first()
      .waitFor();
    await page.getByText('Nuova campagna').waitFor();
    // Nothing moved while the sections loaded (a click could land where a section had been).
    expect(await layoutShift(page)).toBeLessThan(0.05);
    await page.getByText('Nuova campagna').click();
    await page.getByLabel('Nome della campagna').fill(name);
    await page
      .getByLabel("Copione per l'operatore")
      .fill('Buongiorno, la chiamo dal CUP per ricordarle lo screening gratuito.');
    await page.getByLabel('Chiamate dalle').fill('00:00');
    await page.getByLabel('alle', { exact: true }).fill('23:59');
    await page.getByText('Anche la domenica e i festivi').click();
    await page.getByText('Un elenco (file CSV)').click();
    const file = page.getByLabel(/^File CSV/);
    await file.setInputFiles(csvFile(`nome;telefono\nMaria Prova;${number}\n;3330000000\nLuca Prova;12\n`));
    await page.getByRole('button', { name: 'Verifica il file' }).click();
    const errors = page.getByTestId('csv-errors');
    await errors.waitFor();
    const rows = await errors.locator('tbody tr').allTextContents();
    expect(rows.map(plain)).toEqual([expect.stringMatching(/^3name/), expect.stringMatching(/^4phone/)]);
    await expectAccessible(page, 'the new campaign form with the errors of the file');
    await screenshot(page, 'campaigns-01-csv-errors');

    await file.setInputFiles(csvFile(`nome;telefono;note\nMaria Prova;${number};richiamo screening\n`));
    await page.getByRole('button', { name: 'Verifica il file' }).click();
    await page.getByText('Il file è valido: 1 contatti.').waitFor();
    await page.getByRole('button', { name: 'Crea la campagna' }).click();
    await page.getByText(`Campagna «${name}» creata con 1 contatti.`).waitFor();
    const row = page.getByRole('row', { name: new RegExp(name) });
    await poll(async () => plain(await row.textContent())).toContain('attiva');
    expect(pageErrors(page)).toEqual([]);
  });

  it('an operator works the contact from the console: script, call, outcome', async () => {
    // The patient answers the first call (the simulated line plays them).
    await trainer('POST', `${CC}/simulated-people`, { number, answers: [true] });
    await operator('POST', `${CC}/agent/login`);
    await operator('POST', `${CC}/agent/pause`, { reason: 'campagna' });
    const page = await newPage(browser, baseUrl);
    await page.setViewportSize({ width: 1280, height: 720 });
    await login(page, 'operatore');
    await page.waitForURL('**/console');
    const take = page.getByRole('button', { name: `Prendi il prossimo contatto di «${name}»` });
    await take.click();
    const card = page.getByTestId('campaign-contact');
    await card.waitFor();
    const text = plain(await card.textContent());
    expect(text).toContain('Maria Prova');
    expect(text).toContain('ricordarle lo screening gratuito');
    expect(text).toContain('richiamo screening');
    await expectAccessible(page, 'a campaign contact in the console');
    await screenshot(page, 'campaigns-02-contact');

    await card.getByRole('button', { name: 'Chiama' }).click();
    const callState = page.getByTestId('campaign-call-state');
    await poll(async () => plain(await callState.textContent())).toBe('Chiamata: in conversazione');
    await poll(() => page.getByTestId('agent-state').textContent()).toBe('in conversazione');
    await page.getByRole('button', { name: /^Riaggancia/ }).click();
    await poll(async () => plain(await callState.textContent())).toBe(
      "Chiamata: terminata: registra l'esito",
    );
    await card.getByText('Contattato: esito positivo').click();
    await card.getByLabel('Nota (facoltativa)').fill('Aderisce allo screening');
    await card.getByRole('button', { name: 'Registra esito' }).click();
    await page.getByTestId('campaign-work').waitFor();
    expect(await page.getByTestId('campaign-contact').count()).toBe(0);
    await screenshot(page, 'campaigns-03-done');
    expect(pageErrors(page)).toEqual([]);
  });

  it("the manager sees the campaign's indicators: worked, positive share, its batch", async () => {
    const page = await newPage(browser, baseUrl);
    await page.setViewportSize({ width: 1280, height: 720 });
    await login(page, 'responsabile');
    await page.goto('/outreach');
    const row = page.getByRole('row', { name: new RegExp(name) });
    await poll(async () => plain(await row.textContent())).toContain('obiettivo raggiunto');
    expect(plain(await row.textContent())).toMatch(/100\s?%/);
    await page.locator('summary', { hasText: `Lotti da 100 contatti di «${name}»` }).click();
    const batches = page.getByRole('table', { name: `Lotti da 100 contatti di «${name}»` });
    await poll(async () => plain(await batches.locator('tbody tr').first().textContent())).toMatch(
      /^111100\s?%.*sì$/,
    );
    await expectAccessible(page, 'the Outreach page with the campaigns');
    await screenshot(page, 'campaigns-04-kpi');
  });

  it('BK-12: the manager closes an agenda on a day; its bookings join the closure campaign', async () => {
    const manager = await apiAs(baseUrl, 'responsabile');
    const fiscalCode = unknownFiscalCode();
    await operator('POST', '/api/v1/patients', {
      fiscalCode,
      givenName: 'Rita',
      familyName: 'Zyxwv',
      phone: `+39346${String(Date.now() % 10_000_000).padStart(7, '0')}`,
      consents: { contactByPhone: true },
    });
    const nre = freshNre();
    await prescribe(operator, fiscalCode, { nre });
    const from = new Date(Date.now() + 20 * DAY).toISOString();
    const free = await operator<{ items: { slotId: number; agendaId: string }[] }>(
      'GET',
      `/api/v1/availability?service=89.7A.3&priority=P&channel=phone&from=${encodeURIComponent(from)}&limit=1`,
    );
    const slot = free.items[0]!;
    const booked = await operator<{ id: string; start: string }>('POST', '/api/v1/appointments', {
      nre,
      fiscalCode,
      itemIndex: 1,
      slotId: slot.slotId,
      channel: 'phone',
    });
    const day = romeDate(booked.start);

    const page = await newPage(browser, baseUrl);
    await page.setViewportSize({ width: 1280, height: 720 });
    await login(page, 'responsabile');
    await page.waitForURL('**/agendas');
    await page.locator('summary', { hasText: "Chiudere un'agenda per alcuni giorni" }).click();
    await page.getByLabel('Agenda', { exact: true }).selectOption(slot.agendaId);
    await page.getByLabel('Dal', { exact: true }).fill(day);
    await page.getByLabel('Al (compreso)').fill(day);
    await page.getByLabel('Motivo').fill('Assenza del medico');
    await expectAccessible(page, 'closing an agenda');
    await page.getByRole('button', { name: "Chiudi l'agenda in quei giorni" }).click();
    const done = page.getByRole('status').filter({ hasText: 'Agenda chiusa dal' });
    await done.waitFor();
    expect(plain(await done.textContent())).toMatch(
      /\d+ posti liberi tolti dalla disponibilità, [1-9]\d* prenotazioni da ricontattare/,
    );
    await screenshot(page, 'campaigns-05-agenda-closed');
    // The booking joins the standing campaign within a pass of the worker (every few seconds).
    await poll(async () => {
      const all = await manager<{ items: { kind: string; kpi: { contacts: number } }[] }>(
        'GET',
        '/api/v1/campaigns',
      );
      return all.items.find((c) => c.kind === 'agenda-closure')?.kpi.contacts ?? 0;
    }).toBeGreaterThanOrEqual(1);
    expect(pageErrors(page)).toEqual([]);
  });

  it("OB-5 by the virtual operator: the manager writes the message and its keys; the person's key is the outcome", async () => {
    const voiceName = `Nuove sedi ${Date.now() % 100_000}`;
    const landline = `0971${String(Date.now() % 1_000_000).padStart(6, '0')}`;
    // The simulated person answers, hears the message and presses 2 ("No").
    await trainer('POST', `${CC}/simulated-people`, { number: landline, answers: [true], keys: ['2'] });
    const page = await newPage(browser, baseUrl);
    await page.setViewportSize({ width: 1280, height: 720 });
    await login(page, 'responsabile');
    await page.goto('/outreach');
    await page.getByText('Nuova campagna').click();
    await page.getByLabel('Nome della campagna').fill(voiceName);
    await page.getByLabel('Canale').selectOption('voice');
    await page
      .getByLabel('Testo del messaggio')
      .fill('Gentile {nome}, da gennaio le visite cardiologiche si fanno anche a Lauria. Le interessa?');
    // The default outcomes: Sì is key 1, No key 2.
    await expect.poll(() => page.getByLabel(/Il primo è il tasto 1/).inputValue()).toBe('Sì; sì\nNo; no');
    // Heard before it is made: the words for an example person, and the synthetic voice saying them.
    await page.getByRole('button', { name: 'Ascolta un esempio' }).click();
    const preview = page.getByTestId('voice-preview');
    await preview.waitFor();
    expect(plain(await preview.locator('blockquote').textContent())).toMatch(
      /^Gentile Mario Rossi, da gennaio .* Le interessa\? Sì: prema 1\. No: prema 2\. Per riascoltare prema 9\.$/,
    );
    const player = preview.getByLabel('Ascolta il messaggio come lo sentirà chi risponde');
    const seconds = await player.evaluate(
      (audio: HTMLAudioElement) =>
        new Promise<number>((resolve, reject) => {
          audio.addEventListener('loadedmetadata', () => resolve(audio.duration), { once: true });
          audio.addEventListener('error', () => reject(new Error('the preview does not play')), {
            once: true,
          });
          audio.load();
        }),
    );
    // About ten seconds of speech: the voice reads it all.
    expect(seconds).toBeGreaterThan(4);
    await page.getByLabel('Chiamate dalle').fill('00:00');
    await page.getByLabel('alle', { exact: true }).fill('23:59');
    await page.getByText('Anche la domenica e i festivi').click();
    await page.getByText('Un elenco (file CSV)').click();
    await page.getByLabel(/^File CSV/).setInputFiles(csvFile(`nome;telefono\nGiulia Prova;${landline}\n`));
    await expectAccessible(page, "a virtual operator's campaign being written");
    await screenshot(page, 'campaigns-06-voice-form');
    await page.getByRole('button', { name: 'Crea la campagna' }).click();
    await page.getByText(`Campagna «${voiceName}» creata con 1 contatti.`).waitFor();
    const row = page.getByRole('row', { name: new RegExp(voiceName) });
    expect(plain(await row.textContent())).toContain('operatore virtuale');
    // The worker places the call within a pass (every few seconds); the person's key closes it as "No".
    await poll(async () => plain(await row.textContent())).toContain("sotto l'obiettivo del 50%");
    await page.locator('summary', { hasText: `Lotti da 100 contatti di «${voiceName}»` }).click();
    const outcomes = page.getByRole('table', { name: 'Esiti' }).last();
    await poll(async () => (await outcomes.locator('tbody tr').allTextContents()).map(plain)).toEqual([
      'No1',
    ]);
    await screenshot(page, 'campaigns-07-voice-outcome');
    expect(pageErrors(page)).toEqual([]);
  });
});
