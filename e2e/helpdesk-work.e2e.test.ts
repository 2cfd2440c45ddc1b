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
 * Issue 16, the back office's tools: a scanned letter uploaded as a ticket, the citizen's earlier
 * e-mail found beside it and merged in, an answer template the supervisor wrote dropped into the
 * answer, the inbox worked from the keyboard, and the privacy officer's legal hold.
 */

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000 });
const run = Date.now();
const email = `paolo.verdi.${run}@example.it`;
const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe('the back office works tickets in the browser', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let page: Page;
  let earlier: { id: string; number: string };
  let letter: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newPage(browser, baseUrl);
    await page.setViewportSize({ width: 1280, height: 720 });
    // The citizen first wrote by e-mail (opened over the API, as the mailbox reader would).
    const operator = await apiAs(baseUrl, 'operatore');
    earlier = await operator('POST', '/api/v1/helpdesk/tickets', {
      queue: 'tributi',
      channel: 'email',
      subject: `Bollo auto doppio ${run}`,
      body: 'Ho pagato il bollo auto due volte.',
      requester: { name: 'Paolo Verdi', email },
    });
    const supervisor = await apiAs(baseUrl, 'supervisore');
    await supervisor('POST', '/api/v1/helpdesk/macros', {
      title: `Presa in carico ${run}`,
      body: 'Gentile {{nome}}, la sua richiesta {{numero}} è in carico all’ufficio {{coda}}.',
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('uploads a scanned letter as a ticket with its document', async () => {
    await login(page, 'backoffice');
    await page.goto('/helpdesk');
    await page.getByRole('heading', { name: 'Help desk: richieste e ticket' }).waitFor();
    await page.getByRole('button', { name: 'Nuovo ticket' }).click();
    await page.getByLabel('Coda').first().selectOption({ label: 'Tributi regionali' });
    await page.getByLabel('Canale').selectOption('letter');
    await page.getByLabel('Oggetto').fill(`Sollecito per posta ${run}`);
    await page
      .getByLabel('Richiesta (con le parole del cittadino)')
      .fill('Sollecito con la copia dei versamenti.');
    await page.getByLabel('Nome del richiedente').fill('Paolo Verdi');
    await page.getByLabel('E-mail').fill(email);
    // A document the allow-list refuses first: said on its field, nothing opened.
    const documents = page.getByLabel(/^Documenti/);
    await documents.setInputFiles({ name: 'macro.exe', mimeType: 'application/octet-stream', buffer: pdf });
    await page.getByRole('button', { name: 'Apri il ticket', exact: true }).click();
    await poll(() => documents.getAttribute('aria-invalid')).toBe('true');
    await documents.setInputFiles({ name: 'lettera.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByRole('button', { name: 'Apri il ticket', exact: true }).click();
    const detail = page.getByTestId('ticket');
    await detail.waitFor();
    letter = /#\d+/.exec((await detail.getByRole('heading', { level: 2 }).textContent()) ?? '')![0];
    await poll(() => detail.textContent()).toContain('lettera.pdf');
    expect(pageErrors(page)).toEqual([]);
  });

  it("finds the citizen's earlier e-mail beside the letter and merges it in", async () => {
    const detail = page.getByTestId('ticket');
    const contacts = detail.getByTestId('citizen-contacts');
    await contacts
      .getByRole('button', { name: `Apri il ticket ${earlier.number}: Bollo auto doppio ${run}` })
      .waitFor();
    await expectAccessible(page, "a ticket with the citizen's other tickets");
    await contacts.getByRole('button', { name: `Unisci qui il duplicato ${earlier.number}` }).click();
    await contacts.getByRole('button', { name: 'Unisci', exact: true }).click();
    await poll(() => detail.getByTestId('ticket-links').textContent()).toContain(
      `Duplicato unito: ${earlier.number}`,
    );
    // The kept ticket counts from the earlier request.
    const backoffice = await apiAs(baseUrl, 'backoffice');
    const kept = await backoffice<{ receivedAt: string }>(
      'GET',
      `/api/v1/helpdesk/tickets/${letter.slice(1)}`,
    );
    const dup = await backoffice<{ receivedAt: string; mergedInto: string }>(
      'GET',
      `/api/v1/helpdesk/tickets/${earlier.id}`,
    );
    expect(dup.mergedInto).toBe(letter.slice(1));
    expect(kept.receivedAt).toBe(dup.receivedAt);
  });

  it("drops the supervisor's template into the answer, with the ticket's values in", async () => {
    const detail = page.getByTestId('ticket');
    await detail.getByLabel('Risposta predefinita').selectOption({ label: `Presa in carico ${run}` });
    await poll(() => detail.getByLabel('Messaggio al cittadino').inputValue()).toBe(
      `Gentile Paolo Verdi, la sua richiesta ${letter} è in carico all’ufficio Tributi regionali.`,
    );
    // The keyboard: Alt+M to the note, Alt+I back to the answer.
    await page.keyboard.press('Alt+KeyM');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(
      await detail.getByLabel('Nota interna', { exact: true }).getAttribute('id'),
    );
    await page.keyboard.press('Alt+KeyI');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(
      await detail.getByLabel('Messaggio al cittadino').getAttribute('id'),
    );
    await expectAccessible(page, 'a ticket with its answer template');
    await screenshot(page, '74-helpdesk-merged-template');
    expect(pageErrors(page)).toEqual([]);
  });

  it('the privacy officer puts the ticket under legal hold and lifts it', async () => {
    const privacy = await newPage(browser, baseUrl);
    await privacy.setViewportSize({ width: 1280, height: 720 });
    await login(privacy, 'privacy');
    await privacy.goto('/privacy');
    const panel = privacy.getByTestId('legal-hold');
    await panel.getByLabel('Numero del ticket').fill(letter);
    await panel.getByRole('button', { name: 'Cerca il ticket' }).click();
    await poll(() => panel.getByTestId('legal-hold-state').textContent()).toContain('nessun blocco legale');
    await panel.getByLabel(/Procedimento/).fill('Ricorso al TAR n. 77/2026');
    await panel.getByRole('button', { name: 'Metti sotto blocco legale' }).click();
    await poll(() => panel.getByTestId('legal-hold-state').textContent()).toContain(
      'Ricorso al TAR n. 77/2026',
    );
    await expectAccessible(privacy, 'the legal hold');
    await panel.getByRole('button', { name: 'Togli il blocco legale' }).click();
    await poll(() => panel.getByTestId('legal-hold-state').textContent()).toContain('nessun blocco legale');
    expect(pageErrors(privacy)).toEqual([]);
    await privacy.close();
  });

  it('an outside department opens the link it was e-mailed, reads the case and answers, no login', async () => {
    const backoffice = await apiAs(baseUrl, 'backoffice');
    const second = await apiAs(baseUrl, 'secondolivello');
    const t = await backoffice<{ id: string }>('POST', '/api/v1/helpdesk/tickets', {
      queue: 'tributi',
      channel: 'email',
      subject: `Esenzione veicolo adattato ${run}`,
      body: 'Chiedo l’esenzione dal bollo per il veicolo adattato.',
      requester: { email },
    });
    await backoffice('POST', `/api/v1/helpdesk/tickets/${t.id}/actions`, {
      type: 'escalate',
      level: 2,
      reason: 'Decide l’ufficio regionale',
    });
    const sent = await second<{ messages: { kind: string; body: string }[] }>(
      'POST',
      `/api/v1/helpdesk/tickets/${t.id}/actions`,
      {
        type: 'escalate',
        level: 3,
        reason: 'Il certificato lo rilascia la Motorizzazione',
        department: 'Motorizzazione civile',
        departmentEmail: 'mctc@example.gov.it',
      },
    );
    const link = /\/terzo-livello\/[A-Za-z0-9_-]+/.exec(
      sent.messages.find((m) => m.kind === 'referral')!.body,
    )![0];
    const outside = await browser.newContext({ baseURL: baseUrl });
    const dept = await outside.newPage();
    await dept.setViewportSize({ width: 1280, height: 720 });
    await dept.goto(link);
    await dept.getByRole('heading', { name: `Richiesta #${t.id} dal contact center regionale` }).waitFor();
    expect(await dept.getByText('Chiedo l’esenzione dal bollo per il veicolo adattato.').isVisible()).toBe(
      true,
    );
    await expectAccessible(dept, "the third level's page");
    await dept
      .getByLabel('La vostra risposta')
      .fill('Certificato rilasciato il 2 dicembre, protocollo 4411.');
    await dept.getByRole('button', { name: 'Invia la risposta' }).click();
    await poll(() => dept.getByTestId('referral-answers').textContent()).toContain('protocollo 4411');
    await screenshot(dept, '75-helpdesk-third-level');
    await outside.close();
    const back = await second<{ state: string; referral: { openedAt: string; answeredAt: string } }>(
      'GET',
      `/api/v1/helpdesk/tickets/${t.id}`,
    );
    expect(back.state).toBe('open');
    expect(back.referral.openedAt).toBeTruthy();
    expect(back.referral.answeredAt).toBeTruthy();
  });
});
