/**
 * The help desk's e-mail (HD-1, HD-3): incoming mail becomes a ticket or joins one, by the layered
 * threading; mail that is no request is kept aside and never answered; answers, outcomes and
 * acknowledgements are queued with the ticket and sent by the outgoing sweep through the messaging
 * gateways (SMTP, a PEC provider's SMTP, or the simulation).
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { audit } from '../../../platform/audit.ts';
import type { Clock } from '../../../platform/clock.ts';
import { type Config, ConfigError } from '../../../platform/config.ts';
import { type RequestContext, systemContext } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { GatewayError, type MessageGateway } from '../../messaging/index.ts';
import { type Mailbox, parseMailboxes } from '../mail/mailboxes.ts';
import { type IncomingMail, parseMail } from '../mail/parse.ts';
import { commandScanner, type Scanner, type ScanResult } from '../mail/scan.ts';
import { checkAttachment, safeFilename } from '../rules/attachments.ts';
import { type MailKind, mailKind, sameMailbox } from '../rules/mail-kind.ts';
import { allQueues, configureQueues } from '../rules/queues.ts';
import {
  bodyMarker,
  ourMessageId,
  replyAddress,
  type ThreadLayer,
  taggedSubject,
  threadCandidates,
} from '../rules/threading.ts';
import * as repo from '../tickets/messages.repository.ts';
import * as tickets from '../tickets/tickets.repository.ts';
import { openTicket, recordCitizenMessage } from '../tickets/tickets.service.ts';

export interface HelpdeskMail {
  /** Signs the threading tokens (derived from LINK_SECRET: stable across restarts and instances). */
  key: string;
  /** The sender of what is not tied to a mailbox (tickets opened by phone or by hand). */
  address: string;
  /** Where the staff app is reached from outside (the third level's links); null: no links. */
  publicUrl: string | null;
  mailboxes: readonly Mailbox[];
  maxAttachmentBytes: number;
  scan: Scanner;
}

export interface IngestResult {
  /** null: this message was stored before (same mailbox UID or Message-ID). */
  messageId: string | null;
  kind: MailKind | 'duplicate';
  ticketId: string | null;
  /** How a reply found its ticket; null for a new ticket or mail that is no request. */
  layer: ThreadLayer | null;
}

const ACKS_PER_DAY = 3;
const PURPOSE = 'help-desk e-mail (HD-1)';

