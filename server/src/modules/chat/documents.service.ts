import { createHash } from 'node:crypto';
import { auditedRead } from '../../platform/audit.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { checkDocument, type HelpdeskMail, type UploadedDocument } from '../helpdesk/index.ts';
import * as repo from './chat.repository.ts';
import { type ChatSettings, citizenStep, readCitizenConversation } from './chat.service.ts';
import type { CitizenChat } from './chat.types.ts';
import { systemText } from './rules/system-text.ts';

// CC-10, HD-3: documents in the chat. A citizen sends one (the prescription's photo, a letter) once an
// operator is there to read it — waiting for one, or answered — checked as a help-desk attachment is
// (allow-list, size, virus scan); only the operator who answers the chat downloads it, audited; the
// ticket a chat becomes carries them.

/** Documents one chat may carry: a prescription and what goes with it, not an archive. */
export const MAX_CHAT_DOCUMENTS = 5;

/** The checks a document goes through: the help desk's (its size limit and its virus scan). */
export type DocumentChecks = Pick<HelpdeskMail, 'maxAttachmentBytes' | 'scan'>;

export async function citizenSendsDocument(
  db: Db,
  ctx: RequestContext,
  settings: ChatSettings,
  checks: DocumentChecks,
  id: string,
  token: string,
  input: UploadedDocument & { after: number },
): Promise<CitizenChat> {
  // The token and the state first: nothing is decoded or scanned for a chat that would refuse it.
  allowed(await readCitizenConversation(db, id, token));
  const file = await checkDocument(checks, input, 'document');
  return citizenStep(db, ctx, settings, id, token, input.after, async (tx, c, now) => {
    allowed(c);
    if ((await repo.countAttachments(tx, c.id)) >= MAX_CHAT_DOCUMENTS)
      throw new AppError('CONFLICT', `a chat carries at most ${MAX_CHAT_DOCUMENTS} documents`);
    const seq = await repo.appendMessage(tx, c.id, {
      at: now,
      author: 'citizen',
      body: systemText(c.language, 'document', { file: { name: file.filename, bytes: file.content.length } }),
    });
    await repo.insertAttachment(tx, {
      conversation_id: c.id,
      seq,
      filename: file.filename,
      content_type: file.contentType,
      size: file.content.length,
      sha256: createHash('sha256').update(file.content).digest('hex'),
      content: file.content,
      scan: file.scan === 'clean' ? 'clean' : 'not-scanned',
    });
  });
}

function allowed(c: repo.ConversationRow) {
  if (c.state === 'closed') throw new AppError('INVALID_STATE', 'this chat has ended: start a new one');
  if (c.state === 'assistant')
    throw new AppError('INVALID_STATE', 'documents are read by an operator: ask for one first');
}

/** A document of a chat, for the operator who answers (or answered) it; each download audited. */
export async function chatDocument(
  db: Db,
  ctx: RequestContext,
  id: string,
  seq: number,
): Promise<{ filename: string; contentType: string; content: Buffer }> {
  const me = actorOf(ctx).id;
  const c = await repo.findConversation(db, id);
  if (!c) throw notFound('chat', 'id');
  if (c.agent_id !== me) throw new AppError('FORBIDDEN', 'only the operator who answers a chat reads it');
  return auditedRead(
    db,
    ctx,
    async (tx) => {
      const [a] = await repo.attachments(tx, id, seq);
      if (!a) throw notFound('document', 'seq');
      return { filename: a.filename, contentType: a.content_type, content: a.content };
    },
    () => [{ action: 'read', resourceType: 'ChatAttachment', resourceId: `${id}/${seq}`, channel: 'web' }],
  );
}
