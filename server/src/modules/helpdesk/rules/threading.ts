/**
 * Layered threading of the help desk's e-mail (HD-3), pure. A reply finds its ticket by the strongest
 * layer it still carries, because mail clients drop things: (1) the reply token in the address it was
 * sent to (our Reply-To, `assistenza+t123-k7…@`), (2) our own Message-ID in In-Reply-To or References,
 * (3) the marker our messages carry in their text, found in the quoted body, (4) the subject tag
 * `[Sportello #123]`. The first three carry an HMAC of the ticket's number, so nobody can attach mail to
 * a ticket by guessing a number; the subject tag carries none and is trusted only from the ticket's own
 * requester (the service checks).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type ThreadLayer = 'reply-token' | 'references' | 'body-marker' | 'subject-tag';

export interface ThreadCandidate {
  ticketId: string;
  layer: ThreadLayer;
}

/** The ticket's token: 10 characters of an HMAC of its number, lower-case letters and digits. */
export function ticketToken(key: string, ticketId: string): string {
  const mac = createHmac('sha256', key).update(`helpdesk-thread:${ticketId}`).digest();
  let out = '';
  for (let i = 0; out.length < 10; i++) out += (mac[i]! % 36).toString(36);
  return out;
}

const tokenOk = (key: string, ticketId: string, token: string) => {
  const want = Buffer.from(ticketToken(key, ticketId));
  const got = Buffer.from(token.toLowerCase());
  return want.length === got.length && timingSafeEqual(want, got);
};

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1);

/** The Message-ID of our `serial`-th message about a ticket, angle brackets included. */
export function ourMessageId(key: string, ticketId: string, serial: string, mailbox: string): string {
  return `<sportello.t${ticketId}.${serial}.${ticketToken(key, ticketId)}@${domainOf(mailbox)}>`;
}

/** Where the citizen's reply goes: the mailbox's address with the ticket's token after a `+`. */
export function replyAddress(key: string, ticketId: string, mailbox: string): string {
  const at = mailbox.lastIndexOf('@');
  return `${mailbox.slice(0, at)}+t${ticketId}-${ticketToken(key, ticketId)}${mailbox.slice(at)}`;
}

/** The line our messages end with; it survives in the quoted text of replies that lose every header. */
export function bodyMarker(key: string, ticketId: string): string {
  return `[Rif. Sportello #${ticketId}-${ticketToken(key, ticketId)}]`;
}

export const subjectTag = (ticketId: string) => `[Sportello #${ticketId}]`;

/** The subject of our messages about a ticket: the request's subject with the tag, once. */
export function taggedSubject(ticketId: string, subject: string): string {
  const bare = subject.replace(/\[Sportello #\d+\]\s*/gi, '').trim();
  return `${subjectTag(ticketId)} ${bare}`.trim();
}

export interface ThreadClues {
  /** Every address the message was delivered to (To, Cc, Delivered-To, X-Original-To). */
  recipients: readonly string[];
  inReplyTo: string | null;
  references: readonly string[];
  text: string;
  subject: string;
}

const REPLY_TOKEN = /\+t([1-9][0-9]{0,17})-([a-z0-9]{10})@/i;
const OUR_ID = /^<?sportello\.t([1-9][0-9]{0,17})\.[0-9a-z]+\.([a-z0-9]{10})@/i;
const MARKER = /\[Rif\. Sportello #([1-9][0-9]{0,17})-([a-z0-9]{10})\]/i;
const TAG = /\[Sportello #([1-9][0-9]{0,17})\]/i;

/**
 * The tickets a message may belong to, strongest layer first (each verified but the subject tag). The
 * references are read newest first: a reply to a merged or forwarded thread belongs to the latest.
 */
export function threadCandidates(key: string, clues: ThreadClues): ThreadCandidate[] {
  const out: ThreadCandidate[] = [];
  const add = (ticketId: string, layer: ThreadLayer) => {
    if (!out.some((c) => c.ticketId === ticketId && c.layer === layer)) out.push({ ticketId, layer });
  };
  for (const r of clues.recipients) {
    const m = REPLY_TOKEN.exec(r);
    if (m && tokenOk(key, m[1]!, m[2]!)) add(m[1]!, 'reply-token');
  }
  for (const id of [clues.inReplyTo, ...[...clues.references].reverse()]) {
    const m = id ? OUR_ID.exec(id.trim()) : null;
    if (m && tokenOk(key, m[1]!, m[2]!)) add(m[1]!, 'references');
  }
  // Quoted text may be re-wrapped with "> " or split: look at the text with quoting and breaks removed.
  const flat = clues.text.replace(/^[ \t>]+/gm, '').replace(/\s*\n\s*/g, ' ');
  for (const m of flat.matchAll(new RegExp(MARKER.source, 'gi'))) {
    if (tokenOk(key, m[1]!, m[2]!)) add(m[1]!, 'body-marker');
  }
  const tag = TAG.exec(clues.subject);
  if (tag) add(tag[1]!, 'subject-tag');
  return out;
}
