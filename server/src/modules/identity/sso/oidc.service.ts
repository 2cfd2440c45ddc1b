import { createHash, randomBytes } from 'node:crypto';
import { audit } from '../../../platform/audit.ts';
import type { RequestContext } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { createUser, openSession, type Session } from '../sessions/sessions.service.ts';
import * as repo from '../users/users.repository.ts';
import { USERNAME_PATTERN } from '../users/users.service.ts';
import type { UserSummary } from '../users/users.types.ts';
import * as pending from './oidc.repository.ts';
import { mapRoles, type OidcClient, type OidcSettings, type VerifiedIdentity } from './oidc.ts';

/** Why a single sign-on did not open a session; the login page explains each (its `?sso=` value). */
export type SsoRefusal =
  | 'unavailable'
  | 'expired'
  | 'failed'
  | 'no-username'
  | 'conflict'
  | 'no-role'
  | 'disabled';

export class SsoRefused extends Error {
  constructor(
    readonly reason: SsoRefusal,
    readonly detail?: string,
  ) {
    super(`single sign-on refused: ${reason}`);
    this.name = 'SsoRefused';
  }
}

/** A pending login lives this long: the time to authenticate at the provider. */
const PENDING_MINUTES = 10;
const hashBinding = (token: string) => createHash('sha256').update(token).digest('base64url');
const PURPOSE = 'single sign-on';

/**
 * Starts a login at the provider. The state, nonce and PKCE verifier stay in the database under the hash
 * of a random browser-binding token that only this browser gets (a cookie): the callback must come back
 * in the browser that started it (login CSRF), once.
 */
export async function startSso(
  db: Db,
  ctx: RequestContext,
  oidc: OidcClient,
): Promise<{ url: URL; binding: string }> {
  let start: Awaited<ReturnType<OidcClient['start']>>;
  try {
    start = await oidc.start();
  } catch (err) {
    throw new SsoRefused('unavailable', (err as Error).name);
  }
  const binding = randomBytes(32).toString('base64url');
  const now = ctx.clock.now();
  await pending.deleteExpiredPendingLogins(db, now);
  await pending.insertPendingLogin(
    db,
    hashBinding(binding),
    start,
    now,
    new Date(now.getTime() + PENDING_MINUTES * 60_000),
  );
  return { url: start.url, binding };
}

/** Completes a login: the provider's answer is verified, the user found, linked or created, a session opened. */
export async function finishSso(
  db: Db,
  ctx: RequestContext,
  oidc: OidcClient,
  input: { binding: string | undefined; query: string; ttlHours: number },
): Promise<Session> {
  if (!input.binding) throw new SsoRefused('expired', 'no binding cookie');
  const login = await pending.takePendingLogin(db, hashBinding(input.binding), ctx.clock.now());
  if (!login) throw new SsoRefused('expired', 'no pending login');
  let identity: VerifiedIdentity;
  try {
    identity = await oidc.finish(input.query, login);
  } catch (err) {
    // The error's class and code only: messages can quote claims.
    const e = err as { name?: string; code?: string; error?: string };
    throw new SsoRefused('failed', [e.name, e.code, e.error].filter(Boolean).join(' '));
  }
  // Committed even when refused below: a new account without a role waits there for an admin to give one.
  const user = await db.transaction().execute((tx) => resolveUser(tx, ctx, oidc.settings, identity));
  if (!user.active) throw new SsoRefused('disabled');
  if (user.roles.length === 0) throw new SsoRefused('no-role', 'no role assigned locally yet');
  return openSession(db, ctx.clock, { ...user, operator_code: user.operatorCode }, input.ttlHours);
}

function claimedName(claims: Record<string, unknown>, fallback: string): string {
  const str = (k: string) => (typeof claims[k] === 'string' ? (claims[k] as string).trim() : '');
  const name = str('name') || [str('given_name'), str('family_name')].filter(Boolean).join(' ');
  return (name || fallback).slice(0, 120);
}

/**
 * The local user for a verified identity: the one linked to it; else the unlinked user of the claimed
 * username, now linked; else a new one. Roles come from the roles claim when one is configured (and are
 * refreshed at every login), else from the local assignment.
 */
async function resolveUser(
  tx: Db,
  ctx: RequestContext,
  settings: OidcSettings,
  identity: VerifiedIdentity,
): Promise<UserSummary> {
  const now = ctx.clock.now();
  const claimRoles = settings.rolesClaim
    ? mapRoles(identity.claims[settings.rolesClaim], settings.roleMap)
    : null;
  if (claimRoles?.length === 0) throw new SsoRefused('no-role', 'no mapped role in the claim');

  let user = await repo.findUserByOidc(tx, identity.issuer, identity.subject);
  if (!user) {
    const raw = identity.claims[settings.usernameClaim];
    const username = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
    if (!new RegExp(USERNAME_PATTERN).test(username)) throw new SsoRefused('no-username');
    const existing = await repo.findUser(tx, { username }, { forUpdate: true });
    if (existing?.singleSignOn) throw new SsoRefused('conflict', 'username linked to another subject');
    if (existing) {
      await repo.updateUser(
        tx,
        existing.id,
        { oidc_issuer: identity.issuer, oidc_subject: identity.subject },
        now,
      );
      user = existing;
    } else {
      // A password nobody knows: the account logs in through the provider (an admin may reset one).
      const { id } = await createUser(tx, ctx.clock, {
        username,
        displayName: claimedName(identity.claims, username),
        password: randomBytes(32).toString('base64url'),
        roles: claimRoles ?? [],
      });
      await repo.updateUser(tx, id, { oidc_issuer: identity.issuer, oidc_subject: identity.subject }, now);
      user = await repo.findUser(tx, { id });
      if (!user) throw new SsoRefused('failed', 'user vanished');
      await audit(tx, ctx, { action: 'create', resourceType: 'app_user', resourceId: id, purpose: PURPOSE });
    }
  }
  if (user.active && claimRoles && claimRoles.join(',') !== user.roles.join(',')) {
    await repo.updateUser(tx, user.id, { roles: claimRoles }, now);
    await audit(tx, ctx, {
      action: 'update',
      resourceType: 'app_user',
      resourceId: user.id,
      purpose: PURPOSE,
    });
    user = { ...user, roles: claimRoles };
  }
  return user;
}
