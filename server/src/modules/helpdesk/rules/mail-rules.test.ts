import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkAttachment, safeFilename } from './attachments.ts';
import { mailKind, sameMailbox } from './mail-kind.ts';
import { parseDaticert } from './pec.ts';
import {
  bodyMarker,
  ourMessageId,
  replyAddress,
  taggedSubject,
  threadCandidates,
  ticketToken,
} from './threading.ts';

const KEY = 'test-key';
const clues = (o: Partial<Parameters<typeof threadCandidates>[1]>) => ({
  recipients: [],
  inReplyTo: null,
  references: [],
  text: '',
  subject: '',
  ...o,
});

describe('threading layers (HD-3)', () => {
  it('makes the token from an HMAC of the ticket number, 10 letters or digits', () => {
    // Independently: HMAC-SHA256 bytes, each byte mod 36 in base 36.
    const mac = createHmac('sha256', KEY).update('helpdesk-thread:123').digest();
    const want = [...mac.subarray(0, 10)].map((b) => (b % 36).toString(36)).join('');
    expect(ticketToken(KEY, '123')).toBe(want);
    expect(ticketToken(KEY, '124')).not.toBe(want);
  });

  it('finds the ticket by each layer, strongest first', () => {
    const token = ticketToken(KEY, '42');
    expect(replyAddress(KEY, '42', 'cup@regione.example')).toBe(`cup+t42-${token}@regione.example`);
    expect(ourMessageId(KEY, '42', 'ab12', 'cup@regione.example')).toBe(
      `<sportello.t42.ab12.${token}@regione.example>`,
    );
    const all = threadCandidates(
      KEY,
      clues({
        recipients: [`cup+t42-${token}@regione.example`],
        inReplyTo: `<sportello.t42.ab12.${token}@regione.example>`,
        text: `> grazie\n> ${bodyMarker(KEY, '42')}`,
        subject: 'Re: [Sportello #42] Bollo',
      }),
    );
    expect(all.map((c) => c.layer)).toEqual(['reply-token', 'references', 'body-marker', 'subject-tag']);
    expect(new Set(all.map((c) => c.ticketId))).toEqual(new Set(['42']));
  });

  it('reads the newest reference first, and a marker broken across quoted lines', () => {
    const a = ourMessageId(KEY, '7', '1', 'x@y.it');
    const b = ourMessageId(KEY, '9', '1', 'x@y.it');
    expect(threadCandidates(KEY, clues({ references: [a, b] }))[0]).toEqual({
      ticketId: '9',
      layer: 'references',
    });
    const marker = bodyMarker(KEY, '7');
    // Clients wrap long quoted lines at a space.
    const at = marker.indexOf(' #');
    const wrapped = `> testo\n> ${marker.slice(0, at)}\n> ${marker.slice(at + 1)}`;
    expect(threadCandidates(KEY, clues({ text: wrapped }))).toEqual([
      { ticketId: '7', layer: 'body-marker' },
    ]);
  });

  it('ignores a token that does not belong to the number (a guessed or altered reference)', () => {
    const other = ticketToken(KEY, '43');
    expect(
      threadCandidates(
        KEY,
        clues({
          recipients: [`cup+t42-${other}@regione.example`],
          inReplyTo: `<sportello.t42.ab.${other}@regione.example>`,
          text: `[Rif. Sportello #42-${other}]`,
        }),
      ),
    ).toEqual([]);
    expect(threadCandidates('another-key', clues({ text: bodyMarker(KEY, '42') }))).toEqual([]);
  });

  it('tags the subject once', () => {
    expect(taggedSubject('5', 'Re: [Sportello #5] Bollo')).toBe('[Sportello #5] Re: Bollo');
    expect(taggedSubject('5', 'Bollo')).toBe('[Sportello #5] Bollo');
  });
});

