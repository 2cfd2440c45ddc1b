import type { Db } from '../../../platform/db.ts';

export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export async function insertPendingLogin(
  db: Db,
  bindingHash: string,
  login: PendingLogin,
  now: Date,
  expiresAt: Date,
): Promise<void> {
  await db
    .insertInto('oidc_login')
    .values({
      binding_hash: bindingHash,
      state: login.state,
      nonce: login.nonce,
      code_verifier: login.codeVerifier,
      created_at: now,
      expires_at: expiresAt,
    })
    .execute();
}

/** Takes a pending login once: a replayed callback finds nothing. */
export async function takePendingLogin(
  db: Db,
  bindingHash: string,
  now: Date,
): Promise<PendingLogin | undefined> {
  const row = await db
    .deleteFrom('oidc_login')
    .where('binding_hash', '=', bindingHash)
    .returning(['state', 'nonce', 'code_verifier', 'expires_at'])
    .executeTakeFirst();
  if (!row || new Date(row.expires_at) <= now) return undefined;
  return { state: row.state, nonce: row.nonce, codeVerifier: row.code_verifier };
}

export async function deleteExpiredPendingLogins(db: Db, now: Date): Promise<void> {
  await db.deleteFrom('oidc_login').where('expires_at', '<=', now).execute();
}
