import { type Kysely, sql } from 'kysely';

// Issue 16 §5 (HD-5): e-mails and attachments are kept for the contract's duration and destroyed at its
// end, except on tickets under legal hold; what a destruction leaves is the anonymous skeleton the
// reports count (queue, level, channel, states and their times).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table helpdesk_ticket
      add column legal_hold_reason text,
      add column legal_hold_at timestamptz,
      add column legal_hold_by uuid references app_user(id),
      add column content_destroyed_at timestamptz;
    alter table helpdesk_message add column content_destroyed_at timestamptz;
  `.execute(db);
}
