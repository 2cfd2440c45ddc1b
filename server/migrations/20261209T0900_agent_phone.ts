import { type Kysely, sql } from 'kysely';

// Issue 15: the phone an agent answers real calls on (a SIP endpoint of the switch, e.g. PJSIP/agent101),
// set by the admin in the agent's profile. One phone per agent: two agents never ring the same one.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table app_user add column phone_endpoint text unique`.execute(db);
}
