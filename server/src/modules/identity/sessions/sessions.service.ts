import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Clock } from '../../../platform/clock.ts';
import { type Actor, ROLES, type Role } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import * as repo from './sessions.repository.ts';

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

// A hash to verify against when the user does not exist, so a wrong username costs as long as a wrong
// password and the response time does not reveal which accounts exist.
let dummyHash: Promise<string> | null = null;

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  operatorCode?: string | null;
}

export async function createUser(
  db: Db,
  clock: Clock,
  user: NewUser,
): Promise<{ id: string; created: boolean }> {
  for (const role of user.roles) {
    if (!ROLES.includes(role)) throw new AppError('INVALID_FIELD', `unknown role ${role}`, 'roles');
  }
  const id = randomUUID();
  const created = await repo.insertUser(db, {
    id,
    username: user.username,
    display_name: user.displayName,
    password_hash: await hash(user.password),
    roles: user.roles,
    operator_code: user.operatorCode ?? null,
    created_at: clock.now(),
  });
  return { id, created };
}

export interface Session {
  token: string;
  expiresAt: Date;
  actor: Actor;
}

export async function login(
  db: Db,
  clock: Clock,
  input: { username: string; password: string },
  ttlHours: number,
): Promise<Session> {
  const user = await repo.findUserByUsername(db, input.username);
  dummyHash ??= hash('not a password');
  const ok = user?.active
    ? await verify(user.password_hash, input.password)
    : await verify(await dummyHash, input.password).then(() => false);
  if (!user || !ok) throw new AppError('UNAUTHENTICATED', 'wrong username or password');
  return openSession(db, clock, user, ttlHours);
}

/** A new session for a user already authenticated (password here, or single sign-on in oidc.ts). */
export async function openSession(
  db: Db,
  clock: Clock,
  user: { id: string; username: string; roles: string[]; operator_code: string | null },
  ttlHours: number,
): Promise<Session> {
  const token = randomBytes(32).toString('base64url');
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + ttlHours * 3_600_000);
  await repo.insertSession(db, {
    token_hash: hashToken(token),
    user_id: user.id,
    created_at: now,
    expires_at: expiresAt,
  });
  return { token, expiresAt, actor: toActor(user) };
}

const toActor = (u: {
  id: string;
  username: string;
  roles: string[];
  operator_code: string | null;
}): Actor => ({
  id: u.id,
  username: u.username,
  roles: u.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
  operatorCode: u.operator_code,
});

/** Why a session ended: its user logged out, or it expired (or was revoked) and a request found out. */
export type SessionEnd = 'logout' | 'expired';

/**
 * Resolves a bearer token or session cookie to its actor: one indexed read per request, so a logout, a
 * deactivation (which deletes the user's sessions, see the migration session_revocation) or a change of
 * roles takes effect at once, on every server. It remembers only whose the sessions it has seen are, so
 * it can tell others when one of them ends.
 */
export class SessionCache {
  /** Sessions this process has seen (token hash → user id): to say whose session has ended. */
  private readonly seen = new Map<string, string>();
  private endedListeners: ((userId: string, why: SessionEnd) => void)[] = [];

  /**
   * Tells others that a user's session ended (issue 8 §17: the contact centre logs their agent off the
   * line), without their importing identity's internals.
   */
  onSessionEnded(listener: (userId: string, why: SessionEnd) => void): () => void {
    this.endedListeners = [...this.endedListeners, listener];
    return () => {
      this.endedListeners = this.endedListeners.filter((l) => l !== listener);
    };
  }

  private ended(userId: string, why: SessionEnd): void {
    for (const l of this.endedListeners) l(userId, why);
  }

  async authenticate(db: Db, clock: Clock, token: string): Promise<Actor> {
    const key = hashToken(token);
    const row = await repo.findSession(db, key, clock.now());
    if (!row) {
      const known = this.seen.get(key);
      this.seen.delete(key);
      // A session this process knew has ended since (expired, or revoked elsewhere).
      if (known) this.ended(known, 'expired');
      throw new AppError('UNAUTHENTICATED', 'session expired or unknown; log in again');
    }
    const actor = toActor(row);
    if (this.seen.size > 10_000) this.seen.clear();
    this.seen.set(key, actor.id);
    return actor;
  }

  async logout(db: Db, token: string): Promise<void> {
    const key = hashToken(token);
    const userId = this.seen.get(key) ?? (await repo.findSession(db, key, new Date(0)))?.id;
    this.seen.delete(key);
    await repo.deleteSession(db, key);
    if (userId) this.ended(userId, 'logout');
  }
}

/** Deletes the sessions that expired before `before` (the retention job; logins check expiry anyway). */
export const purgeSessionsExpiredBefore = (db: Db, before: Date) => repo.deleteExpiredSessions(db, before);

/** Usernames and display names of staff ids (the audit view names who accessed what). */
export const staffNames = (db: Db, ids: readonly string[]) => repo.findStaffNames(db, ids);
