import { audit } from '../../../platform/audit.ts';
import type { RequestContext } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db.ts';
import { AppError, RateLimitedError } from '../../../platform/errors.ts';
import {
  accountKey,
  addressKey,
  afterFailure,
  afterSuccess,
  FORGET_AFTER_MINUTES,
  LIMITS,
  later,
  refusal,
  type ThrottleKind,
} from '../rules/login-throttle.ts';
import * as repo from './login-throttle.repository.ts';

/**
 * Login throttling (SEC-2). Every attempt is counted as a failure *before* its password is checked, in
 * one transaction over the account's and the address's rows, so a burst of parallel guesses is
 * throttled as surely as a sequence; a success takes its count back. A throttled attempt is refused
 * with 429 and Retry-After before any argon2 work, so guessing cannot slow everyone else down.
 */

/**
 * At most this many password checks run at once in this process, and this many wait; beyond, 429. The
 * argon2 work of a crowd of guessers (from many addresses) then cannot starve the rest of the server.
 */
export class PasswordCheckGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(
    readonly maxRunning = 2,
    readonly maxWaiting = 64,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.maxRunning) {
      if (this.waiting.length >= this.maxWaiting) {
        throw new RateLimitedError('too many logins at once; try again in a moment', 1);
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      // The place passes to the next waiter as it is; only when nobody waits is it freed.
      if (next) next();
      else this.running--;
    }
  }
}

const gate = new PasswordCheckGate();

/**
 * Runs a password login (`attempt`, which throws UNAUTHENTICATED on a wrong password) under the
 * throttle of the account and the client address. Failures and locks are audited.
 */
export async function throttledLogin<T>(
  db: Db,
  ctx: RequestContext,
  who: { username: string; address: string },
  attempt: () => Promise<T>,
): Promise<T> {
  const account = accountKey(who.username);
  const address = addressKey(who.address);
  const now = ctx.clock.now();
  const counted = await db.transaction().execute(async (tx) => {
    const states = await repo.lockStates(tx, [account, address], now);
    const acc = states.get(account)!;
    const addr = states.get(address)!;
    const refused = refusal('account', acc, now) ?? refusal('address', addr, now);
    if (refused) return { refused };
    const next = { account: afterFailure('account', acc, now), address: afterFailure('address', addr, now) };
    await repo.saveState(tx, account, next.account);
    await repo.saveState(tx, address, next.address);
    return { refused: null, next };
  });
  if (counted.refused) throw counted.refused;
  try {
    const result = await gate.run(attempt);
    await db.transaction().execute(async (tx) => {
      await repo.deleteState(tx, account);
      const states = await repo.lockStates(tx, [address], now);
      await repo.saveState(tx, address, afterSuccess('address', states.get(address)!));
    });
    return result;
  } catch (error) {
    if (error instanceof AppError && error.code === 'UNAUTHENTICATED') {
      const username = who.username.slice(0, 100);
      const locked =
        counted.next.account.lockedUntil !== null && later(counted.next.account.lockedUntil, now);
      await audit(
        db,
        ctx,
        { action: 'create', resourceType: 'login_failure', resourceId: username, purpose: 'security' },
        ...(locked
          ? [
              {
                action: 'create' as const,
                resourceType: 'login_lock',
                resourceId: username,
                purpose: 'security',
              },
            ]
          : []),
      );
      if (locked) {
        throw new AppError(
          'UNAUTHENTICATED',
          `wrong username or password; the account is now locked for ${LIMITS.account.lockMinutes} minutes ` +
            'after repeated failed logins (an administrator can unlock it)',
        );
      }
    }
    throw error;
  }
}

export interface Lockout {
  kind: ThrottleKind;
  /** The username (lower case) or the client address. */
  subject: string;
  failures: number;
  lockedUntil: string | null;
  blockedUntil: string | null;
}

/** Accounts and addresses refusing logins now (admin). */
export async function listLockouts(db: Db, now: Date): Promise<Lockout[]> {
  return (await repo.listThrottled(db, now)).map((r) => {
    const [kind, ...rest] = r.key.split(':');
    return {
      kind: kind === 'address' ? 'address' : 'account',
      subject: rest.join(':'),
      failures: r.failures,
      lockedUntil: later(r.lockedUntil, now) ? r.lockedUntil!.toISOString() : null,
      blockedUntil: later(r.blockedUntil, now) ? r.blockedUntil!.toISOString() : null,
    };
  });
}

/** Lifts an account's lock and back-off, or an address's back-off (admin; audited). */
export async function unlock(
  db: Db,
  ctx: RequestContext,
  kind: ThrottleKind,
  subject: string,
): Promise<void> {
  const key = kind === 'account' ? accountKey(subject) : addressKey(subject);
  await db.transaction().execute(async (tx) => {
    if (!(await repo.deleteState(tx, key))) {
      throw new AppError(
        'NOT_FOUND',
        `no failed logins recorded for this ${kind}`,
        kind === 'account' ? 'username' : 'address',
      );
    }
    await audit(tx, ctx, {
      action: 'update',
      resourceType: 'login_lock',
      resourceId: subject.slice(0, 100),
      purpose: 'security',
    });
  });
}

/**
 * The retention job's cleaning: failures older than FORGET_AFTER_MINUTES count for nothing (afterFailure
 * starts again from zero), so their rows go once they refuse nothing (issue 9's leftover).
 */
export const purgeForgottenLoginFailures = (db: Db, now: Date) =>
  repo.deleteForgotten(db, new Date(now.getTime() - FORGET_AFTER_MINUTES * 60_000), now);
