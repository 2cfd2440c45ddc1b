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
import { apiAs, SEEDED_NRE, unknownFiscalCode } from './support/data.ts';

describe("the console never books someone else's prescription unconfirmed", () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let page: Page;
  let owner: { fiscalCode: string; name: string };

  beforeAll(async () => {
    const api = await apiAs(baseUrl, 'operatore');
    const { fiscalCode } = await api<{ fiscalCode: string }>('GET', `/api/v1/prescriptions/${SEEDED_NRE}`);
    const p = await api<{ givenName: string; familyName: string }>('GET', `/api/v1/patients/${fiscalCode}`);
    owner = { fiscalCode, name: `${p.givenName} ${p.familyName}` };
    browser = await launchBrowser();
    page = await newPage(browser, baseUrl);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows whose prescription it is and books only after the operator confirms the patient', async () => {
    await login(page, 'operatore');
    await page.waitForURL('**/console');
    // The caller's fiscal code is not registered; the prescription is someone else's.
    const cf = unknownFiscalCode();
    await page.getByLabel(/Codice fiscale/).fill(cf);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Registra nuovo assistito' }).waitFor();
    await page.getByLabel(/Numero di ricetta elettronica/).fill(SEEDED_NRE);
    await page.keyboard.press('Enter');
    const whose = page.getByTestId('prescription-patient');
    await whose.waitFor();
    await expect.poll(async () => await whose.textContent()).toContain(owner.name);
    expect(await whose.textContent()).toContain(owner.fiscalCode);
    const warning = page.getByTestId('prescription-mismatch');
    expect(await warning.textContent()).toContain(`(${cf}) non è registrato`);
    expect(await page.getByTestId('availability').count()).toBe(0);
    await expectAccessible(page, "someone else's prescription");
    await screenshot(page, 'whose-01-blocked');

    await warning.getByRole('button', { name: `Confermo: prenoto per ${owner.name}` }).click();
    await page.getByTestId('availability').locator('button[data-slot]').first().waitFor();
    expect(await page.getByTestId('patient-card').textContent()).toContain(owner.name);
    expect(await page.getByTestId('prescription-mismatch').count()).toBe(0);
    await expectAccessible(page, 'the confirmed patient');
    expect(pageErrors(page)).toEqual([]);
  });
});
