import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '../lib/api.ts';
import type { Body, Ok, Query } from '../lib/openapi.ts';

// The knowledge base (server: /api/v1/knowledge/…), in the API's generated types.

export type Article = Ok<'/api/v1/knowledge/articles/{id}', 'get'>;
export type ArticleHit = Ok<'/api/v1/knowledge/articles', 'get'>['articles'][number];
export type ArticleSearch = Query<'/api/v1/knowledge/articles', 'get'>;
export type NewArticle = Body<'/api/v1/knowledge/articles', 'post'>;
export type ArticleRevision = Body<'/api/v1/knowledge/articles/{id}', 'put'>;

const BASE = '/api/v1/knowledge/articles';

export function searchUrl(q: ArticleSearch): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return `${BASE}${s ? `?${s}` : ''}`;
}

export const useArticles = (q: ArticleSearch, enabled = true) =>
  useQuery({
    queryKey: ['knowledge', 'search', q],
    queryFn: () => apiRequest<{ articles: ArticleHit[] }>('GET', searchUrl(q)),
    enabled,
  });

export const useArticle = (id: string | null) =>
  useQuery({
    queryKey: ['knowledge', 'article', id],
    queryFn: () => apiRequest<Article>('GET', `${BASE}/${encodeURIComponent(id!)}`),
    enabled: id !== null,
  });

export const knowledgeApi = {
  create: (a: NewArticle) => apiRequest<Article>('POST', BASE, a),
  revise: (id: string, a: ArticleRevision) =>
    apiRequest<Article>('PUT', `${BASE}/${encodeURIComponent(id)}`, a),
  rate: (id: string, useful: boolean) =>
    apiRequest<Article>('POST', `${BASE}/${encodeURIComponent(id)}/feedback`, { useful }),
};
