import { type Kysely, sql } from 'kysely';

// Issue 12 §2, the tender's yearly turnover (seed 003 §6: 0.5% of the supply's value above 15%): the
// register of when each front-line operator started on the contract and when they left, and why.
// Dates are Rome calendar days; left_on is the last day in service.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table staff_tenure (
      id uuid primary key,
      user_id uuid not null references app_user (id),
      started_on date not null,
      left_on date,
      leaving_reason text,
      note text,
      created_at timestamptz not null,
      updated_at timestamptz,
      constraint staff_tenure_dates check (left_on is null or left_on >= started_on),
      constraint staff_tenure_reason check ((left_on is null) = (leaving_reason is null)),
      constraint staff_tenure_reason_values
        check (leaving_reason in ('resigned', 'dismissed', 'retired', 'contract-ended', 'other'))
    );
    create unique index staff_tenure_open_idx on staff_tenure (user_id) where left_on is null;
    create index staff_tenure_period_idx on staff_tenure (started_on, left_on);
  `.execute(db);
}
