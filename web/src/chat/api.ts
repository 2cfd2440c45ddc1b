// CC-10: the chat's calls, for the citizen's page (portal) and the operators' (shapes generated from the API).
import { apiRequest } from '../lib/api.ts';
import type { Ok, Schema } from '../lib/openapi.ts';

export type CitizenChat = Schema<'CitizenChat'>;
export type StaffChat = Schema<'StaffChat'>;
export type ChatQueue = Schema<'ChatQueue'>;
export type ChatSummary = Schema<'ChatSummary'>;
export type ChatMessage = CitizenChat['messages'][number];
export type ChatStarted = Ok<'/api/v1/portal/chat', 'post'>;
export type HelpdeskQueue = Ok<'/api/v1/helpdesk/queues', 'get'>['queues'][number];

const P = '/api/v1/portal/chat';
const S = '/api/v1/chat';
const enc = encodeURIComponent;

/** The citizen's own chat: its id and the token given at the start (kept for the tab's life). */
export interface ChatKey {
  id: string;
  token: string;
}

export const citizenChat = {
  start: (message: string, language: 'it' | 'en') =>
    apiRequest<ChatStarted>('POST', P, { message, language }),
  read: (k: ChatKey, after: number) =>
    apiRequest<CitizenChat>('GET', `${P}/${enc(k.id)}?after=${after}`, undefined, {
      'x-chat-token': k.token,
    }),
  say: (k: ChatKey, message: string, after: number) =>
    apiRequest<CitizenChat>(
      'POST',
      `${P}/${enc(k.id)}/messages`,
      { message, after },
      { 'x-chat-token': k.token },
    ),
  operator: (k: ChatKey, after: number) =>
    apiRequest<CitizenChat>('POST', `${P}/${enc(k.id)}/operator`, { after }, { 'x-chat-token': k.token }),
  leave: (k: ChatKey, email: string, message: string, after: number) =>
    apiRequest<CitizenChat>(
      'POST',
      `${P}/${enc(k.id)}/request`,
      { email, ...(message.trim() ? { message } : {}), after },
      { 'x-chat-token': k.token },
    ),
  document: (k: ChatKey, file: { filename: string; contentType: string; content: string }, after: number) =>
    apiRequest<CitizenChat>(
      'POST',
      `${P}/${enc(k.id)}/documents`,
      { ...file, after },
      { 'x-chat-token': k.token },
    ),
  close: (k: ChatKey, after: number, rating?: number) =>
    apiRequest<CitizenChat>(
      'POST',
      `${P}/${enc(k.id)}/close`,
      { after, ...(rating ? { rating } : {}) },
      { 'x-chat-token': k.token },
    ),
};

export const staffChat = {
  queue: () => apiRequest<ChatQueue>('GET', `${S}/queue`),
  summary: () => apiRequest<ChatSummary>('GET', `${S}/summary`),
  accept: (id: string) => apiRequest<StaffChat>('POST', `${S}/${enc(id)}/accept`, {}),
  read: (id: string, after: number) => apiRequest<StaffChat>('GET', `${S}/${enc(id)}?after=${after}`),
  /** A document the citizen sent: a plain link (the session cookie goes with it), downloaded. */
  documentHref: (id: string, seq: number) => `${S}/${enc(id)}/documents/${seq}`,
  say: (id: string, message: string, after: number) =>
    apiRequest<StaffChat>('POST', `${S}/${enc(id)}/messages`, { message, after }),
  close: (id: string, after: number) => apiRequest<StaffChat>('POST', `${S}/${enc(id)}/close`, { after }),
  ticket: (id: string, queue: string, subject: string, after: number) =>
    apiRequest<StaffChat>('POST', `${S}/${enc(id)}/ticket`, { queue, subject, after }),
  helpdeskQueues: () => apiRequest<Ok<'/api/v1/helpdesk/queues', 'get'>>('GET', '/api/v1/helpdesk/queues'),
};

/** Messages received so far and those just come, by number, each once. */
export function mergeMessages<M extends { seq: number }>(have: M[], more: M[]): M[] {
  if (more.length === 0) return have;
  const seen = new Set(have.map((m) => m.seq));
  return [...have, ...more.filter((m) => !seen.has(m.seq))].sort((a, b) => a.seq - b.seq);
}
