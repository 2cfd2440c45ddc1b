import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '../lib/api.ts';
import type { Ok, Query } from '../lib/openapi.ts';

// The privacy officer's access log (server: /api/v1/privacy/access-log), in the API's generated types.

export type AccessLog = Ok<'/api/v1/privacy/access-log', 'get'>;
export type Access = AccessLog['accesses'][number];
export type AccessLogQuery = Omit<Query<'/api/v1/privacy/access-log', 'get'>, 'format'>;

const PATH = '/api/v1/privacy/access-log';

export function accessLogUrl(q: AccessLogQuery, format: 'json' | 'csv' = 'json'): string {
  const params = new URLSearchParams({ fiscalCode: q.fiscalCode });
  if (q.from) params.set('from', q.from);
  if (q.to) params.set('to', q.to);
  if (format === 'csv') params.set('format', 'csv');
  return `${PATH}?${params}`;
}

export const useAccessLog = (q: AccessLogQuery | null) =>
  useQuery({
    queryKey: ['privacy', 'access-log', q],
    queryFn: () => apiRequest<AccessLog>('GET', accessLogUrl(q!)),
    enabled: q !== null,
    // Every reading is audited: read again only when the officer asks.
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
