import { type Kysely, sql } from 'kysely';

// Contact centre (CC-*, MR-2, MR-4): every event of the engine, append-only, and the agents behind app users.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Every contact event as the engine emitted it (principle 4: each MR-2 / MR-4 indicator is a query over
    -- this table). The columns are the event's keys for indexing; payload is the whole event.
    create table contact_event (
      id bigint generated always as identity primary key,
      at timestamptz not null,
      type text not null,
      -- Which switch produced it: 'simulazione' for the simulated switch, so demo traffic is never
      -- mistaken for real calls.
      source text not null,
      call_id text,
      line text,
      queue_id text,
      agent_id text,
      payload jsonb not null
    );
    create index contact_event_at_idx on contact_event (at);
    create index contact_event_type_at_idx on contact_event (type, at);
    create index contact_event_call_idx on contact_event (call_id, id) where call_id is not null;
    create index contact_event_agent_idx on contact_event (agent_id, at) where agent_id is not null;
    -- A caller's contact history by number.
    create index contact_event_caller_idx on contact_event ((payload ->> 'callerId'))
      where type = 'call.arrived';

    create function contact_event_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'contact_event is append-only';
    end $$;
    create trigger contact_event_no_update before update or delete or truncate on contact_event
      for each statement execute function contact_event_append_only();

    -- An app user working as a contact-centre agent (operatore): the engine's agent id and skills.
    create table contact_agent (
      user_id uuid primary key references app_user (id),
      agent_id text not null unique,
      -- skill -> level 1..10, e.g. {"cup-prenotazioni": 2, "cup-informazioni": 1}
      skills jsonb not null check (jsonb_typeof(skills) = 'object'),
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
  `.execute(db);
}
