import { type Kysely, sql } from 'kysely';

// SEC-2: deactivating a user ends every session at once, whoever deactivates (API, command line, SQL), so
// that reactivating the account later cannot revive old tokens.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function app_user_revoke_sessions() returns trigger language plpgsql as $$
    begin
      delete from user_session where user_id = new.id;
      return new;
    end $$;
    create trigger app_user_revoke_sessions after update of active on app_user
      for each row when (old.active and not new.active) execute function app_user_revoke_sessions();
  `.execute(db);
}
