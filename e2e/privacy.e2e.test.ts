import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  expectAccessible,
  launchBrowser,
  login,
  newPage,
  pageErrors,
  screenshot,
} from './support/browser.ts';
import { apiAs, SEEDED_NRE } from './support/data.ts';

// Issue 8 §14: the region's privacy officer sees who accessed a patient's data, and exports it.
describe("the privacy officer's access log in the browser", () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let page: Page;
  let fiscalCode: string;

  beforeAll(async () => {
    // An operator reads the seeded prescription and its patient; the supervisor is refused the patient.
    const operator = await apiAs(baseUrl, 'operatore');
    ({ fiscalCode } = await operator<{ fiscalCode: string }>('GET', `/api/v1/prescriptions/${SEEDED_NRE}`));
    await operator('GET', `/api/v1/patients/${fiscalCode}`);
    const supervisor = await apiAs(baseUrl, 'supervisore');
    await expect(supervisor('GET', `/api/v1/patients/${fiscalCode}`)).rejects.toThrow(/403/);
    browser = await launchBrowser();
    page = await newPage(browser, baseUrl);
    await page.setViewportSize({ width: 1280, height: 720 });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lists the accesses to one patient, the refused one included, and exports them as CSV', async () => {
    await login(page, 'privacy');
    await page.getByRole('heading', { level: 1, name: 'Registro degli accessi ai dati' }).waitFor();
    // The officer's navigation holds the access log and nothing about patients or calls.
    const nav = page.getByRole('navigation', { name: 'Navigazione principale' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Registro accessi', 'Password']);

    const form = page.getByRole('form', { name: 'Cerca gli accessi' });
    await form.getByLabel('Codice fiscale dell’assistito').fill(fiscalCode);
    await form.getByLabel('Codice fiscale dell’assistito').press('Enter');
    const heading = page.getByRole('heading', {
      level: 2,
      name: new RegExp(`accessi ai dati di .*${fiscalCode}`),
    });
    await heading.waitFor();
    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(3);
    const texts = await rows.allTextContents();
    expect(
      texts.some((r) => /Operatore/.test(r) && /lettura · Prescription/.test(r) && /consentito/.test(r)),
    ).toBe(true);
    expect(texts.some((r) => /lettura · Patient/.test(r) && /consentito/.test(r))).toBe(true);
    expect(texts.some((r) => /supervisor/.test(r) && /rifiutato/.test(r))).toBe(true);
    await expectAccessible(page, 'the access log');
    await screenshot(page, 'privacy-01-access-log');

    // The export is the same search as CSV, downloaded with the officer's session.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Esporta CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      new RegExp(`^accessi-${fiscalCode}-\\d{4}-\\d{2}-\\d{2}-\\d{4}-\\d{2}-\\d{2}\\.csv$`),
    );
    const csv = readFileSync(await download.path(), 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^at,username,displayName,roles,action,resourceType/);
    expect(lines.length - 1).toBeGreaterThanOrEqual(texts.length);
    expect(pageErrors(page)).toEqual([]);
  });
});
