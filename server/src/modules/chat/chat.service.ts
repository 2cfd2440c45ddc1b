import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { auditedRead } from '../../platform/audit.ts';
import { addDays, startOfRomeDate } from '../../platform/calendar.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Config } from '../../platform/config.ts';
import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { AppError, invalidField, notFound } from '../../platform/errors.ts';
import { OpeningCalendar, STANDARD_HOURS } from '../contact-centre/index.ts';
import { openTicketFromChat } from '../helpdesk/index.ts';
import { announcedCode } from '../identity/index.ts';
import type { ConversationRow, MessageRow } from './chat.repository.ts';
import * as repo from './chat.repository.ts';
import type { ChatMessage, ChatQueue, ChatSummary, CitizenChat, Desk, StaffChat } from './chat.types.ts';
import { answer, type ChatLanguage } from './rules/reception.ts';
import { systemText } from './rules/system-text.ts';

export interface ChatSettings {
  maxPerAgent: number;
  idleMinutes: number;
  /** Chats one address may start in 10 minutes (a hospital's or a library's NAT is one address). */
  startsPer10Min: number;
  /** The operators' hours for the chat: the CUP line's (CC-4). */
  calendar: OpeningCalendar;
}

export const chatSettings = (
  config: Pick<Config, 'CHAT_MAX_PER_AGENT' | 'CHAT_IDLE_MINUTES' | 'CHAT_HOURS'>,
): ChatSettings => ({
  maxPerAgent: config.CHAT_MAX_PER_AGENT,
  idleMinutes: config.CHAT_IDLE_MINUTES,
  startsPer10Min: 20,
  calendar: new OpeningCalendar(config.CHAT_HOURS === 'always' ? 'always' : STANDARD_HOURS),
});

const MAX_TEXT = 1000;
/** A citizen's poll refreshes "last seen" at most this often: a poll every 2 s need not write each time. */
const SEEN_EVERY_MS = 15_000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

function text(value: string, field: string): string {
  const t = value.trim();
  if (!t) throw invalidField(field, 'write a message');
  if (t.length > MAX_TEXT) throw invalidField(field, `a message holds at most ${MAX_TEXT} characters`);
  return t;
}

function desk(settings: ChatSettings, now: Date): Desk {
  const at = now.getTime();
  if (settings.calendar.isOpen(at)) return { open: true, nextOpening: null };
  const next = settings.calendar.nextOpening(at);
  return { open: false, nextOpening: next === null ? null : new Date(next) };
}

const outcomeOf = (state: ConversationRow['state']) =>
  state === 'active' ? 'answered' : state === 'waiting' ? 'abandoned' : 'self-service';

async function messagesOf(db: Db, c: ConversationRow, after: number): Promise<ChatMessage[]> {
  const rows = after >= c.last_seq ? [] : await repo.messagesAfter(db, c.id, after);
  const codes = await repo.operatorCodes(db, [
    ...new Set(rows.flatMap((m) => (m.agent_id ? [m.agent_id] : []))),
  ]);
  return rows.map((m: MessageRow) => ({
    seq: m.seq,
    at: m.at,
    author: m.author,
    body: m.body,
    actions: m.actions ?? [],
    operatorCode: m.agent_id ? announcedCode(codes.get(m.agent_id) ?? null) : null,
  }));
}

async function agentCode(db: Db, c: ConversationRow): Promise<string | null> {
  if (!c.agent_id) return null;
  return announcedCode((await repo.operatorCodes(db, [c.agent_id])).get(c.agent_id) ?? null);
}

async function citizenView(
  db: Db,
  settings: ChatSettings,
  c: ConversationRow,
  after: number,
  now: Date,
): Promise<CitizenChat> {
  return {
    id: c.id,
    state: c.state,
    language: c.language,
    position:
      c.state === 'waiting' && c.queued_at
        ? (await repo.aheadOf(db, { id: c.id, queued_at: c.queued_at })) + 1
        : null,
    operatorCode: c.state === 'active' ? await agentCode(db, c) : null,
    desk: desk(settings, now),
    outcome: c.outcome,
    ticketNumber: c.ticket_id ? `#${c.ticket_id}` : null,
    rating: c.rating,
    lastSeq: c.last_seq,
    messages: await messagesOf(db, c, after),
  };
}

/** The citizen's conversation, locked, if the token is its own; otherwise not found (nothing told apart). */
async function citizenConversation(tx: Db, id: string, token: string): Promise<ConversationRow> {
  const c = await repo.findConversation(tx, id, { forUpdate: true });
  const given = Buffer.from(hashToken(token), 'hex');
  if (!c || !timingSafeEqual(given, Buffer.from(c.token_hash, 'hex'))) throw notFound('chat', 'id');
  return c;
}

