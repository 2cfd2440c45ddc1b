import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingIcs } from '../rules/icalendar.ts';
import { SmtpGateway } from './smtp.ts';

/** A real SMTP server on this machine (smtp-server), keeping what it receives parsed (mailparser). */
describe('the SMTP gateway against a real SMTP server', () => {
  const received: { envelopeTo: string[]; mail: ParsedMail }[] = [];
  let server: SMTPServer;
  let port: number;

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((mail) => {
            received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), mail });
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('sends the text and HTML parts and the booking as an .ics, and returns the Message-ID', async () => {
    const gateway = new SmtpGateway({
      url: `smtp://127.0.0.1:${port}`,
      from: '"CUP Regione" <cup@regione.example>',
    });
    const ics = bookingIcs({
      uid: 'appt-1@sportello',
      sequence: 0,
      start: new Date('2026-12-14T07:40:00Z'),
      end: new Date('2026-12-14T08:00:00Z'),
      summary: 'Visita cardiologica',
      location: 'Ospedale San Carlo, Via Potito Petrone, Potenza',
      description: 'Codice PRN-1234-ABCD',
      stamp: new Date('2026-12-03T10:00:00Z'),
    });
    const result = await gateway.submit({
      id: 'rem-1',
      channel: 'email',
      to: 'mario.rossi@example.it',
      subject: 'Promemoria: visita del 14/12',
      text: 'Gentile Mario Rossi, le ricordiamo la visita del 14/12 alle 08:40.',
      html: '<p>Gentile Mario Rossi, le ricordiamo la visita del <strong>14/12 alle 08:40</strong>.</p>',
      attachments: [
        { filename: 'prenotazione.ics', contentType: 'text/calendar; charset=utf-8', content: ics },
      ],
    });
    await gateway.close();
    expect(result.segments).toBe(1);
    expect(received).toHaveLength(1);
    const { envelopeTo, mail } = received[0]!;
    expect(envelopeTo).toEqual(['mario.rossi@example.it']);
    expect(mail.messageId).toBe(result.gatewayId);
    expect(mail.from?.text).toBe('"CUP Regione" <cup@regione.example>');
    expect(mail.subject).toBe('Promemoria: visita del 14/12');
    expect(mail.text?.trim()).toBe('Gentile Mario Rossi, le ricordiamo la visita del 14/12 alle 08:40.');
    expect(mail.html).toContain('<strong>14/12 alle 08:40</strong>');
    expect(mail.headers.get('x-sportello-message')).toBe('rem-1');
    expect(mail.attachments).toHaveLength(1);
    const attachment = mail.attachments[0]!;
    expect(attachment.filename).toBe('prenotazione.ics');
    expect(attachment.contentType).toBe('text/calendar');
    expect(attachment.content.toString('utf8')).toBe(ics);
  });

  it('refuses an SMS: it sends e-mail only', async () => {
    const gateway = new SmtpGateway({ url: `smtp://127.0.0.1:${port}`, from: 'cup@regione.example' });
    await expect(gateway.submit({ id: 'x', channel: 'sms', to: '+393331234567', text: 'x' })).rejects.toThrow(
      /e-mail, not sms/,
    );
    await gateway.close();
  });
});
