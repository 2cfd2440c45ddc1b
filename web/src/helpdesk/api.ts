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

export type Macro = Ok<'/api/v1/helpdesk/macros', 'get'>['macros'][number];
export type MacroInput = Body<'/api/v1/helpdesk/macros', 'post'>;
export type CitizenTicket = Ok<'/api/v1/helpdesk/tickets/{id}/citizen-tickets', 'get'>['tickets'][number];
export type LegalHold = Ok<'/api/v1/helpdesk/tickets/{id}/legal-hold', 'get'>;

const ticketPath = (id: string) => `${BASE}/tickets/${encodeURIComponent(id)}`;

/** The templates of the ticket's queue, with the ticket's values in. */
export const useTicketMacros = (id: string) =>
  useQuery({
    queryKey: ['helpdesk', 'ticket-macros', id],
    queryFn: () => apiRequest<{ macros: Macro[] }>('GET', `${ticketPath(id)}/macros`),
  });

export const useMacros = () =>
  useQuery({
    queryKey: ['helpdesk', 'macros'],
    queryFn: () => apiRequest<{ macros: Macro[] }>('GET', `${BASE}/macros?archived=true`),
  });

export const saveMacro = (id: string | null, m: MacroInput) =>
  id
    ? apiRequest<Macro>('PUT', `${BASE}/macros/${encodeURIComponent(id)}`, m)
    : apiRequest<Macro>('POST', `${BASE}/macros`, m);

export const useCitizenTickets = (id: string) =>
  useQuery({
    queryKey: ['helpdesk', 'citizen-tickets', id],
    queryFn: () => apiRequest<{ tickets: CitizenTicket[] }>('GET', `${ticketPath(id)}/citizen-tickets`),
  });

export const mergeTicket = (id: string, into: string) =>
  apiRequest<Ticket>('POST', `${ticketPath(id)}/merge`, { into });
export const linkTicket = (id: string, other: string) =>
  apiRequest<Ticket>('POST', `${ticketPath(id)}/links`, { ticket: other });
export const unlinkTicket = (id: string, other: string) =>
  apiRequest<Ticket>('DELETE', `${ticketPath(id)}/links/${encodeURIComponent(other)}`);

export const readLegalHold = (id: string) => apiRequest<LegalHold>('GET', `${ticketPath(id)}/legal-hold`);
export const putLegalHold = (id: string, body: { hold: boolean; reason?: string }) =>
  apiRequest<LegalHold>('PUT', `${ticketPath(id)}/legal-hold`, body);

export type Referral = Ok<'/api/v1/helpdesk/referrals/{token}', 'get'>;

/** The third level's view of a case, by the link it was e-mailed (no login). */
export const useReferral = (token: string) =>
  useQuery({
    queryKey: ['helpdesk', 'referral', token],
    queryFn: () => apiRequest<Referral>('GET', `${BASE}/referrals/${encodeURIComponent(token)}`),
    retry: false,
  });

export const answerReferral = (token: string, body: string) =>
  apiRequest<Referral>('POST', `${BASE}/referrals/${encodeURIComponent(token)}/answer`, { body });
