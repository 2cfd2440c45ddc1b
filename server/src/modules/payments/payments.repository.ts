import { type Selectable, sql } from 'kysely';
import type { Db } from '../../platform/db.ts';
import type { PaymentNoticeStatus, PaymentNoticeTable } from '../../platform/schema.ts';

export type NoticeRow = Selectable<PaymentNoticeTable>;

/** The next IUV base: a sequence never gives a number twice, even across a voided notice. */
export async function nextIuvBase(db: Db): Promise<bigint> {
  const r = await sql<{ n: string }>`select nextval('payment_notice_iuv_seq')::text as n`.execute(db);
  return BigInt(r.rows[0]!.n);
}

export async function markPublished(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('payment_notice').set({ published_at: at }).where('id', '=', id).execute();
}

/** Issued notices the port has not published yet (it was unreachable), oldest first. */
export async function unpublished(db: Db, limit: number) {
  return db
    .selectFrom('payment_notice')
    .selectAll()
    .where('published_at', 'is', null)
    .where('status', '=', 'issued')
    .orderBy('created_at')
    .limit(limit)
    .execute();
}

/** Issued, published notices whose receipt may have come (polled for ports that do not push). */
export async function awaitingReceipt(db: Db, limit: number) {
  return db
    .selectFrom('payment_notice')
    .selectAll()
    .where('published_at', 'is not', null)
    .where('status', '=', 'issued')
    .orderBy('created_at')
    .limit(limit)
    .execute();
}

export async function insertNotice(db: Db, row: Omit<NoticeRow, 'published_at'>): Promise<void> {
  await db.insertInto('payment_notice').values(row).execute();
}

/**
 * Serialises the issuing of one appointment's notice for the rest of the transaction: with no live row
 * yet there is nothing for FOR UPDATE to lock, so two requests would both insert.
 */
export async function lockAppointmentNotice(db: Db, appointmentId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`payment-notice:${appointmentId}`}))`.execute(db);
}

/** The appointment's live notice (issued or paid), locked when asked. */
export async function liveNotice(db: Db, appointmentId: string, o: { forUpdate?: boolean } = {}) {
  let q = db
    .selectFrom('payment_notice')
    .selectAll()
    .where('appointment_id', '=', appointmentId)
    .where('status', 'in', ['issued', 'paid']);
  if (o.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** The appointment's notices, newest first (a voided one stays for the record). */
export async function noticesOfAppointments(db: Db, appointmentIds: string[]) {
  if (appointmentIds.length === 0) return [];
  return db
    .selectFrom('payment_notice')
    .selectAll()
    .where('appointment_id', 'in', appointmentIds)
    .orderBy('created_at', 'desc')
    .execute();
}

/** A patient's notices, newest first. */
export async function noticesOfPatient(db: Db, patientId: string) {
  return db
    .selectFrom('payment_notice')
    .selectAll()
    .where('patient_id', '=', patientId)
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
}

export async function noticeByNumber(db: Db, noticeNumber: string, o: { forUpdate?: boolean } = {}) {
  let q = db.selectFrom('payment_notice').selectAll().where('notice_number', '=', noticeNumber);
  if (o.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function setNoticeStatus(
  db: Db,
  id: string,
  status: PaymentNoticeStatus,
  at: Date,
  extra: { receiptId?: string; reason?: string } = {},
): Promise<void> {
  await db
    .updateTable('payment_notice')
    .set({
      status,
      ...(status === 'paid' ? { paid_at: at, receipt_id: extra.receiptId ?? null } : {}),
      ...(status === 'invalidated' ? { invalidated_at: at } : {}),
      ...(extra.reason ? { status_reason: extra.reason } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** Live notices whose appointment is no longer going ahead (cancelled by any channel). */
export async function noticesOfCancelledAppointments(db: Db, limit: number) {
  return db
    .selectFrom('payment_notice as n')
    .innerJoin('appointment as a', 'a.id', 'n.appointment_id')
    .selectAll('n')
    .where('n.status', 'in', ['issued', 'paid'])
    .where('a.status', '=', 'cancelled')
    .limit(limit)
    .execute();
}

export async function insertCheckout(
  db: Db,
  row: { id: string; notice_id: string; created_at: Date; expires_at: Date },
): Promise<void> {
  await db.insertInto('payment_checkout').values(row).execute();
}

export async function checkoutWithNotice(db: Db, id: string, o: { forUpdate?: boolean } = {}) {
  let q = db
    .selectFrom('payment_checkout as c')
    .innerJoin('payment_notice as n', 'n.id', 'c.notice_id')
    .select([
      'c.id as checkout_id',
      'c.expires_at',
      'c.outcome',
      'c.completed_at',
      'n.id',
      'n.notice_number',
      'n.appointment_id',
      'n.patient_id',
      'n.creditor_fiscal_code',
      'n.amount_cents',
      'n.description',
      'n.status',
      'n.adapter',
      'n.created_at',
      'n.paid_at',
      'n.receipt_id',
      'n.invalidated_at',
      'n.status_reason',
    ])
    .where('c.id', '=', id);
  if (o.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function completeCheckout(
  db: Db,
  id: string,
  outcome: 'paid' | 'failed',
  at: Date,
): Promise<void> {
  await db.updateTable('payment_checkout').set({ outcome, completed_at: at }).where('id', '=', id).execute();
}
