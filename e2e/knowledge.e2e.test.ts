import { describe, expect, inject, it } from 'vitest';
import { expectAccessible, login, newPage, pageErrors, screenshot, useBrowser } from './support/browser.ts';
import { apiAs } from './support/data.ts';

/*
 * Issue 16 §4 (HD-7): a supervisor writes an information sheet; an operator finds it by the stems of
 * other words, says it was useful, and sees it suggested beside a ticket whose request speaks of it.
 */

const tag = `e2e${Date.now()}`;
const title = `Rimborso del bollo pagato due volte (${tag})`;

describe('the knowledge base in the browser', () => {
  const baseUrl = inject('baseUrl');
  const browser = useBrowser();

  it('the supervisor writes a sheet', async () => {
    const page = await newPage(browser(), baseUrl);
    await page.setViewportSize({ width: 1280, height: 720 });
    await login(page, 'supervisore');
    await page.getByRole('link', { name: 'Schede' }).click();
    await page.getByRole('button', { name: 'Nuova scheda' }).click();
    await page.getByLabel('Titolo').fill(title);
    await page
      .getByLabel('Testo')
      .fill(
        'Chi ha pagato due volte la tassa automobilistica chiede il rimborso all’ufficio tributi regionale, allegando le due ricevute.',
      );
    await page.getByLabel('Parole chiave (separate da virgole)').fill(`tributi, ${tag}`);
    await expectAccessible(page, 'writing an information sheet');
    await page.getByRole('button', { name: 'Pubblica' }).click();
    const sheet = page.getByTestId('sheet');
    await sheet.getByRole('heading', { name: title }).waitFor();
    expect(await sheet.textContent()).toContain('versione 1');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  it('the operator finds it by other forms of its words, rates it, and sees it beside a ticket', async () => {
    const page = await newPage(browser(), baseUrl);
    await page.setViewportSize({ width: 1280, height: 720 });
    await login(page, 'operatore');
    await page.goto('/schede');
    // "rimborsi" and "pagati" find "rimborso" and "pagato" (Italian stems); the tag narrows it to this run.
    await page.getByLabel('Cerca nelle schede').fill(`rimborsi pagati ${tag}`);
    await page.getByRole('button', { name: 'Cerca', exact: true }).click();
    await page.getByRole('button', { name: title }).click();
    const sheet = page.getByTestId('sheet');
    await sheet.waitFor();
    await sheet.getByRole('button', { name: 'Sì' }).click();
    await expect
      .poll(() => sheet.getByTestId('sheet-useful').textContent(), { timeout: 10_000 })
      .toBe('Utile per 1, non utile per 0.');
    await expectAccessible(page, 'an information sheet');
    await screenshot(page, '73-knowledge-sheet');

    const operator = await apiAs(baseUrl, 'operatore');
    const ticket = await operator<{ id: string; number: string; subject: string }>(
      'POST',
      '/api/v1/helpdesk/tickets',
      {
        queue: 'tributi',
        channel: 'phone',
        subject: `Bollo auto ${tag}`,
        body: 'Ho pagato due volte il bollo della macchina: come ottengo il rimborso?',
      },
    );
    await page.goto('/helpdesk');
    await page.getByRole('button', { name: `Apri il ticket ${ticket.number}: ${ticket.subject}` }).click();
    const suggested = page.getByTestId('suggested-sheets');
    await suggested.waitFor();
    expect(await suggested.getByRole('link', { name: title }).count()).toBe(1);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });
});
