import { actorOf, type RequestContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { AppError, invalidField, notFound } from '../../platform/errors.ts';
import * as repo from './knowledge.repository.ts';

/** An information sheet (HD-7) as the API gives it. */
export interface ArticleView {
  id: string;
  title: string;
  body: string;
  tags: string[];
  version: number;
  archived: boolean;
  updatedAt: string;
  useful: { yes: number; no: number };
  versions: { version: number; title: string; at: string; author: string | null }[];
}

export interface ArticleHit {
  id: string;
  title: string;
  tags: string[];
  version: number;
  updatedAt: string;
  /** The passage that matched (or the sheet's start without words). */
  snippet: string;
  useful: { yes: number; no: number };
}

export interface ArticleInput {
  title: string;
  body: string;
  tags?: string[] | undefined;
}

const clean = (a: ArticleInput) => {
  const title = a.title.trim();
  if (!title) throw invalidField('title', 'give the sheet a title');
  const body = a.body.trim();
  if (!body) throw invalidField('body', 'the sheet has no text');
  const tags = [...new Set((a.tags ?? []).map((t) => t.trim().toLowerCase()).filter(Boolean))];
  return { title, body, tags };
};

/** HD-7: a supervisor writes a sheet; it is version 1. */
export async function createArticle(db: Db, ctx: RequestContext, input: ArticleInput): Promise<ArticleView> {
  const actor = actorOf(ctx);
  const a = clean(input);
  const now = ctx.clock.now();
  return db.transaction().execute(async (tx) => {
    const id = await repo.insertArticle(tx, { ...a, at: now });
    await repo.insertVersion(tx, { articleId: id, version: 1, ...a, authorId: actor.id, at: now });
    return articleView(tx, id);
  });
}

/**
 * A new version of a sheet (or its archiving). `version` is the one the writer read: a sheet changed
 * since by someone else is refused (409), so no edit is lost.
 */
export async function reviseArticle(
  db: Db,
  ctx: RequestContext,
  id: string,
  input: ArticleInput & { version: number; archived?: boolean | undefined },
): Promise<ArticleView> {
  const actor = actorOf(ctx);
  const a = clean(input);
  const now = ctx.clock.now();
  return db.transaction().execute(async (tx) => {
    const current = await repo.findArticle(tx, id, { forUpdate: true });
    if (!current) throw notFound('sheet', 'id');
    if (current.version !== input.version) {
      throw new AppError(
        'CONFLICT',
        `the sheet is at version ${current.version} now: read it again before changing it`,
        'version',
      );
    }
    const version = current.version + 1;
    await repo.updateArticle(tx, id, {
      ...a,
      version,
      archived: input.archived ?? current.archived,
      at: now,
    });
    await repo.insertVersion(tx, { articleId: id, version, ...a, authorId: actor.id, at: now });
    return articleView(tx, id);
  });
}

export async function getArticle(db: Db, id: string): Promise<ArticleView> {
  return articleView(db, id);
}

/** Sheets for words (HD-7): every word by default; `any` for suggestions from a request's text. */
export async function searchArticles(
  db: Db,
  q: { q?: string | undefined; match?: 'all' | 'any' | undefined; limit?: number | undefined },
): Promise<ArticleHit[]> {
  const words = q.q?.trim() ?? '';
  const limit = q.limit ?? 20;
  const rows = words ? await repo.search(db, words, q.match ?? 'all', limit) : await repo.latest(db, limit);
  return rows.map((r) => ({
    id: String(r.id),
    title: r.title,
    tags: r.tags,
    version: r.version,
    updatedAt: new Date(r.updated_at).toISOString(),
    snippet: r.snippet,
    useful: { yes: Number(r.useful_yes), no: Number(r.useful_no) },
  }));
}

/** "Was this useful": one answer per person and sheet, the latest counts. */
export async function rateArticle(
  db: Db,
  ctx: RequestContext,
  id: string,
  useful: boolean,
): Promise<ArticleView> {
  const actor = actorOf(ctx);
  if (!(await repo.findArticle(db, id))) throw notFound('sheet', 'id');
  await repo.saveFeedback(db, id, actor.id, useful, ctx.clock.now());
  return articleView(db, id);
}

async function articleView(db: Db, id: string): Promise<ArticleView> {
  const a = await repo.findArticle(db, id);
  if (!a) throw notFound('sheet', 'id');
  return {
    id: String(a.id),
    title: a.title,
    body: a.body,
    tags: a.tags,
    version: a.version,
    archived: a.archived,
    updatedAt: new Date(a.updated_at).toISOString(),
    useful: { yes: Number(a.useful_yes), no: Number(a.useful_no) },
    versions: (await repo.versions(db, id)).map((v) => ({
      version: v.version,
      title: v.title,
      at: new Date(v.at).toISOString(),
      author: v.author ?? null,
    })),
  };
}
