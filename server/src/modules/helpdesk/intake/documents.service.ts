/**
 * Documents staff attach by hand (HD-1): a scanned letter, a fax received on paper, what a citizen
 * brought to the desk. The same rules as an e-mail's attachments (allow-list, size, virus scan), but staff
 * are there to hear the answer: a document that would be refused is an error on its field, and nothing is
 * stored.
 */
import { actorOf, type RequestContext } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { invalidField } from '../../../platform/errors.ts';
import { checkAttachment, safeFilename } from '../rules/attachments.ts';
import { ticketView } from '../tickets/ticket-view.service.ts';
import { type NewTicket, openTicketWithDocuments } from '../tickets/tickets.service.ts';
import type { CheckedDocument, TicketView } from '../tickets/tickets.types.ts';
import type { HelpdeskMail } from './mail.service.ts';

export interface UploadedDocument {
  filename: string;
  contentType: string;
  /** The file, base64-encoded. */
  content: string;
}

/** At most this many documents at once: a letter and its enclosures. */
export const MAX_DOCUMENTS = 5;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** HD-1: a request with its documents becomes a ticket; the documents are its first message's attachments. */
export async function createTicketWithDocuments(
  db: Db,
  ctx: RequestContext,
  mail: HelpdeskMail,
  input: NewTicket,
  documents: readonly UploadedDocument[],
): Promise<TicketView> {
  actorOf(ctx);
  const files = await checkDocuments(mail, documents);
  return db
    .transaction()
    .execute(async (tx) =>
      ticketView(tx, await openTicketWithDocuments(tx, ctx, input, files), ctx.clock.now()),
    );
}

/** Decodes and checks each document, scanning outside any transaction; the first refusal is an error. */
async function checkDocuments(mail: HelpdeskMail, documents: readonly UploadedDocument[]) {
  if (documents.length > MAX_DOCUMENTS)
    throw invalidField('documents', `at most ${MAX_DOCUMENTS} documents at once`);
  const files: CheckedDocument[] = [];
  for (const [i, d] of documents.entries()) files.push(await checkDocument(mail, d, `documents.${i}`));
  return files;
}

/**
 * One uploaded document checked as an e-mail's attachment is (allow-list, size, virus scan): decoded, or
 * an error on `field` (its content, or the document as a whole) and nothing kept. Call it outside any
 * transaction: the scan may take a while.
 */
export async function checkDocument(
  mail: Pick<HelpdeskMail, 'maxAttachmentBytes' | 'scan'>,
  d: UploadedDocument,
  field: string,
): Promise<CheckedDocument> {
  const encoded = d.content.replace(/\s+/g, '');
  if (!BASE64.test(encoded) || encoded.length % 4 !== 0)
    throw invalidField(`${field}.content`, 'the file is not base64-encoded');
  const content = Buffer.from(encoded, 'base64');
  if (content.length === 0) throw invalidField(`${field}.content`, 'the file is empty');
  const filename = safeFilename(d.filename);
  const verdict = checkAttachment(filename, d.contentType, content.length, mail.maxAttachmentBytes);
  if (!verdict.ok) throw invalidField(field, `${filename}: ${verdict.reason}`);
  const scan = await mail.scan(content);
  if (scan === 'infected') throw invalidField(field, `${filename}: the virus scan found it infected`);
  return { filename, contentType: verdict.contentType, content, scan };
}
