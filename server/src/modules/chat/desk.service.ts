import { auditedRead } from '../../platform/audit.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { AppError, invalidField, notFound } from '../../platform/errors.ts';
import { openTicketFromChat } from '../helpdesk/index.ts';
import { announcedCode } from '../identity/index.ts';
import type { ConversationRow } from './chat.repository.ts';
import * as repo from './chat.repository.ts';
import {
  agentCode,
  type ChatSettings,
  desk,
  documentsOf,
  messagesOf,
  SEEN_EVERY_MS,
  text,
  transcript,
} from './chat.service.ts';
import type { ChatMessage, ChatPresence, ChatQueue, StaffChat } from './chat.types.ts';
import { systemText } from './rules/system-text.ts';

// CC-10, the operators' side: the queue, taking a chat, reading and answering it, ending it, passing it
// to the back office. Only the operator who answers a chat reads it, and each read that hands over
// messages is audited.

function staffView(c: ConversationRow, messages: ChatMessage[], code: string | null, me: string): StaffChat {
  return {
    id: c.id,
    state: c.state,
    language: c.language,
    topic: c.topic,
    startedAt: c.started_at,
    queuedAt: c.queued_at,
    acceptedAt: c.accepted_at,
    closedAt: c.closed_at,
    closedBy: c.closed_by,
    outcome: c.outcome,
    ticketNumber: c.ticket_id ? `#${c.ticket_id}` : null,
    operatorCode: code,
    mine: c.agent_id === me,
    citizenSeenAt: c.citizen_seen_at,
    lastSeq: c.last_seq,
    messages,
  };
}

export async function chatQueue(
  db: Db,
  ctx: RequestContext,
  settings: ChatSettings,
  presence: ChatPresence,
): Promise<ChatQueue> {
  const me = actorOf(ctx).id;
  const now = ctx.clock.now();
  const [waiting, mine, activeTotal] = await Promise.all([
    repo.waiting(db),
    repo.activeOf(db, me),
    repo.countActive(db),
  ]);
  const lasts = await repo.lastAuthors(db, mine);
  return {
    desk: desk(settings, now),
    maxPerAgent: settings.maxPerAgent,
    onCall: presence.onCall(me),
    activeTotal,
    waiting: waiting.map((c) => ({
      id: c.id,
      language: c.language,
      topic: c.topic,
      queuedAt: c.queued_at!,
      waitedSeconds: Math.max(0, Math.round((now.getTime() - c.queued_at!.getTime()) / 1000)),
    })),
    mine: mine.map((c) => ({
      id: c.id,
      language: c.language,
      topic: c.topic,
      acceptedAt: c.accepted_at!,
      lastSeq: c.last_seq,
      lastAuthor: lasts.get(c.id) ?? null,
    })),
  };
}

const auditEntry = (id: string) => ({
  action: 'read' as const,
  resourceType: 'ChatConversation',
  resourceId: id,
  channel: 'web',
});

/** An operator's conversation, locked, for a step only its operator may take. */
async function ownConversation(tx: Db, ctx: RequestContext, id: string): Promise<ConversationRow> {
  const c = await repo.findConversation(tx, id, { forUpdate: true });
  if (!c) throw notFound('chat', 'id');
  if (c.agent_id !== actorOf(ctx).id)
    throw new AppError('FORBIDDEN', 'this chat is answered by another operator');
  if (c.state !== 'active') throw new AppError('INVALID_STATE', 'this chat has ended');
  return c;
}

/** The operator takes a waiting chat, if their hands are not full (CHAT_MAX_PER_AGENT). */
export async function acceptChat(
  db: Db,
  ctx: RequestContext,
  settings: ChatSettings,
  presence: ChatPresence,
  id: string,
): Promise<StaffChat> {
  const actor = actorOf(ctx);
  const now = ctx.clock.now();
  // A blended operator: the caller on the line comes first; chats already held go on meanwhile.
  if (presence.onCall(actor.id))
    throw new AppError('INVALID_STATE', 'you are on a call: take a chat when it has ended', 'call');
  return auditedRead(
    db,
    ctx,
    async (tx) => {
      const c = await repo.findConversation(tx, id, { forUpdate: true });
      if (!c) throw notFound('chat', 'id');
      if (c.state === 'active')
        throw new AppError(
          'CONFLICT',
          c.agent_id === actor.id ? 'you already answer this chat' : 'another operator took this chat',
        );
      if (c.state !== 'waiting')
        throw new AppError('INVALID_STATE', 'this chat is not waiting for an operator');
      // The operator's own row locked: two chats taken at the same instant are counted one after the other.
      await repo.lockAgent(tx, actor.id);
      const held = await repo.activeOf(tx, actor.id);
      if (held.length >= settings.maxPerAgent)
        throw new AppError(
          'CONFLICT',
          `you already answer ${held.length} chats, the most one operator holds`,
        );
      await repo.updateConversation(tx, id, {
        state: 'active',
        agent_id: actor.id,
        accepted_at: now,
        agent_seen_at: now,
      });
      await repo.appendMessage(tx, id, {
        at: now,
        author: 'system',
        body: systemText(c.language, 'accepted', { operatorCode: announcedCode(actor.operatorCode) }),
      });
      const after = (await repo.findConversation(tx, id))!;
      return staffView(after, await messagesOf(tx, after, 0), announcedCode(actor.operatorCode), actor.id);
    },
    (v) => [auditEntry(v.id)],
  );
}

