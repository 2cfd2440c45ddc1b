import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs } from '../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../test/databases.ts';
import { makePatient } from '../../../test/factories.ts';
import { ManualClock } from '../../platform/clock.ts';
import type { App } from '../../platform/http.ts';
import { ingestMail } from './intake/mail.service.ts';
import { commandScanner } from './mail/scan.ts';
import { destroyHelpdeskContent } from './retention.service.ts';
import { ticketsOfPeriod } from './tickets/ticket-view.service.ts';

// Issue 16 §5 (HD-5): content destroyed after the contract's end, legal holds, the audit record, and the
// anonymous figures the reports keep.
describe('help-desk retention at the end of the contract', () => {
  let t: TestDatabase;
  let app: App;
  // Monday 30 November 2026, 23:30 in Rome: the contract's last day.
  const clock = new ManualClock('2026-11-30T22:30:00Z');
  const mail = {
    key: 'k',
    address: 'assistenza@regione.example',
    publicUrl: null,
    mailboxes: [],
    maxAttachmentBytes: 1_000_000,
    scan: commandScanner(undefined),
  };
  const mailbox = {
    name: 'tributi',
    queue: 'tributi',
    address: 'tributi@regione.example',
    imap: null,
    smtp: null,
    pec: false,
    fax: false,
  };

  beforeAll(async () => {
    t = await createPgliteDatabase();
    app = await buildTestApp(t.db, clock);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('destroys e-mails, attachments and personal data from the day after, keeps held tickets and the counts', async () => {
    const raw = (subject: string) =>
      new MailComposer({
        from: 'Maria Rossi <maria.rossi@example.it>',
        to: 'tributi@regione.example',
        subject,
        text: 'Il mio codice fiscale è RSSMRA85T10A562S, allego la ricevuta.',
        attachments: [
          { filename: 'ricevuta.pdf', content: Buffer.from('%PDF-1.4 x'), contentType: 'application/pdf' },
        ],
      })
        .compile()
        .build();
    const gone = await ingestMail(t.db, clock, mail, mailbox, await raw('Bollo'), {
      uidValidity: 1,
      uid: 1,
      arrivedAt: null,
    });
    const kept = await ingestMail(t.db, clock, mail, mailbox, await raw('Ricorso'), {
      uidValidity: 1,
      uid: 2,
      arrivedAt: null,
    });
    const patient = await makePatient(t.db);
    const operator = await loginAs(app, t.db, clock, ['operator']);
    const byPhone = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/helpdesk/tickets',
        headers: operator,
        payload: {
          queue: 'cup',
          channel: 'phone',
          subject: 'Disdetta',
          body: 'Vuole disdire.',
          fiscalCode: patient.fiscalCode,
        },
      })
    ).json();
    const privacy = await loginAs(app, t.db, clock, ['privacy-officer']);
    const hold = (payload: object) =>
      app.inject({
        method: 'PUT',
        url: `/api/v1/helpdesk/tickets/${kept.ticketId}/legal-hold`,
        headers: privacy,
        payload,
      });
    expect((await hold({ hold: true })).json().error.field).toBe('reason');
    expect((await hold({ hold: true, reason: 'Ricorso al TAR n. 123/2026' })).json().legalHold).toMatchObject(
      {
        reason: 'Ricorso al TAR n. 123/2026',
      },
    );
    expect(
      (
        await app.inject({
          method: 'PUT',
          url: `/api/v1/helpdesk/tickets/${kept.ticketId}/legal-hold`,
          headers: operator,
          payload: { hold: false },
        })
      ).statusCode,
    ).toBe(403);

    // The privacy officer reads the hold back — and nothing else of the ticket.
    const read = await app.inject({
      method: 'GET',
      url: `/api/v1/helpdesk/tickets/${kept.ticketId}/legal-hold`,
      headers: privacy,
    });
    expect(read.json()).toEqual({
      id: kept.ticketId,
      number: `#${kept.ticketId}`,
      legalHold: { reason: 'Ricorso al TAR n. 123/2026', at: clock.now().toISOString() },
      contentDestroyedAt: null,
    });

    // The contract's last day: nothing goes.
    expect(await destroyHelpdeskContent(t.db, clock, '2026-11-30')).toMatchObject({
      ended: false,
      tickets: 0,
    });
    // The day after, in Rome (00:30 on 1 December).
    clock.set(new Date('2026-11-30T23:30:00Z'));
    const before = await ticketsOfPeriod(
      t.db,
      new Date('2026-11-01T00:00:00Z'),
      new Date('2026-12-01T00:00:00Z'),
      clock.now(),
    );
    const r = await destroyHelpdeskContent(t.db, clock, '2026-11-30');
    expect(r).toMatchObject({ ended: true, tickets: 2, held: 1 });

    const ticket = (id: string) =>
      t.db.selectFrom('helpdesk_ticket').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const g = await ticket(gone.ticketId!);
    expect(g).toMatchObject({
      subject: '',
      requester_email: null,
      requester_name: null,
      patient_id: null,
      queue: 'tributi',
      channel: 'email',
    });
    expect(g.content_destroyed_at).not.toBeNull();
    const words = JSON.stringify(
      await t.db.selectFrom('helpdesk_message').selectAll().where('ticket_id', '=', gone.ticketId!).execute(),
    );
    expect(words).not.toMatch(/RSSMRA|maria|Bollo/i);
    const files = await t.db
      .selectFrom('helpdesk_attachment')
      .select(['content', 'size'])
      .where('ticket_id', '=', gone.ticketId!)
      .execute();
    expect(files).toEqual([{ content: null, size: 10 }]);
    const events = await t.db
      .selectFrom('helpdesk_event')
      .select('body')
      .where('ticket_id', '=', gone.ticketId!)
      .execute();
    expect(events.every((e) => e.body === null)).toBe(true);
    // The held ticket keeps everything.
    expect(await ticket(kept.ticketId!)).toMatchObject({
      subject: 'Ricorso',
      requester_email: 'maria.rossi@example.it',
      content_destroyed_at: null,
    });
    // One audit record per ticket destroyed, naming the patient it concerned.
    const audited = await t.db
      .selectFrom('audit_event')
      .select(['resource_id', 'patient_id', 'action'])
      .where('action', '=', 'delete')
      .where('resource_type', '=', 'HelpdeskTicket')
      .orderBy('resource_id')
      .execute();
    expect(audited).toEqual(
      expect.arrayContaining([
        { resource_id: gone.ticketId, patient_id: null, action: 'delete' },
        { resource_id: byPhone.id, patient_id: patient.id, action: 'delete' },
      ]),
    );
    // The reports' figures are those of before.
    const after = await ticketsOfPeriod(
      t.db,
      new Date('2026-11-01T00:00:00Z'),
      new Date('2026-12-01T00:00:00Z'),
      clock.now(),
    );
    expect(after).toEqual(before);
    // A second run finds nothing more; lifting the hold lets the next one take it.
    expect(await destroyHelpdeskContent(t.db, clock, '2026-11-30')).toMatchObject({ tickets: 0 });
  });

  it('makes a fax of what the fax server’s mailbox delivers, keeping the TIFF', async () => {
    const raw = await new MailComposer({
      from: 'fax-server@regione.example',
      to: 'fax@regione.example',
      subject: 'Fax da 0971123456',
      text: 'Fax ricevuto: 2 pagine.',
      attachments: [
        { filename: 'fax-0971123456.tif', content: Buffer.from('II*\0fax'), contentType: 'image/tiff' },
      ],
    })
      .compile()
      .build();
    const r = await ingestMail(t.db, clock, mail, { ...mailbox, name: 'fax', fax: true }, raw, {
      uidValidity: 1,
      uid: 1,
      arrivedAt: null,
    });
    const ticket = await t.db
      .selectFrom('helpdesk_ticket')
      .select(['channel', 'subject'])
      .where('id', '=', r.ticketId!)
      .executeTakeFirstOrThrow();
    expect(ticket).toEqual({ channel: 'fax', subject: 'Fax da 0971123456' });
    const files = await t.db
      .selectFrom('helpdesk_attachment')
      .select(['filename', 'content_type', 'refused'])
      .where('ticket_id', '=', r.ticketId!)
      .execute();
    expect(files).toEqual([{ filename: 'fax-0971123456.tif', content_type: 'image/tiff', refused: null }]);
  });
});
