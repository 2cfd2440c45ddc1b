import { type Kysely, sql } from 'kysely';

// Issue 16, second part: the help desk's e-mail (HD-1, HD-3, HD-5). Every message in or out of a ticket
// is a row of `helpdesk_message` (the thread), incoming ones once per mailbox UID and once per Message-ID
// (the same e-mail copied to two mailboxes is one request); mail that is not a request (an auto-reply, a
// bounce, a PEC receipt, our own) is kept as a row without a ticket, so it is seen and not fed back.
// Attachments are stored with their digest; a refused one keeps its name and why, never its content.
// `helpdesk_mailbox` remembers how far each IMAP mailbox has been read.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table helpdesk_message (
      id bigserial primary key,
      ticket_id bigint references helpdesk_ticket(id) on delete cascade,
      direction text not null check (direction in ('in', 'out')),
      -- in: a new request, a reply on a ticket, or mail that is no request; out: what we sent.
      disposition text not null check (disposition in ('ticket', 'reply', 'auto-reply', 'bounce',
                                                         'pec-receipt', 'own',
                                                         'acknowledgement', 'answer', 'outcome')),
      thread_layer text check (thread_layer in ('reply-token', 'references', 'body-marker', 'subject-tag')),
      mailbox text,
      uid_validity bigint,
      uid bigint,
      message_id text,
      in_reply_to text,
      refs text[] not null default '{}',
      from_address text,
      to_address text,
      subject text not null default '',
      body text not null default '',
      pec jsonb,
      at timestamptz not null,
      status text not null default 'done' check (status in ('done', 'pending', 'sent', 'failed')),
      attempts integer not null default 0,
      error text,
      label text,
      sent_at timestamptz
    );
    create unique index helpdesk_message_uid on helpdesk_message (mailbox, uid_validity, uid)
      where direction = 'in';
    create unique index helpdesk_message_in_id on helpdesk_message (message_id)
      where direction = 'in' and message_id is not null;
    create index helpdesk_message_out_id on helpdesk_message (message_id) where direction = 'out';
    create index helpdesk_message_ticket on helpdesk_message (ticket_id, id);
    create index helpdesk_message_pending on helpdesk_message (id) where status = 'pending';

    create table helpdesk_attachment (
      id bigserial primary key,
      message_id bigint not null references helpdesk_message(id) on delete cascade,
      ticket_id bigint references helpdesk_ticket(id) on delete cascade,
      filename text not null,
      content_type text not null,
      size integer not null,
      sha256 text not null,
      content bytea,
      refused text,
      scan text not null check (scan in ('clean', 'not-scanned', 'infected', 'refused'))
    );
    create index helpdesk_attachment_ticket on helpdesk_attachment (ticket_id);

    create table helpdesk_mailbox (
      name text primary key,
      uid_validity bigint not null,
      last_uid bigint not null,
      updated_at timestamptz not null
    );

    -- A higher level's outcome for a citizen without e-mail: a call back owed by the front end (HD-2).
    alter table helpdesk_ticket add column pec jsonb,
      add column callback_due_at timestamptz,
      add column callback_done_at timestamptz;
    create index helpdesk_ticket_callback on helpdesk_ticket (callback_due_at)
      where callback_due_at is not null and callback_done_at is null;
    alter table helpdesk_event add column message_id bigint references helpdesk_message(id) on delete set null;
    alter table helpdesk_event drop constraint helpdesk_event_kind_check;
    alter table helpdesk_event add constraint helpdesk_event_kind_check
      check (kind in ('created', 'state', 'escalated', 'note', 'email-in', 'email-out'));
  `.execute(db);
}
