import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '../lib/api.ts';
import type { Body, Ok, Query } from '../lib/openapi.ts';

// The help desk (server: /api/v1/helpdesk/…), in the API's generated types.

export type Ticket = Ok<'/api/v1/helpdesk/tickets/{id}', 'get'>;
export type TicketQuery = Query<'/api/v1/helpdesk/tickets', 'get'>;
export type NewTicket = Body<'/api/v1/helpdesk/tickets', 'post'>;
export type TicketAction = Body<'/api/v1/helpdesk/tickets/{id}/actions', 'post'>;
export type HelpdeskQueue = Ok<'/api/v1/helpdesk/queues', 'get'>['queues'][number];
export type TicketState = Ticket['state'];

const BASE = '/api/v1/helpdesk';

export const useHelpdeskQueues = () =>
  useQuery({
    queryKey: ['helpdesk', 'queues'],
    queryFn: () => apiRequest<{ queues: HelpdeskQueue[] }>('GET', `${BASE}/queues`),
    staleTime: Number.POSITIVE_INFINITY,
  });

export function ticketsUrl(q: TicketQuery): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return `${BASE}/tickets${s ? `?${s}` : ''}`;
}

export const useTickets = (q: TicketQuery) =>
  useQuery({
    queryKey: ['helpdesk', 'tickets', q],
    queryFn: () => apiRequest<{ tickets: Ticket[] }>('GET', ticketsUrl(q)),
    // The clocks move: read again every minute while the page is open.
    refetchInterval: 60_000,
  });

export const useTicket = (id: string | null) =>
  useQuery({
    queryKey: ['helpdesk', 'ticket', id],
    queryFn: () => apiRequest<Ticket>('GET', `${BASE}/tickets/${encodeURIComponent(id!)}`),
    enabled: id !== null,
  });

export const openTicket = (t: NewTicket) => apiRequest<Ticket>('POST', `${BASE}/tickets`, t);
export const actOnTicket = (id: string, a: TicketAction) =>
  apiRequest<Ticket>('POST', `${BASE}/tickets/${encodeURIComponent(id)}/actions`, a);
