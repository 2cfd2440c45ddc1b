import type { Db } from '../../platform/db.ts';
import type { LeavingReason } from '../../platform/schema.ts';
import type { Tenure } from './staff.types.ts';

const columns = [
  't.id',
  't.user_id',
  'u.display_name',
  'u.operator_code',
  't.started_on',
  't.left_on',
  't.leaving_reason',
  't.note',
] as const;

type Row = {
  id: string;
  user_id: string;
  display_name: string;
  operator_code: string | null;
  started_on: string;
  left_on: string | null;
  leaving_reason: LeavingReason | null;
  note: string | null;
};

const toTenure = (r: Row): Tenure => ({
  id: r.id,
  userId: r.user_id,
  displayName: r.display_name,
  operatorCode: r.operator_code,
  startedOn: r.started_on,
  leftOn: r.left_on,
  leavingReason: r.leaving_reason,
  note: r.note,
});

const base = (db: Db) =>
  db.selectFrom('staff_tenure as t').innerJoin('app_user as u', 'u.id', 't.user_id').select(columns);

export async function listTenures(db: Db): Promise<Tenure[]> {
  const rows = await base(db).orderBy('u.display_name').orderBy('t.started_on').execute();
  return rows.map(toTenure);
}

/** The tenures in service on at least one day of [from, to] (inclusive calendar days). */
export async function tenuresOverlapping(db: Db, from: string, to: string): Promise<Tenure[]> {
  const rows = await base(db)
    .where('t.started_on', '<=', to)
    .where((eb) => eb.or([eb('t.left_on', 'is', null), eb('t.left_on', '>=', from)]))
    .execute();
  return rows.map(toTenure);
}

export async function findTenure(db: Db, id: string, o: { forUpdate?: boolean } = {}) {
  let q = base(db).where('t.id', '=', id);
  if (o.forUpdate) q = q.forUpdate('t');
  const row = await q.executeTakeFirst();
  return row ? toTenure(row) : undefined;
}

/** The user's latest tenure, to keep a new one after it. */
export async function latestTenureOf(db: Db, userId: string) {
  const row = await base(db)
    .where('t.user_id', '=', userId)
    .orderBy('t.started_on', 'desc')
    .executeTakeFirst();
  return row ? toTenure(row) : undefined;
}

export async function lockUser(db: Db, userId: string) {
  return db
    .selectFrom('app_user')
    .select(['id', 'roles', 'display_name'])
    .where('id', '=', userId)
    .forUpdate()
    .executeTakeFirst();
}

export async function insertTenure(
  db: Db,
  t: { id: string; userId: string; startedOn: string; note: string | null; at: Date },
): Promise<void> {
  await db
    .insertInto('staff_tenure')
    .values({
      id: t.id,
      user_id: t.userId,
      started_on: t.startedOn,
      left_on: null,
      leaving_reason: null,
      note: t.note,
      created_at: t.at,
      updated_at: null,
    })
    .execute();
}

export async function setLeaving(
  db: Db,
  id: string,
  l: { leftOn: string; reason: LeavingReason; note: string | null; at: Date },
): Promise<void> {
  await db
    .updateTable('staff_tenure')
    .set({ left_on: l.leftOn, leaving_reason: l.reason, note: l.note, updated_at: l.at })
    .where('id', '=', id)
    .execute();
}