/** The assistant answers a citizen's message; asking for a person queues them (or says when the desk opens). */
async function receive(
  tx: Db,
  settings: ChatSettings,
  c: ConversationRow,
  body: string,
  now: Date,
): Promise<void> {
  await repo.appendMessage(tx, c.id, { at: now, author: 'citizen', body });
  if (c.state !== 'assistant') return;
  const turn = answer(body, c.language);
  await repo.updateConversation(tx, c.id, { topic: turn.intent === 'unknown' ? c.topic : turn.intent });
  if (turn.intent === 'operator') return toQueue(tx, settings, c, now);
  await repo.appendMessage(tx, c.id, {
    at: now,
    author: 'assistant',
    body: turn.body,
    actions: turn.actions,
  });
}

async function toQueue(tx: Db, settings: ChatSettings, c: ConversationRow, now: Date): Promise<void> {
  if (c.state !== 'assistant') return;
  const d = desk(settings, now);
  if (!d.open) {
    await repo.appendMessage(tx, c.id, {
      at: now,
      author: 'system',
      body: systemText(c.language, 'closed', { nextOpening: d.nextOpening }),
    });
    return;
  }
  await repo.updateConversation(tx, c.id, { state: 'waiting', queued_at: now });
  await repo.appendMessage(tx, c.id, { at: now, author: 'system', body: systemText(c.language, 'queued') });
}

// --- the citizen's side --------------------------------------------------------------------------------

export async function startChat(
  db: Db,
  ctx: RequestContext,
  settings: ChatSettings,
  input: { message: string; language?: ChatLanguage | undefined },
): Promise<{ id: string; token: string; chat: CitizenChat }> {
  const body = text(input.message, 'message');
  const now = ctx.clock.now();
  const token = randomBytes(32).toString('base64url');
  const id = randomUUID();
  return db.transaction().execute(async (tx) => {
    await repo.insertConversation(tx, {
      id,
      token_hash: hashToken(token),
      language: input.language ?? 'it',
      state: 'assistant',
      topic: null,
      started_at: now,
      citizen_seen_at: now,
    });
    const c = (await repo.findConversation(tx, id, { forUpdate: true }))!;
    await receive(tx, settings, c, body, now);
    const after = (await repo.findConversation(tx, id))!;
    return { id, token, chat: await citizenView(tx, settings, after, 0, now) };
  });
}

/** What is new in the conversation since message `after`; the poll also tells the server they are there. */
export async function readChat(
  db: Db,
  clock: Clock,
  settings: ChatSettings,
  id: string,
  token: string,
  after: number,
): Promise<CitizenChat> {
  const now = clock.now();
  return db.transaction().execute(async (tx) => {
    const c = await citizenConversation(tx, id, token);
    if (c.state !== 'closed' && now.getTime() - c.citizen_seen_at.getTime() >= SEEN_EVERY_MS) {
      await repo.updateConversation(tx, id, { citizen_seen_at: now });
    }
    return citizenView(tx, settings, c, after, now);
  });
}

/** One step of the citizen's side, on their locked conversation, answered with what follows `after`. */
async function citizenStep(
  db: Db,
  ctx: RequestContext,
  settings: ChatSettings,
  id: string,
  token: string,
  after: number,
  step: (tx: Db, c: ConversationRow, now: Date) => Promise<void>,
): Promise<CitizenChat> {
  const now = ctx.clock.now();
  return db.transaction().execute(async (tx) => {
    const c = await citizenConversation(tx, id, token);
    await step(tx, c, now);
    await repo.updateConversation(tx, id, { citizen_seen_at: now });
    return citizenView(tx, settings, (await repo.findConversation(tx, id))!, after, now);
  });
}

const open = (c: ConversationRow) => {
  if (c.state === 'closed') throw new AppError('INVALID_STATE', 'this chat has ended: start a new one');
};

export const citizenSays = (
  db: Db,
  ctx: RequestContext,
  settings: ChatSettings,
  id: string,
  token: string,
  input: { message: string; after: number },
) =>
  citizenStep(db, ctx, settings, id, token, input.after, async (tx, c, now) => {
    open(c);
    await receive(tx, settings, c, text(input.message, 'message'), now);
  });

export const askOperator = (
  db: Db,
  ctx: RequestContext,
  settings: ChatSettings,
  id: string,
  token: string,
  after: number,
) =>
  citizenStep(db, ctx, settings, id, token, after, async (tx, c, now) => {
    open(c);
    await toQueue(tx, settings, c, now);
  });

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

