import { type Kysely, sql } from 'kysely';

// MR-5 (issue 12 §2): maintenance windows declared in advance, taken out of the IVR's availability; and
// the centre's heartbeats read per period.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table maintenance_window (
      id uuid primary key,
      from_at timestamptz not null,
      to_at timestamptz not null check (to_at > from_at),
      note text not null,
      declared_by uuid not null references app_user (id),
      declared_at timestamptz not null,
      -- Declared before it begins: an outage cannot be excused after the fact.
      check (declared_at <= from_at)
    );
    create index maintenance_window_at_idx on maintenance_window (from_at, to_at);
    create index contact_event_heartbeat_idx on contact_event (at) where type = 'centre.heartbeat';
  `.execute(db);
}
