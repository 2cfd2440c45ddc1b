import { createHash } from 'node:crypto';
import { type Insertable, sql } from 'kysely';
import type { Db } from '../../../platform/db.ts';
import type { HelpdeskAttachmentTable, HelpdeskMessageTable } from '../../../platform/schema.ts';
import type { CheckedDocument } from './tickets.types.ts';

// The help desk's e-mail SQL: the thread's messages, attachments, the outgoing queue, and how far each
// IMAP mailbox has been read.

export type MessageRow = Awaited<ReturnType<typeof ticketMessages>>[number];
export type AttachmentRow = Awaited<ReturnType<typeof ticketAttachments>>[number];

/** Inserts a message; an incoming one already stored (same mailbox UID or Message-ID) gives null. */
export async function insertMessage(db: Db, row: Insertable<HelpdeskMessageTable>): Promise<string | null> {
  const r = await db
    .insertInto('helpdesk_message')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return r ? String(r.id) : null;
}

export async function insertAttachment(db: Db, row: Insertable<HelpdeskAttachmentTable>): Promise<void> {
  await db.insertInto('helpdesk_attachment').values(row).execute();
}

/** Documents checked and kept (HD-3): each an attachment of the message that brought them. */
export async function insertDocuments(
  db: Db,
  on: { messageId: string; ticketId: string },
  files: readonly CheckedDocument[],
): Promise<void> {
  for (const f of files) {
    await insertAttachment(db, {
      message_id: on.messageId,
      ticket_id: on.ticketId,
      filename: f.filename,
      content_type: f.contentType,
      size: f.content.length,
      sha256: createHash('sha256').update(f.content).digest('hex'),
      content: f.content,
      refused: null,
      scan: f.scan,
    });
  }
}

export async function ticketMessages(db: Db, ticketIds: readonly string[]) {
  if (ticketIds.length === 0) return [];
  return db
    .selectFrom('helpdesk_message')
    .select([
      'id',
      'ticket_id',
      'direction',
      'disposition',
      'thread_layer',
      'message_id',
      'from_address',
      'to_address',
      'subject',
      'body',
      'pec',
      'at',
      'status',
      'label',
      'sent_at',
      'error',
    ])
    .where('ticket_id', 'in', ticketIds)
    .orderBy('id')
    .execute();
}

export async function ticketAttachments(db: Db, ticketId: string) {
  return db
    .selectFrom('helpdesk_attachment')
    .select(['id', 'message_id', 'filename', 'content_type', 'size', 'sha256', 'refused', 'scan'])
    .select((eb) => eb('content', 'is not', null).as('stored'))
    .where('ticket_id', '=', ticketId)
    .orderBy('id')
    .execute();
}

export async function attachmentContent(db: Db, ticketId: string, id: string) {
  return db
    .selectFrom('helpdesk_attachment')
    .select(['filename', 'content_type', 'content', 'scan'])
    .where('ticket_id', '=', ticketId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The ids of a ticket's thread, oldest first (for In-Reply-To and References). */
export async function threadIds(db: Db, ticketId: string): Promise<{ id: string; direction: string }[]> {
  const rows = await db
    .selectFrom('helpdesk_message')
    .select(['message_id', 'direction'])
    .where('ticket_id', '=', ticketId)
    .where('message_id', 'is not', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.message_id!, direction: r.direction }));
}

/** Acknowledgements sent to an address since `since` (RFC 3834: do not answer one sender again and again). */
export async function acknowledgementsTo(db: Db, address: string, since: Date): Promise<number> {
  const r = await db
    .selectFrom('helpdesk_message')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('direction', '=', 'out')
    .where('disposition', '=', 'acknowledgement')
    .where(sql<boolean>`lower(to_address) = lower(${address})`)
    .where('at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Claims pending outgoing messages, oldest first; concurrent senders take different ones. */
export async function claimPending(db: Db, limit: number) {
  return db
    .selectFrom('helpdesk_message as m')
    .innerJoin('helpdesk_ticket as t', 't.id', 'm.ticket_id')
    .select([
      'm.id',
      'm.ticket_id',
      'm.mailbox',
      'm.message_id',
      'm.in_reply_to',
      'm.refs',
      'm.from_address',
      'm.to_address',
      'm.subject',
      'm.body',
      'm.attempts',
      'm.disposition',
      't.channel',
    ])
    .where('m.status', '=', 'pending')
    .orderBy('m.id')
    .limit(limit)
    .forUpdate('m')
    .skipLocked()
    .execute();
}

export async function settleOutgoing(
  db: Db,
  id: string,
  set: { status: 'sent' | 'failed' | 'pending'; at: Date; label?: string | null; error?: string | null },
): Promise<void> {
  await db
    .updateTable('helpdesk_message')
    .set((eb) => ({
      status: set.status,
      attempts: eb('attempts', '+', 1),
      sent_at: set.status === 'sent' ? set.at : null,
      error: set.error ?? null,
      ...(set.label !== undefined ? { label: set.label } : {}),
    }))
    .where('id', '=', id)
    .execute();
}

export async function mailboxState(db: Db, name: string) {
  return db.selectFrom('helpdesk_mailbox').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function saveMailboxState(
  db: Db,
  name: string,
  uidValidity: bigint | number,
  lastUid: number,
  at: Date,
): Promise<void> {
  const row = { name, uid_validity: String(uidValidity), last_uid: lastUid, updated_at: at };
  await db
    .insertInto('helpdesk_mailbox')
    .values(row)
    .onConflict((oc) =>
      oc.column('name').doUpdateSet({ uid_validity: row.uid_validity, last_uid: lastUid, updated_at: at }),
    )
    .execute();
}

export async function updateMessage(
  db: Db,
  id: string,
  set: Partial<Pick<Insertable<HelpdeskMessageTable>, 'ticket_id' | 'disposition' | 'thread_layer'>>,
): Promise<void> {
  await db.updateTable('helpdesk_message').set(set).where('id', '=', id).execute();
}

/** The mailbox of a ticket's first incoming e-mail, if it came by e-mail. */
export async function firstIncomingMailbox(db: Db, ticketId: string): Promise<string | null> {
  const r = await db
    .selectFrom('helpdesk_message')
    .select('mailbox')
    .where('ticket_id', '=', ticketId)
    .where('direction', '=', 'in')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return r?.mailbox ?? null;
}
