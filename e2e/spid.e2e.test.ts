import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible, launchBrowser, newPage, pageErrors, screenshot } from './support/browser.ts';
import { apiAs, SEEDED_NRE } from './support/data.ts';

// Issue 13 §3: a citizen logs in with SPID through a real OpenID provider on the loopback (configured as
// the Italian profile asks; see support/global-setup.ts) and sees the personal area: every booking, from
// any channel, with the prescriptions and payments.
describe('SPID/CIE login and the personal area in the browser', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let name: string;

  beforeAll(async () => {
    const api = await apiAs(baseUrl, 'operatore');
    const { fiscalCode } = await api<{ fiscalCode: string }>('GET', `/api/v1/prescriptions/${SEEDED_NRE}`);
    const p = await api<{ givenName: string; familyName: string }>('GET', `/api/v1/patients/${fiscalCode}`);
    name = `${p.givenName} ${p.familyName}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('logs in from the portal home and shows the personal area', async () => {
    const page = await newPage(browser, baseUrl);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/portale');
    await page.getByRole('link', { name: 'Entra con SPID o CIE' }).click();
    await page.waitForURL('**/portale/area-personale');
    await page.getByRole('heading', { level: 1, name: 'La tua area personale' }).waitFor();
    await page.getByText(`Buongiorno ${name}.`).waitFor();
    await page.getByRole('heading', { name: 'Le tue prenotazioni' }).waitFor();
    await page.getByRole('heading', { name: 'Le tue ricette' }).waitFor();
    expect(await page.getByText(SEEDED_NRE).count()).toBeGreaterThan(0);
    await expectAccessible(page, 'the personal area');
    await screenshot(page, 'portal-08-personal-area');
    expect(pageErrors(page)).toEqual([]);
  });
});
