import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  expectAccessible,
  launchBrowser,
  login,
  newPage,
  pageErrors,
  screenshot,
} from './support/browser.ts';
import { apiAs } from './support/data.ts';

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000 });
const thisMonth = () => new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/Rome' }).slice(0, 7);
const lastMonth = () => {
  const [y, m] = thisMonth().split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

// MR-5 in the browser: the month's service levels from the contact events the earlier browser tests
// made on the simulated line (this month's calls), met or not, with the penalty per whole point.
describe("the report of the month's service levels", () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;

  beforeAll(async () => {
    // A call of this month of our own, whatever ran before: it gives up after a second in the queue.
    const trainer = await apiAs(baseUrl, 'formatore');
    await trainer('POST', '/api/v1/contact-centre/simulated-calls', { digits: '1', patienceSeconds: 1 });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows each level of the CUP line as the contract measures it, and the help desk’s levels', async () => {
    // The call needs a few seconds of IVR before it queues and gives up: the month has its CUP line once
    // it is measured (alone, this file's call may be the month's only one; filling the same month again
    // would not read the page again).
    const manager = await apiAs(baseUrl, 'responsabile');
    await poll(async () => {
      const sla = await manager<{ services: { service: string }[] }>(
        'GET',
        `/api/v1/reporting/sla?month=${thisMonth()}`,
      );
      return sla.services.some((x) => x.service === 'cup');
    }).toBe(true);
    const page = await newPage(browser, baseUrl);
    await page.setViewportSize({ width: 1280, height: 720 });
    await login(page, 'responsabile');
    await page
      .getByRole('navigation', { name: 'Navigazione principale' })
      .getByRole('link', { name: 'Report' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Livelli di servizio e penali del mese' }).waitFor();
    await page.getByLabel('Mese', { exact: true }).fill(thisMonth());
    await page.getByLabel('Valore mensile del servizio (€, facoltativo)').fill('100000');
    const cup = page.getByTestId('sla-service').filter({ hasText: 'CUP' });
    await poll(() => cup.count()).toBe(1);
    const rows = await cup.locator('tbody tr').allTextContents();
    expect(rows.length).toBe(4);
    expect(rows[0]).toContain('Tempo massimo di attesa 20"');
    await poll(async () => (await cup.textContent()) ?? '').toMatch(
      /Penale del servizio: .*del valore \(.*€\)/,
    );
    // Every level of the tender is measured now: the help desk's come from its tickets (issue 16).
    expect(await page.getByRole('heading', { name: 'Non ancora misurati' }).count()).toBe(0);
    const helpdesk = page.getByTestId('helpdesk-levels');
    expect(await helpdesk.getByRole('row').count()).toBe(4);
    expect(await helpdesk.textContent()).toContain('Contatti scritti chiusi entro 24 ore');
    await expectAccessible(page, 'the service-level report');
    await screenshot(page, 'reporting-01-sla');
    expect(pageErrors(page)).toEqual([]);
  });

  it("makes last month's report from its stored events, with its files and the channel occupancy", async () => {
    // The set-up stored two simulated days of last month (sportello simulate --store).
    const page = await newPage(browser, baseUrl);
    await page.setViewportSize({ width: 1280, height: 720 });
    await login(page, 'responsabile');
    await page.goto('/report');
    const reports = page.getByTestId('reports');
    await reports.getByRole('heading', { name: 'Report settimanali e mensili' }).waitFor();
    await reports.getByLabel('Tipo di report').selectOption('monthly');
    await reports.getByLabel('Mese del report').fill(lastMonth());
    await reports.getByRole('button', { name: 'Genera il report' }).click();
    await reports
      .getByRole('status')
      .filter({ hasText: `Report ${lastMonth()} generato` })
      .waitFor();
    const row = reports.getByTestId('report-row').filter({ hasText: lastMonth() }).first();
    expect(await row.textContent()).toContain('responsabile');
    // The occupancy opens with the report: the CUP line, its 60 channels, the simulated label.
    const occupancy = page.getByTestId('occupancy');
    await occupancy.getByTestId('occupancy-line').filter({ hasText: '848821821' }).waitFor();
    expect(await occupancy.textContent()).toContain('Simulazione');
    expect(await occupancy.textContent()).toMatch(/Picco di canali occupati: \d+ su 60/);
    await expectAccessible(page, 'the reports and the channel occupancy');
    await screenshot(page, 'reporting-03-reports');
    // The PDF, downloaded with the manager's session.
    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('link', { name: /^Scarica PDF/ }).click(),
    ]);
    expect(pdf.suggestedFilename()).toMatch(new RegExp(`^report-mensile-${lastMonth()}-v\\d+\\.pdf$`));
    expect(
      readFileSync(await pdf.path())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('link', { name: /^Scarica XLSX/ }).click(),
    ]);
    // An XLSX is a zip archive.
    expect(
      readFileSync(await xlsx.path())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    // A manager records the channels decided for the line; the decision stays with the report.
    const cup = occupancy.getByTestId('occupancy-line').filter({ hasText: '848821821' });
    await cup.getByLabel('Canali decisi').fill('72');
    await cup.getByLabel('Nota (facoltativa)').fill('prova e2e');
    await cup.getByRole('button', { name: 'Registra la decisione per la linea 848821821' }).click();
    await occupancy.getByTestId('decisions').filter({ hasText: 'da 60 a 72 canali' }).waitFor();
    expect(pageErrors(page)).toEqual([]);

    // On a phone, the same page is readable and accessible.
    await page.setViewportSize({ width: 390, height: 844 });
    await expectAccessible(page, 'the reports on a phone');
    await screenshot(page, 'reporting-04-reports-phone');
  });

  it("shows the national waiting-list feed's days, and downloads a day as sent (MR-8, simulazione)", async () => {
    // Yesterday (Rome) sent now at the manager's request rather than at the next hourly run.
    const yesterday = new Date(Date.now() - 86_400_000).toLocaleDateString('en-CA', {
      timeZone: 'Europe/Rome',
    });
    const manager = await apiAs(baseUrl, 'responsabile');
    const batch = await manager<{ status: string; simulated: boolean; appointments: number }>(
      'POST',
      `/api/v1/national-feed/batches/${yesterday}/send`,
      {},
    );
    expect(batch).toMatchObject({ status: 'sent', simulated: true });
    const page = await newPage(browser, baseUrl);
    await page.setViewportSize({ width: 1280, height: 720 });
    await login(page, 'responsabile');
    await page.goto('/report');
    const feed = page.getByTestId('national-feed');
    const [y, m, d] = yesterday.split('-');
    const row = feed.locator(`tr[data-day="${yesterday}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain(`${d}/${m}/${y}`);
    expect(await row.textContent()).toContain('accettato (simulazione)');
    await expectAccessible(page, 'the national feed');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('link', { name: `Scarica il flusso del ${d}/${m}/${y}` }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`pnla-${yesterday}.json`);
    const bundle = JSON.parse(readFileSync(await download.path(), 'utf8'));
    expect(bundle).toMatchObject({
      resourceType: 'Bundle',
      type: 'transaction',
      identifier: { value: `170-${yesterday}` },
    });
    expect(bundle.entry).toHaveLength(batch.appointments);
    expect(pageErrors(page)).toEqual([]);
  });

  it("finds last month's contacts by outcome and opens one on its events (MR-1)", async () => {
    const page = await newPage(browser, baseUrl);
    await page.setViewportSize({ width: 1280, height: 720 });
    await login(page, 'supervisore');
    await page
      .getByRole('navigation', { name: 'Navigazione principale' })
      .getByRole('link', { name: 'Contatti' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Archivio dei contatti' }).waitFor();
    await page.getByLabel('Dal', { exact: true }).fill(`${lastMonth()}-01`);
    await page.getByLabel('Al', { exact: true }).fill(`${lastMonth()}-28`);
    await page.getByLabel('Esito', { exact: true }).selectOption('answered');
    await page.getByRole('button', { name: 'Cerca' }).click();
    const rows = page.getByTestId('contact-row');
    await rows.first().waitFor();
    // The simulated days: 50 a page, every one answered, on the CUP line.
    expect(await rows.count()).toBe(50);
    for (const text of await rows.allTextContents()) expect(text).toContain('risposta');
    await rows.first().getByRole('button').click();
    const detail = page.getByTestId('contact-detail');
    await detail.getByText('call.arrived').waitFor();
    const types = await detail.locator('code').allTextContents();
    expect(types[0]).toBe('call.arrived');
    expect(types).toContain('call.answered');
    expect(types.at(-1)).not.toBe('call.arrived');
    await expectAccessible(page, 'the contact records');
    await screenshot(page, 'reporting-05-contacts');
    expect(pageErrors(page)).toEqual([]);
  });

  it('shows citizens when to call, without logging in, on a computer and on a phone', async () => {
    for (const [size, name] of [
      [{ width: 1280, height: 720 }, 'desktop'],
      [{ width: 390, height: 844 }, 'phone'],
    ] as const) {
      const page = await newPage(browser, baseUrl);
      await page.setViewportSize(size);
      await page.goto('/quando-chiamare');
      await page.getByRole('heading', { level: 1, name: 'Quando è meglio telefonare?' }).waitFor();
      const cup = page.getByRole('table', { name: 'Attese per fascia oraria: CUP regionale' });
      await cup.waitFor();
      const bands = await cup.locator('tbody th').allTextContents();
      expect(bands[0]).toBe('08:00–09:00');
      expect(bands).toHaveLength(12);
      // The simulated line says so; nobody is asked to log in.
      expect(await page.getByRole('note').textContent()).toContain('Simulazione');
      expect(page.url()).toContain('/quando-chiamare');
      await expectAccessible(page, `the public when-to-call page (${name})`);
      await screenshot(page, `reporting-02-when-to-call-${name}`);
      expect(pageErrors(page)).toEqual([]);
      await page.context().close();
    }
  });
});
