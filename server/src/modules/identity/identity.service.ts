import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Clock } from '../../platform/clock.ts';
import { type Actor, ROLES, type Role } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './identity.repository.ts';

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

/**
 * Resolves a bearer token or session cookie to its actor. A short in-process cache keeps the hot path
 * (every API call) off the database; logout clears the entry here, and entries live at most 30 s.
 */
/** Why a session ended: its user logged out, or it expired (or was revoked) and a request found out. */
export type SessionEnd = 'logout' | 'expired';

export class SessionCache {
  private readonly entries = new Map<string, { actor: Actor; until: number }>();
  private endedListeners: ((userId: string, why: SessionEnd) => void)[] = [];
  constructor(private readonly ttlMs = 30_000) {}

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
    const now = clock.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > now.getTime()) return hit.actor;
    const row = await repo.findSession(db, key, now);
    if (!row) {
      this.entries.delete(key);
      // A session this process knew has ended since (expired, or revoked elsewhere).
      if (hit) this.ended(hit.actor.id, 'expired');
      throw new AppError('UNAUTHENTICATED', 'session expired or unknown; log in again');
    }
    const actor = toActor(row);
    const until = Math.min(now.getTime() + this.ttlMs, new Date(row.expires_at).getTime());
    if (this.entries.size > 10_000) this.entries.clear();
    this.entries.set(key, { actor, until });
    return actor;
  }

  async logout(db: Db, token: string): Promise<void> {
    const key = hashToken(token);
    const userId = this.entries.get(key)?.actor.id ?? (await repo.findSession(db, key, new Date(0)))?.id;
    this.entries.delete(key);
    await repo.deleteSession(db, key);
    if (userId) this.ended(userId, 'logout');
  }
}

export const purgeExpiredSessions = (db: Db, clock: Clock) => repo.deleteExpiredSessions(db, clock.now());
