import { sql } from 'kysely';
import type { Db } from './db.ts';

/** The append-only tables whose rows only the retention job may delete (see the audit_trail migration). */
export type AppendOnlyTable = 'audit_event' | 'contact_event';

/**
 * Declares, for the rest of transaction `tx`, that rows of `table` older than `before` may be deleted:
 * the table's triggers refuse any other deletion, and any row at or after `before` even then.
 */
export async function declarePurge(tx: Db, table: AppendOnlyTable, before: Date): Promise<void> {
  await sql`select set_config(${`sportello.purge_before_${table}`}, ${before.toISOString()}, true)`.execute(
    tx,
  );
}