/** Stores one message of `mailbox` and does what it asks: a new ticket, or a reply on one. */
export async function ingestMail(
  db: Db,
  clock: Clock,
  mail: HelpdeskMail,
  mailbox: Mailbox,
  raw: Buffer,
  at: { uidValidity: bigint | number | null; uid: number | null; arrivedAt: Date | null },
): Promise<IngestResult> {
  const parsed = await parseMail(raw);
  const own = [mail.address, ...mail.mailboxes.map((m) => m.address)];
  const kind = mailKind(parsed.headers, parsed.from, parsed.subject, own);
  // Scanning runs outside the transaction: it may take seconds per file.
  const files =
    kind === 'human'
      ? await Promise.all(
          parsed.attachments.map(async (a) => {
            const verdict = checkAttachment(
              a.filename,
              a.contentType,
              a.content.length,
              mail.maxAttachmentBytes,
            );
            const scan: ScanResult | 'refused' = verdict.ok ? await mail.scan(a.content) : 'refused';
            return { a, verdict, scan };
          }),
        )
      : [];
  const ctx = systemContext(clock, `helpdesk.mail.${mailbox.name}`);
  const now = clock.now();
  return db.transaction().execute(async (tx) => {
    // Group commit: the message need not reach the disk before the next is read. The reader records its
    // position (and flags the messages read) only after, in a synchronous commit, which flushes every
    // earlier one: nothing the mailbox was told is handled can be lost by a crash.
    if (at.uid !== null) await sql`set local synchronous_commit = off`.execute(tx);
    const id = await repo.insertMessage(tx, {
      ticket_id: null,
      direction: 'in',
      disposition: kind === 'human' ? 'ticket' : kind,
      mailbox: mailbox.name,
      uid_validity: at.uidValidity === null ? null : String(at.uidValidity),
      uid: at.uid,
      message_id: parsed.messageId,
      in_reply_to: parsed.inReplyTo,
      refs: parsed.references.slice(-50),
      from_address: parsed.from,
      to_address: parsed.recipients[0] ?? mailbox.address,
      subject: parsed.subject.slice(0, 500),
      body: parsed.text.slice(0, 100_000),
      pec: parsed.pec ? JSON.stringify(parsed.pec) : null,
      at: now,
    });
    if (!id) return { messageId: null, kind: 'duplicate', ticketId: null, layer: null };
    if (kind !== 'human') return { messageId: id, kind, ticketId: null, layer: null };

    const found = await findThread(tx, mail.key, parsed);
    let ticketId: string;
    if (found) {
      ticketId = found.ticketId;
      await repo.updateMessage(tx, id, {
        ticket_id: ticketId,
        disposition: 'reply',
        thread_layer: found.layer,
      });
      await recordCitizenMessage(tx, ctx, ticketId, id, parsed.text || parsed.subject);
    } else {
      const channel = parsed.pec ? 'pec' : mailbox.fax ? 'fax' : 'email';
      ticketId = await openTicket(
        tx,
        ctx,
        {
          queue: mailbox.queue,
          channel,
          subject: parsed.subject.trim() || '(senza oggetto)',
          body: parsed.text || parsed.subject || '(messaggio senza testo)',
          requester: { name: parsed.fromName ?? undefined, email: parsed.from ?? undefined },
          // The clock starts when the request was sent: certified by PEC, else when the server took it.
          receivedAt: earliest(parsed.pec?.sentAt ? new Date(parsed.pec.sentAt) : null, at.arrivedAt, now),
        },
        { message: id, pec: parsed.pec },
      );
      await repo.updateMessage(tx, id, { ticket_id: ticketId });
      await acknowledge(tx, clock, mail, ticketId, parsed.from);
    }
    for (const f of files) {
      const stored = f.verdict.ok && f.scan !== 'infected';
      await repo.insertAttachment(tx, {
        message_id: id,
        ticket_id: ticketId,
        filename: safeFilename(f.a.filename),
        content_type: f.verdict.ok ? f.verdict.contentType : f.a.contentType.slice(0, 100),
        size: f.a.content.length,
        sha256: createHash('sha256').update(f.a.content).digest('hex'),
        content: stored ? f.a.content : null,
        refused: f.verdict.ok ? (f.scan === 'infected' ? 'infected' : null) : f.verdict.reason,
        scan: f.scan,
      });
    }
    return { messageId: id, kind, ticketId, layer: found?.layer ?? null };
  });
}

/** A date no later than now and, when the message says one, no later than that. */
function earliest(...dates: (Date | null)[]): string {
  const ms = dates.filter((d): d is Date => d !== null && !Number.isNaN(d.getTime())).map((d) => d.getTime());
  return new Date(Math.min(...ms)).toISOString();
}

/** The ticket a message belongs to, by the strongest layer that names an existing ticket. */
async function findThread(
  tx: Db,
  key: string,
  m: IncomingMail,
): Promise<{ ticketId: string; layer: ThreadLayer } | null> {
  const candidates = threadCandidates(key, {
    recipients: m.recipients,
    inReplyTo: m.inReplyTo,
    references: m.references,
    text: m.text,
    subject: m.subject,
  });
  for (const c of candidates) {
    const t = await tickets.findTicket(tx, c.ticketId);
    if (!t) continue;
    // The subject's tag carries no proof: only the ticket's own requester may use it.
    if (c.layer === 'subject-tag' && !(t.requester_email && m.from && sameMailbox(t.requester_email, m.from)))
      continue;
    // A reply to a merged duplicate joins the ticket it was merged into.
    let target = t;
    for (let hops = 0; target.merged_into && hops < 10; hops++) {
      const next = await tickets.findTicket(tx, String(target.merged_into));
      if (!next) break;
      target = next;
    }
    return { ticketId: String(target.id), layer: c.layer };
  }
  return null;
}

