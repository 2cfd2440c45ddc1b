import { type Kysely, sql } from 'kysely';

// Issue 14 §8: the promemoria an operator sends during a call (by SMS or e-mail) goes through the outbox
// like a reminder, as its own kind; `ref` tells apart the sends the patient asked for.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table outreach_message drop constraint outreach_message_kind_check;
    alter table outreach_message add constraint outreach_message_kind_check check (
      kind in ('reminder', 'recall', 'cancel-ack', 'confirm-ack', 'reoffer', 'reoffer-gone', 'campaign',
               'promemoria')
      and (appointment_id is not null or kind = 'campaign'));
  `.execute(db);
}
