import { type Kysely, sql } from 'kysely';

// Issue 13 §4 (BK-9): the self check-in kiosk. One row per appointment checked in at a kiosk, with its
// queue ticket: numbered per facility and Rome day, never twice.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table kiosk_check_in (
      appointment_id uuid primary key references appointment (id),
      facility_id text not null references facility (id),
      day date not null,
      ticket integer not null check (ticket > 0),
      at timestamptz not null,
      unique (facility_id, day, ticket)
    );
  `.execute(db);
}
