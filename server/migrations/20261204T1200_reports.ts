import { type Kysely, sql } from 'kysely';

// Reports (issue 12 §3, MR-3, CC-5): every generation of a weekly or monthly report kept as it was made
// (its figures, in full), and the capacity decisions a manager records from an occupancy report.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table report (
      id uuid primary key,
      kind text not null check (kind in ('weekly', 'monthly')),
      -- 'YYYY-MM' for a month, 'YYYY-Www' (ISO week) for a week; Rome time.
      period text not null,
      from_at timestamptz not null,
      to_at timestamptz not null,
      -- Regenerating a period keeps the earlier generations: 1, 2, …
      version int not null check (version >= 1),
      data jsonb not null,
      generated_at timestamptz not null,
      -- Null: made by the scheduled job.
      generated_by uuid references app_user (id),
      unique (kind, period, version)
    );

    create table capacity_decision (
      id uuid primary key,
      report_id uuid not null references report (id),
      line text not null,
      channels_from int not null check (channels_from > 0),
      channels_to int not null check (channels_to > 0),
      note text not null default '',
      decided_by uuid not null references app_user (id),
      decided_at timestamptz not null
    );
    create index capacity_decision_report_idx on capacity_decision (report_id);
  `.execute(db);
}
