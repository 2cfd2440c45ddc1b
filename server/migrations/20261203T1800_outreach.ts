import { type Kysely, sql } from 'kysely';

// Outreach (issue 11 §1–§2, OB-1): the reminder outbox, patients' replies, opt-outs, the municipalities'
// patron saints for the working-day calendar, and the appointment's version and confirmation.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- A move makes a new version: its reminder is a new outbox row, the old version's is suppressed.
    alter table appointment add column version int not null default 1;
    alter table appointment add column confirmed_at timestamptz;
    alter table appointment add column confirmed_via text;

    -- One row per (appointment, kind, version), written before anything is submitted: the unique key is
    -- what makes a reminder exactly once. 'submitting' is claimed and maybe sent: only a delivery
    -- receipt (or its absence for the configured time) decides it; at most one per recipient at a time,
    -- so a receipt whose message id was never stored names its row without doubt.
    create table outreach_message (
      id uuid primary key,
      appointment_id uuid not null references appointment (id),
      kind text not null check (kind in ('reminder', 'cancel-ack', 'confirm-ack')),
      appointment_version int not null,
      channel text not null check (channel in ('sms', 'email')),
      recipient text not null,
      text text not null,
      subject text,
      -- E-mail only: the HTML part and the booking as iCalendar (RFC 5545), attached as .ics.
      html text,
      ics text,
      status text not null check (status in
        ('pending', 'submitting', 'submitted', 'delivered', 'failed', 'suppressed')),
      send_after timestamptz not null,
      attempts int not null default 0,
      claimed_at timestamptz,
      gateway_id text unique,
      segments int,
      submitted_at timestamptz,
      delivered_at timestamptz,
      error text,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      unique (appointment_id, kind, appointment_version)
    );
    -- Every id the gateway gave (one per SMS part): a receipt names its message by any of them.
    create table outreach_gateway_id (
      gateway_id text primary key,
      message_id uuid not null references outreach_message (id),
      last_part boolean not null
    );

    create index outreach_message_due_idx on outreach_message (send_after) where status = 'pending';
    create unique index outreach_message_one_uncertain_idx on outreach_message (recipient)
      where status = 'submitting';
    create index outreach_message_recipient_idx on outreach_message (recipient, submitted_at);
    create index outreach_message_created_idx on outreach_message (created_at);

    -- What patients answered (SMS replies, link clicks), and what it did.
    create table outreach_reply (
      id bigint generated always as identity primary key,
      gateway_id text unique,
      channel text not null check (channel in ('sms', 'email', 'link')),
      sender text not null,
      text text not null,
      received_at timestamptz not null,
      intent text not null check (intent in ('confirm', 'cancel', 'stop', 'unknown')),
      appointment_id uuid references appointment (id),
      outcome text not null
    );
    create index outreach_reply_received_idx on outreach_reply (received_at);

    -- A patient's "STOP": no more reminders to that number or address (BK-7).
    create table messaging_opt_out (
      recipient text primary key,
      at timestamptz not null,
      via text not null
    );

    -- Patron saints: a municipality's own holiday, excluded from the working days of a cancellation
    -- deadline for the facilities there (a table the region keeps, not a list in the code).
    create table municipal_holiday (
      municipality text not null,
      month int not null check (month between 1 and 12),
      day int not null check (day between 1 and 31),
      name text not null,
      primary key (municipality, month, day)
    );
    insert into municipal_holiday (municipality, month, day, name) values
      ('Potenza', 5, 30, 'San Gerardo'),
      ('Matera', 7, 2, 'Madonna della Bruna'),
      ('Roma', 6, 29, 'Santi Pietro e Paolo'),
      ('Milano', 12, 7, 'Sant''Ambrogio'),
      ('Napoli', 9, 19, 'San Gennaro'),
      ('Torino', 6, 24, 'San Giovanni Battista'),
      ('Firenze', 6, 24, 'San Giovanni Battista'),
      ('Genova', 6, 24, 'San Giovanni Battista'),
      ('Bologna', 10, 4, 'San Petronio'),
      ('Palermo', 7, 15, 'Santa Rosalia'),
      ('Bari', 12, 6, 'San Nicola'),
      ('Venezia', 4, 25, 'San Marco'),
      ('Cagliari', 10, 30, 'San Saturnino'),
      ('Trieste', 11, 3, 'San Giusto');
  `.execute(db);
}
