import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../platform/clock.ts';
import type { Config } from '../../platform/config.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { AppError, invalidField, notFound } from '../../platform/errors.ts';
import { OpeningCalendar, STANDARD_HOURS } from '../contact-centre/index.ts';
import { type CheckedDocument, openTicketFromChat } from '../helpdesk/index.ts';
import { announcedCode } from '../identity/index.ts';
import { ReceptionModel } from './adapters/reception-model.ts';
import type { ConversationRow, MessageRow } from './chat.repository.ts';
import * as repo from './chat.repository.ts';
import type { ChatMessage, CitizenChat, Desk } from './chat.types.ts';
import {
  answer,
  type ChatLanguage,
  decide,
  nextTopic,
  type Reading,
  recognise,
  topicAfter,
} from './rules/reception.ts';
import { systemText } from './rules/system-text.ts';

// CC-10, the citizen's side (start, write, ask for a person, leave a request, end) and what both sides
// share: the settings, the desk's hours, a conversation's messages and its transcript.

export interface ChatSettings {
  maxPerAgent: number;
  idleMinutes: number;
  /** Chats one address may start in 10 minutes (a hospital's or a library's NAT is one address). */
  startsPer10Min: number;
  /** The operators' hours for the chat: the CUP line's (CC-4). */
  calendar: OpeningCalendar;
  /** The largest document a citizen may send (HD-3): the help desk's attachment limit. */
  documentMaxBytes: number;
  /** The region's language model reading the reception's intents (CHAT_ASSISTANT_URL); null: the rules alone. */
  reception?: ReceptionModel | null;
  /** Told of each reading the model was asked for: null, or why it gave nothing usable (never the words). */
  onModelReading?: (failure: string | null) => void;
}

export const chatSettings = (
  config: Pick<
    Config,
    | 'CHAT_MAX_PER_AGENT'
    | 'CHAT_IDLE_MINUTES'
    | 'CHAT_HOURS'
    | 'HELPDESK_ATTACHMENT_MAX_MB'
    | 'CHAT_ASSISTANT_URL'
    | 'CHAT_ASSISTANT_MODEL'
    | 'CHAT_ASSISTANT_KEY'
    | 'CHAT_ASSISTANT_TIMEOUT_MS'
  >,
): ChatSettings => ({
  reception:
    config.CHAT_ASSISTANT_URL && config.CHAT_ASSISTANT_MODEL
      ? new ReceptionModel({
          url: config.CHAT_ASSISTANT_URL,
          model: config.CHAT_ASSISTANT_MODEL,
          apiKey: config.CHAT_ASSISTANT_KEY,
          timeoutMs: config.CHAT_ASSISTANT_TIMEOUT_MS,
        })
      : null,
  maxPerAgent: config.CHAT_MAX_PER_AGENT,
  idleMinutes: config.CHAT_IDLE_MINUTES,
  documentMaxBytes: config.HELPDESK_ATTACHMENT_MAX_MB * 1024 * 1024,
  startsPer10Min: 20,
  calendar: new OpeningCalendar(config.CHAT_HOURS === 'always' ? 'always' : STANDARD_HOURS),
});

const MAX_TEXT = 1000;
/** A citizen's poll refreshes "last seen" at most this often: a poll every 2 s need not write each time. */
export const SEEN_EVERY_MS = 15_000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function text(value: string, field: string): string {
  const t = value.trim();
  if (!t) throw invalidField(field, 'write a message');
  if (t.length > MAX_TEXT) throw invalidField(field, `a message holds at most ${MAX_TEXT} characters`);
  return t;
}

export function desk(settings: ChatSettings, now: Date): Desk {
  const at = now.getTime();
  if (settings.calendar.isOpen(at)) return { open: true, nextOpening: null };
  const next = settings.calendar.nextOpening(at);
  return { open: false, nextOpening: next === null ? null : new Date(next) };
}

export const outcomeOf = (state: ConversationRow['state']) =>
  state === 'active' ? 'answered' : state === 'waiting' ? 'abandoned' : 'self-service';

/** The announced codes of the operators who wrote these messages (CC-2's one way: announcedCode). */
async function writersCodes(db: Db, rows: MessageRow[]): Promise<Map<string, string | null>> {
  const codes = await repo.operatorCodes(db, [
    ...new Set(rows.flatMap((m) => (m.agent_id ? [m.agent_id] : []))),
  ]);
  return new Map([...codes].map(([id, code]) => [id, announcedCode(code)]));
}

export async function messagesOf(db: Db, c: ConversationRow, after: number): Promise<ChatMessage[]> {
  const rows = after >= c.last_seq ? [] : await repo.messagesAfter(db, c.id, after);
  const codes = await writersCodes(db, rows);
  return rows.map((m) => ({
    seq: m.seq,
    at: m.at,
    author: m.author,
    body: m.body,
    actions: m.actions ?? [],
    operatorCode: m.agent_id ? (codes.get(m.agent_id) ?? null) : null,
    attachment:
      m.attachment_filename && m.attachment_type && m.attachment_size !== null
        ? { filename: m.attachment_filename, contentType: m.attachment_type, size: m.attachment_size }
        : null,
  }));
}

