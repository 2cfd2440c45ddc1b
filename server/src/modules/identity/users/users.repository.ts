import { sql } from 'kysely';
import { ROLES, type Role } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import type { UserSummary } from './users.types.ts';

const COLUMNS = [
  'id',
  'username',
  'display_name',
  'roles',
  'operator_code',
  'phone_endpoint',
  'active',
  'created_at',
  'oidc_issuer',
] as const;

type Row = {
  id: string;
  username: string;
  display_name: string;
  roles: string[];
  operator_code: string | null;
  phone_endpoint: string | null;
  active: boolean;
  created_at: Date | string;
  oidc_issuer: string | null;
};

const toSummary = (r: Row): UserSummary => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  // Only roles the code knows (a role dropped from the code simply stops counting).
  roles: r.roles.filter((x): x is Role => (ROLES as readonly string[]).includes(x)),
  operatorCode: r.operator_code,
  phoneEndpoint: r.phone_endpoint,
  active: r.active,
  singleSignOn: r.oidc_issuer !== null,
  createdAt: new Date(r.created_at).toISOString(),
});

export async function listUsers(db: Db): Promise<UserSummary[]> {
  const rows = await db.selectFrom('app_user').select(COLUMNS).orderBy('username').execute();
  return rows.map(toSummary);
}

export async function findUser(
  db: Db,
  by: { id: string } | { username: string },
  opts: { forUpdate?: boolean } = {},
): Promise<UserSummary | undefined> {
  let q = db.selectFrom('app_user').select(COLUMNS);
  q = 'id' in by ? q.where('id', '=', by.id) : q.where('username', '=', by.username);
  if (opts.forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row && toSummary(row);
}

export async function findUserByOidc(db: Db, issuer: string, subject: string) {
  const row = await db
    .selectFrom('app_user')
    .select(COLUMNS)
    .where('oidc_issuer', '=', issuer)
    .where('oidc_subject', '=', subject)
    .forUpdate()
    .executeTakeFirst();
  return row && toSummary(row);
}

/** Which of these values are already taken, by column (to name the field in a conflict). */
export async function takenBy(
  db: Db,
  username: string,
  operatorCode: string | null,
): Promise<'username' | 'operatorCode' | null> {
  const row = await db
    .selectFrom('app_user')
    .select(['username', 'operator_code'])
    .where((eb) =>
      eb.or([
        eb('username', '=', username),
        ...(operatorCode ? [eb('operator_code', '=', operatorCode)] : []),
      ]),
    )
    .executeTakeFirst();
  if (!row) return null;
  return row.username === username ? 'username' : 'operatorCode';
}

/** The user whose phone this is, if any. */
export async function phoneOwner(db: Db, endpoint: string): Promise<string | null> {
  const row = await db
    .selectFrom('app_user')
    .select('id')
    .where('phone_endpoint', '=', endpoint)
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function updateUser(
  db: Db,
  id: string,
  set: {
    active?: boolean;
    roles?: string[];
    password_hash?: string;
    oidc_issuer?: string;
    oidc_subject?: string;
    display_name?: string;
    phone_endpoint?: string | null;
  },
  now: Date,
): Promise<void> {
  await db
    .updateTable('app_user')
    .set({ ...set, updated_at: now })
    .where('id', '=', id)
    .execute();
}

/** Active admins other than this user (the last one may not be disabled or demoted). */
export async function countOtherActiveAdmins(db: Db, exceptId: string): Promise<number> {
  const row = await db
    .selectFrom('app_user')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('active', '=', true)
    .where('id', '<>', exceptId)
    .where(sql<boolean>`'admin' = any(roles)`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countActiveAdmins(db: Db): Promise<number> {
  const row = await db
    .selectFrom('app_user')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('active', '=', true)
    .where(sql<boolean>`'admin' = any(roles)`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Ends every session of a user (disabled, or its password reset). */
export async function deleteSessionsOf(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('user_session').where('user_id', '=', userId).execute();
}

export async function passwordHashOf(db: Db, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('app_user').select('password_hash').where('id', '=', id).executeTakeFirst();
  return row?.password_hash;
}
