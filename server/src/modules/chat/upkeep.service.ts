import { addDays, startOfRomeDate } from '../../platform/calendar.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import type { ConversationRow } from './chat.repository.ts';
import * as repo from './chat.repository.ts';
import { type ChatSettings, outcomeOf } from './chat.service.ts';
import type { ChatSummary } from './chat.types.ts';
import { type ChatFigures, chatFigures, chatTotals } from './rules/figures.ts';
import { TOPICS } from './rules/reception.ts';
import { systemText } from './rules/system-text.ts';

// CC-10, the chats' upkeep: who has gone (citizen or operator), the day's figures, retention.

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
  const chats = await repo.startedBetween(db, startOfRomeDate(date), startOfRomeDate(addDays(date, 1)));
  return { date, ...chatTotals(chats) };
}

/** A report's period (MR-2, MR-3): the chats started in [from, to), with their topics and tickets. */
export async function chatFiguresBetween(db: Db, from: Date, to: Date): Promise<ChatFigures> {
  return chatFigures(await repo.startedBetween(db, from, to), TOPICS);
}

/** Retention: chats ended before `before` go with their messages (the messages' retention period). */
export const purgeChats = (db: Db, before: Date) => repo.deleteClosedBefore(db, before);
