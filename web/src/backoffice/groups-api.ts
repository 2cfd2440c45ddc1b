// BK-10: the group requests' calls, beside the page that makes them (shapes generated from the API).
import { apiRequest } from '../lib/api.ts';
import type { Body, Ok, Schema } from '../lib/openapi.ts';

export type GroupRequest = Schema<'GroupRequest'>;
export type GroupRequestSummary = Schema<'GroupRequestSummary'>;
export type GroupPlan = Schema<'GroupPlan'>;
export type GroupBookingResult = Schema<'GroupBookingResult'>;
export type NewGroupRequest = Body<'/api/v1/group-bookings', 'post'>;
export type Facility = Ok<'/api/v1/facilities', 'get'>['items'][number];

const BASE = '/api/v1/group-bookings';
/** The list's queries, whatever their filters: what a change to a request makes stale. */
export const GROUP_LISTS = ['group-bookings', 'list'] as const;
const enc = encodeURIComponent;

export const groupsApi = {
  list: (period: 'current' | 'past', club: string) =>
    apiRequest<Ok<'/api/v1/group-bookings', 'get'>>(
      'GET',
      `${BASE}?period=${period}${club.trim() ? `&club=${enc(club.trim())}` : ''}`,
    ),
  create: (body: NewGroupRequest) => apiRequest<GroupRequest>('POST', BASE, body),
  one: (id: string) => apiRequest<GroupRequest>('GET', `${BASE}/${enc(id)}`),
  plan: (id: string) => apiRequest<GroupPlan>('GET', `${BASE}/${enc(id)}/plan`),
  book: (id: string, places: { position: number; slotId: number }[]) =>
    apiRequest<GroupBookingResult>('POST', `${BASE}/${enc(id)}/book`, { places }),
  cancel: (id: string, reason: string) =>
    apiRequest<GroupBookingResult>('POST', `${BASE}/${enc(id)}/cancel`, { reason }),
  facilities: () => apiRequest<{ items: Facility[] }>('GET', '/api/v1/facilities'),
};

/**
 * The club's list as pasted (from a spreadsheet or an e-mail): one athlete a line, the fiscal code and
 * the NRE in either order (told apart by length), separated by spaces, commas, semicolons or tabs. Blank lines are skipped; a
 * line the server refuses is named by its place among the athletes.
 */
export function parseAthletes(text: string): { fiscalCode: string; nre: string }[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const parts = line.split(/[\s,;]+/).filter(Boolean);
      // A fiscal code has 16 characters, an NRE 15: told apart by length, else taken in order.
      const fc = parts.find((p) => p.length === 16) ?? parts[0] ?? '';
      const nre = parts.find((p) => p !== fc) ?? '';
      return { fiscalCode: fc.toUpperCase(), nre: nre.toUpperCase() };
    });
}
