import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  expectAccessible,
  expectFocused,
  launchBrowser,
  login,
  newPage,
  pageErrors,
  screenshot,
} from './support/browser.ts';
import { apiAs, freshNre, prescribe, SEEDED_NRE } from './support/data.ts';

// Issue 13: the citizen portal in Chromium. A citizen books without login on a phone (fiscal code + NRE),
// pays the ticket on the simulated checkout and sees it paid; later, on a desktop, opens the booking with
// its code and the fiscal code and cancels it; the paid notice is flagged for refund.

const plain = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ').trim();

describe('the citizen portal in the browser', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let fiscalCode: string;
  let nre: string;
  let code = '';

  beforeAll(async () => {
    const api = await apiAs(baseUrl, 'operatore');
    fiscalCode = (await api<{ fiscalCode: string }>('GET', `/api/v1/prescriptions/${SEEDED_NRE}`)).fiscalCode;
    nre = freshNre();
    // A first cardiology visit, class P (within 120 days): the region's web agendas have room in time.
    await prescribe(api, fiscalCode, { nre });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function phone(): Promise<Page> {
    const page = await newPage(browser, baseUrl);
    await page.setViewportSize({ width: 390, height: 844 });
    return page;
  }

  it('says the same for a wrong NRE as for a wrong fiscal code', async () => {
    const page = await phone();
    await page.goto('/portale/prenota');
    await page.getByLabel('Codice fiscale').fill(fiscalCode);
    await page.getByLabel('Numero di ricetta elettronica (NRE)').fill(freshNre());
    await page.getByRole('button', { name: 'Continua' }).click();
    await page.getByRole('alert').filter({ hasText: 'Nessuna corrispondenza' }).waitFor();
    expect(pageErrors(page)).toEqual([]);
  });

  it('books without login on a phone: nearest first, hold, contacts, summary, confirmation and notice', async () => {
    const page = await phone();
    await page.goto('/portale');
    await page
      .getByRole('heading', { level: 1, name: 'Prenota, disdici e paga le prestazioni sanitarie' })
      .waitFor();
    await expectAccessible(page, 'the portal home');
    await screenshot(page, 'portal-01-home');
    await page.getByRole('link', { name: 'Prenota', exact: true }).click();
    await page.getByLabel('Codice fiscale').fill(fiscalCode.toLowerCase());
    await page.getByLabel('Numero di ricetta elettronica (NRE)').fill(nre);
    await expectAccessible(page, 'the prescription step');
    await page.getByRole('button', { name: 'Continua' }).click();

    // Nearest first, from the residence on record, and labelled as such.
    const sorted = page.getByText(/strutture, dalla più vicina a /);
    await sorted.waitFor();
    await expect.poll(async () => page.getByRole('button', { name: 'Scegli' }).count()).toBeGreaterThan(0);
    const distances = (await page.getByText(/ km da /).allTextContents()).map((t) =>
      Number(/a ([\d,.]+) km da/.exec(plain(t))![1]!.replace('.', '').replace(',', '.')),
    );
    expect(distances.length).toBeGreaterThan(0);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    await expectAccessible(page, 'the slot step');
    await screenshot(page, 'portal-02-slots');

    await page.getByRole('button', { name: 'Scegli' }).first().click();
    await page.getByRole('heading', { name: 'I tuoi recapiti' }).waitFor();
    await expect.poll(() => page.getByText(/Il posto è tenuto per te ancora \d+:\d\d/).count()).toBe(1);
    await page.getByLabel('Cellulare').fill('+39 333 765 4321');
    await expectAccessible(page, 'the contact step');
    await page.getByRole('button', { name: 'Continua' }).click();
    const summary = page.getByTestId('summary');
    await summary.waitFor();
    expect(plain(await summary.textContent())).toMatch(
      /^Stai prenotando .+ per .+ alle \d\d:\d\d, presso .+ Ticket: .+€\. Promemoria a: \+39 333 765 4321\.$/,
    );
    await expectAccessible(page, 'the summary step');
    await screenshot(page, 'portal-03-summary');
    await page.getByRole('button', { name: 'Conferma la prenotazione' }).click();

    await page.getByRole('heading', { name: 'Prenotazione confermata' }).waitFor();
    code = plain(await page.getByTestId('booking-code').textContent());
    expect(code).toMatch(/^[A-Z0-9-]{6,}$/);
    const notice = plain(await page.getByTestId('notice-number').textContent());
    // 18 digits in groups of four, aux digit 3; check digits = first 16 digits mod 93.
    expect(notice).toMatch(/^3\d{3} \d{4} \d{4} \d{4} \d{2}$/);
    const digits = notice.replace(/ /g, '');
    expect(String(BigInt(digits.slice(0, 16)) % 93n).padStart(2, '0')).toBe(digits.slice(16));
    expect(plain(await page.getByTestId('notice-status').textContent())).toBe('da pagare');
    await page.getByRole('img', { name: /Codice QR dell'avviso/ }).waitFor();
    expect(await page.getByRole('link', { name: 'Aggiungi al calendario' }).getAttribute('href')).toBe(
      `/api/v1/portal/bookings/${code}/calendar.ics`,
    );
    await expectAccessible(page, 'the confirmation');
    await screenshot(page, 'portal-04-confirmation');

    // The promemoria and the calendar file download with the session.
    const pdf = await page.request.get(`/api/v1/portal/bookings/${code}/promemoria.pdf`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    const ics = await page.request.get(`/api/v1/portal/bookings/${code}/calendar.ics`);
    expect(await ics.text()).toContain('BEGIN:VEVENT');

    // The rating (C.SE.1.7): the stars, what was liked (from 4), a few words, sent once.
    await page.getByRole('button', { name: '4 su 5' }).click();
    await expectFocused(
      page.getByRole('heading', { name: /Quali sono stati gli aspetti che hai preferito\?/ }),
    );
    await page.getByText('Le indicazioni erano chiare').click();
    await expectAccessible(page, 'the rating');
    await page.getByRole('button', { name: 'Avanti' }).click();
    await page.getByLabel('Dettaglio (non scrivere dati personali)').fill('Tutto semplice dal telefono');
    await page.getByRole('button', { name: 'Invia' }).click();
    await page.getByText('Grazie, il tuo parere ci aiuterà a migliorare il servizio!').waitFor();

    // "Paga ora" on the simulated checkout, then back to the booking: paid.
    await page.getByRole('button', { name: 'Paga ora' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pagamento del ticket' }).waitFor();
    await page.getByText(/^SIMULAZIONE:/).waitFor();
    await expectAccessible(page, 'the simulated checkout');
    await screenshot(page, 'portal-05-checkout');
    await page.getByRole('button', { name: /^Paga / }).click();
    await page.getByText('Pagamento riuscito: il ticket risulta pagato.').waitFor();
    await page.getByRole('link', { name: 'Torna alla prenotazione' }).click();
    await expect
      .poll(async () => plain(await page.getByTestId('notice-status').textContent()))
      .toBe('pagato');
    expect(pageErrors(page)).toEqual([]);
  });

  it('manages the booking with its code and the fiscal code on a desktop, and cancels it', async () => {
    expect(code).not.toBe('');
    const page = await newPage(browser, baseUrl);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto('/portale/gestisci');
    await page.getByLabel('Codice fiscale').fill(fiscalCode);
    await page.getByLabel('Codice di prenotazione').fill(code.toLowerCase());
    await page.getByRole('button', { name: 'Apri la prenotazione' }).click();
    await expect.poll(async () => plain(await page.getByTestId('booking-code').textContent())).toBe(code);
    expect(plain(await page.getByTestId('ticket').textContent())).toMatch(/€ · pagato$/);
    await expectAccessible(page, 'the managed booking');
    await screenshot(page, 'portal-06-manage');

    await page.getByRole('button', { name: 'Disdici' }).click();
    await page.getByText('Vuoi davvero disdire questa prenotazione?').waitFor();
    await page.getByText('Hai già pagato il ticket: il rimborso viene avviato con la disdetta.').waitFor();
    await expectAccessible(page, 'the cancellation question');
    await page.getByRole('button', { name: 'Sì, disdici' }).click();
    await page.getByText(/Prenotazione disdetta\. Numero di disdetta da conservare: \S+/).waitFor();
    expect(plain(await page.getByTestId('notice-status').textContent())).toBe('pagato, rimborso in corso');
    expect(await page.getByRole('button', { name: 'Disdici' }).count()).toBe(0);
    await screenshot(page, 'portal-07-cancelled');
    expect(pageErrors(page)).toEqual([]);
  });

  it('moves a phone booking on the portal; the desk issues its notice, the citizen pays it by number, the console sees it paid', async () => {
    const operator = await apiAs(baseUrl, 'operatore');
    const phoneNre = freshNre();
    await prescribe(operator, fiscalCode, { nre: phoneNre });
    const from = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const free = await operator<{ items: { slotId: number }[] }>(
      'GET',
      `/api/v1/availability?service=89.7A.3&priority=P&channel=phone&from=${encodeURIComponent(from)}&limit=1`,
    );
    const booked = await operator<{ id: string; code: string; start: string; copayCents: number }>(
      'POST',
      '/api/v1/appointments',
      { nre: phoneNre, fiscalCode, itemIndex: 1, slotId: free.items[0]!.slotId, channel: 'phone' },
    );

    // The citizen moves it on the portal: a question first, then the move.
    const page = await newPage(browser, baseUrl);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto('/portale/gestisci');
    await page.getByLabel('Codice fiscale').fill(fiscalCode);
    await page.getByLabel('Codice di prenotazione').fill(booked.code);
    await page.getByRole('button', { name: 'Apri la prenotazione' }).click();
    await page.getByRole('button', { name: 'Sposta' }).click();
    const choose = page.getByRole('button', { name: /^Scegli .+ alle \d\d:\d\d$/ }).first();
    await choose.waitFor();
    const label = (await choose.getAttribute('aria-label')) ?? '';
    const [, day, time] = /, (.+) alle (\d\d:\d\d)$/.exec(label)!;
    await choose.click();
    await page.getByText(/^Spostare la prenotazione a /).waitFor();
    await expectAccessible(page, 'the move question');
    await screenshot(page, 'portal-08-move-question');
    await page.getByRole('button', { name: 'Sì, sposta' }).click();
    await page.getByText(`Prenotazione spostata a ${day} alle ${time}.`).waitFor();
    const after = await operator<{ items: { code: string; start: string; status: string }[] }>(
      'GET',
      `/api/v1/patients/${fiscalCode}/appointments`,
    );
    const moved = after.items.find((a) => a.code === booked.code && a.status === 'booked')!;
    expect(moved.start).not.toBe(booked.start);
    expect(
      new Intl.DateTimeFormat('it-IT', {
        timeZone: 'Europe/Rome',
        hour: '2-digit',
        minute: '2-digit',
      }).format(new Date(moved.start)),
    ).toBe(time);
    expect(pageErrors(page)).toEqual([]);

    // The operator sees the ticket to pay in the console and issues the pagoPA notice.
    const desk = await newPage(browser, baseUrl);
    await desk.setViewportSize({ width: 1280, height: 720 });
    await login(desk, 'operatore');
    await desk.waitForURL('**/console');
    await expect
      .poll(() => desk.evaluate(() => document.activeElement?.getAttribute('name')))
      .toBe('fiscalCode');
    await desk.keyboard.type(fiscalCode);
    await desk.keyboard.press('Enter');
    const row = desk.locator(`tr[data-code="${booked.code}"]`);
    await row.waitFor();
    await row.getByText(/^Da pagare .+, senza avviso$/).waitFor();
    await row.getByRole('button', { name: `Emetti avviso pagoPA ${booked.code}` }).click();
    const numberCell = row.locator('.font-monospace', { hasText: /^3\d{3} / });
    await numberCell.waitFor();
    const grouped = plain(await numberCell.textContent());
    expect(grouped).toMatch(/^3\d{3} \d{4} \d{4} \d{4} \d{2}$/);
    await expectAccessible(desk, 'the console with payment state');
    await screenshot(desk, 'console-payment-notice');

    // The citizen types the number: a wrong check digit is named, the right one is found and paid.
    await page.goto('/portale');
    await page.getByRole('link', { name: /Paga un avviso con il suo numero/ }).click();
    const wrong = `${grouped.slice(0, -1)}${(Number(grouped.at(-1)) + 1) % 10}`;
    await page.getByLabel('Codice avviso').fill(wrong);
    await page.getByRole('button', { name: "Cerca l'avviso" }).click();
    await page.getByText(/Il codice avviso non è valido/).waitFor();
    await page.getByLabel('Codice avviso').fill(grouped);
    await page.getByRole('button', { name: "Cerca l'avviso" }).click();
    await page.getByRole('heading', { name: 'Avviso trovato' }).waitFor();
    expect(await page.getByText(/Visita/).count()).toBe(0);
    await expectAccessible(page, 'the notice found by number');
    await screenshot(page, 'portal-09-pay-notice');
    await page.getByRole('button', { name: 'Paga ora' }).click();
    await page.getByRole('button', { name: /^Paga / }).click();
    await page.getByText('Pagamento riuscito: il ticket risulta pagato.').waitFor();
    await page.getByRole('link', { name: "Torna all'avviso" }).click();
    await page.getByText('Questo avviso risulta già pagato: non serve pagarlo di nuovo.').waitFor();
    expect(pageErrors(page)).toEqual([]);

    await desk.reload();
    await expect
      .poll(() => desk.evaluate(() => document.activeElement?.getAttribute('name')))
      .toBe('fiscalCode');
    await desk.keyboard.type(fiscalCode);
    await desk.keyboard.press('Enter');
    await row.getByText('Pagato', { exact: true }).waitFor();
    expect(pageErrors(desk)).toEqual([]);
  });
});
