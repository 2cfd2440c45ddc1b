import { Type } from '@fastify/type-provider-typebox';

const Useful = Type.Object(
  { yes: Type.Integer({ minimum: 0 }), no: Type.Integer({ minimum: 0 }) },
  { description: '"Was this useful": the answers, one per person (their latest)' },
);

export const ArticleSchema = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    body: Type.String(),
    tags: Type.Array(Type.String()),
    version: Type.Integer({
      minimum: 1,
      description: 'Send it back with a change: a sheet changed since is refused',
    }),
    archived: Type.Boolean(),
    updatedAt: Type.String({ format: 'date-time' }),
    useful: Useful,
    versions: Type.Array(
      Type.Object({
        version: Type.Integer(),
        title: Type.String(),
        at: Type.String({ format: 'date-time' }),
        author: Type.Union([Type.String(), Type.Null()]),
      }),
    ),
  },
  { $id: 'KnowledgeArticle' },
);

export const ArticleHitSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  tags: Type.Array(Type.String()),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
  snippet: Type.String({ description: 'The passage that matched; the start of the sheet without words' }),
  useful: Useful,
});

const Title = Type.String({ minLength: 1, maxLength: 200 });
const Body = Type.String({ minLength: 1, maxLength: 50_000 });
const Tags = Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 20 });

export const NewArticleBody = Type.Object(
  { title: Title, body: Body, tags: Type.Optional(Tags) },
  { additionalProperties: false },
);

export const ReviseArticleBody = Type.Object(
  {
    title: Title,
    body: Body,
    tags: Type.Optional(Tags),
    version: Type.Integer({ minimum: 1, description: 'The version the change was made on' }),
    archived: Type.Optional(Type.Boolean({ description: 'Archived sheets are no longer found' })),
  },
  { additionalProperties: false },
);

export const SearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 2000, description: 'Words, in Italian' })),
    match: Type.Optional(
      Type.Union([Type.Literal('all'), Type.Literal('any')], {
        description:
          'all (default): every word, web-search syntax ("…", OR, -word); any: any word (suggestions)',
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
  },
  { additionalProperties: false },
);

export const ArticleParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,17}$' }) });

export const FeedbackBody = Type.Object({ useful: Type.Boolean() }, { additionalProperties: false });
