/**
 * The help desk's background work (HD-1): one IMAP reader per configured mailbox, and the sweep that
 * sends queued answers, outcomes and acknowledgements every few seconds.
 */
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import { defineJob } from '../../platform/jobs.ts';
import type { Logger } from '../../platform/logger.ts';
import { type MessageGateway, SmtpGateway } from '../messaging/index.ts';
import { type HelpdeskMail, ingestMail, sendOutgoing } from './intake/mail.service.ts';
import { ImapReader } from './mail/imap.ts';
import { destroyHelpdeskContent } from './retention.service.ts';
import * as repo from './tickets/messages.repository.ts';

export interface HelpdeskMailRunner {
  readers: ReadonlyMap<string, ImapReader>;
  /** Sends what is queued now (tests; the timer does it every `sendEveryMs`). */
  sendNow(): Promise<number>;
  stop(): Promise<void>;
}

export function startHelpdeskMail(o: {
  db: Db;
  clock: Clock;
  log: Logger;
  mail: HelpdeskMail;
  /** The messaging e-mail gateway (SMTP_URL, or the simulation) for answers not sent by a mailbox's SMTP. */
  email: MessageGateway;
  pollMs: number;
  sendEveryMs?: number;
  /** Off: nothing is read or sent (JOBS=off); the readers can still be drained by hand. */
  run: boolean;
}): HelpdeskMailRunner {
  const byMailbox = new Map<string, MessageGateway>();
  for (const m of o.mail.mailboxes)
    if (m.smtp) byMailbox.set(m.name, new SmtpGateway({ url: m.smtp, from: m.address }));
  const readers = new Map<string, ImapReader>();
  for (const m of o.mail.mailboxes) {
    if (!m.imap) continue;
    const reader = new ImapReader({
      url: m.imap,
      pollMs: o.pollMs,
      log: o.log,
      position: async () => {
        const s = await repo.mailboxState(o.db, m.name);
        return s ? { uidValidity: BigInt(s.uid_validity), lastUid: Number(s.last_uid) } : null;
      },
      savePosition: (p) => repo.saveMailboxState(o.db, m.name, p.uidValidity, p.lastUid, o.clock.now()),
      deliver: async (raw, at) => {
        const r = await ingestMail(o.db, o.clock, o.mail, m, raw, at);
        // No personal data in the log: the mailbox, the outcome and the ticket's number only.
        o.log.info(
          { mailbox: m.name, uid: at.uid, kind: r.kind, ticket: r.ticketId, layer: r.layer },
          'help-desk e-mail',
        );
      },
    });
    readers.set(m.name, reader);
    if (o.run) reader.start();
  }
  const gateways = { fallback: o.email, byMailbox };
  let sending: Promise<number> | null = null;
  const sendNow = () => {
    sending ??= sendOutgoing(o.db, o.clock, o.mail, gateways).finally(() => {
      sending = null;
    });
    return sending;
  };
  const timer = o.run
    ? setInterval(() => {
        sendNow().catch((e) =>
          o.log.warn({ err: (e as Error).message }, 'help-desk sending failed; will retry'),
        );
      }, o.sendEveryMs ?? 5000)
    : null;
  timer?.unref();
  return {
    readers,
    sendNow,
    async stop() {
      if (timer) clearInterval(timer);
      await sending?.catch(() => {});
      await Promise.all([...readers.values()].map((r) => r.stop()));
      await Promise.all([...byMailbox.values()].map((g) => g.close()));
    },
  };
}

/** HD-5: nightly, after the contract's end, destroys the help desk's e-mails and attachments (not held). */
export const helpdeskRetentionJob = (contractEnd: string | null) =>
  defineJob<Record<string, never>>({
    name: 'helpdesk.retention',
    version: 1,
    schedule: '50 3 * * *',
    async run({ db, clock, log }) {
      const r = await destroyHelpdeskContent(db, clock, contractEnd);
      if (r.ended) log.info(r, 'help-desk content past the contract destroyed');
    },
  });
