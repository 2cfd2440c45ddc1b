import { type Kysely, sql } from 'kysely';

// Re-offer of freed slots (issue 11 §4, OB-2) and the recall's messages (§3): each freed place offered in rounds to patients booked
// further out, the offers with their outcome, and the events read so far. Outbox rows get a reference so
// that one appointment may receive several offers (one per freed place) at the same version.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table outreach_message add column ref text not null default '';
    alter table outreach_message
      drop constraint outreach_message_appointment_id_kind_appointment_version_key;
    alter table outreach_message
      add constraint outreach_message_once_key unique (appointment_id, kind, appointment_version, ref);
    alter table outreach_message drop constraint outreach_message_kind_check;
    alter table outreach_message add constraint outreach_message_kind_check
      check (kind in ('reminder', 'recall', 'cancel-ack', 'confirm-ack', 'reoffer', 'reoffer-gone'));

    -- One freed place: offered round after round until taken, nobody is left, or it is no longer free.
    -- A place freed by an accepted offer belongs to the same chain, one step deeper.
    create table reoffer_place (
      id uuid primary key,
      chain_id uuid not null,
      depth int not null,
      slot_id bigint not null references slot (id),
      service_code text not null references service (code),
      freed_by uuid not null references appointment (id),
      freed_at timestamptz not null,
      status text not null check (status in ('offering', 'taken', 'exhausted', 'withdrawn')),
      round int not null default 0,
      taken_by uuid references appointment (id),
      decided_at timestamptz,
      -- A freed place is handled once, whatever the number of times its event is read.
      unique (freed_by, slot_id, freed_at)
    );
    create index reoffer_place_open_idx on reoffer_place (status) where status = 'offering';
    create index reoffer_place_chain_idx on reoffer_place (chain_id);

    create table reoffer_offer (
      id uuid primary key,
      -- Short and random: the link's reference, read out in an SMS.
      ref text not null unique,
      place_id uuid not null references reoffer_place (id),
      appointment_id uuid not null references appointment (id),
      appointment_version int not null,
      round int not null,
      status text not null check (status in ('offered', 'accepted', 'declined', 'expired', 'gone')),
      offered_at timestamptz not null,
      expires_at timestamptz not null,
      decided_at timestamptz,
      decline_reason text,
      -- Whether the offered slot was inside the patient's guarantee, and whether refusing it cost the
      -- guarantee (a regional rule, off by default).
      within_guarantee boolean not null,
      guarantee_forfeited boolean not null default false,
      unique (place_id, appointment_id)
    );
    create index reoffer_offer_open_idx on reoffer_offer (expires_at) where status = 'offered';
    create index reoffer_offer_appointment_idx on reoffer_offer (appointment_id);

    -- Where each consumer of domain events has read up to.
    create table event_cursor (
      consumer text primary key,
      last_id bigint not null
    );

    -- Candidates of a freed place: booked, same service, per facility, latest first.
    create index appointment_reoffer_idx on appointment (service_code, facility_id, start_at)
      where status = 'booked';
  `.execute(db);
}