describe('what an incoming message is', () => {
  const h = (o: Record<string, string>) => ({ get: (n: string) => o[n] });
  const own = ['cup@regione.example'];
  it.each([
    [{}, 'a@b.it', 'Richiesta', 'human'],
    [{ 'auto-submitted': 'auto-replied' }, 'a@b.it', 'Richiesta', 'auto-reply'],
    [{ 'auto-submitted': 'no' }, 'a@b.it', 'Richiesta', 'human'],
    [{ precedence: 'bulk' }, 'a@b.it', 'Newsletter', 'auto-reply'],
    [{ 'x-autoreply': 'yes' }, 'a@b.it', 'Re: x', 'auto-reply'],
    [{}, 'a@b.it', 'Risposta automatica: Bollo', 'auto-reply'],
    [{}, 'a@b.it', 'Out of Office: Bollo', 'auto-reply'],
    [
      { 'content-type': 'multipart/report; report-type=delivery-status; boundary=x' },
      'a@b.it',
      'x',
      'bounce',
    ],
    [{}, 'MAILER-DAEMON@mx.b.it', 'Undelivered', 'bounce'],
    [{ 'x-ricevuta': 'accettazione' }, 'posta-certificata@pec.it', 'ACCETTAZIONE: x', 'pec-receipt'],
    [{}, 'CUP+t1-abc@regione.example', 'x', 'own'],
  ] as const)('%o from %s «%s» is %s', (headers, from, subject, kind) => {
    expect(mailKind(h(headers), from, subject, own)).toBe(kind);
  });

  it('compares mailboxes without case or +detail', () => {
    expect(sameMailbox('Maria.Rossi+cup@Gmail.com', 'maria.rossi@gmail.com')).toBe(true);
    expect(sameMailbox('maria@a.it', 'maria@b.it')).toBe(false);
  });
});

describe('attachments kept and refused', () => {
  const MB = 1024 * 1024;
  it.each([
    ['ricevuta.pdf', 'application/pdf', 1000, true],
    ['scansione.PDF', 'application/octet-stream', 1000, true],
    ['foto.jpg', 'image/jpeg', 1000, true],
    ['programma.exe', 'application/octet-stream', 10, false],
    ['fattura.pdf.js', 'application/javascript', 10, false],
    ['finto.pdf', 'text/html', 10, false],
    ['grande.pdf', 'application/pdf', 11 * MB, false],
    ['senza-estensione', 'application/pdf', 10, false],
  ] as const)('%s (%s, %i bytes) kept: %s', (name, type, size, ok) => {
    expect(checkAttachment(name, type, size, 10 * MB).ok).toBe(ok);
  });

  it('names a download safely', () => {
    expect(safeFilename('C:\\Users\\maria\\ricevuta.pdf')).toBe('ricevuta.pdf');
    expect(safeFilename('../../etc/passwd')).toBe('passwd');
    expect(safeFilename('a"b\u0007.pdf')).toBe('ab.pdf');
    expect(safeFilename('')).toBe('allegato');
  });
});

describe('PEC certification data', () => {
  it('reads daticert.xml with its date in the provider’s zone', () => {
    const d = parseDaticert(`<?xml version="1.0" encoding="UTF-8"?>
<postacert tipo="posta-certificata" errore="nessuno">
  <intestazione><mittente>a@pec.it</mittente><destinatari tipo="certificato">b@pec.it</destinatari>
  <destinatari tipo="esterno">c@x.it</destinatari><risposte>a@pec.it</risposte><oggetto>Ogg</oggetto></intestazione>
  <dati><gestore-emittente>Gestore</gestore-emittente><data zona="+0200"><giorno>30/06/2026</giorno><ora>23:59:01</ora></data>
  <identificativo>id-1</identificativo><msgid>&lt;m@pec.it&gt;</msgid></dati>
</postacert>`);
    expect(d).toEqual({
      type: 'posta-certificata',
      sender: 'a@pec.it',
      recipients: ['b@pec.it', 'c@x.it'],
      subject: 'Ogg',
      provider: 'Gestore',
      sentAt: '2026-06-30T23:59:01+02:00',
      identifier: 'id-1',
      messageId: '<m@pec.it>',
      error: 'nessuno',
    });
    expect(new Date(d.sentAt!).toISOString()).toBe('2026-06-30T21:59:01.000Z');
    expect(() => parseDaticert('<html/>')).toThrow(/daticert/);
  });
});
