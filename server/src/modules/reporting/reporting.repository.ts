import { sql } from 'kysely';
import type { Db } from '../../platform/db.ts';

// Reporting reads the event stores other modules write (issue 12): never writes them.

/** Contact events of some types within [from, to), after the event `after`, in their order; a page. */
export async function eventsAfter(
  db: Db,
  q: { after: string; from: Date; to: Date; types: readonly string[]; limit: number },
): Promise<{ id: string; payload: Record<string, unknown> }[]> {
  const rows = await db
    .selectFrom('contact_event')
    .select(['id', 'payload'])
    .where('id', '>', sql<string>`${q.after}::bigint`)
    .where('type', 'in', [...q.types])
    .where('at', '>=', q.from)
    .where('at', '<', q.to)
    .orderBy('id')
    .limit(q.limit)
    .execute();
  return rows.map((r) => ({ id: String(r.id), payload: r.payload }));
}
