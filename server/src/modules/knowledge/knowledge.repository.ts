import { sql } from 'kysely';
import type { Db } from '../../platform/db.ts';

// The knowledge base's SQL (HD-7): sheets, their versions and the "was this useful" answers, and the
// Italian full-text search over title, tags and text.

export type ArticleRow = NonNullable<Awaited<ReturnType<typeof findArticle>>>;

const feedback = (useful: boolean) =>
  sql<number>`(select count(*)::int from kb_feedback f where f.article_id = a.id and f.useful = ${useful})`;

export async function findArticle(db: Db, id: string, opts: { forUpdate?: boolean } = {}) {
  let q = db
    .selectFrom('kb_article as a')
    .select([
      'a.id',
      'a.title',
      'a.body',
      'a.tags',
      'a.version',
      'a.archived',
      'a.created_at',
      'a.updated_at',
    ])
    .select([feedback(true).as('useful_yes'), feedback(false).as('useful_no')])
    .where('a.id', '=', id);
  if (opts.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function insertArticle(
  db: Db,
  row: { title: string; body: string; tags: string[]; at: Date },
): Promise<string> {
  const r = await db
    .insertInto('kb_article')
    .values({
      title: row.title,
      body: row.body,
      tags: row.tags,
      keywords: row.tags.join(' '),
      version: 1,
      created_at: row.at,
      updated_at: row.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return String(r.id);
}

export async function updateArticle(
  db: Db,
  id: string,
  set: { title: string; body: string; tags: string[]; version: number; archived: boolean; at: Date },
): Promise<void> {
  await db
    .updateTable('kb_article')
    .set({
      title: set.title,
      body: set.body,
      tags: set.tags,
      keywords: set.tags.join(' '),
      version: set.version,
      archived: set.archived,
      updated_at: set.at,
    })
    .where('id', '=', id)
    .execute();
}

export async function insertVersion(
  db: Db,
  v: {
    articleId: string;
    version: number;
    title: string;
    body: string;
    tags: string[];
    authorId: string | null;
    at: Date;
  },
): Promise<void> {
  await db
    .insertInto('kb_version')
    .values({
      article_id: v.articleId,
      version: v.version,
      title: v.title,
      body: v.body,
      tags: v.tags,
      author_id: v.authorId,
      at: v.at,
    })
    .execute();
}

export async function versions(db: Db, id: string) {
  return db
    .selectFrom('kb_version as v')
    .leftJoin('app_user as u', 'u.id', 'v.author_id')
    .select(['v.version', 'v.title', 'v.at', 'u.display_name as author'])
    .where('v.article_id', '=', id)
    .orderBy('v.version', 'desc')
    .execute();
}

/**
 * Sheets matching `q` in Italian, best first. 'all': every word (web-search syntax: quotes, OR, -word);
 * 'any': any word of the text (suggestions from a request's words).
 */
export async function search(db: Db, q: string, match: 'all' | 'any', limit: number) {
  const query =
    match === 'all'
      ? sql`websearch_to_tsquery('italian', ${q})`
      : sql`to_tsquery('italian', coalesce((select string_agg(quote_literal(lexeme), ' | ') from unnest(to_tsvector('italian', ${q}))), ''))`;
  const r = await sql<{
    id: string;
    title: string;
    tags: string[];
    version: number;
    updated_at: Date;
    rank: number;
    snippet: string;
    useful_yes: number;
    useful_no: number;
  }>`
    select a.id, a.title, a.tags, a.version, a.updated_at,
      ts_rank_cd(a.search, q.query) as rank,
      ts_headline('italian', a.body, q.query, 'MaxFragments=1, MinWords=8, MaxWords=24, StartSel="", StopSel=""') as snippet,
      (select count(*)::int from kb_feedback f where f.article_id = a.id and f.useful) as useful_yes,
      (select count(*)::int from kb_feedback f where f.article_id = a.id and not f.useful) as useful_no
    from (select ${query} as query) q
    join kb_article a on a.search @@ q.query
    where not a.archived
    order by rank desc, a.updated_at desc, a.id desc
    limit ${limit}
  `.execute(db);
  return r.rows;
}

/** The latest sheets (no words given). */
export async function latest(db: Db, limit: number) {
  return db
    .selectFrom('kb_article as a')
    .select([
      'a.id',
      'a.title',
      'a.tags',
      'a.version',
      'a.updated_at',
      sql<string>`left(a.body, 160)`.as('snippet'),
    ])
    .select([feedback(true).as('useful_yes'), feedback(false).as('useful_no')])
    .where('a.archived', '=', false)
    .orderBy('a.updated_at', 'desc')
    .limit(limit)
    .execute();
}

export async function saveFeedback(db: Db, articleId: string, userId: string, useful: boolean, at: Date) {
  await db
    .insertInto('kb_feedback')
    .values({ article_id: articleId, user_id: userId, useful, at })
    .onConflict((oc) => oc.columns(['article_id', 'user_id']).doUpdateSet({ useful, at }))
    .execute();
}