/**
 * HD-1: out of hours (or tired of waiting) the citizen leaves a written request with an e-mail address;
 * it becomes a help-desk ticket in the CUP's queue, answered in writing within its service level (HD-6).
 */
export const leaveRequest = (
  db: Db,
  ctx: RequestContext,
  settings: ChatSettings,
  id: string,
  token: string,
  input: { email: string; message?: string | undefined; after: number },
) =>
  citizenStep(db, ctx, settings, id, token, input.after, async (tx, c, now) => {
    open(c);
    if (c.state === 'active')
      throw new AppError('INVALID_STATE', 'an operator is already answering this chat');
    const email = input.email.trim();
    if (!EMAIL.test(email) || email.length > 200)
      throw invalidField('email', 'give an e-mail address to answer to');
    if (input.message?.trim()) {
      await repo.appendMessage(tx, c.id, {
        at: now,
        author: 'citizen',
        body: text(input.message, 'message'),
      });
    }
    const ticket = await openTicketFromChat(tx, ctx, {
      queue: 'cup',
      subject: systemText('it', 'ticketSubject', { topic: c.topic }),
      transcript: await transcript(tx, c.id),
      email,
    });
    await repo.updateConversation(tx, c.id, {
      state: 'closed',
      closed_at: now,
      closed_by: 'citizen',
      outcome: 'message-left',
      ticket_id: ticket.id,
    });
    await repo.appendMessage(tx, c.id, {
      at: now,
      author: 'system',
      body: systemText(c.language, 'requestLeft', { ticket: ticket.number }),
    });
  });

/** The citizen ends the chat, with a rating of 1–5 if they give one (also after the operator ended it). */
export const citizenCloses = (
  db: Db,
  ctx: RequestContext,
  settings: ChatSettings,
  id: string,
  token: string,
  input: { rating?: number | undefined; after: number },
) =>
  citizenStep(db, ctx, settings, id, token, input.after, async (tx, c, now) => {
    if (input.rating !== undefined && c.rating !== null)
      throw new AppError('INVALID_STATE', 'this chat has already been rated');
    if (c.state === 'closed') {
      if (input.rating !== undefined) await repo.updateConversation(tx, c.id, { rating: input.rating });
      return;
    }
    await repo.updateConversation(tx, c.id, {
      state: 'closed',
      closed_at: now,
      closed_by: 'citizen',
      outcome: outcomeOf(c.state),
      rating: input.rating ?? null,
    });
    await repo.appendMessage(tx, c.id, {
      at: now,
      author: 'system',
      body: systemText(c.language, 'citizenLeft'),
    });
  });

/** The conversation as text, for a ticket: who said what, when (Rome time). */
async function transcript(tx: Db, id: string): Promise<string> {
  const rows = await repo.messagesAfter(tx, id, 0);
  const codes = await repo.operatorCodes(tx, [
    ...new Set(rows.flatMap((m) => (m.agent_id ? [m.agent_id] : []))),
  ]);
  const time = (d: Date) =>
    d.toLocaleTimeString('it-IT', { timeZone: 'Europe/Rome', hour: '2-digit', minute: '2-digit' });
  const who = (m: MessageRow) =>
    m.author === 'citizen'
      ? 'Cittadino'
      : m.author === 'assistant'
        ? 'Assistente automatico'
        : m.author === 'agent'
          ? `Operatore ${announcedCode((m.agent_id && codes.get(m.agent_id)) || null) ?? ''}`.trim()
          : 'Sistema';
  return rows.map((m) => `[${time(m.at)}] ${who(m)}: ${m.body}`).join('\n');
}

// --- the operators' side -------------------------------------------------------------------------------

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