/** What is new in a conversation the operator answers (every read that hands over messages audited). */
export async function staffReadChat(
  db: Db,
  ctx: RequestContext,
  id: string,
  after: number,
): Promise<StaffChat> {
  const me = actorOf(ctx).id;
  const c = await repo.findConversation(db, id);
  if (!c) throw notFound('chat', 'id');
  if (c.agent_id !== me) throw new AppError('FORBIDDEN', 'only the operator who answers a chat reads it');
  const now = ctx.clock.now();
  if (
    c.state === 'active' &&
    (!c.agent_seen_at || now.getTime() - c.agent_seen_at.getTime() >= SEEN_EVERY_MS)
  ) {
    await repo.updateConversation(db, id, { agent_seen_at: now });
  }
  const code = await agentCode(db, c);
  if (after >= c.last_seq) return staffView(c, [], code, me);
  return auditedRead(
    db,
    ctx,
    async (tx) => staffView(c, await messagesOf(tx, c, after), code, me),
    (v) => [auditEntry(v.id)],
  );
}

async function staffStep(
  db: Db,
  ctx: RequestContext,
  id: string,
  after: number,
  step: (tx: Db, c: ConversationRow, now: Date) => Promise<void>,
): Promise<StaffChat> {
  const actor = actorOf(ctx);
  const now = ctx.clock.now();
  return auditedRead(
    db,
    ctx,
    async (tx) => {
      const c = await ownConversation(tx, ctx, id);
      await repo.updateConversation(tx, id, { agent_seen_at: now });
      await step(tx, c, now);
      const after2 = (await repo.findConversation(tx, id))!;
      return staffView(
        after2,
        await messagesOf(tx, after2, after),
        announcedCode(actor.operatorCode),
        actor.id,
      );
    },
    (v) => [auditEntry(v.id)],
  );
}

export const agentSays = (
  db: Db,
  ctx: RequestContext,
  id: string,
  input: { message: string; after: number },
) =>
  staffStep(db, ctx, id, input.after, async (tx, c, now) => {
    await repo.appendMessage(tx, c.id, {
      at: now,
      author: 'agent',
      agentId: actorOf(ctx).id,
      body: text(input.message, 'message'),
    });
  });

export const agentCloses = (db: Db, ctx: RequestContext, id: string, after: number) =>
  staffStep(db, ctx, id, after, async (tx, c, now) => {
    await repo.updateConversation(tx, c.id, {
      state: 'closed',
      closed_at: now,
      closed_by: 'agent',
      outcome: 'answered',
    });
    await repo.appendMessage(tx, c.id, {
      at: now,
      author: 'system',
      body: systemText(c.language, 'agentClosed'),
    });
  });

/** HD-1: the operator passes what the chat cannot settle to the back office, as a ticket with the transcript. */
export const chatToTicket = (
  db: Db,
  ctx: RequestContext,
  id: string,
  input: { queue: string; subject: string; after: number },
) =>
  staffStep(db, ctx, id, input.after, async (tx, c, now) => {
    if (c.ticket_id) throw new AppError('CONFLICT', `this chat is already ticket #${c.ticket_id}`);
    const subject = input.subject.trim();
    if (subject.length < 3 || subject.length > 200)
      throw invalidField('subject', 'give the ticket a subject of 3 to 200 characters');
    const ticket = await openTicketFromChat(tx, ctx, {
      queue: input.queue,
      subject,
      transcript: await transcript(tx, c.id),
      documents: await documentsOf(tx, c.id),
    });
    await repo.updateConversation(tx, c.id, { ticket_id: ticket.id });
    await repo.appendMessage(tx, c.id, {
      at: now,
      author: 'system',
      body: systemText(c.language, 'ticketOpened', { ticket: ticket.number }),
    });
  });
