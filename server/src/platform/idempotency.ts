import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from './db.ts';
import { AppError } from './errors.ts';

/**
 * A canonical JSON form: object keys sorted at every depth, array order kept, `undefined` members left
 * out (as JSON.stringify does), so the same request with its keys in another order hashes the same.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return canonicalJson((value as { toJSON: () => unknown }).toJSON());
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined && typeof v !== 'function')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export const requestHash = (body: unknown) => createHash('sha256').update(canonicalJson(body)).digest('hex');

/**
 * Runs `fn` once per (scope, key) and returns the first result on every replay. Must be called inside
 * the transaction that does the work: the key row commits or rolls back with it, and a concurrent
 * request with the same key waits on the key's unique index until the first one finishes. Failures are
 * not remembered, so a request that failed can be retried with the same key.
 */
export async function once<T>(
  tx: Db,
  claim: { scope: string; key: string; hash: string; now: Date },
  fn: () => Promise<T>,
): Promise<{ result: T; replayed: boolean }> {
  const inserted = await sql`
    insert into idempotency_key (scope, key, request_hash, status_code, response, created_at)
    values (${claim.scope}, ${claim.key}, ${claim.hash}, 0, 'null', ${claim.now})
    on conflict (scope, key) do nothing`.execute(tx);
  if (Number(inserted.numAffectedRows ?? 0) === 0) {
    const row = await tx
      .selectFrom('idempotency_key')
      .select(['request_hash', 'response'])
      .where('scope', '=', claim.scope)
      .where('key', '=', claim.key)
      .executeTakeFirstOrThrow();
    if (row.request_hash !== claim.hash) {
      throw new AppError(
        'IDEMPOTENCY_KEY_REUSED',
        'this Idempotency-Key was used for a different request',
        'Idempotency-Key',
      );
    }
    return { result: row.response as T, replayed: true };
  }
  const result = await fn();
  await tx
    .updateTable('idempotency_key')
    .set({ status_code: 200, response: JSON.stringify(result) })
    .where('scope', '=', claim.scope)
    .where('key', '=', claim.key)
    .execute();
  return { result, replayed: false };
}

/** Deletes the keys claimed before `before` (the retention job): a retry after that is a new request. */
export async function purgeIdempotencyKeys(db: Db, before: Date): Promise<number> {
  const r = await db.deleteFrom('idempotency_key').where('created_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
