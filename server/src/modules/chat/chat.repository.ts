import { sql } from 'kysely';
import type { Db } from '../../platform/db.ts';
import type { ChatAttachmentTable, ChatConversationTable, ChatMessageTable } from '../../platform/schema.ts';
import type { ChatFacts } from './rules/figures.ts';
import type { ChatAction, Topic } from './rules/reception.ts';

type Insertable<T> = { [K in keyof T]?: unknown };
export type ConversationRow = {
  id: string;
  token_hash: string;
  language: ChatConversationTable['language'];
  state: ChatConversationTable['state'];
  topic: Topic | null;
  started_at: Date;
  queued_at: Date | null;
  accepted_at: Date | null;
  agent_id: string | null;
  agent_seen_at: Date | null;
  closed_at: Date | null;
  closed_by: ChatConversationTable['closed_by'];
  outcome: ChatConversationTable['outcome'];
  ticket_id: string | null;
  rating: number | null;
  citizen_seen_at: Date;
  last_seq: number;
};
export type MessageRow = Omit<ChatMessageTable, 'actions' | 'at'> & {
  at: Date;
  actions: ChatAction[] | null;
};
/** A message with what it carries: a document's name, type and size (never its content). */
export type MessageWithAttachment = MessageRow & {
  attachment_filename: string | null;
  attachment_type: string | null;
  attachment_size: number | null;
};

export async function insertConversation(
  tx: Db,
  row: Omit<
    ConversationRow,
    | 'last_seq'
    | 'queued_at'
    | 'accepted_at'
    | 'agent_id'
    | 'agent_seen_at'
    | 'closed_at'
    | 'closed_by'
    | 'outcome'
    | 'ticket_id'
    | 'rating'
  >,
): Promise<ConversationRow> {
  return (await tx
    .insertInto('chat_conversation')
    .values(row)
    .returningAll()
    .executeTakeFirstOrThrow()) as ConversationRow;
}

export async function findConversation(
  db: Db,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<ConversationRow | undefined> {
  let q = db.selectFrom('chat_conversation').selectAll().where('id', '=', id);
  if (opts.forUpdate) q = q.forUpdate();
  return (await q.executeTakeFirst()) as ConversationRow | undefined;
}

export async function updateConversation(
  tx: Db,
  id: string,
  values: Insertable<ConversationRow>,
): Promise<void> {
  await tx
    .updateTable('chat_conversation')
    .set(values as never)
    .where('id', '=', id)
    .execute();
}

/** Appends a message under the conversation's row lock (taken by the caller), numbered after the last. */
export async function appendMessage(
  tx: Db,
  conversationId: string,
  m: {
    at: Date;
    author: MessageRow['author'];
    agentId?: string | null;
    body: string;
    actions?: ChatAction[];
  },
): Promise<number> {
  const { last_seq } = await tx
    .updateTable('chat_conversation')
    .set({ last_seq: sql`last_seq + 1` })
    .where('id', '=', conversationId)
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('chat_message')
    .values({
      conversation_id: conversationId,
      seq: last_seq,
      at: m.at,
      author: m.author,
      agent_id: m.agentId ?? null,
      body: m.body,
      actions: m.actions && m.actions.length > 0 ? JSON.stringify(m.actions) : null,
    })
    .execute();
  return last_seq;
}

export async function messagesAfter(
  db: Db,
  conversationId: string,
  after: number,
): Promise<MessageWithAttachment[]> {
  return (await db
    .selectFrom('chat_message as m')
    .leftJoin('chat_attachment as a', (j) =>
      j.onRef('a.conversation_id', '=', 'm.conversation_id').onRef('a.seq', '=', 'm.seq'),
    )
    .selectAll('m')
    .select([
      'a.filename as attachment_filename',
      'a.content_type as attachment_type',
      'a.size as attachment_size',
    ])
    .where('m.conversation_id', '=', conversationId)
    .where('m.seq', '>', after)
    .orderBy('m.seq')
    .execute()) as MessageWithAttachment[];
}

export async function insertAttachment(db: Db, row: Insertable<ChatAttachmentTable>): Promise<void> {
  await db
    .insertInto('chat_attachment')
    .values(row as never)
    .execute();
}

/** A conversation's documents, with their content: one (by its message), or all of them. */
export async function attachments(db: Db, conversationId: string, seq?: number) {
  let q = db.selectFrom('chat_attachment').selectAll().where('conversation_id', '=', conversationId);
  if (seq !== undefined) q = q.where('seq', '=', seq);
  return q.orderBy('seq').execute();
}

export async function countAttachments(db: Db, conversationId: string): Promise<number> {
  const r = await db
    .selectFrom('chat_attachment')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('conversation_id', '=', conversationId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Who wrote each conversation's last message (the desk's "new message" mark), one row per conversation. */
export async function lastAuthors(
  db: Db,
  conversations: { id: string; last_seq: number }[],
): Promise<Map<string, MessageRow['author']>> {
  if (conversations.length === 0) return new Map();
  const rows = await db
    .selectFrom('chat_message')
    .select(['conversation_id', 'author'])
    .where((eb) =>
      eb.or(conversations.map((c) => eb.and([eb('conversation_id', '=', c.id), eb('seq', '=', c.last_seq)]))),
    )
    .execute();
  return new Map(rows.map((r) => [r.conversation_id, r.author as MessageRow['author']]));
}

/** The operator codes of the agents named (shown as CC-2 announces them: see announcedCode). */
export async function operatorCodes(db: Db, ids: string[]): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('app_user')
    .select(['id', 'operator_code'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.operator_code]));
}

