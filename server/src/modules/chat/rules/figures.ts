import type { Topic } from './reception.ts';

// CC-10's figures (docs/indicators.md, "Chat (CC-10)"), one definition for the wallboard's day and the
// monthly report (MR-2: answer time per request type and channel). Pure: the chats started in the period.

export interface ChatFacts {
  state: 'assistant' | 'waiting' | 'active' | 'closed';
  outcome: 'self-service' | 'answered' | 'abandoned' | 'message-left' | null;
  topic: Topic | null;
  queuedAt: Date | null;
  acceptedAt: Date | null;
  rating: number | null;
  ticketId: string | null;
}

export interface ChatTotals {
  started: number;
  selfService: number;
  queued: number;
  answered: number;
  abandoned: number;
  requestsLeft: number;
  inProgress: number;
  answeredWithin60s: number;
  averageWaitSeconds: number | null;
  longestWaitSeconds: number | null;
  ratings: number;
  averageRating: number | null;
}

export interface ChatFigures extends ChatTotals {
  /** Passed to the back office as a help-desk ticket (by the operator, or as a written request). */
  tickets: number;
  /** By what the citizen asked about (null: not recognised), the topics with chats only, in order. */
  byTopic: {
    topic: Topic | null;
    started: number;
    queued: number;
    answered: number;
    averageWaitSeconds: number | null;
  }[];
}

export const ANSWER_TARGET_SECONDS = 60;

const waitOf = (c: ChatFacts) => (c.acceptedAt!.getTime() - c.queuedAt!.getTime()) / 1000;
const average = (xs: number[]) => (xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : null);

export function chatTotals(chats: ChatFacts[]): ChatTotals {
  const queued = chats.filter((c) => c.queuedAt !== null);
  const waits = queued.filter((c) => c.acceptedAt !== null).map(waitOf);
  const rated = chats.filter((c) => c.rating !== null).map((c) => c.rating!);
  const rating = average(rated.map((r) => r * 10));
  return {
    started: chats.length,
    selfService: chats.filter((c) => c.outcome === 'self-service').length,
    queued: queued.length,
    answered: waits.length,
    abandoned: chats.filter((c) => c.outcome === 'abandoned').length,
    requestsLeft: chats.filter((c) => c.outcome === 'message-left').length,
    inProgress: chats.filter((c) => c.state !== 'closed').length,
    answeredWithin60s: waits.filter((w) => w <= ANSWER_TARGET_SECONDS).length,
    averageWaitSeconds: average(waits),
    longestWaitSeconds: waits.length ? Math.round(Math.max(...waits)) : null,
    ratings: rated.length,
    // One decimal: the mean of the ratings × 10, rounded, / 10.
    averageRating: rating === null ? null : rating / 10,
  };
}

export function chatFigures(chats: ChatFacts[], topics: readonly Topic[]): ChatFigures {
  const byTopic = [...topics, null].flatMap((topic) => {
    const of = chats.filter((c) => c.topic === topic);
    if (of.length === 0) return [];
    const t = chatTotals(of);
    return [
      {
        topic,
        started: t.started,
        queued: t.queued,
        answered: t.answered,
        averageWaitSeconds: t.averageWaitSeconds,
      },
    ];
  });
  return { ...chatTotals(chats), tickets: chats.filter((c) => c.ticketId !== null).length, byTopic };
}
