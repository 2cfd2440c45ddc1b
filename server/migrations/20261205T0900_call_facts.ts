import { type Kysely, sql } from 'kysely';

// Issue 12 §7: what the month's evaluation and the wallboard read instead of the whole event history.
// The call facts (one row per inbound call ended, per callback answered, per classified conversation) are
// projected from contact_event by the reporting module, from a cursor (filled by its first run); the
// hourly counts are kept by the contact-centre writer in the events' own transaction, and those of the
// events already stored are counted by a job (contact-centre.hour-counts).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table call_fact (
      source text not null,
      call_id text not null,
      line text not null,
      -- Epoch milliseconds as the events carry them, so differences are the events' own.
      arrived_ms float8 not null,
      ended_ms float8 not null,
      outcome text not null,
      duration_ms float8 not null,
      answered_ms float8,
      queue_wait_ms float8,
      callback_id text,
      primary key (source, call_id)
    );
    create index call_fact_arrived_idx on call_fact (arrived_ms);
    create index call_fact_callback_idx on call_fact (source, callback_id) where callback_id is not null;

    create table callback_answer (
      source text not null,
      callback_id text not null,
      answered_ms float8 not null,
      primary key (source, callback_id)
    );

    create table outcome_fact (
      event_id bigint primary key,
      source text not null,
      call_id text,
      callback_id text,
      at_ms float8 not null,
      resolved boolean not null
    );
    create index outcome_fact_call_idx on outcome_fact (source, call_id) where call_id is not null;
    create index outcome_fact_callback_idx on outcome_fact (source, callback_id) where callback_id is not null;

    -- Where the projection has read contact_event up to, and the calls it holds open, per source.
    create table call_fact_cursor (
      id smallint primary key check (id = 1),
      last_id bigint not null,
      state jsonb not null
    );
    insert into call_fact_cursor values (1, 0, '{}');

    -- The wallboard's windows: inbound calls per source and hour, summed instead of counted.
    create table contact_hour (
      source text not null,
      hour timestamptz not null,
      arrived integer not null,
      refused integer not null,
      answered integer not null,
      wait_ms float8 not null,
      primary key (source, hour)
    );
    -- The hours of the events stored before this migration are counted by a job, window by window (the
    -- writer counts every event stored from now on).
    create table contact_hour_backfill (
      id smallint primary key check (id = 1),
      up_to_id bigint not null,
      done_id bigint not null
    );
    insert into contact_hour_backfill select 1, coalesce(max(id), 0), 0 from contact_event;
  `.execute(db);
}