// --- outgoing -------------------------------------------------------------------------------------------

export type OutgoingKind = 'acknowledgement' | 'answer' | 'outcome' | 'referral';

/**
 * Queues a message to the ticket's requester, in its thread: our Message-ID, In-Reply-To the citizen's
 * last message, the subject's tag, and the marker line at the end. Sent by `sendOutgoing`. Returns null
 * when the ticket has no address to write to.
 */
export async function queueOutgoing(
  tx: Db,
  ctx: RequestContext,
  mail: HelpdeskMail,
  ticketId: string,
  kind: OutgoingKind,
  text: string,
  /** Another recipient than the requester: the outside department of a referral. */
  recipient?: string,
): Promise<string | null> {
  const t = await tickets.findTicket(tx, ticketId);
  const to = recipient ?? t?.requester_email;
  if (!t || !to) return null;
  const mailbox = await mailboxOf(tx, mail, ticketId);
  const from = mailbox?.address ?? mail.address;
  const thread = await repo.threadIds(tx, ticketId);
  const lastIn = thread.filter((m) => m.direction === 'in').at(-1)?.id ?? null;
  const now = ctx.clock.now();
  const messageId = ourMessageId(mail.key, ticketId, randomBytes(6).toString('hex'), from);
  const id = await repo.insertMessage(tx, {
    ticket_id: ticketId,
    direction: 'out',
    disposition: kind,
    mailbox: mailbox?.name ?? null,
    message_id: messageId,
    in_reply_to: lastIn,
    refs: thread.map((m) => m.id).slice(-20),
    from_address: from,
    to_address: to,
    subject: taggedSubject(ticketId, t.subject),
    body: `${text.trim()}\n\n--\n${bodyMarker(mail.key, ticketId)}`,
    at: now,
    status: 'pending',
  });
  await tickets.insertEvent(tx, {
    ticket_id: ticketId,
    at: now,
    actor_id: ctx.actor?.id ?? null,
    kind: 'email-out',
    body: text.trim(),
    message_id: id,
  });
  await audit(tx, ctx, {
    action: 'create',
    resourceType: 'HelpdeskMessage',
    resourceId: id!,
    patientId: t.patient_id,
    channel: 'email',
    purpose: PURPOSE,
  });
  return id;
}

/** The mailbox a ticket's e-mail came in by (its answers go out by it, PEC by PEC). */
async function mailboxOf(tx: Db, mail: HelpdeskMail, ticketId: string): Promise<Mailbox | null> {
  const first = await repo.firstIncomingMailbox(tx, ticketId);
  return mail.mailboxes.find((m) => m.name === first) ?? null;
}

/** RFC 3834: acknowledge a human's new request, but not one sender again and again (loops, floods). */
async function acknowledge(tx: Db, clock: Clock, mail: HelpdeskMail, ticketId: string, to: string | null) {
  if (!to) return;
  const now = clock.now();
  if ((await repo.acknowledgementsTo(tx, to, new Date(now.getTime() - 86_400_000))) >= ACKS_PER_DAY) return;
  await queueOutgoing(
    tx,
    systemContext(clock, 'helpdesk.acknowledgement'),
    mail,
    ticketId,
    'acknowledgement',
    [
      'Gentile utente,',
      `la sua richiesta è stata registrata con il numero #${ticketId}.`,
      'Le risponderemo entro 24 ore lavorative. Per aggiungere informazioni risponda a questo messaggio ' +
        'lasciando invariato l’oggetto.',
      '',
      'Questo è un messaggio automatico.',
    ].join('\n'),
  );
}

