import { type Kysely, sql } from 'kysely';

// The rating's second and third steps (Designers Italia C.SE.1.7): what was difficult or liked, from a
// fixed list that depends on the stars, and up to 200 characters of the citizen's words.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table portal_rating
      add column reason text check (reason in (
        'unclear', 'incomplete', 'unsure-progress', 'technical-problems',
        'clear', 'complete', 'sure-progress', 'no-technical-problems', 'other')),
      add column detail text check (char_length(detail) between 1 and 200);
    alter table portal_rating add constraint portal_rating_reason_fits check (
      reason is null or reason = 'other'
      or (rating < 4 and reason in ('unclear', 'incomplete', 'unsure-progress', 'technical-problems'))
      or (rating >= 4 and reason in ('clear', 'complete', 'sure-progress', 'no-technical-problems')));
    create index portal_rating_at on portal_rating (at);
  `.execute(db);
}
