import { type Kysely, sql } from 'kysely';

// Contact events get a key unique per emitted event (the run and its emission number), so that writing a
// batch again — after an insert whose outcome was unknown, or when events spilled to disk while the
// database was unreachable are replayed — never stores an event twice (issue 8 §16).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table contact_event add column event_key text;
    create unique index contact_event_key_idx on contact_event (event_key);
  `.execute(db);
}
