import { type Kysely, sql } from 'kysely';

// Outbound campaigns (issue 11 §6, OB-5, OB-6, BK-12) and the recall's virtual-operator calls (§3): a
// campaign, its contacts in order (a batch is 100 of them), and every attempt. Outbox rows may now be a
// campaign's message, about a booking or not: one per contact.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table outreach_message alter column appointment_id drop not null;
    alter table outreach_message drop constraint outreach_message_kind_check;
    alter table outreach_message add constraint outreach_message_kind_check check (
      kind in ('reminder', 'recall', 'cancel-ack', 'confirm-ack', 'reoffer', 'reoffer-gone', 'campaign')
      and (appointment_id is not null or kind = 'campaign'));
    create unique index outreach_message_campaign_idx on outreach_message (ref) where kind = 'campaign';

    -- BK-12: a free place offered to one displaced booking (its agenda closed that day), not to others.
    alter table reoffer_place add column for_appointment uuid references appointment (id);
    -- Closed places holding bookings are looked for often, and are few.
    create index slot_closed_idx on slot (start_at) where not open;

    -- OB-6: hot-survey answers read in order, from where the reader stopped.
    create index contact_event_type_id_idx on contact_event (type, id);

    create table campaign (
      id uuid primary key,
      name text not null,
      -- standard: made by a manager; the others are standing campaigns the system fills.
      kind text not null check (kind in ('standard', 'survey-follow-up', 'agenda-closure', 'recall')),
      channel text not null check (channel in ('agent', 'sms', 'email', 'voice')),
      mode text check (mode in ('preview', 'progressive')),
      script text not null default '',
      message text,
      -- The closed list of outcomes: [{ code, label, positive }].
      dispositions jsonb not null,
      max_attempts int not null check (max_attempts between 1 and 10),
      retry_minutes int not null check (retry_minutes between 1 and 10080),
      -- Allowed hours, Rome time, on working days (no Sundays, no national holidays).
      hours_from text not null,
      hours_to text not null,
      -- Sundays and holidays too (an urgent recontact, a training centre).
      every_day boolean not null default false,
      status text not null check (status in ('active', 'paused', 'closed')),
      target jsonb not null,
      created_by uuid references app_user (id),
      created_at timestamptz not null
    );
    create unique index campaign_standing_idx on campaign (kind) where kind <> 'standard';

    create table campaign_contact (
      id uuid primary key,
      campaign_id uuid not null references campaign (id),
      position int not null,
      patient_id uuid references patient (id),
      appointment_id uuid references appointment (id),
      name text not null,
      phone text,
      email text,
      note text,
      -- What put the contact here, so that it is added once (a survey, a closed agenda's appointment).
      source_ref text,
      status text not null check (status in ('pending', 'in-progress', 'done')),
      attempts int not null default 0,
      next_attempt_at timestamptz not null,
      claimed_by uuid references app_user (id),
      claimed_at timestamptz,
      leg_id text,
      disposition text,
      positive boolean,
      note_by_agent text,
      first_attempt_at timestamptz,
      done_at timestamptz,
      done_by uuid references app_user (id),
      unique (campaign_id, position),
      unique (campaign_id, source_ref)
    );
    create index campaign_contact_due_idx on campaign_contact (campaign_id, next_attempt_at, position)
      where status = 'pending';
    create index campaign_contact_appointment_idx on campaign_contact (appointment_id);

    create table campaign_attempt (
      id uuid primary key,
      contact_id uuid not null references campaign_contact (id),
      campaign_id uuid not null references campaign (id),
      leg_id text not null unique,
      channel text not null,
      agent_user_id uuid references app_user (id),
      started_at timestamptz not null,
      ended_at timestamptz,
      result text
    );
    create index campaign_attempt_contact_idx on campaign_attempt (contact_id);
  `.execute(db);
}
