import type { Db } from '../../../platform/db.ts';
import type { ThrottleState } from '../rules/login-throttle.ts';

const toState = (r: {
  failures: number;
  last_failure_at: Date | string;
  blocked_until: Date | string | null;
  locked_until: Date | string | null;
}): ThrottleState => ({
  failures: r.failures,
  lastFailureAt: new Date(r.last_failure_at),
  blockedUntil: r.blocked_until ? new Date(r.blocked_until) : null,
  lockedUntil: r.locked_until ? new Date(r.locked_until) : null,
});

/** The rows of `keys`, created empty when missing and locked for this transaction (in the order given). */
export async function lockStates(db: Db, keys: string[], now: Date): Promise<Map<string, ThrottleState>> {
  await db
    .insertInto('login_throttle')
    .values(keys.map((key) => ({ key, failures: 0, last_failure_at: now })))
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const states = new Map<string, ThrottleState>();
  for (const key of keys) {
    const row = await db
      .selectFrom('login_throttle')
      .selectAll()
      .where('key', '=', key)
      .forUpdate()
      .executeTakeFirstOrThrow();
    states.set(key, toState(row));
  }
  return states;
}

export async function saveState(db: Db, key: string, s: ThrottleState): Promise<void> {
  await db
    .updateTable('login_throttle')
    .set({
      failures: s.failures,
      last_failure_at: s.lastFailureAt,
      blocked_until: s.blockedUntil,
      locked_until: s.lockedUntil,
    })
    .where('key', '=', key)
    .execute();
}

export async function deleteState(db: Db, key: string): Promise<boolean> {
  const r = await db.deleteFrom('login_throttle').where('key', '=', key).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Deletes the rows of keys whose failures are forgotten (older than `before`) and that refuse nothing now. */
export async function deleteForgotten(db: Db, before: Date, now: Date): Promise<number> {
  const r = await db
    .deleteFrom('login_throttle')
    .where('last_failure_at', '<', before)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<=', now)]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Keys that refuse attempts now: locked or backing off. */
export async function listThrottled(db: Db, now: Date) {
  const rows = await db
    .selectFrom('login_throttle')
    .selectAll()
    .where((eb) => eb.or([eb('locked_until', '>', now), eb('blocked_until', '>', now)]))
    .orderBy('key')
    .limit(500)
    .execute();
  return rows.map((r) => ({ key: r.key, ...toState(r) }));
}
