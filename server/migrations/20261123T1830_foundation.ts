import { type Kysely, sql } from 'kysely';

// Foundation schema: platform (audit, outbox, idempotency), identity, registry and booking.
// Invariants that must hold under any concurrency live here as constraints, not only in code.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- platform -----------------------------------------------------------------------------------
    create table audit_event (
      id bigint generated always as identity primary key,
      at timestamptz not null,
      request_id text,
      actor_id uuid,
      actor_role text,
      action text not null check (action in ('read', 'create', 'update', 'delete', 'search')),
      resource_type text not null,
      resource_id text,
      patient_id uuid,
      channel text,
      purpose text not null
    );
    create index audit_event_patient_idx on audit_event (patient_id, at);
    create index audit_event_actor_idx on audit_event (actor_id, at);

    -- The audit log is append-only: nobody, not even the application, may rewrite history.
    create function audit_event_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_event is append-only';
    end $$;
    create trigger audit_event_no_update before update or delete on audit_event
      for each statement execute function audit_event_append_only();

    create table domain_event (
      id bigint generated always as identity primary key,
      at timestamptz not null,
      type text not null,
      aggregate_id text not null,
      payload jsonb not null
    );
    create index domain_event_type_idx on domain_event (type, id);

    create table idempotency_key (
      scope text not null,
      key text not null,
      request_hash text not null,
      status_code integer not null,
      response jsonb not null,
      created_at timestamptz not null,
      primary key (scope, key)
    );

    -- identity -----------------------------------------------------------------------------------
    create table app_user (
      id uuid primary key,
      username text not null unique,
      display_name text not null,
      password_hash text not null,
      roles text[] not null,
      operator_code text unique,
      active boolean not null default true,
      created_at timestamptz not null
    );
    create table user_session (
      token_hash text primary key,
      user_id uuid not null references app_user (id),
      created_at timestamptz not null,
      expires_at timestamptz not null
    );
    create index user_session_user_idx on user_session (user_id);

    -- registry -----------------------------------------------------------------------------------
    create table patient (
      id uuid primary key,
      fiscal_code text not null unique check (fiscal_code = upper(fiscal_code) and length(fiscal_code) = 16),
      given_name text not null,
      family_name text not null,
      birth_date date not null,
      sex char(1) not null check (sex in ('M', 'F')),
      phone text,
      email text,
      consents jsonb not null default '{}',
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index patient_phone_idx on patient (phone) where phone is not null;

    create table organisation (
      id text primary key,
      name text not null,
      kind text not null check (kind in ('asl', 'ao', 'irccs', 'private'))
    );
    create table facility (
      id text primary key,
      organisation_id text not null references organisation (id),
      name text not null,
      address text not null,
      municipality text not null,
      district text not null,
      latitude double precision,
      longitude double precision
    );
    create index facility_district_idx on facility (district);
    create table unit (
      id text primary key,
      facility_id text not null references facility (id),
      name text not null,
      branch text not null
    );
    create table service (
      code text primary key,
      description text not null,
      kind text not null check (kind in ('visit', 'instrumental', 'lab')),
      branch text not null,
      tariff_cents integer not null check (tariff_cents >= 0),
      slot_minutes integer not null default 20 check (slot_minutes > 0)
    );
    create index service_description_idx on service (lower(description));

    create table prescription (
      id uuid primary key,
      nre text not null unique,
      patient_id uuid not null references patient (id),
      priority char(1) not null check (priority in ('U', 'B', 'D', 'P')),
      access text not null check (access in ('first', 'follow_up')),
      exemption_code text,
      issued_on date not null,
      state text not null check (state in ('issued', 'partially_booked', 'booked', 'expired', 'cancelled')),
      created_at timestamptz not null
    );
    create index prescription_patient_idx on prescription (patient_id);
    create table prescription_item (
      prescription_id uuid not null references prescription (id),
      item_index integer not null check (item_index between 1 and 8),
      service_code text not null references service (code),
      quantity integer not null default 1 check (quantity between 1 and 99),
      state text not null check (state in ('open', 'booked')),
      primary key (prescription_id, item_index)
    );

    -- booking ------------------------------------------------------------------------------------
    create table agenda (
      id text primary key,
      unit_id text not null references unit (id),
      facility_id text not null references facility (id),
      name text not null,
      channels text[] not null check (channels <@ array['phone', 'desk', 'web', 'pharmacy']::text[]),
      valid_from date not null,
      valid_to date,
      overbooking_per_slot integer not null default 0 check (overbooking_per_slot >= 0),
      active boolean not null default true,
      check (valid_to is null or valid_to >= valid_from)
    );
    create index agenda_facility_idx on agenda (facility_id);
    create table agenda_service (
      agenda_id text not null references agenda (id),
      service_code text not null references service (code),
      primary key (service_code, agenda_id)
    );
    create table agenda_rule (
      id bigint generated always as identity primary key,
      agenda_id text not null references agenda (id),
      weekday integer not null check (weekday between 1 and 7),
      start_time time not null,
      end_time time not null,
      slot_minutes integer not null check (slot_minutes between 1 and 480),
      capacity integer not null check (capacity between 1 and 100),
      reserved_priority char(1) check (reserved_priority in ('U', 'B', 'D', 'P')),
      check (end_time > start_time)
    );
    create index agenda_rule_agenda_idx on agenda_rule (agenda_id);
    create table agenda_closure (
      id bigint generated always as identity primary key,
      agenda_id text not null references agenda (id),
      from_date date not null,
      to_date date not null,
      reason text not null,
      check (to_date >= from_date)
    );
    create index agenda_closure_agenda_idx on agenda_closure (agenda_id);

    -- taken counts bookings and live holds. The check is what makes a double booking impossible: an
    -- update that would push taken past capacity plus the overbooking quota fails in the database.
    create table slot (
      id bigint generated always as identity primary key,
      agenda_id text not null references agenda (id),
      start_at timestamptz not null,
      end_at timestamptz not null,
      capacity integer not null check (capacity > 0),
      overbooking integer not null default 0 check (overbooking >= 0),
      taken integer not null default 0,
      reserved_priority char(1),
      open boolean not null default true,
      unique (agenda_id, start_at),
      check (taken >= 0 and taken <= capacity + overbooking),
      check (end_at > start_at)
    );
    -- First availability walks only free, open slots of an agenda in time order.
    create index slot_free_idx on slot (agenda_id, start_at) include (reserved_priority)
      where taken < capacity and open;

    create table hold (
      id uuid primary key,
      slot_id bigint not null references slot (id),
      actor_id uuid not null,
      created_at timestamptz not null,
      expires_at timestamptz not null
    );
    create index hold_slot_idx on hold (slot_id);
    create index hold_expiry_idx on hold (expires_at);

    create table appointment (
      id uuid primary key,
      code text not null unique,
      patient_id uuid not null references patient (id),
      prescription_id uuid not null references prescription (id),
      item_index integer not null,
      service_code text not null references service (code),
      slot_id bigint not null references slot (id),
      agenda_id text not null references agenda (id),
      facility_id text not null references facility (id),
      start_at timestamptz not null,
      end_at timestamptz not null,
      status text not null check (status in ('booked', 'checked_in', 'completed', 'cancelled', 'no_show')),
      channel text not null check (channel in ('phone', 'desk', 'web', 'pharmacy')),
      priority char(1) not null,
      overbooked boolean not null default false,
      -- MR-7: the dates the region's waiting-time monitoring needs.
      prescribed_on date not null,
      requested_at timestamptz not null,
      first_offered_at timestamptz,
      within_guarantee boolean,
      booked_by uuid,
      cancelled_at timestamptz,
      cancelled_by uuid,
      cancel_reason text,
      cancel_channel text,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      foreign key (prescription_id, item_index) references prescription_item (prescription_id, item_index)
    );
    -- One live appointment per prescription item.
    create unique index appointment_live_item_idx on appointment (prescription_id, item_index)
      where status in ('booked', 'checked_in');
    create index appointment_patient_idx on appointment (patient_id, start_at);
    create index appointment_slot_idx on appointment (slot_id);

    -- BK-4: maximum wait per priority class (and service kind), a table so a region can change it.
    create table guarantee_rule (
      priority char(1) not null check (priority in ('U', 'B', 'D', 'P')),
      service_kind text not null check (service_kind in ('visit', 'instrumental', 'lab')),
      max_hours integer not null check (max_hours > 0),
      primary key (priority, service_kind)
    );
    insert into guarantee_rule (priority, service_kind, max_hours) values
      ('U', 'visit', 72), ('U', 'instrumental', 72), ('U', 'lab', 72),
      ('B', 'visit', 240), ('B', 'instrumental', 240), ('B', 'lab', 240),
      ('D', 'visit', 720), ('D', 'instrumental', 1440), ('D', 'lab', 1440),
      ('P', 'visit', 2880), ('P', 'instrumental', 2880), ('P', 'lab', 2880);

    -- BK-4 protection path (percorso di tutela): a case the back office works when nothing is offered
    -- inside the guarantee.
    create table protection_case (
      id uuid primary key,
      prescription_id uuid not null references prescription (id),
      item_index integer not null,
      patient_id uuid not null references patient (id),
      service_code text not null references service (code),
      priority char(1) not null,
      guarantee_deadline timestamptz not null,
      first_available_at timestamptz,
      state text not null check (state in ('open', 'resolved', 'closed')),
      opened_by uuid,
      opened_channel text not null,
      opened_at timestamptz not null,
      note text,
      foreign key (prescription_id, item_index) references prescription_item (prescription_id, item_index)
    );
    create unique index protection_case_open_idx on protection_case (prescription_id, item_index)
      where state = 'open';
  `.execute(db);
}
