import { describe, expect, it } from 'vitest';
import { type ChatFacts, chatFigures } from './figures.ts';
import { TOPICS } from './reception.ts';

// docs/indicators.md, "Chat (CC-10)": a period's figures from its chats, counted here by hand.

const at = (s: number) => new Date(Date.UTC(2026, 10, 10, 9, 0, s));
const chat = (over: Partial<ChatFacts>): ChatFacts => ({
  state: 'closed',
  outcome: 'self-service',
  topic: null,
  queuedAt: null,
  acceptedAt: null,
  rating: null,
  ticketId: null,
  ...over,
});

describe('the chat figures of a period', () => {
  it('counts outcomes, waits, ratings and tickets, in total and by topic', () => {
    const chats: ChatFacts[] = [
      chat({ topic: 'cancel' }),
      chat({ topic: 'cancel', outcome: 'answered', queuedAt: at(0), acceptedAt: at(20), rating: 5 }),
      chat({ topic: 'cancel', outcome: 'answered', queuedAt: at(0), acceptedAt: at(61), ticketId: 't1' }),
      chat({ topic: 'book', outcome: 'answered', queuedAt: at(0), acceptedAt: at(45), rating: 4 }),
      chat({ topic: 'book', outcome: 'abandoned', queuedAt: at(0) }),
      chat({ topic: null, outcome: 'message-left', queuedAt: at(0), ticketId: 't2' }),
      chat({
        topic: 'pay',
        state: 'active',
        outcome: null,
        queuedAt: at(0),
        acceptedAt: at(10),
        rating: null,
      }),
      chat({ topic: 'greeting', outcome: 'self-service', rating: 4 }),
    ];
    expect(chatFigures(chats, TOPICS)).toEqual({
      started: 8,
      selfService: 2,
      queued: 6,
      answered: 4,
      abandoned: 1,
      requestsLeft: 1,
      inProgress: 1,
      answeredWithin60s: 3, // 20, 45 and 10 s; 61 s is over
      averageWaitSeconds: 34, // (20 + 61 + 45 + 10) / 4 = 34
      longestWaitSeconds: 61,
      ratings: 3,
      averageRating: 4.3, // (5 + 4 + 4) / 3 = 4.33…
      tickets: 2,
      byTopic: [
        { topic: 'cancel', started: 3, queued: 2, answered: 2, averageWaitSeconds: 41 }, // (20 + 61) / 2 = 40.5
        { topic: 'pay', started: 1, queued: 1, answered: 1, averageWaitSeconds: 10 },
        { topic: 'book', started: 2, queued: 2, answered: 1, averageWaitSeconds: 45 },
        { topic: 'greeting', started: 1, queued: 0, answered: 0, averageWaitSeconds: null },
        { topic: null, started: 1, queued: 1, answered: 0, averageWaitSeconds: null },
      ],
    });
  });

  it('has nothing to average in a period without chats', () => {
    expect(chatFigures([], TOPICS)).toMatchObject({
      started: 0,
      averageWaitSeconds: null,
      longestWaitSeconds: null,
      averageRating: null,
      byTopic: [],
    });
  });
});
