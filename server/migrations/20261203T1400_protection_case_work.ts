import { type Kysely, sql } from 'kysely';

// BK-4 protection path worked by the back office: who took a case, and how it ended — with the
// appointment booked for its prescription item (resolved) or with a reason (closed).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table protection_case
      add column taken_by uuid references app_user (id),
      add column taken_at timestamptz,
      add column resolved_by uuid references app_user (id),
      add column resolved_at timestamptz,
      add column appointment_id uuid references appointment (id),
      add column resolution_reason text,
      add constraint protection_case_resolved_has_appointment
        check (state <> 'resolved' or appointment_id is not null),
      add constraint protection_case_closed_has_reason
        check (state <> 'closed' or resolution_reason is not null);
  `.execute(db);
}
