import { type Kysely, sql } from 'kysely';

// MR-8 (DL 73/2024 art. 1): the daily feed of booking data to the national waiting-list platform
// (PNLA, at AGENAS). One batch per Rome day, built once the day is over from the appointments booked
// or changed that day, kept as sent (a FHIR R4 transaction Bundle, no direct identifiers: the patient
// is a keyed pseudonym), and delivered until the platform accepts it. The Bundle is kept gzipped: a large
// region's day is ~50 MB of JSON, ~2.6 MB compressed (docs/performance.md).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table national_feed_batch (
      day date primary key,
      built_at timestamptz not null,
      appointments integer not null check (appointments >= 0),
      bundle_gz bytea not null,
      -- SHA-256 of the Bundle's JSON as sent (uncompressed).
      digest text not null check (digest ~ '^[0-9a-f]{64}$'),
      status text not null check (status in ('pending', 'sent', 'failed')),
      attempts integer not null default 0,
      last_attempt_at timestamptz,
      -- A sender holds the batch until then (no transaction is kept open while the platform answers).
      sending_until timestamptz,
      last_error text,
      sent_at timestamptz,
      receipt text,
      simulated boolean not null default false,
      check ((status = 'sent') = (sent_at is not null))
    );
    create index national_feed_batch_unsent on national_feed_batch (day) where status <> 'sent';
  `.execute(db);
}
