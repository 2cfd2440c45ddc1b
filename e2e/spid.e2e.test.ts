import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible, launchBrowser, newPage, pageErrors, screenshot } from './support/browser.ts';
import { apiAs, SEEDED_NRE, seededNre, unknownFiscalCode } from './support/data.ts';

// Issue 13 §3: a citizen logs in with SPID through a real OpenID provider on the loopback (configured as
// the Italian profile asks; see support/global-setup.ts) and sees the personal area: every booking, from
// any channel, with the prescriptions and payments.
describe('SPID/CIE login and the personal area in the browser', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let name: string;
  let citizen: string;
  let api: Awaited<ReturnType<typeof apiAs>>;

  beforeAll(async () => {
    api = await apiAs(baseUrl, 'operatore');
    const { fiscalCode } = await api<{ fiscalCode: string }>('GET', `/api/v1/prescriptions/${SEEDED_NRE}`);
    citizen = fiscalCode;
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

  it('acts for a person who delegated at the desk, and gives and revokes a delegation of its own', async () => {
    // Someone else of the seed (another prescription's patient) delegates the citizen at a CUP desk.
    let delegator = { fiscalCode: citizen, givenName: '', familyName: '' };
    for (let i = 1; delegator.fiscalCode === citizen; i++) {
      const { fiscalCode } = await api<{ fiscalCode: string }>(
        'GET',
        `/api/v1/prescriptions/${seededNre(i)}`,
      );
      delegator = { ...(await api<typeof delegator>('GET', `/api/v1/patients/${fiscalCode}`)), fiscalCode };
    }
    const theirName = `${delegator.givenName} ${delegator.familyName}`;
    const desk = await api<{ id: string }>('POST', `/api/v1/patients/${delegator.fiscalCode}/delegations`, {
      fiscalCode: citizen,
    });

    const page = await newPage(browser, baseUrl);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto('/portale');
    await page.getByRole('link', { name: 'Entra con SPID o CIE' }).click();
    await page.waitForURL('**/portale/area-personale');
    await page.getByRole('heading', { name: 'Deleghe' }).waitFor();
    await page.getByRole('button', { name: `Opera per conto di ${theirName}` }).click();
    await page.getByRole('heading', { level: 1, name: `Area personale di ${theirName}` }).waitFor();
    expect(
      await page.getByRole('status').filter({ hasText: 'stai operando per conto di' }).textContent(),
    ).toContain(`${name}, stai operando per conto di ${theirName}, con la sua delega valida fino a revoca`);
    await page.getByRole('heading', { name: `Prenotazioni di ${theirName}` }).waitFor();
    await expectAccessible(page, 'the personal area of a delegator');
    await screenshot(page, 'portal-09-acting-for');
    await page.getByRole('button', { name: 'Torna alla tua area personale' }).click();
    await page.getByRole('heading', { level: 1, name: 'La tua area personale' }).waitFor();

    // A delegation of the citizen's own, given and revoked from the form.
    const delegate = unknownFiscalCode();
    await page.getByLabel('Codice fiscale della persona delegata').fill(delegate.toLowerCase());
    await page.getByRole('button', { name: 'Delega', exact: true }).click();
    await page.getByText(`Delega data a ${delegate}.`).waitFor();
    await expectAccessible(page, 'the delegations');
    await page.getByRole('button', { name: `Revoca ${delegate}` }).click();
    await page.getByText('Nessuna delega data.').waitFor();
    expect(pageErrors(page)).toEqual([]);
    await api('POST', `/api/v1/patients/${delegator.fiscalCode}/delegations/${desk.id}/revoke`, {});
  });
});
