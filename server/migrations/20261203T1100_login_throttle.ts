import { type Kysely, sql } from 'kysely';

// SEC-2: login throttling per account and per client address (see identity/login-throttle.ts).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table login_throttle (
      -- 'account:<username, lower case>' or 'address:<client address>'
      key text primary key,
      -- failed attempts since the last success or lock (an attempt counts while its password is checked)
      failures integer not null check (failures >= 0),
      last_failure_at timestamptz not null,
      -- no attempt is checked before this instant (exponential back-off)
      blocked_until timestamptz,
      -- accounts only: locked after repeated failures until this instant, or until an admin unlocks
      locked_until timestamptz
    );
  `.execute(db);
}
