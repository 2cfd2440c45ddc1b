import { type Kysely, sql } from 'kysely';

// Issue 16 §2 (HD-2, HD-4): the back office's tools. Answer templates (macros) written by supervisors,
// for every queue or one; a duplicate merged into the ticket that carries on (its thread moves there,
// it stays closed with a pointer so late replies follow); tickets linked as related, both ways; and the
// index the intake's loop guard was missing.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table helpdesk_macro (
      id bigserial primary key,
      title text not null,
      body text not null,
      queue text,
      archived boolean not null default false,
      updated_at timestamptz not null,
      updated_by uuid references app_user(id)
    );

    alter table helpdesk_ticket add column merged_into bigint references helpdesk_ticket(id);
    create index helpdesk_ticket_merged on helpdesk_ticket (merged_into) where merged_into is not null;
    create index helpdesk_ticket_requester_email on helpdesk_ticket (lower(requester_email))
      where requester_email is not null;
    create index helpdesk_ticket_requester_phone on helpdesk_ticket (requester_phone)
      where requester_phone is not null;

    -- One row per pair, the smaller id first: a link reads the same from either side.
    create table helpdesk_link (
      ticket_a bigint not null references helpdesk_ticket(id) on delete cascade,
      ticket_b bigint not null references helpdesk_ticket(id) on delete cascade,
      created_at timestamptz not null,
      created_by uuid references app_user(id),
      primary key (ticket_a, ticket_b),
      check (ticket_a < ticket_b)
    );
    create index helpdesk_link_b on helpdesk_link (ticket_b);

    -- The acknowledgements an address got today (loop guard): read for every new request, so indexed.
    create index helpdesk_message_acknowledged on helpdesk_message (lower(to_address), at)
      where direction = 'out' and disposition = 'acknowledgement';

    -- The third level (HD-2): an outside department reached by e-mail with a link to the case; when the
    -- link was sent, first opened and answered (the link's token is stored only as its SHA-256).
    alter table helpdesk_ticket
      add column referral_name text,
      add column referral_email text,
      add column referral_token_sha256 text,
      add column referral_sent_at timestamptz,
      add column referral_expires_at timestamptz,
      add column referral_opened_at timestamptz,
      add column referral_answered_at timestamptz;
    create unique index helpdesk_ticket_referral_token on helpdesk_ticket (referral_token_sha256)
      where referral_token_sha256 is not null;
    alter table helpdesk_message drop constraint helpdesk_message_disposition_check;
    alter table helpdesk_message add constraint helpdesk_message_disposition_check
      check (disposition in ('ticket', 'reply', 'auto-reply', 'bounce', 'pec-receipt', 'own',
                             'acknowledgement', 'answer', 'outcome', 'referral'));

    alter table helpdesk_event drop constraint helpdesk_event_kind_check;
    alter table helpdesk_event add constraint helpdesk_event_kind_check
      check (kind in ('created', 'state', 'escalated', 'note', 'email-in', 'email-out', 'merged', 'linked'));
  `.execute(db);
}