export async function agentCode(db: Db, c: ConversationRow): Promise<string | null> {
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
    documentMaxMegabytes: Math.floor(settings.documentMaxBytes / 1048576),
    messages: await messagesOf(db, c, after),
  };
}

/** The citizen's conversation, locked, if the token is its own; otherwise not found (nothing told apart). */
async function citizenConversation(
  tx: Db,
  id: string,
  token: string,
  forUpdate = true,
): Promise<ConversationRow> {
  const c = await repo.findConversation(tx, id, { forUpdate });
  const given = Buffer.from(hashToken(token), 'hex');
  if (!c || !timingSafeEqual(given, Buffer.from(c.token_hash, 'hex'))) throw notFound('chat', 'id');
  return c;
}

/** The citizen's conversation, read without a lock, if the token is its own. */
export const readCitizenConversation = (db: Db, id: string, token: string) =>
  citizenConversation(db, id, token, false);

/**
 * What the reception makes of a message: the rules' reading, and the model's where the region runs one.
 * Asked before the conversation is locked, so no lock waits on a model.
 */
async function readMessage(settings: ChatSettings, body: string, language: ChatLanguage): Promise<Reading> {
  const rules = recognise(body);
  if (!settings.reception || rules === 'operator') return decide(rules, null);
  const model = await settings.reception.read(body, language);
  settings.onModelReading?.('failure' in model ? model.failure : null);
  return decide(rules, 'intent' in model ? model.intent : null);
}

/** The assistant answers a citizen's message; asking for a person queues them (or says when the desk opens). */
async function receive(
  tx: Db,
  settings: ChatSettings,
  c: ConversationRow,
  body: string,
  now: Date,
  reading: Reading | null,
): Promise<void> {
  await repo.appendMessage(tx, c.id, { at: now, author: 'citizen', body });
  if (c.state !== 'assistant') return;
  const read = reading ?? decide(recognise(body), null);
  const turn = answer(body, c.language, read.intent);
  const topic = topicAfter(c.topic, body, read);
  await repo.updateConversation(tx, c.id, { topic });
  if (turn.intent === 'operator') return toQueue(tx, settings, { ...c, topic }, now);
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
  await repo.updateConversation(tx, c.id, {
    state: 'waiting',
    queued_at: now,
    topic: nextTopic(c.topic, 'operator'),
  });
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
  const language = input.language ?? 'it';
  const reading = await readMessage(settings, body, language);
  const now = ctx.clock.now();
  const token = randomBytes(32).toString('base64url');
  const id = randomUUID();
  return db.transaction().execute(async (tx) => {
    // A row inserted in this transaction is invisible to others until it commits: no lock needed.
    const c = await repo.insertConversation(tx, {
      id,
      token_hash: hashToken(token),
      language,
      state: 'assistant',
      topic: null,
      started_at: now,
      citizen_seen_at: now,
    });
    await receive(tx, settings, c, body, now, reading);
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
    // A poll reads without locking the conversation; its one write, "last seen", comes every 15 s at most.
    const c = await citizenConversation(tx, id, token, false);
    if (c.state !== 'closed' && now.getTime() - c.citizen_seen_at.getTime() >= SEEN_EVERY_MS) {
      await repo.updateConversation(tx, id, { citizen_seen_at: now });
    }
    return citizenView(tx, settings, c, after, now);
  });
}

/** One step of the citizen's side, on their locked conversation, answered with what follows `after`. */
export async function citizenStep(
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

export async function citizenSays(
  db: Db,
  ctx: RequestContext,
  settings: ChatSettings,
  id: string,
  token: string,
  input: { message: string; after: number },
): Promise<CitizenChat> {
  // Only a message to the assistant is read for its intent: the model never sees one meant for an operator.
  const before = await readCitizenConversation(db, id, token);
  const body = text(input.message, 'message');
  const reading = before.state === 'assistant' ? await readMessage(settings, body, before.language) : null;
  return citizenStep(db, ctx, settings, id, token, input.after, async (tx, c, now) => {
    open(c);
    await receive(tx, settings, c, body, now, reading);
  });
}

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
      documents: await documentsOf(tx, c.id),
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

/** The documents the citizen sent, for the ticket the chat becomes (HD-3). */
export async function documentsOf(tx: Db, id: string): Promise<CheckedDocument[]> {
  return (await repo.attachments(tx, id)).map((a) => ({
    filename: a.filename,
    contentType: a.content_type,
    content: a.content,
    scan: a.scan,
  }));
}

/** The conversation as text, for a ticket: who said what, when (Rome time). */
export async function transcript(tx: Db, id: string): Promise<string> {
  const rows = await repo.messagesAfter(tx, id, 0);
  const codes = await writersCodes(tx, rows);
  const time = (d: Date) =>
    d.toLocaleTimeString('it-IT', { timeZone: 'Europe/Rome', hour: '2-digit', minute: '2-digit' });
  const who = (m: MessageRow) =>
    m.author === 'citizen'
      ? 'Cittadino'
      : m.author === 'assistant'
        ? 'Assistente automatico'
        : m.author === 'agent'
          ? `Operatore ${(m.agent_id && codes.get(m.agent_id)) || ''}`.trim()
          : 'Sistema';
  return rows.map((m) => `[${time(m.at)}] ${who(m)}: ${m.body}`).join('\n');
}
