import { type Kysely, sql } from 'kysely';

// Issue 16, first part: help-desk tickets (HD-1, HD-2, HD-6) and their history. A ticket's number is
// its id (`[Sportello #123]`); `due_at` is the service-level deadline on the business clock, kept for
// sorting the queues (null: no budget, or the clock is stopped while waiting on someone).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table helpdesk_ticket (
      id bigserial primary key,
      queue text not null,
      level smallint not null check (level between 0 and 3),
      state text not null check (state in ('new', 'open', 'pending-citizen', 'pending-third-party',
                                           'resolved', 'closed')),
      channel text not null check (channel in ('phone', 'email', 'pec', 'fax', 'letter', 'web')),
      subject text not null,
      requester_name text,
      requester_email text,
      requester_phone text,
      patient_id uuid references patient(id),
      call_id text,
      received_at timestamptz not null,
      created_at timestamptz not null,
      created_by uuid references app_user(id),
      due_at timestamptz,
      resolved_at timestamptz,
      closed_at timestamptz,
      updated_at timestamptz not null
    );
    create index helpdesk_ticket_queue on helpdesk_ticket (queue, level, state, due_at);
    create index helpdesk_ticket_patient on helpdesk_ticket (patient_id) where patient_id is not null;
    create table helpdesk_event (
      id bigserial primary key,
      ticket_id bigint not null references helpdesk_ticket(id) on delete cascade,
      at timestamptz not null,
      actor_id uuid references app_user(id),
      kind text not null check (kind in ('created', 'state', 'escalated', 'note')),
      from_state text,
      to_state text,
      from_level smallint,
      to_level smallint,
      body text
    );
    create index helpdesk_event_ticket on helpdesk_event (ticket_id, id);
  `.execute(db);
}
