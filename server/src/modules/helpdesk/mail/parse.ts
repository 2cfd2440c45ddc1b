/**
 * An incoming e-mail as the help desk reads it (HD-1): parsed by mailparser, a PEC transport envelope
 * unwrapped to the citizen's own message (`postacert.eml`) with its certification data (`daticert.xml`).
 */
import { Readable, Transform } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { Joiner, Splitter } from '@zone-eu/mailsplit';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import type { MailHeaders } from '../rules/mail-kind.ts';
import { type PecData, parseDaticert } from '../rules/pec.ts';

export interface IncomingAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface IncomingMail {
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  from: string | null;
  fromName: string | null;
  /** To, Cc, Delivered-To and X-Original-To: where the reply token may be. */
  recipients: string[];
  subject: string;
  text: string;
  date: Date | null;
  /** The outer message's headers (a PEC receipt or an auto-reply is told by them). */
  headers: MailHeaders;
  attachments: IncomingAttachment[];
  /** The certification data when the message came by PEC. */
  pec: PecData | null;
}

const addresses = (a: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value.map((v) => v.address ?? '')).filter(Boolean);

const headerText = (mail: ParsedMail, name: string): string[] =>
  mail.headerLines.filter((l) => l.key === name).map((l) => l.line.slice(l.line.indexOf(':') + 1).trim());

const ids = (v: string | string[] | undefined): string[] =>
  (Array.isArray(v) ? v : v ? v.split(/\s+/) : []).map((s) => s.trim()).filter(Boolean);

/** Parses a raw message; a PEC envelope yields the message inside it with the envelope's data. */
export async function parseMail(raw: Buffer | string): Promise<IncomingMail> {
  const source = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
  const outer = await simpleParser(await keepPostacert(source), {
    skipHtmlToText: false,
    skipTextToHtml: true,
    skipImageLinks: true,
  });
  const headers: MailHeaders = {
    get: (name) => {
      const v = outer.headers.get(name.toLowerCase());
      if (v === undefined) return undefined;
      if (typeof v === 'string') return v;
      // Structured headers (Content-Type): the raw line says what mailparser split into value and params.
      return headerText(outer, name.toLowerCase())[0] ?? String((v as { value?: string }).value ?? v);
    },
  };
  const daticert = outer.attachments.find((a) => a.filename?.toLowerCase() === 'daticert.xml');
  const postacert = outer.attachments.find((a) => a.filename?.toLowerCase() === 'postacert.eml');
  const isPec = !headers.get('x-ricevuta') && daticert && postacert;
  const pec = isPec ? parseDaticert(daticert.content.toString('utf8')) : null;
  const mail = isPec
    ? await simpleParser(postacert.content, { skipTextToHtml: true, skipImageLinks: true })
    : outer;
  return {
    messageId: mail.messageId ?? null,
    inReplyTo: ids(mail.inReplyTo)[0] ?? null,
    references: ids(mail.references),
    // By PEC the certified sender is the envelope's, whatever the inner message claims.
    from: pec?.sender || addresses(mail.from)[0] || null,
    fromName: mail.from?.value[0]?.name || null,
    recipients: [
      ...addresses(mail.to),
      ...addresses(mail.cc),
      ...addresses(outer.to),
      ...headerText(outer, 'delivered-to'),
      ...headerText(outer, 'x-original-to'),
    ],
    subject: mail.subject ?? '',
    text: (mail.text ?? '').trim(),
    date: mail.date ?? null,
    headers,
    attachments: (isPec ? mail : outer).attachments
      .filter((a) => !isPec || (a !== daticert && a !== postacert))
      .map((a) => ({
        filename: a.filename ?? 'allegato',
        contentType: a.contentType,
        content: a.content,
      })),
    pec,
  };
}

/**
 * PEC providers send `postacert.eml` as an inline message/rfc822 part, which mailparser would merge into
 * the envelope's text; marked as an attachment it is kept whole, to be parsed on its own.
 */
async function keepPostacert(raw: Buffer): Promise<Buffer> {
  if (!raw.includes('postacert.eml')) return raw;
  const mark = new Transform({
    objectMode: true,
    transform(
      chunk: {
        type: string;
        contentType?: string;
        filename?: string;
        headers?: { update(k: string, v: string): void };
      },
      _enc,
      next,
    ) {
      if (
        chunk.type === 'node' &&
        chunk.contentType === 'message/rfc822' &&
        chunk.filename === 'postacert.eml'
      )
        chunk.headers?.update('Content-Disposition', 'attachment; filename="postacert.eml"');
      next(null, chunk);
    },
  });
  return buffer(
    Readable.from([raw])
      .pipe(new Splitter({ ignoreEmbedded: true }))
      .pipe(mark)
      .pipe(new Joiner()),
  );
}
