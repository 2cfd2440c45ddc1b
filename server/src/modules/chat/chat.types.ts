// CC-10: the chat as the citizen and the operators see it.
import type { ChatTotals } from './rules/figures.ts';
import type { ChatAction, ChatLanguage, Topic } from './rules/reception.ts';

export type ChatState = 'assistant' | 'waiting' | 'active' | 'closed';
export type ChatOutcome = 'self-service' | 'answered' | 'abandoned' | 'message-left';

export interface ChatMessage {
  seq: number;
  at: Date;
  author: 'citizen' | 'assistant' | 'agent' | 'system';
  body: string;
  actions: ChatAction[];
  /** The answering operator's code (CC-2), on an operator's messages. */
  operatorCode: string | null;
  /** A document the citizen sent with this message (its content is read apart, by its operator). */
  attachment: { filename: string; contentType: string; size: number } | null;
}

/** Whether operators answer now (CC-4's hours) and, if not, when they next do. */
export interface Desk {
  open: boolean;
  nextOpening: Date | null;
}

export interface CitizenChat {
  id: string;
  state: ChatState;
  language: ChatLanguage;
  /** In the queue: 1 is next. */
  position: number | null;
  operatorCode: string | null;
  desk: Desk;
  outcome: ChatOutcome | null;
  ticketNumber: string | null;
  rating: number | null;
  lastSeq: number;
  /** The largest document the citizen may send (HD-3). */
  documentMaxMegabytes: number;
  /** The messages after the one asked for. */
  messages: ChatMessage[];
}

export interface StaffChat {
  id: string;
  state: ChatState;
  language: ChatLanguage;
  topic: Topic | null;
  startedAt: Date;
  queuedAt: Date | null;
  acceptedAt: Date | null;
  closedAt: Date | null;
  closedBy: 'citizen' | 'agent' | 'timeout' | null;
  outcome: ChatOutcome | null;
  ticketNumber: string | null;
  operatorCode: string | null;
  mine: boolean;
  citizenSeenAt: Date;
  lastSeq: number;
  messages: ChatMessage[];
}

/** What the chat asks of the phone line: whether an operator is on a call (a call ringing for them counts). */
export interface ChatPresence {
  onCall(userId: string): boolean;
}

export interface ChatQueue {
  desk: Desk;
  maxPerAgent: number;
  /** The asking operator is on a call now: they take no new chat until it ends. */
  onCall: boolean;
  /** Chats being answered now, by every operator. */
  activeTotal: number;
  waiting: {
    id: string;
    language: ChatLanguage;
    topic: Topic | null;
    queuedAt: Date;
    waitedSeconds: number;
  }[];
  mine: {
    id: string;
    language: ChatLanguage;
    topic: Topic | null;
    acceptedAt: Date;
    lastSeq: number;
    lastAuthor: ChatMessage['author'] | null;
  }[];
}

/** A Rome day's chats (the wallboard): the figures of rules/figures.ts without the breakdowns. */
export interface ChatSummary extends ChatTotals {
  date: string;
}
