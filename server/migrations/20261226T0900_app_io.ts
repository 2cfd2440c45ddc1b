import { type Kysely, sql } from 'kysely';

// App IO as a channel (OB-1, OB-3 "SMS and app"): a reminder or recall goes to the citizen's IO inbox
// first; its SMS or e-mail is written with it, 'held' and pointing at it (fallback_of), and goes only if
// IO does not take the message (no profile, service off, rejected) — or is suppressed once IO delivered.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table outreach_message drop constraint outreach_message_channel_check;
    alter table outreach_message add constraint outreach_message_channel_check
      check (channel in ('sms', 'email', 'io'));
    alter table outreach_message drop constraint outreach_message_status_check;
    alter table outreach_message add constraint outreach_message_status_check check (status in
      ('pending', 'held', 'submitting', 'submitted', 'delivered', 'failed', 'suppressed'));
    alter table outreach_message add column fallback_of uuid references outreach_message (id);
    alter table outreach_message add constraint outreach_message_held_has_primary
      check (status <> 'held' or fallback_of is not null);
    create index outreach_message_fallback_idx on outreach_message (fallback_of) where status = 'held';
    -- The IO messages whose state is still to be asked for (IO pushes no receipts).
    create index outreach_message_io_open_idx on outreach_message (submitted_at)
      where channel = 'io' and status = 'submitted';
    alter table simulated_message drop constraint simulated_message_channel_check;
    alter table simulated_message add constraint simulated_message_channel_check
      check (channel in ('sms', 'email', 'io'));
  `.execute(db);
}
