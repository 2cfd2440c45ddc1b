import { Type } from '@fastify/type-provider-typebox';
import { type App, type AppDeps, contextOf, errorResponses } from '../../platform/http.ts';
import {
  ArticleHitSchema,
  ArticleParams,
  ArticleSchema,
  FeedbackBody,
  NewArticleBody,
  ReviseArticleBody,
  SearchQuery,
} from './knowledge.schemas.ts';
import {
  createArticle,
  getArticle,
  rateArticle,
  reviseArticle,
  searchArticles,
} from './knowledge.service.ts';

const tags = ['knowledge'];
const READERS = ['operator', 'backoffice', 'second-level', 'supervisor'] as const;
const article = { 200: Type.Ref('KnowledgeArticle'), ...errorResponses };

// HD-7: information sheets for the people who answer; supervisors write them. No personal data here.
export function knowledgeRoutes(app: App, deps: AppDeps) {
  app.addSchema(ArticleSchema);

  app.get(
    '/api/v1/knowledge/articles',
    {
      config: { roles: [...READERS] },
      schema: {
        tags,
        summary: 'Sheets for words, best first (Italian full-text search); the latest without words',
        querystring: SearchQuery,
        response: { 200: Type.Object({ articles: Type.Array(ArticleHitSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ articles: await searchArticles(deps.db, request.query) }),
  );

  app.post(
    '/api/v1/knowledge/articles',
    {
      config: { roles: ['supervisor'] },
      schema: {
        tags,
        summary: 'Write a sheet (version 1)',
        body: NewArticleBody,
        response: { 201: Type.Ref('KnowledgeArticle'), ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createArticle(deps.db, contextOf(request, deps.clock), request.body)),
  );

  app.get(
    '/api/v1/knowledge/articles/:id',
    {
      config: { roles: [...READERS] },
      schema: { tags, summary: 'A sheet with its versions', params: ArticleParams, response: article },
    },
    async (request) => getArticle(deps.db, request.params.id),
  );

  app.put(
    '/api/v1/knowledge/articles/:id',
    {
      config: { roles: ['supervisor'] },
      schema: {
        tags,
        summary: 'A new version of a sheet, or its archiving; refused (409) if changed since `version`',
        params: ArticleParams,
        body: ReviseArticleBody,
        response: article,
      },
    },
    async (request) =>
      reviseArticle(deps.db, contextOf(request, deps.clock), request.params.id, request.body),
  );

  app.post(
    '/api/v1/knowledge/articles/:id/feedback',
    {
      config: { roles: ['operator', 'backoffice', 'second-level'] },
      schema: {
        tags,
        summary: '"Was this useful": yes or no, one answer per person',
        params: ArticleParams,
        body: FeedbackBody,
        response: article,
      },
    },
    async (request) =>
      rateArticle(deps.db, contextOf(request, deps.clock), request.params.id, request.body.useful),
  );
}
