import MailComposer from 'nodemailer/lib/mail-composer/index.js';

/**
 * A PEC transport envelope as the sender's provider delivers it (DM 2 November 2005): the citizen's
 * message as `postacert.eml` (an inline message/rfc822 part) and the certification data as
 * `daticert.xml`, with the `X-Trasporto` header. For the help desk's tests and benchmark.
 */
export async function pecEnvelope(o: {
  inner: Buffer;
  sender: string;
  to: string;
  subject: string;
  provider: string;
  providerAddress: string;
  /** `DD/MM/YYYY`, `HH:MM:SS`, `+0100`. */
  day: string;
  time: string;
  zone: string;
  identifier: string;
  messageId: string;
}): Promise<Buffer> {
  const esc = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
  const daticert = `<?xml version="1.0" encoding="UTF-8"?>
<postacert tipo="posta-certificata" errore="nessuno">
  <intestazione>
    <mittente>${esc(o.sender)}</mittente>
    <destinatari tipo="certificato">${esc(o.to)}</destinatari>
    <risposte>${esc(o.sender)}</risposte>
    <oggetto>${esc(o.subject)}</oggetto>
  </intestazione>
  <dati>
    <gestore-emittente>${esc(o.provider)}</gestore-emittente>
    <data zona="${o.zone}"><giorno>${o.day}</giorno><ora>${o.time}</ora></data>
    <identificativo>${esc(o.identifier)}</identificativo>
    <msgid>${esc(o.messageId)}</msgid>
  </dati>
</postacert>`;
  return new MailComposer({
    from: `"Per conto di: ${o.sender}" <${o.providerAddress}>`,
    to: o.to,
    subject: `POSTA CERTIFICATA: ${o.subject}`,
    headers: { 'X-Trasporto': 'posta-certificata', 'X-Riferimento-Message-ID': o.messageId },
    text: 'Messaggio di posta certificata',
    attachments: [
      { filename: 'daticert.xml', content: daticert, contentType: 'application/xml' },
      {
        filename: 'postacert.eml',
        content: o.inner,
        contentType: 'message/rfc822',
        contentDisposition: 'inline',
      },
    ],
  })
    .compile()
    .build();
}
