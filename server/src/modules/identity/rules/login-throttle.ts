import { RateLimitedError } from '../../../platform/errors.ts';

/**
 * Login throttling's rules (SEC-2), pure: the free attempts, the back-off after them and the account's
 * lock, per account and per client address. The service (throttle/) applies them in one transaction.
 */
export const LIMITS = {
  account: { free: 3, maxBackoffSeconds: 60, lockAfter: 10, lockMinutes: 15 },
  // Many operators share a call centre's address: more free attempts, no lock.
  address: { free: 20, maxBackoffSeconds: 300, lockAfter: Number.POSITIVE_INFINITY, lockMinutes: 0 },
} as const;
/** Failures older than this are forgotten. */
export const FORGET_AFTER_MINUTES = 15;

export type ThrottleKind = keyof typeof LIMITS;

export interface ThrottleState {
  failures: number;
  lastFailureAt: Date;
  blockedUntil: Date | null;
  lockedUntil: Date | null;
}

export const later = (a: Date | null, now: Date) => a !== null && a.getTime() > now.getTime();

/** The back-off after `failures` failures: none for the free ones, then 1, 2, 4 … seconds up to the cap. */
export function backoffSeconds(kind: ThrottleKind, failures: number): number {
  const over = failures - LIMITS[kind].free;
  return over <= 0 ? 0 : Math.min(2 ** (over - 1), LIMITS[kind].maxBackoffSeconds);
}

/** The state after one more failed attempt at `now`; the account locks at its lockAfter-th failure. */
export function afterFailure(kind: ThrottleKind, s: ThrottleState, now: Date): ThrottleState {
  const forgotten =
    now.getTime() - s.lastFailureAt.getTime() > FORGET_AFTER_MINUTES * 60_000 && !later(s.lockedUntil, now);
  const failures = (forgotten ? 0 : s.failures) + 1;
  const limits = LIMITS[kind];
  if (failures >= limits.lockAfter) {
    // The lock replaces the count: once it ends (or an admin lifts it) the account starts afresh.
    return {
      failures: 0,
      lastFailureAt: now,
      blockedUntil: null,
      lockedUntil: new Date(now.getTime() + limits.lockMinutes * 60_000),
    };
  }
  const wait = backoffSeconds(kind, failures);
  return {
    failures,
    lastFailureAt: now,
    blockedUntil: wait > 0 ? new Date(now.getTime() + wait * 1000) : null,
    lockedUntil: forgotten ? null : s.lockedUntil,
  };
}

/** The state once an attempt counted in advance turned out right (addresses: the count is taken back). */
export function afterSuccess(kind: ThrottleKind, s: ThrottleState): ThrottleState {
  const failures = Math.max(0, s.failures - 1);
  const wait = backoffSeconds(kind, failures);
  return {
    ...s,
    failures,
    blockedUntil: wait > 0 ? new Date(s.lastFailureAt.getTime() + wait * 1000) : null,
  };
}

export function refusal(kind: ThrottleKind, s: ThrottleState, now: Date): RateLimitedError | null {
  const seconds = (until: Date) => (until.getTime() - now.getTime()) / 1000;
  // A lock names the username field (clients tell the user the account is locked); a back-off does not.
  if (kind === 'account' && s.lockedUntil && later(s.lockedUntil, now)) {
    const minutes = Math.ceil(seconds(s.lockedUntil) / 60);
    return new RateLimitedError(
      `this account is locked for ${minutes} more minute${minutes === 1 ? '' : 's'} after repeated ` +
        'failed logins; an administrator can unlock it',
      seconds(s.lockedUntil),
      'username',
    );
  }
  if (s.blockedUntil && later(s.blockedUntil, now)) {
    const wait = Math.ceil(seconds(s.blockedUntil));
    return new RateLimitedError(
      `too many failed logins; try again in ${wait} second${wait === 1 ? '' : 's'}`,
      wait,
    );
  }
  return null;
}

export const accountKey = (username: string) => `account:${username.trim().toLowerCase().slice(0, 100)}`;
export const addressKey = (address: string) => `address:${address}`;