export interface OutgoingGateways {
  /** The messaging e-mail gateway (SMTP_URL, or the simulation). */
  fallback: MessageGateway;
  /** A mailbox's own SMTP (a PEC mailbox's provider). */
  byMailbox: ReadonlyMap<string, MessageGateway>;
}

const MAX_ATTEMPTS = 10;

/**
 * Sends what is queued, oldest first, each through its mailbox's gateway. A message is marked sent only
 * once the gateway took it; a crash in between sends it again with the same Message-ID, which mail
 * clients show once. Returns how many were sent.
 */
export async function sendOutgoing(
  db: Db,
  clock: Clock,
  mail: HelpdeskMail,
  gateways: OutgoingGateways,
  limit = 20,
): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const rows = await repo.claimPending(tx, limit);
    let sent = 0;
    for (const r of rows) {
      const gateway = (r.mailbox && gateways.byMailbox.get(r.mailbox)) || gateways.fallback;
      try {
        // The simulation sends nothing: the thread's row is the record, labelled (and no receipt follows
        // that outreach could mistake for one of its own).
        if (gateway.label !== 'simulazione') {
          await gateway.submit({
            id: `helpdesk-${r.id}`,
            channel: 'email',
            kind: 'helpdesk',
            to: r.to_address!,
            from: r.from_address!,
            replyTo: replyAddress(mail.key, String(r.ticket_id), r.from_address!),
            subject: r.subject,
            text: r.body,
            messageId: r.message_id!,
            ...(r.in_reply_to ? { inReplyTo: r.in_reply_to } : {}),
            references: r.refs,
            ...(r.disposition === 'acknowledgement' ? { autoSubmitted: 'auto-replied' as const } : {}),
          });
        }
        await repo.settleOutgoing(tx, String(r.id), {
          status: 'sent',
          at: clock.now(),
          label: gateway.label,
        });
        sent++;
      } catch (e) {
        const final = (e instanceof GatewayError && e.kind === 'refused') || r.attempts + 1 >= MAX_ATTEMPTS;
        await repo.settleOutgoing(tx, String(r.id), {
          status: final ? 'failed' : 'pending',
          at: clock.now(),
          error: (e as Error).message.slice(0, 500),
        });
      }
    }
    return sent;
  });
}

/**
 * The help desk's e-mail settings, checked at start-up (a bad mailbox stops the server, naming it). The
 * threading key comes from LINK_SECRET (the embedded demo's own); mailboxes need one that lasts.
 */
export function helpdeskMailSettings(config: Config, linkSecret: string | null): HelpdeskMail {
  try {
    configureQueues(config.HELPDESK_QUEUES);
  } catch (e) {
    throw new ConfigError(`Invalid configuration:\n  HELPDESK_QUEUES: ${(e as Error).message}`);
  }
  let mailboxes: Mailbox[];
  try {
    mailboxes = parseMailboxes(
      config.HELPDESK_MAILBOXES,
      allQueues().map((q) => q.id),
    );
  } catch (e) {
    throw new ConfigError(`Invalid configuration:\n  HELPDESK_MAILBOXES: ${(e as Error).message}`);
  }
  if (mailboxes.length > 0 && !linkSecret)
    throw new ConfigError(
      'Invalid configuration:\n  LINK_SECRET: needed with HELPDESK_MAILBOXES (it signs the replies’ tokens)',
    );
  return {
    key: createHmac('sha256', linkSecret ?? randomBytes(32))
      .update('helpdesk-threading')
      .digest('base64url'),
    address: config.HELPDESK_ADDRESS,
    publicUrl: config.PUBLIC_URL ?? (config.embedded ? `http://localhost:${config.PORT}` : null),
    mailboxes,
    maxAttachmentBytes: config.HELPDESK_ATTACHMENT_MAX_MB * 1024 * 1024,
    scan: commandScanner(config.HELPDESK_SCAN_COMMAND),
  };
}
