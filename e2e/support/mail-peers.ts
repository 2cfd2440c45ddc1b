import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { TestDovecot } from '../../server/test/dovecot.ts';

/**
 * The help desk's mail for the browser tests (issue 16): a throw-away Dovecot holding the region's
 * mailbox `tributi` and the citizens' mailboxes, and an SMTP server that delivers whatever the help desk
 * sends into the recipient's Dovecot mailbox (its local part), so a test reads the citizen's outcome
 * e-mail over IMAP as the citizen would.
 */
export async function startMailPeers() {
  const dovecot = await new TestDovecot().start();
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        Promise.all(session.envelope.rcptTo.map((r) => dovecot.append(r.address.split('@')[0]!, raw)))
          .then(() => callback())
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  return {
    dovecotPort: dovecot.port,
    env: {
      HELPDESK_MAILBOXES: JSON.stringify([
        {
          name: 'tributi',
          queue: 'tributi',
          address: 'tributi@regione.example',
          imap: dovecot.url('tributi'),
          smtp: smtpUrl,
        },
      ]),
      HELPDESK_POLL_SECONDS: '5',
    },
    async stop() {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await dovecot.stop();
    },
  };
}