/** Conversations waiting for an operator, longest wait first. */
export async function waiting(db: Db): Promise<ConversationRow[]> {
  return (await db
    .selectFrom('chat_conversation')
    .selectAll()
    .where('state', '=', 'waiting')
    .orderBy('queued_at')
    .orderBy('id')
    .execute()) as ConversationRow[];
}

/** How many wait ahead of a conversation queued at `queuedAt` (ties by id, as the queue's order). */
export async function aheadOf(db: Db, c: { id: string; queued_at: Date }): Promise<number> {
  const row = await db
    .selectFrom('chat_conversation')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('state', '=', 'waiting')
    .where((eb) =>
      eb.or([
        eb('queued_at', '<', c.queued_at),
        eb.and([eb('queued_at', '=', c.queued_at), eb('id', '<', c.id)]),
      ]),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Serialises one operator's taking of chats (their user row, locked to the end of the transaction). */
export async function lockAgent(tx: Db, agentId: string): Promise<void> {
  await tx.selectFrom('app_user').select('id').where('id', '=', agentId).forUpdate().execute();
}

export async function activeOf(db: Db, agentId: string): Promise<ConversationRow[]> {
  return (await db
    .selectFrom('chat_conversation')
    .selectAll()
    .where('state', '=', 'active')
    .where('agent_id', '=', agentId)
    .orderBy('accepted_at')
    .execute()) as ConversationRow[];
}

export async function countActive(db: Db): Promise<number> {
  const row = await db
    .selectFrom('chat_conversation')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('state', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Open conversations whose citizen has not been seen since `before`, locked, skipping busy ones. */
export async function idleSince(tx: Db, before: Date): Promise<ConversationRow[]> {
  return (await tx
    .selectFrom('chat_conversation')
    .selectAll()
    .where('state', '<>', 'closed')
    .where('citizen_seen_at', '<', before)
    .forUpdate()
    .skipLocked()
    .execute()) as ConversationRow[];
}

/** The conversations started in [from, to), for the day's figures. */
/** The facts of the chats started in [from, to) that the figures count (rules/figures.ts). */
export async function startedBetween(db: Db, from: Date, to: Date): Promise<ChatFacts[]> {
  const rows = await db
    .selectFrom('chat_conversation')
    .select(['state', 'outcome', 'topic', 'queued_at', 'accepted_at', 'rating', 'ticket_id'])
    .where('started_at', '>=', from)
    .where('started_at', '<', to)
    .execute();
  return rows.map((r) => ({
    state: r.state,
    outcome: r.outcome,
    topic: r.topic as Topic | null,
    queuedAt: r.queued_at as Date | null,
    acceptedAt: r.accepted_at as Date | null,
    rating: r.rating,
    ticketId: r.ticket_id,
  }));
}

/** Chats an operator holds but has not read since `before` (or, with no date, all of one operator's), locked. */
export async function heldIdle(
  tx: Db,
  by: { before: Date } | { agentId: string },
): Promise<ConversationRow[]> {
  let q = tx.selectFrom('chat_conversation').selectAll().where('state', '=', 'active');
  q = 'before' in by ? q.where('agent_seen_at', '<', by.before) : q.where('agent_id', '=', by.agentId);
  return (await q.forUpdate().skipLocked().execute()) as ConversationRow[];
}

/** Deletes conversations closed before `before` with their messages (retention). */
export async function deleteClosedBefore(db: Db, before: Date): Promise<number> {
  const r = await db
    .deleteFrom('chat_conversation')
    .where('state', '=', 'closed')
    .where('closed_at', '<', before)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
