import { type Kysely, sql } from 'kysely';

// Issue 12 §1: the wallboard's windows read hours folded by the statistics' own code (reporting's
// StatsCollector), one row per source, hour of arrival and queue ('' for every call of the hour), in place
// of the writer's event counts (contact_hour), whose SQL restated the statistics' rules. The rows are
// made by a job from the stored events once an hour's calls have settled; nothing is backfilled here: the
// job's first run folds the hours the wallboard reads (the last 31 days).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table call_hour (
      source text not null,
      hour timestamptz not null,
      queue_id text not null,
      service text not null,
      counters jsonb not null,
      primary key (source, hour, queue_id)
    );
    -- Per source, the hours folded so far (up to, not including, settled_until).
    create table call_hour_source (
      source text primary key,
      settled_until timestamptz not null
    );
    -- The last contact_event id looked at: a later id with an earlier time (stored late) refolds its hours.
    create table call_hour_cursor (
      id smallint primary key check (id = 1),
      last_id bigint not null
    );
    insert into call_hour_cursor values (1, 0);

    drop table contact_hour;
    drop table contact_hour_backfill;
  `.execute(db);
}
