import { type Kysely, sql } from 'kysely';

// Issue 16 §4: the knowledge base (HD-7) — information sheets for operators, written and versioned by
// supervisors, searched in Italian with PostgreSQL's full-text search (the `italian` configuration, on
// PostgreSQL and the embedded database alike). `kb_version` keeps every version as it was published.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table kb_article (
      id bigserial primary key,
      title text not null,
      body text not null,
      tags text[] not null default '{}',
      -- The tags as text, for the search (a generated column may use only immutable functions).
      keywords text not null default '',
      version integer not null,
      archived boolean not null default false,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      search tsvector generated always as (
        setweight(to_tsvector('italian'::regconfig, title), 'A') ||
        setweight(to_tsvector('italian'::regconfig, keywords), 'A') ||
        setweight(to_tsvector('italian'::regconfig, body), 'B')
      ) stored
    );
    create index kb_article_search on kb_article using gin (search);
    create table kb_version (
      article_id bigint not null references kb_article(id) on delete cascade,
      version integer not null,
      title text not null,
      body text not null,
      tags text[] not null,
      author_id uuid references app_user(id),
      at timestamptz not null,
      primary key (article_id, version)
    );
    -- "Was this useful": one answer per person and sheet, the latest kept.
    create table kb_feedback (
      article_id bigint not null references kb_article(id) on delete cascade,
      user_id uuid not null references app_user(id),
      useful boolean not null,
      at timestamptz not null,
      primary key (article_id, user_id)
    );
  `.execute(db);
}
