import type { Db } from '../../platform/db.ts';

/** The portal's own table: the 1–5 ease ratings (anonymous: no person, no address). */
export async function insertRating(
  db: Db,
  row: { at: Date; service: 'booking' | 'manage' | 'payment' | 'kiosk'; rating: number },
): Promise<void> {
  await db.insertInto('portal_rating').values(row).execute();
}

export async function ratingSummary(db: Db, from: Date, to: Date) {
  return db
    .selectFrom('portal_rating')
    .select(['service', 'rating', (eb) => eb.fn.countAll<string>().as('n')])
    .where('at', '>=', from)
    .where('at', '<', to)
    .groupBy(['service', 'rating'])
    .execute();
}
