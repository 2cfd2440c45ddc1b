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

  it('shows each level of the CUP line as the contract measures it, and the levels not measured yet', async () => {
    const page = await newPage(browser, baseUrl);
    await page.setViewportSize({ width: 1280, height: 720 });
    await login(page, 'responsabile');
    await page
      .getByRole('navigation', { name: 'Navigazione principale' })
      .getByRole('link', { name: 'Report' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Livelli di servizio e penali del mese' }).waitFor();
    await page.getByLabel('Mese').fill(thisMonth());
    await page.getByLabel('Valore mensile del servizio (€, facoltativo)').fill('100000');
    const cup = page.getByTestId('sla-service').filter({ hasText: 'CUP' });
    // The call needs a few seconds of IVR before it queues and gives up; the page is read again until then.
    await poll(async () => {
      if ((await cup.count()) === 0) await page.getByLabel('Mese').fill(thisMonth());
      return cup.count();
    }).toBe(1);
    const rows = await cup.locator('tbody tr').allTextContents();
    expect(rows.length).toBe(4);
    expect(rows[0]).toContain('Tempo massimo di attesa 20"');
    await poll(async () => (await cup.textContent()) ?? '').toMatch(
      /Penale del servizio: .*del valore \(.*€\)/,
    );
    expect(await page.getByRole('heading', { name: 'Non ancora misurati' }).count()).toBe(1);
    await expectAccessible(page, 'the service-level report');
    await screenshot(page, 'reporting-01-sla');
    expect(pageErrors(page)).toEqual([]);
  });
});
