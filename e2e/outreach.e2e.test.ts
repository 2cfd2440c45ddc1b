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
import { apiAs } from './support/data.ts';

interface Messages {
  label: string | null;
  items: { kind: string; status: string; text: string }[];
}

// OB-1: the demo plans reminders for the seeded appointments at start-up; a patient opens the link of
// one on a phone and confirms, another cancels; the CUP manager sees what was sent and answered.
describe('reminders in the browser: the patient’s link and the Messaggi page', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let tokens: string[];

  beforeAll(async () => {
    const manager = await apiAs(baseUrl, 'responsabile');
    const day = await manager<Messages>('GET', '/api/v1/outreach/messages');
    expect(day.label).toBe('simulazione');
    tokens = [
      ...new Set(
        day.items
          .filter((m) => m.kind === 'reminder' && m.status !== 'suppressed')
          .map((m) => /\/l\/(\S+)$/.exec(m.text)?.[1])
          .filter((t): t is string => t !== undefined),
      ),
    ];
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function phone(): Promise<Page> {
    const page = await newPage(browser, baseUrl);
    await page.setViewportSize({ width: 390, height: 844 });
    return page;
  }

  it('confirms an appointment from its link, on a phone, without logging in', async () => {
    const page = await phone();
    await page.goto(`/l/${tokens[0]}`);
    await page.getByRole('heading', { level: 1, name: 'Il suo appuntamento' }).waitFor();
    await page.getByText('Codice di prenotazione').waitFor();
    await expectAccessible(page, 'the reminder link page');
    await screenshot(page, 'outreach-01-link');
    await page.getByRole('button', { name: 'Confermo, ci sarò' }).click();
    await expect.poll(() => page.getByTestId('link-outcome').textContent()).toMatch(/^Confermato il /);
    // Opened again, the link remembers it.
    await page.reload();
    await expect.poll(() => page.getByTestId('link-outcome').textContent()).toMatch(/^Confermato il /);
    expect(pageErrors(page)).toEqual([]);
  });

  it('cancels only after asking once more, and gives the cancellation number', async () => {
    const page = await phone();
    await page.goto(`/l/${tokens[1]}`);
    await page.getByRole('button', { name: 'Disdico l’appuntamento' }).click();
    const question = page.getByRole('heading', { name: 'Vuole davvero disdire questo appuntamento?' });
    await question.waitFor();
    await expectAccessible(page, 'the cancellation question');
    await screenshot(page, 'outreach-02-cancel-question');
    await page.getByRole('button', { name: 'Sì, disdico' }).click();
    await expect
      .poll(() => page.getByTestId('link-outcome').textContent())
      .toMatch(/Numero di disdetta: ANN-[0-9A-Z]{4}-[0-9A-Z]{4}-\d+/);
    expect(await page.getByRole('button', { name: 'Disdico l’appuntamento' }).count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
  });

  it('refuses a tampered link in Italian', async () => {
    const page = await phone();
    const token = tokens[0]!;
    await page.goto(`/l/${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Il link non è valido');
  });

  it("shows the CUP manager the day's messages and the patients' answers, labelled simulazione", async () => {
    const page = await newPage(browser, baseUrl);
    await page.setViewportSize({ width: 1280, height: 720 });
    await login(page, 'responsabile');
    await page
      .getByRole('navigation', { name: 'Navigazione principale' })
      .getByRole('link', { name: 'Messaggi' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Messaggi ai pazienti' }).waitFor();
    expect(await page.getByRole('note').textContent()).toContain('Simulazione');
    const replies = page.getByRole('table', { name: 'Risposte dei pazienti' });
    await expect.poll(() => replies.textContent()).toContain('Appuntamento disdetto');
    expect(await replies.textContent()).toContain('Appuntamento confermato');
    await expectAccessible(page, 'the messages page');
    await screenshot(page, 'outreach-03-messages');
  });
});
