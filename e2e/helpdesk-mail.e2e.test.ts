import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
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

/*
 * Issue 16: a citizen's e-mail arrives in the region's mailbox (a real Dovecot, read by IMAP IDLE), the
 * back office finds it as a ticket with its attachment and its acknowledgement, passes it to the second
 * level, which resolves it with the outcome; the citizen finds the outcome e-mail, in the thread, in
 * their own mailbox (sent through a real SMTP server).
 */

const subject = `Bollo auto addebitato due volte ${Date.now()}`;
const citizen = `lucia${Date.now()}`;

describe('the help desk from an e-mail to the outcome e-mail', () => {
  const baseUrl = inject('baseUrl');
  const port = inject('dovecotPort');
  let browser: Browser;
  let page: Page;

  const imap = async (user: string) => {
    const c = new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      auth: { user, pass: 'secret' },
      logger: false,
    });
    c.on('error', () => {});
    await c.connect();
    return c;
  };
  /** The citizen's mailbox, parsed, oldest first. */
  const inbox = async () => {
    const c = await imap(citizen);
    try {
      const lock = await c.getMailboxLock('INBOX');
      try {
        const raws: Buffer[] = [];
        for await (const m of c.fetch('1:*', { source: true })) if (m.source) raws.push(m.source);
        return Promise.all(raws.map((r) => simpleParser(r)));
      } finally {
        lock.release();
      }
    } catch {
      return []; // no mailbox yet: nothing delivered
    } finally {
      await c.logout();
    }
  };

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newPage(browser, baseUrl);
    await page.setViewportSize({ width: 1280, height: 720 });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('turns the e-mail into a ticket the back office finds with its attachment and acknowledgement', async () => {
    const raw = await new MailComposer({
      from: `Lucia Verdi <${citizen}@cittadini.example>`,
      to: 'tributi@regione.example',
      subject,
      text: 'Buongiorno, il bollo auto mi è stato addebitato due volte. Allego la ricevuta.',
      attachments: [
        { filename: 'ricevuta.pdf', content: Buffer.from('%PDF-1.4 e2e'), contentType: 'application/pdf' },
      ],
    })
      .compile()
      .build();
    const region = await imap('tributi');
    await region.append('INBOX', raw);
    await region.logout();

    await login(page, 'backoffice');
    await page.goto('/helpdesk');
    const open = page.getByRole('button', { name: new RegExp(`Apri il ticket #\\d+: ${subject}`) });
    // The reader takes it at once (IDLE); the list is read again on each reload.
    await expect
      .poll(
        async () => {
          if ((await open.count()) > 0) return true;
          await page.reload();
          await page.getByRole('heading', { name: 'Help desk: richieste e ticket' }).waitFor();
          return (await open.count()) > 0;
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe(true);
    await open.click();
    const detail = page.getByTestId('ticket');
    await detail.waitFor();
    const thread = detail.getByTestId('ticket-thread');
    expect(await thread.getByRole('link', { name: 'ricevuta.pdf' }).count()).toBe(1);
    // The acknowledgement went out through SMTP into the citizen's mailbox.
    await expect.poll(async () => (await inbox()).length, { timeout: 30_000 }).toBe(1);
    const [ack] = await inbox();
    expect(ack!.subject).toMatch(new RegExp(`^\\[Sportello #\\d+\\] ${subject}$`));
    expect(ack!.headers.get('auto-submitted')).toBe('auto-replied');
    expect(pageErrors(page)).toEqual([]);
  });

  it('the second level resolves it, and the citizen receives the outcome in the same thread', async () => {
    const detail = page.getByTestId('ticket');
    await detail
      .getByLabel('Al livello', { exact: true })
      .selectOption({ label: 'secondo livello (uffici regionali)' });
    await detail
      .getByLabel('Perché il livello attuale non può risolverlo')
      .fill('Il rimborso lo dispone l’ufficio tributi della Regione');
    await detail.getByRole('button', { name: 'Passa al livello superiore' }).click();
    await expect
      .poll(() => detail.getByTestId('ticket-history').textContent(), { timeout: 15_000 })
      .toContain('Passato a: secondo livello (uffici regionali)');
    // The first level hands over: it can no longer answer or resolve it.
    expect(await detail.getByRole('button', { name: "Risolvi e invia l'esito" }).count()).toBe(0);
    const number = /#\d+/.exec((await detail.getByRole('heading', { level: 2 }).textContent()) ?? '')![0];

    // The regional office (CC-11), from outside the centre, lands on its tickets.
    const office = await newPage(browser, baseUrl);
    await office.setViewportSize({ width: 1280, height: 720 });
    await login(office, 'secondolivello');
    await office.getByRole('heading', { name: 'Help desk: richieste e ticket' }).waitFor();
    expect(await office.getByRole('link', { name: 'Console operatore' }).count()).toBe(0);
    await office.getByRole('button', { name: `Apri il ticket ${number}: ${subject}` }).click();
    expect(pageErrors(page)).toEqual([]);
    await page.close();
    page = office;
    const desk = office.getByTestId('ticket');
    await desk.waitFor();
    await desk
      .getByLabel('Messaggio al cittadino')
      .fill('Il rimborso di 96,60 euro è stato disposto: lo riceverà entro 30 giorni.');
    await expectAccessible(office, 'a ticket with its e-mail thread, at the second level');
    await desk.getByRole('button', { name: "Risolvi e invia l'esito" }).click();
    await expect
      .poll(() => desk.getByTestId('ticket-state').textContent(), { timeout: 15_000 })
      .toBe('risolto');
    await expect.poll(async () => (await inbox()).length, { timeout: 30_000 }).toBe(2);
    const [ack, outcome] = await inbox();
    expect(outcome!.text).toContain('Il rimborso di 96,60 euro è stato disposto');
    expect(outcome!.subject).toBe(ack!.subject);
    expect(outcome!.references).toContain(ack!.messageId);
    await screenshot(page, '72-helpdesk-email-outcome');
    expect(pageErrors(page)).toEqual([]);
  });
});
