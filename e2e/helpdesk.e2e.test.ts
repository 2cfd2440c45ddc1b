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

/*
 * Issue 16, first part: a request written down at the front line becomes a ticket; the back office
 * waits on the citizen (the clock stops), takes it up again and passes it to the second level with the
 * reason; a supervisor reads it.
 */

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000 });
const subject = `Rimborso ticket ${Date.now()}`;

describe('the help desk in the browser', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let page: Page;
  let number: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newPage(browser, baseUrl);
    await page.setViewportSize({ width: 1280, height: 720 });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the operator writes a phoned-in request down as a ticket in its queue', async () => {
    await login(page, 'operatore');
    await page.getByRole('link', { name: 'Help desk' }).click();
    await page.getByRole('heading', { name: 'Help desk: richieste e ticket' }).waitFor();
    await page.getByRole('button', { name: 'Nuovo ticket' }).click();
    await page.getByLabel('Coda').first().selectOption({ label: 'Tributi regionali' });
    await page.getByLabel('Canale').selectOption('email');
    await page.getByLabel('Oggetto').fill(subject);
    await page
      .getByLabel('Richiesta (con le parole del cittadino)')
      .fill('Ho pagato due volte il ticket della visita.');
    await page.getByLabel('Nome del richiedente').fill('Lucia Bianchi');
    await page.getByLabel('E-mail').fill('lucia.bianchi@example.it');
    await expectAccessible(page, 'the new ticket form');
    await page.getByRole('button', { name: 'Apri il ticket', exact: true }).click();
    const detail = page.getByTestId('ticket');
    await detail.waitFor();
    const title = (await detail.getByRole('heading', { level: 2 }).textContent()) ?? '';
    number = /#\d+/.exec(title)![0];
    expect(title).toContain(subject);
    // A written request: 24 counted hours, just started.
    expect(await detail.getByTestId('ticket-clock').textContent()).toMatch(/restano (23 h \d+|24 h 0) min/);
    // The front line writes it down but does not work it.
    expect(await detail.getByRole('button', { name: /^Segna/ }).count()).toBe(0);
    await screenshot(page, '70-helpdesk-new-ticket');
    expect(pageErrors(page)).toEqual([]);
  });

  it('the back office waits on the citizen, takes it up again and escalates it with the reason', async () => {
    const office = await newPage(browser, baseUrl);
    await office.setViewportSize({ width: 1280, height: 720 });
    await login(office, 'backoffice');
    await office.goto('/helpdesk');
    await office.getByRole('button', { name: `Apri il ticket ${number}: ${subject}` }).click();
    const detail = office.getByTestId('ticket');
    await detail.waitFor();
    await detail.getByRole('button', { name: 'Segna: in attesa del cittadino' }).click();
    await poll(() => detail.getByTestId('ticket-state').textContent()).toBe('in attesa del cittadino');
    expect(await detail.getByTestId('ticket-clock').textContent()).toContain('in pausa');
    await detail.getByRole('button', { name: 'Segna: in lavorazione' }).click();
    await poll(() => detail.getByTestId('ticket-state').textContent()).toBe('in lavorazione');
    // Without a reason the escalation is refused on its field.
    await detail
      .getByLabel('Al livello', { exact: true })
      .selectOption({ label: 'secondo livello (uffici regionali)' });
    await detail.getByRole('button', { name: 'Passa al livello superiore' }).click();
    const reason = detail.getByLabel('Perché il livello attuale non può risolverlo');
    await poll(() => reason.getAttribute('aria-invalid')).toBe('true');
    await reason.fill("Il rimborso lo dispone l'ufficio tributi della Regione");
    await detail.getByRole('button', { name: 'Passa al livello superiore' }).click();
    await poll(() => detail.getByTestId('ticket-history').textContent()).toContain(
      'Passato a: secondo livello (uffici regionali)',
    );
    await detail.getByLabel('Nota interna', { exact: true }).fill('Inviata copia delle due ricevute');
    await detail.getByRole('button', { name: 'Aggiungi la nota' }).click();
    await poll(() => detail.getByTestId('ticket-history').textContent()).toContain(
      'Inviata copia delle due ricevute',
    );
    await expectAccessible(office, 'a ticket being worked');
    await screenshot(office, '71-helpdesk-escalated');
    expect(pageErrors(office)).toEqual([]);
    await office.close();
  });

  it('the supervisor finds it at the second level, with its four-hour clock', async () => {
    const supervisor = await apiAs(baseUrl, 'supervisore');
    const { tickets } = await supervisor<{
      tickets: { number: string; level: number; clock: { budgetMinutes: number } }[];
    }>('GET', '/api/v1/helpdesk/tickets?level=2');
    const mine = tickets.find((t) => t.number === number);
    expect(mine).toMatchObject({ level: 2, clock: { budgetMinutes: 240 } });
  });
});
