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
