import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../../test/databases.ts';
import { TestDovecot } from '../../../../test/dovecot.ts';
import { pecEnvelope } from '../../../../test/pec-envelope.ts';
import { buildApp } from '../../../app.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { loadConfig } from '../../../platform/config.ts';
import type { App } from '../../../platform/http.ts';
import { createLogger } from '../../../platform/logger.ts';
import { SimulatedGateway } from '../../messaging/index.ts';
import { type HelpdeskMailRunner, startHelpdeskMail } from '../helpdesk.jobs.ts';
import { type HelpdeskMail, helpdeskMailSettings } from './mail.service.ts';

type Headers = { authorization: string; 'content-type': string };
const compose = (o: ConstructorParameters<typeof MailComposer>[0]) => new MailComposer(o).compile().build();

/**
 * Issue 16 §1: the help desk's e-mail against real peers started here — Debian's Dovecot holding the
 * mailboxes (read by the same ImapReader the server runs) and an SMTP server receiving what is sent —
 * with messages shaped like those of common clients.
 */
// Skipped only off CI on a machine without Dovecot (the test set-up installs it: scripts/test-setup.mjs).
describe.skipIf(!TestDovecot.available() && !process.env.CI)('help-desk e-mail over IMAP and SMTP', () => {
  let t: TestDatabase;
  let app: App;
  let dovecot: TestDovecot;
  let smtp: SMTPServer;
  let runner: HelpdeskMailRunner;
  let mail: HelpdeskMail;
  let backoffice: Headers;
  let secondLevel: Headers;
  let operator: Headers;
  const sent: { from: string; to: string[]; mail: ParsedMail }[] = [];
  // Thursday 3 December 2026, 10:00 in Rome.
  const clock = new ManualClock('2026-12-03T09:00:00Z');

  beforeAll(async () => {
    dovecot = await new TestDovecot().start();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((m) => {
            sent.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              mail: m,
            });
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
    const config = loadConfig({
      JOBS: 'off',
      LOG_LEVEL: 'silent',
      HELPDESK_MAILBOXES: JSON.stringify([
        {
          name: 'tributi',
          queue: 'tributi',
          address: 'tributi@regione.example',
          imap: dovecot.url('tributi'),
        },
        {
          name: 'pec',
          queue: 'pec',
          address: 'cup@pec.regione.example',
          imap: dovecot.url('pec'),
          smtp: smtpUrl,
          pec: true,
        },
      ]),
    });
    mail = helpdeskMailSettings(config, 'a-link-secret-of-at-least-32-characters!');
    t = await createPgliteDatabase();
    app = await buildApp({
      db: t.db,
      dbKind: 'pglite',
      clock,
      config,
      log: createLogger('silent'),
      helpdesk: mail,
    });
    await app.ready();
    const { SmtpGateway } = await import('../../messaging/index.ts');
    runner = startHelpdeskMail({
      db: t.db,
      clock,
      log: createLogger('silent'),
      mail,
      email: new SmtpGateway({ url: smtpUrl, from: 'assistenza@regione.example' }),
      pollMs: 60_000,
      run: false,
    });
    backoffice = await loginAs(app, t.db, clock, ['backoffice']);
    operator = await loginAs(app, t.db, clock, ['operator']);
    secondLevel = await loginAs(app, t.db, clock, ['second-level']);
  }, 60_000);
  afterAll(async () => {
    await runner?.stop();
    await app?.close();
    await t?.drop();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
    await dovecot?.stop();
  });

  const drain = (box: string) => runner.readers.get(box)!.drainOnce();
  const ticket = async (id: string) =>
    (await app.inject({ method: 'GET', url: `/api/v1/helpdesk/tickets/${id}`, headers: backoffice })).json();
  const tickets = async () =>
    (
      await app.inject({ method: 'GET', url: '/api/v1/helpdesk/tickets?queue=tributi', headers: backoffice })
    ).json().tickets as { id: string; subject: string }[];
  const act = (id: string, payload: object, headers = backoffice) =>
    app.inject({ method: 'POST', url: `/api/v1/helpdesk/tickets/${id}/actions`, headers, payload });
  const lastSentTo = (address: string) => sent.filter((s) => s.to.includes(address)).at(-1)!;

  let first: { id: string };
  let ack: ParsedMail;

  it('turns a new e-mail into a ticket of the mailbox’s queue, keeps allowed attachments, refuses the rest, and acknowledges it in its thread', async () => {
    await dovecot.append(
      'tributi',
      await compose({
        from: 'Maria Rossi <maria.rossi@gmail.com>',
        to: 'tributi@regione.example',
        subject: 'Bollo auto pagato due volte',
        messageId: '<CAGmail-first-001@mail.gmail.com>',
        text: 'Buongiorno, ho pagato il bollo auto due volte. Allego la ricevuta.',
        attachments: [
          {
            filename: 'ricevuta.pdf',
            content: Buffer.from('%PDF-1.4 ricevuta'),
            contentType: 'application/pdf',
          },
          { filename: 'programma.exe', content: Buffer.from('MZ'), contentType: 'application/octet-stream' },
        ],
      }),
    );
    expect(await drain('tributi')).toBe(1);
    const list = await tickets();
    expect(list).toHaveLength(1);
    first = list[0]!;
    const view = await ticket(first.id);
    expect(view).toMatchObject({
      queue: 'tributi',
      channel: 'email',
      state: 'new',
      subject: 'Bollo auto pagato due volte',
      requester: { name: 'Maria Rossi', email: 'maria.rossi@gmail.com' },
      clock: { budgetMinutes: 24 * 60 },
    });
    expect(view.attachments).toMatchObject([
      { filename: 'ricevuta.pdf', contentType: 'application/pdf', refused: null },
      { filename: 'programma.exe', refused: 'type not accepted (.exe)', scan: 'refused' },
    ]);
    const pdf = await app.inject({
      method: 'GET',
      url: `/api/v1/helpdesk/tickets/${first.id}/attachments/${view.attachments[0].id}`,
      headers: backoffice,
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-disposition']).toBe('attachment; filename="ricevuta.pdf"');
    expect(pdf.body).toBe('%PDF-1.4 ricevuta');
    const exe = await app.inject({
      method: 'GET',
      url: `/api/v1/helpdesk/tickets/${first.id}/attachments/${view.attachments[1].id}`,
      headers: backoffice,
    });
    expect(exe.statusCode).toBe(409);

    // The acknowledgement, sent through SMTP, in the thread and marked automatic (RFC 3834).
    expect(await runner.sendNow()).toBe(1);
    ack = lastSentTo('maria.rossi@gmail.com').mail;
    expect(ack.subject).toBe(`[Sportello #${first.id}] Bollo auto pagato due volte`);
    expect(ack.inReplyTo).toBe('<CAGmail-first-001@mail.gmail.com>');
    expect(ack.messageId).toMatch(
      new RegExp(`^<sportello\\.t${first.id}\\.[0-9a-f]+\\.[a-z0-9]{10}@regione\\.example>$`),
    );
    expect(ack.headers.get('auto-submitted')).toBe('auto-replied');
    expect(ack.replyTo?.value[0]?.address).toMatch(
      new RegExp(`^tributi\\+t${first.id}-[a-z0-9]{10}@regione\\.example$`),
    );
    expect(ack.text).toContain(`numero #${first.id}`);
    expect(ack.text).toMatch(new RegExp(`\\[Rif\\. Sportello #${first.id}-[a-z0-9]{10}\\]`));
    // Read messages are flagged \Seen for the people who also open the mailbox.
    expect([...(await dovecot.flags('tributi')).values()].every((f) => f.has('\\Seen'))).toBe(true);
  });

  it('threads a Gmail reply by the reply token in the address it was sent to', async () => {
    await dovecot.append(
      'tributi',
      await compose({
        from: 'Maria Rossi <maria.rossi@gmail.com>',
        to: ack.replyTo!.value[0]!.address!,
        subject: `Re: ${ack.subject}`,
        inReplyTo: ack.messageId,
        references: ['<CAGmail-first-001@mail.gmail.com>', ack.messageId!],
        text: `Ecco anche il secondo pagamento.\n\nIl giorno gio 3 dic 2026 alle 10:00 <tributi@regione.example> ha scritto:\n${ack
          .text!.split('\n')
          .map((l) => `> ${l}`)
          .join('\n')}`,
      }),
    );
    expect(await drain('tributi')).toBe(1);
    const view = await ticket(first.id);
    expect(
      view.messages.map((m: { kind: string; threadLayer: string | null }) => [m.kind, m.threadLayer]),
    ).toEqual([
      ['ticket', null],
      ['acknowledgement', null],
      ['reply', 'reply-token'],
    ]);
    expect(await tickets()).toHaveLength(1);
  });

  it('threads a reply that kept only In-Reply-To (the address rewritten by a forwarder)', async () => {
    await dovecot.append(
      'tributi',
      await compose({
        from: 'maria.rossi@gmail.com',
        to: 'tributi@regione.example',
        subject: 'Re: bollo',
        inReplyTo: ack.messageId,
        text: 'Ho trovato anche la terza ricevuta.',
      }),
    );
    await drain('tributi');
    expect((await ticket(first.id)).messages.at(-1)).toMatchObject({
      kind: 'reply',
      threadLayer: 'references',
    });
  });

  it('threads an Outlook reply without In-Reply-To or References by the marker in its quoted text', async () => {
    const marker = /\[Rif\. Sportello #\d+-[a-z0-9]{10}\]/.exec(ack.text!)![0];
    await dovecot.append(
      'tributi',
      await compose({
        // A relative writing from another address, Outlook's quoting (no ">"), the tag gone from the subject.
        from: 'Giulia Rossi <giulia.rossi@outlook.it>',
        to: 'tributi@regione.example',
        subject: 'R: pratica bollo di mia madre',
        headers: { 'Thread-Topic': 'pratica bollo', 'Thread-Index': 'AdnFhq0lC4gE4m7uS3q1' },
        text: `Scrivo per conto di mia madre: il secondo addebito è del 2 dicembre.\n\n________________________________\nDa: tributi@regione.example\nInviato: giovedì 3 dicembre 2026 10:00\nA: Maria Rossi\nOggetto: ${ack.subject}\n\nGentile utente,\nla sua richiesta è stata registrata.\n--\n${marker}`,
      }),
    );
    await drain('tributi');
    expect((await ticket(first.id)).messages.at(-1)).toMatchObject({
      kind: 'reply',
      threadLayer: 'body-marker',
      from: 'giulia.rossi@outlook.it',
    });
    expect(await tickets()).toHaveLength(1);
  });

  it('threads a forwarded reply by its subject tag only when it comes from the requester; a stranger opens a new ticket', async () => {
    await dovecot.append(
      'tributi',
      await compose({
        from: 'Maria Rossi <maria.rossi@gmail.com>',
        to: 'tributi@regione.example',
        subject: `Fwd: [Sportello #${first.id}] Bollo auto pagato due volte`,
        text: '---------- Forwarded message ---------\nDa: Banca\nOggetto: addebito\n\nAddebito del 2 dicembre.',
      }),
      await compose({
        from: 'someone@example.net',
        to: 'tributi@regione.example',
        subject: `[Sportello #${first.id}] anche io`,
        text: 'Ho lo stesso problema con il bollo.',
      }),
    );
    await drain('tributi');
    const view = await ticket(first.id);
    expect(view.messages.filter((m: { kind: string }) => m.kind === 'reply').at(-1)).toMatchObject({
      threadLayer: 'subject-tag',
      from: 'maria.rossi@gmail.com',
    });
    const list = await tickets();
    expect(list).toHaveLength(2);
    expect(list.find((x) => x.id !== first.id)!.subject).toBe(`[Sportello #${first.id}] anche io`);
  });

  it('keeps auto-replies, bounces and its own mail aside: no ticket, no answer, no loop', async () => {
    // The stranger's new ticket was acknowledged; what follows must add nothing.
    expect(await runner.sendNow()).toBe(1);
    const before = sent.length;
    const ticketsBefore = (await tickets()).length;
    const historyBefore = (await ticket(first.id)).messages.length;
    await dovecot.append(
      'tributi',
      await compose({
        from: 'maria.rossi@gmail.com',
        to: ack.replyTo!.value[0]!.address!,
        subject: 'Risposta automatica: Bollo auto pagato due volte',
        headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' },
        text: 'Sono fuori ufficio fino al 10 dicembre.',
      }),
      `From: MAILER-DAEMON@mx.example.net\r\nTo: tributi@regione.example\r\nSubject: Undelivered Mail Returned to Sender\r\nMessage-ID: <bounce-1@mx.example.net>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nThe mail could not be delivered.\r\n--b1\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.net\r\n\r\nFinal-Recipient: rfc822; nobody@example.net\r\nAction: failed\r\nStatus: 5.1.1\r\n--b1--\r\n`,
      await compose({
        from: 'tributi@regione.example',
        to: 'tributi@regione.example',
        subject: 'loop',
        text: 'our own',
      }),
    );
    expect(await drain('tributi')).toBe(3);
    expect((await tickets()).length).toBe(ticketsBefore);
    expect((await ticket(first.id)).messages.length).toBe(historyBefore);
    await runner.sendNow();
    expect(sent.length).toBe(before);
    const kinds = await t.db
      .selectFrom('helpdesk_message')
      .select('disposition')
      .where('ticket_id', 'is', null)
      .orderBy('id')
      .execute();
    expect(kinds.map((k) => k.disposition)).toEqual(['auto-reply', 'bounce', 'own']);
  });

  it('reads each message once: a restart of the reader and the same message in another mailbox add nothing', async () => {
    expect(await drain('tributi')).toBe(0);
    const count = async () =>
      Number(
        (
          await t.db
            .selectFrom('helpdesk_message')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const n = await count();
    // The reader forgets where it was (a lost position): every message is handed over again and refused.
    await t.db.deleteFrom('helpdesk_mailbox').execute();
    expect(await drain('tributi')).toBe(9);
    expect(await count()).toBe(n);
  });

  it('unwraps a PEC envelope: the citizen’s message and attachments, the certification data, and the answer by PEC', async () => {
    const inner = await compose({
      from: 'mario.bianchi@pec.it',
      to: 'cup@pec.regione.example',
      subject: 'Richiesta rimborso ticket',
      messageId: '<pec-inner-1@pec.it>',
      text: 'Chiedo il rimborso del ticket pagato per una visita non eseguita.',
      attachments: [
        { filename: 'fattura.pdf', content: Buffer.from('%PDF-1.4 fattura'), contentType: 'application/pdf' },
      ],
    });
    await dovecot.append(
      'pec',
      await pecEnvelope({
        inner,
        sender: 'mario.bianchi@pec.it',
        to: 'cup@pec.regione.example',
        subject: 'Richiesta rimborso ticket',
        provider: 'ARUBA PEC S.p.A.',
        providerAddress: 'posta-certificata@pec.aruba.it',
        day: '03/12/2026',
        time: '09:15:00',
        zone: '+0100',
        identifier: 'opec210.20261203091500.1234.05.1.1@pec.aruba.it',
        messageId: '<pec-inner-1@pec.it>',
      }),
      // The provider's receipt of our answer is no request.
      await compose({
        from: 'posta-certificata@pec.aruba.it',
        to: 'cup@pec.regione.example',
        subject: 'CONSEGNA: Re: Richiesta rimborso ticket',
        headers: { 'X-Ricevuta': 'avvenuta-consegna' },
        text: 'Ricevuta di avvenuta consegna',
      }),
    );
    expect(await drain('pec')).toBe(2);
    const list = (
      await app.inject({ method: 'GET', url: '/api/v1/helpdesk/tickets?queue=pec', headers: backoffice })
    ).json().tickets;
    expect(list).toHaveLength(1);
    const view = await ticket(list[0].id);
    expect(view).toMatchObject({
      channel: 'pec',
      subject: 'Richiesta rimborso ticket',
      requester: { email: 'mario.bianchi@pec.it' },
      // The clock starts when the sender's provider took it, as certified: 09:15 in Rome.
      receivedAt: '2026-12-03T08:15:00.000Z',
      pec: {
        sender: 'mario.bianchi@pec.it',
        provider: 'ARUBA PEC S.p.A.',
        sentAt: '2026-12-03T09:15:00+01:00',
        identifier: 'opec210.20261203091500.1234.05.1.1@pec.aruba.it',
        messageId: '<pec-inner-1@pec.it>',
      },
    });
    expect(view.attachments.map((a: { filename: string }) => a.filename)).toEqual(['fattura.pdf']);
    const receipts = await t.db
      .selectFrom('helpdesk_message')
      .select('disposition')
      .where('mailbox', '=', 'pec')
      .where('ticket_id', 'is', null)
      .execute();
    expect(receipts.map((r) => r.disposition)).toEqual(['pec-receipt']);
    // The answer leaves by the PEC mailbox's own SMTP, from its address.
    await runner.sendNow();
    const out = lastSentTo('mario.bianchi@pec.it');
    expect(out.from).toBe('cup@pec.regione.example');
    expect(out.mail.subject).toBe(`[Sportello #${view.id}] Richiesta rimborso ticket`);
  });

  it('tells the citizen a higher level’s outcome by e-mail, and a reply after it reopens the ticket', async () => {
    const escalated = await act(first.id, {
      type: 'escalate',
      level: 2,
      reason: 'Il rimborso del doppio pagamento spetta all’ufficio tributi regionale',
    });
    expect(escalated.statusCode).toBe(200);
    // The second level (the regional offices, CC-11) resolves it; the first level no longer may.
    expect((await act(first.id, { type: 'move', to: 'resolved', reply: 'x' })).statusCode).toBe(403);
    const missing = await act(first.id, { type: 'move', to: 'resolved' }, secondLevel);
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.field).toBe('reply');
    const resolved = await act(
      first.id,
      {
        type: 'move',
        to: 'resolved',
        reply: 'Il rimborso di 120,50 euro è stato disposto e arriverà entro 30 giorni.',
      },
      secondLevel,
    );
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json().state).toBe('resolved');
    await runner.sendNow();
    const outcome = lastSentTo('maria.rossi@gmail.com').mail;
    expect(outcome.text).toContain('Il rimborso di 120,50 euro è stato disposto');
    expect(outcome.headers.get('auto-submitted')).toBeUndefined();
    expect(outcome.references).toContain('<CAGmail-first-001@mail.gmail.com>');

    await dovecot.append(
      'tributi',
      await compose({
        from: 'maria.rossi@gmail.com',
        to: outcome.replyTo!.value[0]!.address!,
        subject: `Re: ${outcome.subject}`,
        inReplyTo: outcome.messageId,
        text: 'Non ho ancora ricevuto nulla.',
      }),
    );
    await drain('tributi');
    const view = await ticket(first.id);
    expect(view.state).toBe('open');
    expect(view.resolvedAt).toBeNull();
  });

  it('gives the front end a call back when the citizen has no e-mail, and only the front end or back office may report it done', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/helpdesk/tickets',
      headers: operator,
      payload: {
        queue: 'fse',
        channel: 'phone',
        subject: 'Referto mancante',
        body: 'Il referto non compare nel fascicolo.',
        requester: { name: 'Anna Verdi', phone: '+39 333 1234567' },
      },
    });
    const id = created.json().id;
    expect((await act(id, { type: 'reply', body: 'Risposta' })).json().error.field).toBe('body');
    const done = await act(id, { type: 'move', to: 'resolved', reply: 'Il referto è ora visibile.' });
    expect(done.json().callback).toMatchObject({ doneAt: null });
    const owed = await app.inject({
      method: 'GET',
      url: '/api/v1/helpdesk/tickets?callback=due',
      headers: operator,
    });
    expect(owed.json().tickets.map((x: { id: string }) => x.id)).toEqual([id]);
    // The operator may report the call back, not move the ticket.
    expect((await act(id, { type: 'move', to: 'closed' }, operator)).statusCode).toBe(403);
    const called = await act(id, { type: 'called-back', note: 'Informata la signora' }, operator);
    expect(called.statusCode).toBe(200);
    expect(called.json().callback.doneAt).not.toBeNull();
    expect(
      (
        await app.inject({ method: 'GET', url: '/api/v1/helpdesk/tickets?callback=due', headers: operator })
      ).json().tickets,
    ).toEqual([]);
    expect((await act(id, { type: 'called-back' }, operator)).statusCode).toBe(409);
  });

  it('sends nothing through the simulation: the thread keeps the message, labelled simulazione', async () => {
    const sim = startHelpdeskMail({
      db: t.db,
      clock,
      log: createLogger('silent'),
      mail: { ...mail, mailboxes: [] },
      email: new SimulatedGateway(t.db, clock, {
        receiptSeconds: 0,
        replyConfirm: 0,
        replyCancel: 0,
        schedule: () => {},
      }),
      pollMs: 60_000,
      run: false,
    });
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/helpdesk/tickets',
      headers: operator,
      payload: {
        queue: 'cup',
        channel: 'web',
        subject: 'Disdetta',
        body: 'Vorrei disdire.',
        requester: { email: 'luca@example.it' },
      },
    });
    const id = created.json().id;
    await act(id, { type: 'reply', body: 'Disdetta registrata.' });
    const before = sent.length;
    expect(await sim.sendNow()).toBe(1);
    expect(sent.length).toBe(before);
    expect((await ticket(id)).messages.at(-1)).toMatchObject({
      kind: 'answer',
      status: 'sent',
      label: 'simulazione',
    });
    await sim.stop();
  });
});
