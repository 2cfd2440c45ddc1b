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

interface Appointment {
  id: string;
  code: string;
  nre: string;
  status: string;
}

const plain = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ').trim();

describe('a booking whose answer is lost, retried in the browser', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let page: Page;
  let api: Awaited<ReturnType<typeof apiAs>>;
  let fiscalCode: string;
  let nre: string;

  beforeAll(async () => {
    api = await apiAs(baseUrl, 'operatore');
    fiscalCode = (await api<{ fiscalCode: string }>('GET', `/api/v1/prescriptions/${SEEDED_NRE}`)).fiscalCode;
    nre = freshNre();
    await prescribe(api, fiscalCode, { nre, priority: 'B' });
    browser = await launchBrowser();
    page = await newPage(browser, baseUrl);
  });
  afterAll(async () => {
    await browser?.close();
  });

  const appointmentsOfTheNre = async () =>
    (await api<{ items: Appointment[] }>('GET', `/api/v1/patients/${fiscalCode}/appointments`)).items.filter(
      (a) => a.nre === nre && a.status === 'booked',
    );

  it('books once and shows the booking when the first answer never reaches the browser', async () => {
    await login(page, 'operatore');
    await page.waitForURL('**/console');
    // The first booking request reaches the server, which books; its answer is dropped on the way back.
    let dropped = 0;
    await page.route('**/api/v1/appointments', async (route) => {
      if (route.request().method() !== 'POST' || dropped > 0) return route.continue();
      dropped++;
      const answer = await route.fetch();
      expect(answer.status()).toBe(201);
      await route.abort('connectionreset');
    });

    await page.getByLabel(/Numero di ricetta elettronica/).fill(nre);
    await page.keyboard.press('Enter');
    const first = page.getByTestId('availability').locator('button[data-slot]').first();
    await first.waitFor();
    await expectFocused(first);
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('button', { name: 'Conferma prenotazione' });
    await confirm.waitFor();
    await confirm.click();

    await page.getByText('Il server non risponde').waitFor();
    await page.getByTestId('retry-safe').waitFor();
    expect(dropped).toBe(1);
    // The server did book: the operator does not know it yet.
    const booked = await appointmentsOfTheNre();
    expect(booked).toHaveLength(1);
    await expectAccessible(page, 'the lost booking answer');
    await screenshot(page, 'retry-01-lost-answer');

    // The operator confirms again: the same intent, the same key, the first booking replayed.
    await confirm.click();
    const code = page.getByTestId('booking-code');
    await code.waitFor();
    expect(plain(await code.textContent())).toBe(booked[0]!.code);
    expect(await appointmentsOfTheNre()).toEqual(booked);
    await expectAccessible(page, 'the booking confirmed after a retry');
    await screenshot(page, 'retry-02-confirmed');
    expect(pageErrors(page)).toEqual([]);
  });
});
