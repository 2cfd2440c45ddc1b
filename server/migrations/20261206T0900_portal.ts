import { type Kysely, sql } from 'kysely';

// Issue 13: the citizen portal's data. Municipalities with a place (the portal offers the nearest
// facility first, from the patient's residence), the patient's residence, the pagoPA notices (BK-8) and
// the portal's 1–5 ease rating. A patient stored before this has no residence until one is recorded:
// the portal then asks for the municipality (no backfill here: migrations do not backfill).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table municipality (
      belfiore_code text primary key check (belfiore_code ~ '^[A-Z][0-9]{3}$'),
      name text not null unique,
      province text not null,
      latitude float8 not null check (latitude between -90 and 90),
      longitude float8 not null check (longitude between -180 and 180)
    );
    alter table patient add column residence_code text references municipality (belfiore_code);

    -- IUV bases come from a sequence: a number is never issued twice, even after its notice is voided.
    create sequence payment_notice_iuv_seq minvalue 1 no cycle;
    create table payment_notice (
      id uuid primary key,
      notice_number text not null unique check (notice_number ~ '^3[0-9]{17}$'),
      appointment_id uuid not null references appointment (id),
      patient_id uuid not null references patient (id),
      creditor_fiscal_code text not null check (creditor_fiscal_code ~ '^[0-9]{11}$'),
      amount_cents integer not null check (amount_cents > 0),
      description text not null,
      status text not null check (status in ('issued', 'paid', 'invalidated', 'refund_due', 'refunded')),
      adapter text not null,
      created_at timestamptz not null,
      paid_at timestamptz,
      receipt_id text,
      invalidated_at timestamptz,
      status_reason text
    );
    -- One live notice per appointment (a voided one stays for the record, and a new one gets a new
    -- number); the reconciliation job walks this index too.
    create unique index payment_notice_live_idx on payment_notice (appointment_id)
      where status in ('issued', 'paid');
    create index payment_notice_patient_idx on payment_notice (patient_id, created_at);

    -- A simulated checkout session (the embedded PSP): the citizen pays or fails on its page.
    create table payment_checkout (
      id uuid primary key,
      notice_id uuid not null references payment_notice (id),
      created_at timestamptz not null,
      expires_at timestamptz not null,
      outcome text check (outcome in ('paid', 'failed')),
      completed_at timestamptz
    );

    create table portal_rating (
      id bigint generated always as identity primary key,
      at timestamptz not null,
      service text not null check (service in ('booking', 'manage', 'payment', 'kiosk')),
      rating smallint not null check (rating between 1 and 5)
    );
  `.execute(db);
}