export async function chatQueue(db: Db, ctx: RequestContext, settings: ChatSettings): Promise<ChatQueue> {
  const me = actorOf(ctx).id;
  const now = ctx.clock.now();
  const [waiting, mine, activeTotal] = await Promise.all([
    repo.waiting(db),
    repo.activeOf(db, me),
    repo.countActive(db),
  ]);
  const lasts = await Promise.all(mine.map((c) => repo.messagesAfter(db, c.id, c.last_seq - 1)));
  return {
    desk: desk(settings, now),
    maxPerAgent: settings.maxPerAgent,
    activeTotal,
    waiting: waiting.map((c) => ({
      id: c.id,
      language: c.language,
      topic: c.topic,
      queuedAt: c.queued_at!,
      waitedSeconds: Math.max(0, Math.round((now.getTime() - c.queued_at!.getTime()) / 1000)),
    })),
    mine: mine.map((c, i) => ({
      id: c.id,
      language: c.language,
      topic: c.topic,
      acceptedAt: c.accepted_at!,
      lastSeq: c.last_seq,
      lastAuthor: lasts[i]?.[0]?.author ?? null,
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

/** The operator takes the chat waiting longest, or the one named, if their hands are not full. */
export async function acceptChat(
  db: Db,
  ctx: RequestContext,
  settings: ChatSettings,
  id: string,
): Promise<StaffChat> {
  const actor = actorOf(ctx);
  const now = ctx.clock.now();
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
    });
    await repo.updateConversation(tx, c.id, { ticket_id: ticket.id });
    await repo.appendMessage(tx, c.id, {
      at: now,
      author: 'system',
      body: systemText(c.language, 'ticketOpened', { ticket: ticket.number }),
    });
  });

// --- jobs and figures ----------------------------------------------------------------------------------

/** A chat its operator left goes back to the queue at its place (its first queuing time kept). */
async function requeue(tx: Db, c: ConversationRow, now: Date): Promise<void> {
  await repo.updateConversation(tx, c.id, {
    state: 'waiting',
    agent_id: null,
    agent_seen_at: null,
    accepted_at: null,
  });
  await repo.appendMessage(tx, c.id, { at: now, author: 'system', body: systemText(c.language, 'requeued') });
}

/**
 * Every minute: the chats whose citizen has gone (no poll for the idle time) end — a waiting one counts as
 * abandoned; the chats whose operator has stopped reading them (browser closed, network lost) go back to
 * the queue at their place.
 */
export async function closeIdleChats(
  db: Db,
  clock: Clock,
  settings: ChatSettings,
): Promise<{ ended: number; requeued: number }> {
  const now = clock.now();
  const before = new Date(now.getTime() - settings.idleMinutes * 60_000);
  return db.transaction().execute(async (tx) => {
    const idle = await repo.idleSince(tx, before);
    for (const c of idle) {
      await repo.updateConversation(tx, c.id, {
        state: 'closed',
        closed_at: now,
        closed_by: 'timeout',
        outcome: outcomeOf(c.state),
      });
      await repo.appendMessage(tx, c.id, {
        at: now,
        author: 'system',
        body: systemText(c.language, 'timedOut'),
      });
    }
    const gone = new Set(idle.map((c) => c.id));
    const left = (await repo.heldIdle(tx, { before })).filter((c) => !gone.has(c.id));
    for (const c of left) await requeue(tx, c, now);
    return { ended: idle.length, requeued: left.length };
  });
}

/** An operator logged out: the chats they held go back to the queue at their place. */
export async function releaseChatsOf(db: Db, clock: Clock, agentId: string): Promise<number> {
  const now = clock.now();
  return db.transaction().execute(async (tx) => {
    const held = await repo.heldIdle(tx, { agentId });
    for (const c of held) await requeue(tx, c, now);
    return held.length;
  });
}

/** The day's chats (Rome day), as defined in docs/indicators.md. */
export async function chatSummary(db: Db, date: string): Promise<ChatSummary> {
  const rows = await repo.startedBetween(db, startOfRomeDate(date), startOfRomeDate(addDays(date, 1)));
  const queued = rows.filter((r) => r.queued_at !== null);
  const answered = queued.filter((r) => r.accepted_at !== null);
  const waits = answered.map((r) => (r.accepted_at!.getTime() - r.queued_at!.getTime()) / 1000);
  const rated = rows.filter((r) => r.rating !== null);
  return {
    date,
    started: rows.length,
    selfService: rows.filter((r) => r.outcome === 'self-service').length,
    queued: queued.length,
    answered: answered.length,
    abandoned: rows.filter((r) => r.outcome === 'abandoned').length,
    requestsLeft: rows.filter((r) => r.outcome === 'message-left').length,
    inProgress: rows.filter((r) => r.state !== 'closed').length,
    answeredWithin60s: waits.filter((w) => w <= 60).length,
    averageWaitSeconds: waits.length ? Math.round(waits.reduce((a, b) => a + b, 0) / waits.length) : null,
    longestWaitSeconds: waits.length ? Math.round(Math.max(...waits)) : null,
    ratings: rated.length,
    averageRating: rated.length
      ? Math.round((rated.reduce((a, r) => a + r.rating!, 0) / rated.length) * 10) / 10
      : null,
  };
}

/** Retention: chats ended before `before` go with their messages (the messages' retention period). */
export const purgeChats = (db: Db, before: Date) => repo.deleteClosedBefore(db, before);
