import { type Kysely, sql } from 'kysely';

// MR-8: the national feed reads each day the appointments booked (`created_at`) or changed (`updated_at`)
// that day; without these a year of appointments is scanned every night.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index appointment_created_idx on appointment (created_at);
    create index appointment_updated_idx on appointment (updated_at);
  `.execute(db);
}
