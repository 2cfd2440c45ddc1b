import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible, launchBrowser, newPage, pageErrors, screenshot } from './support/browser.ts';
import { apiAs, freshNre, prescribe, SEEDED_NRE, seededNre, unknownFiscalCode } from './support/data.ts';

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
    // Someone else of the seed (another prescription's patient, of age: a minor cannot delegate) delegates
    // the citizen at a CUP desk.
    let delegator = { fiscalCode: citizen, givenName: '', familyName: '', birthDate: '2000-01-01' };
    const adultBy = new Date(Date.now() - 19 * 365.25 * 86_400_000).toISOString().slice(0, 10);
    for (let i = 1; delegator.fiscalCode === citizen || delegator.birthDate > adultBy; i++) {
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

  it("declares as a parent for a child, with the child's prescription, and acts for the child", async () => {
    // A child of ten, on record with a prescription (registered at a desk, as a family doctor's would be).
    const today = new Date();
    const birthDate = `${today.getUTCFullYear() - 10}-03-15`;
    const fiscalCode = unknownFiscalCode(birthDate);
    const child = await api<{ givenName: string; familyName: string }>('POST', '/api/v1/patients', {
      fiscalCode,
      givenName: 'Giulia',
      familyName: 'Zyxwv',
      birthDate,
      sex: 'F',
    });
    const childName = `${child.givenName} ${child.familyName}`;
    const nre = freshNre();
    await prescribe(api, fiscalCode, { nre });

    const page = await newPage(browser, baseUrl);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto('/portale');
    await page.getByRole('link', { name: 'Entra con SPID o CIE' }).click();
    await page.waitForURL('**/portale/area-personale');
    const form = page.getByRole('form', { name: 'Figli minori e persone sotto tutela' });
    await form.waitFor();
    // Bootstrap Italia draws its radios and boxes on the label: a person clicks the words.
    await form.getByText('Genitore', { exact: true }).click();
    await form.getByLabel('Codice fiscale del minore').fill(fiscalCode.toLowerCase());
    await form.getByLabel('Numero di ricetta elettronica (NRE) del minore').fill(nre);
    await form.getByRole('button', { name: 'Dichiara' }).click();
    // Not declared yet: the box is required, said beside it.
    await form.getByText('Per continuare conferma la dichiarazione.').waitFor();
    await form.getByText(/^Dichiaro, ai sensi degli artt. 46 e 47/).click();
    expect(await form.getByRole('checkbox').isChecked()).toBe(true);
    await form.getByRole('button', { name: 'Dichiara' }).click();
    // Under age through the day before the 18th birthday: 14 March, eight years on.
    const lastDay = `14/03/${today.getUTCFullYear() + 8}`;
    await page
      .getByText(`Dichiarazione registrata: puoi operare per conto del minore fino al ${lastDay} compreso.`)
      .waitFor();
    const row = page.getByRole('listitem').filter({ hasText: childName });
    expect(await row.textContent()).toContain(`valida fino al ${lastDay} compreso · come genitore`);
    await expectAccessible(page, 'the declaration for a minor');
    await screenshot(page, 'portal-10-minor-declaration');

    await row.getByRole('button', { name: `Opera per conto di ${childName}` }).click();
    await page.getByRole('heading', { level: 1, name: `Area personale di ${childName}` }).waitFor();
    expect(
      await page.getByRole('status').filter({ hasText: 'stai operando per conto di' }).textContent(),
    ).toContain(`${name}, stai operando per conto di ${childName} come genitore, con la tua dichiarazione`);
    expect(await page.getByText(nre).count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Torna alla tua area personale' }).click();
    await page.getByRole('heading', { level: 1, name: 'La tua area personale' }).waitFor();
    // Given up: the child leaves the list.
    await page
      .getByRole('listitem')
      .filter({ hasText: childName })
      .getByRole('button', { name: /Rinuncia/ })
      .click();
    await page.getByText('Nessuna delega ricevuta.').waitFor();
    expect(pageErrors(page)).toEqual([]);
  });
});
