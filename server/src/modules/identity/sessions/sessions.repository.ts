import type { Db } from '../../../platform/db.ts';

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  roles: string[];
  operator_code: string | null;
  active: boolean;
}

export async function findUserByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function insertUser(
  db: Db,
  user: Omit<UserRow, 'active'> & { created_at: Date },
): Promise<boolean> {
  const r = await db
    .insertInto('app_user')
    .values(user)
    .onConflict((oc) => oc.column('username').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function insertSession(
  db: Db,
  s: { token_hash: string; user_id: string; created_at: Date; expires_at: Date },
): Promise<void> {
  await db.insertInto('user_session').values(s).execute();
}

export async function findSession(db: Db, tokenHash: string, now: Date) {
  return db
    .selectFrom('user_session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .select(['u.id', 'u.username', 'u.roles', 'u.operator_code', 's.expires_at'])
    .where('s.token_hash', '=', tokenHash)
    .where('s.expires_at', '>', now)
    .where('u.active', '=', true)
    .executeTakeFirst();
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('user_session').where('token_hash', '=', tokenHash).execute();
}

export async function deleteExpiredSessions(db: Db, before: Date): Promise<number> {
  const r = await db.deleteFrom('user_session').where('expires_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function findStaffNames(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, { username: string; displayName: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, { username: r.username, displayName: r.display_name }]));
}
