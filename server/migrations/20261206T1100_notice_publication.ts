import { type Kysely, sql } from 'kysely';

// BK-8 live: a notice is stored first, then published through the payment port (pagoPA's debt-position
// service); when the port is unreachable the job publishes it later. Null until published.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table payment_notice add column published_at timestamptz;
    create index payment_notice_unpublished_idx on payment_notice (created_at)
      where published_at is null and status = 'issued';
  `.execute(db);
}
