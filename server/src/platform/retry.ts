/**
 * PostgreSQL aborts one of two transactions that deadlock (40P01) or fail to serialize (40001). Lock
 * order makes both rare; when one happens anyway the whole transaction is run again (its work rolled
 * back), so the caller never sees a 500 for it.
 */
const RETRYABLE = new Set(['40P01', '40001']);

export function isRetryableDbError(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && RETRYABLE.has((error as { code?: string }).code ?? '')
  );
}

let retried = 0;
/** How many transactions were run again since start (a lock-order regression shows up here). */
export const retriedTransactions = () => retried;

export async function retryTransaction<T>(run: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (error) {
      if (i >= attempts || !isRetryableDbError(error)) throw error;
      retried++;
    }
  }
}
