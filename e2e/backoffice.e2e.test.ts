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

interface Case {
  id: string;
  nre: string;
  state: string;
  takenBy: { name: string } | null;
  appointment: { id: string; code: string } | null;
  resolutionReason: string | null;
}
interface Availability {
  items: { slotId: number }[];
  nothingWithinGuarantee: boolean;
}

const plain = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ').trim();

describe('the back office works protection-path cases in the browser', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let page: Page;
  let operator: Awaited<ReturnType<typeof apiAs>>;
  let backoffice: Awaited<ReturnType<typeof apiAs>>;
  let patientName: string;
  let toBook: Case;
  let toClose: Case;

  beforeAll(async () => {
    operator = await apiAs(baseUrl, 'operatore');
    backoffice = await apiAs(baseUrl, 'backoffice');
    const { fiscalCode } = await operator<{ fiscalCode: string }>(
      'GET',
      `/api/v1/prescriptions/${SEEDED_NRE}`,
    );
    const p = await operator<{ givenName: string; familyName: string }>(
      'GET',
      `/api/v1/patients/${fiscalCode}`,
    );
    patientName = `${p.givenName} ${p.familyName}`;
    // A service no pharmacy can book within 72 h, which the phone line can book later: an urgent request
    // through a pharmacy opens a protection-path case, and the back office books it by phone.
    const { items: services } = await operator<{ items: { code: string }[] }>(
      'GET',
      '/api/v1/services?limit=500',
    );
    let service: string | null = null;
    for (const s of services) {
      const at = (channel: string) =>
        operator<Availability>(
          'GET',
          `/api/v1/availability?service=${s.code}&priority=U&channel=${channel}&limit=1`,
        );
      if ((await at('pharmacy')).nothingWithinGuarantee && (await at('phone')).items.length > 0) {
        service = s.code;
        break;
      }
    }
    if (!service) throw new Error('the demo region has no service for a protection-path case');
    const openCase = async () => {
      const nre = freshNre();
      await prescribe(operator, fiscalCode, { nre, priority: 'U', serviceCode: service });
      return operator<Case>('POST', '/api/v1/protection-cases', {
        nre,
        fiscalCode,
        itemIndex: 1,
        channel: 'pharmacy',
      });
    };
    toBook = await openCase();
    toClose = await openCase();
    browser = await launchBrowser();
    page = await newPage(browser, baseUrl);
    await page.setViewportSize({ width: 1280, height: 720 });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lists the open cases with whose they are', async () => {
    await login(page, 'backoffice');
    await page
      .getByRole('navigation', { name: 'Navigazione principale' })
      .getByRole('link', { name: 'Percorso di tutela' })
      .click();
    await page.getByRole('heading', { name: 'Percorso di tutela', level: 1 }).waitFor();
    const row = page.locator(`tr[data-case="${toBook.id}"]`);
    await row.waitFor();
    expect(plain(await row.textContent())).toContain(patientName);
    expect(plain(await row.textContent())).toContain(toBook.nre);
    await expectAccessible(page, 'the protection-path cases');
    await screenshot(page, 'backoffice-01-cases');
  });

  it('takes a case, books its item and resolves the case with that booking', async () => {
    const row = page.locator(`tr[data-case="${toBook.id}"]`);
    await row.getByRole('button', { name: new RegExp(`^Prendi in carico\\W+${patientName}$`) }).click();
    const work = page.getByTestId('case-work');
    await work.waitFor();
    const first = work.locator('button[data-slot]').first();
    await first.waitFor();
    await expectFocused(first);
    await expectAccessible(page, 'a case being worked');
    await screenshot(page, 'backoffice-02-work');
    await page.keyboard.press('Enter');
    const confirm = work.getByRole('button', { name: 'Conferma prenotazione' });
    await confirm.waitFor();
    await expectFocused(confirm);
    await page.keyboard.press('Enter');
    const done = page.getByTestId('case-done');
    await done.waitFor();

    const resolved = await backoffice<{ items: Case[] }>('GET', '/api/v1/protection-cases?state=resolved');
    const mine = resolved.items.find((c) => c.id === toBook.id);
    expect(mine?.state).toBe('resolved');
    expect(mine?.takenBy?.name).toBeTruthy();
    expect(plain(await done.textContent())).toBe(
      `Caso risolto con la prenotazione ${mine!.appointment!.code}.`,
    );
    const booked = await backoffice<{ status: string; nre: string }>(
      'GET',
      `/api/v1/appointments/${mine!.appointment!.id}`,
    );
    expect(booked).toMatchObject({ status: 'booked', nre: toBook.nre });
    await page.locator(`tr[data-case="${toBook.id}"]`).waitFor({ state: 'detached' });
    await expectAccessible(page, 'a resolved case');
  });

  it('closes another case with a reason', async () => {
    const row = page.locator(`tr[data-case="${toClose.id}"]`);
    await row.getByRole('button', { name: new RegExp(`^Prendi in carico\\W+${patientName}$`) }).click();
    const work = page.getByTestId('case-work');
    await work.getByLabel('Motivo').fill('L’assistito ha già prenotato altrove');
    await work.getByRole('button', { name: 'Chiudi il caso' }).click();
    await page.getByTestId('case-done').filter({ hasText: 'Caso chiuso.' }).waitFor();
    const closed = await backoffice<{ items: Case[] }>('GET', '/api/v1/protection-cases?state=closed');
    expect(closed.items.find((c) => c.id === toClose.id)).toMatchObject({
      state: 'closed',
      resolutionReason: 'L’assistito ha già prenotato altrove',
    });
    await page.getByLabel('Mostra').selectOption('closed');
    await page
      .locator(`tr[data-case="${toClose.id}"]`)
      .getByText('chiuso: L’assistito ha già prenotato altrove')
      .waitFor();
    await expectAccessible(page, 'the closed cases');
    await screenshot(page, 'backoffice-03-closed');
    expect(pageErrors(page)).toEqual([]);
  });
});
