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
import { apiAs, freshNre, prescribe, seededNre } from './support/data.ts';

interface GroupRequest {
  id: string;
  club: string;
  from: string;
  to: string;
  athletes: number;
  booked: number;
  members: {
    position: number;
    familyName: string;
    givenName: string;
    appointment: { code: string; start: string } | null;
  }[];
}

const plain = (s: string | null) =>
  (s ?? '')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
/** The Rome date of an instant, computed apart from the app (Intl, not its formatters). */
const romeDate = (iso: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', dateStyle: 'short' }).format(new Date(iso));

// BK-10 in the browser: the back office books the demo club's list, then records and books one of its own.
describe('the back office books a club’s athletes together', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let page: Page;
  let backoffice: Awaited<ReturnType<typeof apiAs>>;
  let club: GroupRequest;
  const lines: string[] = [];

  beforeAll(async () => {
    backoffice = await apiAs(baseUrl, 'backoffice');
    const { items } = await backoffice<{ items: GroupRequest[] }>('GET', '/api/v1/group-bookings');
    club = items.find((g) => g.club === 'ASD Potenza Basket Giovanile')!;
    expect(club).toMatchObject({ athletes: 18, booked: 0 });
    // Two people of the demo with a new prescription for the sports visit: the list the test pastes.
    const operator = await apiAs(baseUrl, 'operatore');
    for (const i of [31, 32]) {
      const { fiscalCode } = await operator<{ fiscalCode: string }>(
        'GET',
        `/api/v1/prescriptions/${seededNre(i)}`,
      );
      const nre = freshNre();
      await prescribe(operator, fiscalCode, { nre, serviceCode: 'MS.01' });
      lines.push(`${fiscalCode};${nre}`);
    }
    browser = await launchBrowser();
    page = await newPage(browser, baseUrl);
    await page.setViewportSize({ width: 1280, height: 720 });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('proposes the club’s 18 athletes on as few days as the clinic allows, and books them', async () => {
    await login(page, 'backoffice');
    await page
      .getByRole('navigation', { name: 'Navigazione principale' })
      .getByRole('link', { name: 'Gruppi' })
      .click();
    await page.getByRole('heading', { name: 'Prenotazioni di gruppo', level: 1 }).waitFor();
    await page.getByTestId('group-requests').waitFor();
    await expectAccessible(page, 'the group requests');
    await page.getByRole('button', { name: 'Apri la richiesta di ASD Potenza Basket Giovanile' }).click();
    const detail = page.getByTestId('group-request');
    await detail.getByRole('button', { name: 'Proponi le date' }).click();
    const plan = page.getByTestId('group-plan');
    await plan.waitFor();
    // At most 12 a day (the clinic's wish): 12 on one day, the other 6 on another.
    const headings = (await plan.locator('h4').allTextContents()).map(plain);
    expect(headings).toHaveLength(2);
    expect(headings.map((h) => Number(/atleti: (\d+)$/.exec(h)?.[1])).sort((a, b) => b - a)).toEqual([12, 6]);
    await expectAccessible(page, 'a group proposal');
    await screenshot(page, 'groups-01-proposal');
    await plan.getByRole('button', { name: 'Prenota questa proposta (atleti: 18)' }).click();
    const result = page.getByTestId('group-result');
    await result.waitFor();
    expect(plain(await result.textContent())).toBe('Atleti prenotati: 18 su 18.');

    // Every athlete holds a booking inside the agreed period, on two days, at most 12 a day.
    const after = await backoffice<GroupRequest>('GET', `/api/v1/group-bookings/${club.id}`);
    expect(after.booked).toBe(18);
    const days = after.members.map((m) => romeDate(m.appointment!.start));
    for (const d of days) expect(d >= club.from && d <= club.to, d).toBe(true);
    const perDay = [...new Set(days)].map((d) => days.filter((x) => x === d).length).sort((a, b) => b - a);
    expect(perDay).toEqual([12, 6]);
    const table = page.getByTestId('group-athletes');
    expect(plain(await table.textContent())).toContain(after.members[0]!.appointment!.code);
    await expectAccessible(page, 'a booked group');
  });

  it('records a pasted list, names a wrong line, and books the list once it is right', async () => {
    await page.getByRole('button', { name: 'Torna alle richieste' }).click();
    await page.getByRole('button', { name: 'Nuova richiesta' }).click();
    await page.getByLabel('Società sportiva o gruppo').fill('US Tolve Pallavolo');
    await page.getByLabel('Referente e recapito').fill('sig. Rocco Pace, 0971 000 222');
    await page.getByLabel('Prestazione (codice)').fill('ms.01');
    await page.getByLabel('Al', { exact: true }).fill(club.to);
    const list = page.getByLabel(/^Atleti: codice fiscale/);
    // The second line's NRE is the first athlete's: someone else's prescription.
    const wrong = `${lines[1]!.split(';')[0]};${lines[0]!.split(';')[1]}`;
    await list.fill(`${lines[0]}\n${wrong}`);
    await page.getByRole('button', { name: 'Registra la richiesta' }).click();
    await page.getByText('atleta alla riga 2 (numero di ricetta)', { exact: false }).waitFor();
    expect(await list.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'a refused list');
    await screenshot(page, 'groups-02-refused');

    await list.fill(lines.join('\n'));
    await page.getByRole('button', { name: 'Registra la richiesta' }).click();
    const detail = page.getByTestId('group-request');
    await detail.getByRole('heading', { name: /^US Tolve Pallavolo/ }).waitFor();
    await detail.getByRole('button', { name: 'Proponi le date' }).click();
    await page
      .getByTestId('group-plan')
      .getByRole('button', { name: 'Prenota questa proposta (atleti: 2)' })
      .click();
    await page.getByTestId('group-result').filter({ hasText: 'Atleti prenotati: 2 su 2.' }).waitFor();
    const { items } = await backoffice<{ items: GroupRequest[] }>('GET', '/api/v1/group-bookings');
    expect(items.find((g) => g.club === 'US Tolve Pallavolo')).toMatchObject({ athletes: 2, booked: 2 });
    expect(pageErrors(page)).toEqual([]);
  });

  it('cancels the club’s bookings when it calls the day off, with the reason', async () => {
    await page.getByRole('button', { name: 'Torna alle richieste' }).click();
    await page.getByRole('button', { name: 'Apri la richiesta di ASD Potenza Basket Giovanile' }).click();
    const detail = page.getByTestId('group-request');
    await detail.getByRole('button', { name: 'Annulla le prenotazioni del gruppo (18)' }).click();
    await detail.getByLabel('Motivo').fill('La società ha rinviato le visite');
    await expectAccessible(page, 'cancelling a group');
    await detail.getByRole('button', { name: 'Annulla le prenotazioni (atleti: 18)' }).click();
    await page.getByTestId('group-result').filter({ hasText: 'Prenotazioni annullate: 18.' }).waitFor();
    const after = await backoffice<GroupRequest>('GET', `/api/v1/group-bookings/${club.id}`);
    expect(after.booked).toBe(0);
    expect(after.members.every((m) => m.appointment === null)).toBe(true);
    expect(pageErrors(page)).toEqual([]);
  });
});
