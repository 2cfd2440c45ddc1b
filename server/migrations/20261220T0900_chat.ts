import { type Kysely, sql } from 'kysely';

// CC-10: the chat channel. A citizen's conversation is first answered by the automatic reception (the
// assistant), then, when they ask for a person during the desk's hours, it waits in the chat queue until
// an operator accepts it. Out of hours the citizen may leave a written request, which becomes a help-desk
// ticket (HD-1). The citizen holds a random token; only its SHA-256 is kept. Messages are numbered per
// conversation (last_seq, taken under the conversation's row lock), so a poll asks for what follows a
// number and never misses or repeats one. An operator who stops reading a chat (logged out, browser
// closed) gives it back to the queue, at its place.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table chat_conversation (
      id uuid primary key,
      token_hash text not null,
      language text not null check (language in ('it', 'en')),
      state text not null check (state in ('assistant', 'waiting', 'active', 'closed')),
      topic text,
      started_at timestamptz not null,
      queued_at timestamptz,
      accepted_at timestamptz,
      agent_id uuid references app_user (id),
      agent_seen_at timestamptz,
      closed_at timestamptz,
      closed_by text check (closed_by in ('citizen', 'agent', 'timeout')),
      outcome text check (outcome in ('self-service', 'answered', 'abandoned', 'message-left')),
      ticket_id bigint references helpdesk_ticket (id),
      rating smallint check (rating between 1 and 5),
      citizen_seen_at timestamptz not null,
      last_seq integer not null default 0,
      check ((state = 'closed') = (closed_at is not null and outcome is not null)),
      check (state not in ('active') or (agent_id is not null and accepted_at is not null))
    );
    create index chat_conversation_open on chat_conversation (state, queued_at) where state <> 'closed';
    create index chat_conversation_started on chat_conversation (started_at);

    create table chat_message (
      conversation_id uuid not null references chat_conversation (id) on delete cascade,
      seq integer not null check (seq >= 1),
      at timestamptz not null,
      author text not null check (author in ('citizen', 'assistant', 'agent', 'system')),
      agent_id uuid references app_user (id),
      body text not null check (length(body) between 1 and 4000),
      actions jsonb,
      primary key (conversation_id, seq)
    );
  `.execute(db);
}
