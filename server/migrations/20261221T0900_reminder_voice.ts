import { type Kysely, sql } from 'kysely';

// OB-7: the reminder of a patient no message reaches (a landline only, no e-mail) is a call by the
// virtual operator, gathered in a standing campaign of its own, beside the recall's.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table campaign drop constraint campaign_kind_check;
    alter table campaign add constraint campaign_kind_check
      check (kind in ('standard', 'survey-follow-up', 'agenda-closure', 'recall', 'reminder'));
  `.execute(db);
}
