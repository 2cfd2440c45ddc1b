import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../lib/api.ts';
import type { Ok, Query } from '../lib/openapi.ts';

// Outreach (server: /api/v1/outreach/…), in the API's generated types: the reminder link a patient
// opens, and the staff's list of messages.

export type LinkedAppointment = Ok<'/api/v1/outreach/links/{token}', 'get'>;
export type Messages = Ok<'/api/v1/outreach/messages', 'get'>;
export type MessagesQuery = Query<'/api/v1/outreach/messages', 'get'>;
export type OutboxMessage = Messages['items'][number];

const link = (token: string) => `/api/v1/outreach/links/${encodeURIComponent(token)}`;

export const useLinkedAppointment = (token: string) =>
  useQuery({
    queryKey: ['outreach', 'link', token],
    queryFn: () => apiRequest<LinkedAppointment>('GET', link(token)),
    retry: false,
  });

export const confirmByLink = (token: string) =>
  apiRequest<LinkedAppointment>('POST', `${link(token)}/confirm`, {});
export const cancelByLink = (token: string) =>
  apiRequest<LinkedAppointment>('POST', `${link(token)}/cancel`, { confirm: true });

export function messagesUrl(q: MessagesQuery): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v) params.set(k, String(v));
  const s = params.toString();
  return `/api/v1/outreach/messages${s ? `?${s}` : ''}`;
}

export const useMessages = (q: MessagesQuery) =>
  useQuery({
    queryKey: ['outreach', 'messages', q],
    queryFn: () => apiRequest<Messages>('GET', messagesUrl(q)),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });

// Re-offer of a freed place (server: /api/v1/reoffer/…): the offer a patient opens from the SMS.
export type ReofferOffer = Ok<'/api/v1/reoffer/offers/{token}', 'get'>;
export type DeclineReason = ReofferOffer['declineReasons'][number];

const offer = (token: string) => `/api/v1/reoffer/offers/${encodeURIComponent(token)}`;

export const useOffer = (token: string) =>
  useQuery({
    queryKey: ['reoffer', 'offer', token],
    queryFn: () => apiRequest<ReofferOffer>('GET', offer(token)),
    retry: false,
  });

export const acceptOffer = (token: string) => apiRequest<ReofferOffer>('POST', `${offer(token)}/accept`, {});
export const declineOffer = (token: string, reason: DeclineReason) =>
  apiRequest<ReofferOffer>('POST', `${offer(token)}/decline`, { reason });

// The CUP manager's Outreach page: the period's figures, and the re-offer's.
export type OutreachSummary = Ok<'/api/v1/outreach/summary', 'get'>;
export type ReofferSummary = Ok<'/api/v1/reoffer/summary', 'get'>;

const period = (q: { from: string; to: string }) => `from=${q.from}&to=${q.to}`;

export const useOutreachSummary = (q: { from: string; to: string }) =>
  useQuery({
    queryKey: ['outreach', 'summary', q],
    queryFn: () => apiRequest<OutreachSummary>('GET', `/api/v1/outreach/summary?${period(q)}`),
    // Another period keeps the figures on screen until its own come (marked busy), not an empty page.
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });

export const useReofferSummary = (q: { from: string; to: string }) =>
  useQuery({
    queryKey: ['reoffer', 'summary', q],
    queryFn: () => apiRequest<ReofferSummary>('GET', `/api/v1/reoffer/summary?${period(q)}`),
    // Another period keeps the figures on screen until its own come (marked busy), not an empty page.
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
