import type { Db } from '../../../platform/db.ts';
import type { RatingComment, RatingGroup, RatingReason, RatingService } from '../rules/ratings.ts';

/** The portal's own table: the ease ratings (anonymous: no person, no address). */
export async function insertRating(
  db: Db,
  row: {
    at: Date;
    service: RatingService;
    rating: number;
    reason: RatingReason | null;
    detail: string | null;
  },
): Promise<void> {
  await db.insertInto('portal_rating').values(row).execute();
}

export async function ratingGroups(db: Db, from: Date, to: Date): Promise<RatingGroup[]> {
  const rows = await db
    .selectFrom('portal_rating')
    .select(['service', 'rating', 'reason', (eb) => eb.fn.countAll<string>().as('n')])
    .where('at', '>=', from)
    .where('at', '<', to)
    .groupBy(['service', 'rating', 'reason'])
    .execute();
  return rows.map((r) => ({
    service: r.service,
    rating: Number(r.rating),
    reason: r.reason as RatingReason | null,
    count: Number(r.n),
  }));
}

/** The period's latest `limit` ratings with words. */
export async function ratingComments(db: Db, from: Date, to: Date, limit: number): Promise<RatingComment[]> {
  const rows = await db
    .selectFrom('portal_rating')
    .select(['at', 'service', 'rating', 'reason', 'detail'])
    .where('at', '>=', from)
    .where('at', '<', to)
    .where('detail', 'is not', null)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    at: new Date(r.at),
    service: r.service,
    rating: Number(r.rating),
    reason: r.reason as RatingReason | null,
    detail: r.detail!,
  }));
}

/** Retention: the words go after the messages' period; the stars and the answer stay (no one in them). */
export async function clearDetailsBefore(db: Db, before: Date): Promise<number> {
  const r = await db
    .updateTable('portal_rating')
    .set({ detail: null })
    .where('at', '<', before)
    .where('detail', 'is not', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
