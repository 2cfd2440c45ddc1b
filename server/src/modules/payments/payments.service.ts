import { randomUUID } from 'node:crypto';
import { audit, auditedRead } from '../../platform/audit.ts';
import { type Config, ConfigError } from '../../platform/config.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { AppError, invalidField, notFound } from '../../platform/errors.ts';
import { type Appointment, getAppointment } from '../booking/index.ts';
import { findPatientByFiscalCode, findPatientById } from '../registry/index.ts';
import { GpdPayments } from './adapters/gpd.ts';
import { SimulatedPayments } from './adapters/simulated.ts';
import { noticePdf } from './documents/notice-pdf.ts';
import * as repo from './payments.repository.ts';
import type { NoticeView, PaymentNotice, PaymentSettings, PublicNotice } from './payments.types.ts';
import type { PaymentPort, ReturnUrls } from './port/payment-port.ts';
import {
  checkNoticeNumber,
  groupedNotice,
  isOrganisationFiscalCode,
  noticeNumber,
  noticeQrString,
} from './rules/notice.ts';

/** The settings from the configuration; the creditor's fiscal code is checked here (check digit). */
export function paymentSettings(config: Config): PaymentSettings {
  if (!isOrganisationFiscalCode(config.PAGOPA_CREDITOR_FISCAL_CODE)) {
    throw new ConfigError(
      "Invalid configuration:\n  PAGOPA_CREDITOR_FISCAL_CODE: not an organisation's fiscal code (its check digit is wrong)",
    );
  }
  let port: PaymentPort | null = null;
  if (config.PAYMENTS === 'simulated') port = new SimulatedPayments();
  if (config.PAYMENTS === 'pagopa') {
    const needed = [
      'PAGOPA_GPD_URL',
      'PAGOPA_CHECKOUT_URL',
      'PAGOPA_SUBSCRIPTION_KEY',
      'PAGOPA_IBAN',
      'PAGOPA_TAXONOMY',
    ] as const;
    const missing = needed.filter((k) => !config[k]);
    if (missing.length > 0)
      throw new ConfigError(
        `Invalid configuration:\n${missing.map((k) => `  ${k}: needed with PAYMENTS=pagopa`).join('\n')}`,
      );
    port = new GpdPayments({
      baseUrl: config.PAGOPA_GPD_URL!.replace(/\/$/, ''),
      checkoutUrl: config.PAGOPA_CHECKOUT_URL!.replace(/\/$/, ''),
      subscriptionKey: config.PAGOPA_SUBSCRIPTION_KEY!,
      creditorFiscalCode: config.PAGOPA_CREDITOR_FISCAL_CODE,
      companyName: config.PAGOPA_CREDITOR_NAME,
      iban: config.PAGOPA_IBAN!,
      category: config.PAGOPA_TAXONOMY!,
    });
  }
  return {
    creditorFiscalCode: config.PAGOPA_CREDITOR_FISCAL_CODE,
    creditorName: config.PAGOPA_CREDITOR_NAME,
    segregationCode: config.PAGOPA_SEGREGATION_CODE,
    port,
    checkoutMinutes: 15,
  };
}

export function toNotice(r: repo.NoticeRow): PaymentNotice {
  return {
    id: r.id,
    noticeNumber: r.notice_number,
    groupedNumber: groupedNotice(r.notice_number),
    appointmentId: r.appointment_id,
    patientId: r.patient_id,
    creditorFiscalCode: r.creditor_fiscal_code,
    amountCents: r.amount_cents,
    description: r.description,
    status: r.status,
    createdAt: new Date(r.created_at),
    paidAt: r.paid_at ? new Date(r.paid_at) : null,
    receiptId: r.receipt_id,
    qrString: noticeQrString(r.notice_number, r.creditor_fiscal_code, r.amount_cents),
    adapter: r.adapter,
  };
}

/**
 * The notice's reason for payment (causale): it travels to pagoPA and to every PSP and is shown to whoever
 * holds the number, so it names the booking, never the service (a health datum).
 */
function noticeDescription(bookingCode: string): string {
  return `Ticket sanitario, prenotazione ${bookingCode}`;
}

/** The 13-digit IUV base of a sequence value; past 10^13 notices the creditor needs a new segregation code. */
function iuvBase(n: bigint): string {
  const s = n.toString();
  if (s.length > 13)
    throw new AppError('INTERNAL', 'the IUV sequence is exhausted for this segregation code');
  return s.padStart(13, '0');
}

/**
 * BK-8: the appointment's notice for its co-payment, issued once. A second call returns the live one; a
 * notice voided by a cancellation is never reused (a rebooked appointment gets a new number). Runs in the
 * caller's transaction when there is one, so a booking and its notice commit together.
 */
export async function issueNotice(
  db: Db,
  ctx: RequestContext,
  settings: PaymentSettings,
  a: NoticeRequest,
): Promise<PaymentNotice | null> {
  return (await issueOrGet(db, ctx, settings, a))?.notice ?? null;
}

interface NoticeRequest {
  appointmentId: string;
  patientId: string;
  amountCents: number;
  bookingCode: string;
  /** Where it was issued; the portal's by default. */
  channel?: 'web' | 'phone' | 'desk';
}

/** The live notice, and whether this call issued it. */
async function issueOrGet(
  db: Db,
  ctx: RequestContext,
  settings: PaymentSettings,
  a: NoticeRequest,
): Promise<{ notice: PaymentNotice; fresh: boolean } | null> {
  const port = settings.port;
  if (!port || a.amountCents <= 0) return null;
  const work = async (tx: Db) => {
    await repo.lockAppointmentNotice(tx, a.appointmentId);
    const live = await repo.liveNotice(tx, a.appointmentId, { forUpdate: true });
    if (live) return { notice: toNotice(live), fresh: false };
    const row: repo.NoticeRow = {
      id: randomUUID(),
      notice_number: noticeNumber(settings.segregationCode, iuvBase(await repo.nextIuvBase(tx))),
      appointment_id: a.appointmentId,
      patient_id: a.patientId,
      creditor_fiscal_code: settings.creditorFiscalCode,
      amount_cents: a.amountCents,
      description: noticeDescription(a.bookingCode),
      status: 'issued',
      adapter: port.name,
      created_at: ctx.clock.now(),
      paid_at: null,
      receipt_id: null,
      invalidated_at: null,
      status_reason: null,
      published_at: null,
    };
    await repo.insertNotice(tx, row);
    await audit(tx, ctx, {
      action: 'create',
      resourceType: 'PaymentNotice',
      resourceId: row.id,
      patientId: a.patientId,
      channel: a.channel ?? 'web',
      purpose: 'co-payment notice (BK-8)',
    });
    return { notice: toNotice(row), fresh: true };
  };
  const { notice, fresh } = db.isTransaction ? await work(db) : await db.transaction().execute(work);
  // Published after the notice is stored: a port that is down leaves it for the job to publish.
  if (fresh && !db.isTransaction) await publishNotice(db, settings, notice, ctx.clock.now());
  return { notice, fresh };
}

/** Publishes a stored notice through the port (the debtor named from the registry); false if it failed. */
async function publishNotice(
  db: Db,
  settings: PaymentSettings,
  notice: PaymentNotice,
  now: Date,
): Promise<boolean> {
  const patient = await findPatientById(db, notice.patientId);
  if (!patient || !settings.port) return false;
  try {
    await settings.port.publish(notice, {
      fiscalCode: patient.fiscalCode,
      fullName: `${patient.givenName} ${patient.familyName}`,
    });
  } catch {
    return false;
  }
  await repo.markPublished(db, notice.id, now);
  return true;
}

/**
 * The port's pending work, for the job: notices not yet published (the port was down), and, for a port
 * that is asked for receipts, the issued ones that may have been paid meanwhile.
 */
export async function syncWithPort(
  db: Db,
  ctx: RequestContext,
  settings: PaymentSettings,
): Promise<{ published: number; paid: number }> {
  const port = settings.port;
  if (!port) return { published: 0, paid: 0 };
  let published = 0;
  for (const row of await repo.unpublished(db, 200))
    if (await publishNotice(db, settings, toNotice(row), ctx.clock.now())) published++;
  let paid = 0;
  if (port.receipt) {
    for (const row of await repo.awaitingReceipt(db, 500)) {
      const r = await port.receipt(toNotice(row)).catch(() => null);
      if (!r) continue;
      await db.transaction().execute(async (tx) => {
        const n = await repo.noticeByNumber(tx, row.notice_number, { forUpdate: true });
        if (n?.status !== 'issued') return;
        await repo.setNoticeStatus(tx, n.id, 'paid', r.paidAt, { receiptId: r.receiptId });
        await audit(tx, ctx, {
          action: 'update',
          resourceType: 'PaymentNotice',
          resourceId: n.id,
          patientId: n.patient_id,
          purpose: `co-payment paid (receipt from ${port.name})`,
        });
        paid++;
      });
    }
  }
  return { published, paid };
}

/** The notices of these appointments, newest first; the caller audits the read with the appointments. */
export async function noticesOf(db: Db, appointmentIds: string[]): Promise<PaymentNotice[]> {
  return (await repo.noticesOfAppointments(db, appointmentIds)).map(toNotice);
}

export function noticeView(n: PaymentNotice, settings: PaymentSettings): NoticeView {
  return {
    noticeNumber: n.noticeNumber,
    groupedNumber: n.groupedNumber,
    creditorFiscalCode: n.creditorFiscalCode,
    creditorName: settings.creditorName,
    amountCents: n.amountCents,
    status: n.status,
    paidAt: n.paidAt,
    qrString: n.qrString,
    simulated: n.adapter === 'simulated',
  };
}

/** For the staff (the console's appointments): a patient's notices, newest first; the read is audited. */
export async function patientNotices(
  db: Db,
  ctx: RequestContext,
  settings: PaymentSettings,
  fiscalCode: string,
): Promise<(NoticeView & { appointmentId: string })[]> {
  const patient = await findPatientByFiscalCode(db, fiscalCode);
  if (!patient) throw notFound('patient', 'fiscalCode');
  const rows = await auditedRead(
    db,
    ctx,
    (tx) => repo.noticesOfPatient(tx, patient.id),
    () => [{ action: 'search', resourceType: 'PaymentNotice', patientId: patient.id }],
  );
  return rows.map(toNotice).map((n) => ({ appointmentId: n.appointmentId, ...noticeView(n, settings) }));
}

/**
 * The desk or the phone issues the notice of a booking made without one (BK-8), or gets the live one:
 * the patient may pay it at any PSP or on the portal.
 */
export async function issueForAppointment(
  db: Db,
  ctx: RequestContext,
  settings: PaymentSettings,
  appointmentId: string,
  channel: 'phone' | 'desk',
): Promise<{ notice: PaymentNotice; fresh: boolean }> {
  if (!settings.port)
    throw new AppError('INVALID_STATE', 'payments are off here: no pagoPA notice can be issued');
  const a = await getAppointment(db, ctx, appointmentId);
  if (a.status !== 'booked')
    throw new AppError('INVALID_STATE', `the appointment is ${a.status}: there is nothing to pay`);
  const issued = await issueOrGet(db, ctx, settings, {
    appointmentId: a.id,
    patientId: a.patientId,
    amountCents: a.copayCents,
    bookingCode: a.code,
    channel,
  });
  if (!issued)
    throw new AppError('INVALID_STATE', 'no co-payment is due for this appointment (exempt or free)');
  return issued;
}

/** The notice as a printable PDF (the portal's and the staff's): the file's name and its bytes. */
export async function noticeFile(
  settings: PaymentSettings,
  notice: PaymentNotice,
  a: Appointment,
): Promise<{ filename: string; pdf: Buffer }> {
  const pdf = await noticePdf({
    notice,
    creditorName: settings.creditorName,
    appointment: { code: a.code, service: a.service.description, start: a.start, facility: a.facility.name },
  });
  return { filename: `avviso-pagopa-${notice.noticeNumber}.pdf`, pdf };
}

/** The notice of the staff's PDF: the live or latest one of an appointment the caller may read. */
export async function appointmentNotice(
  db: Db,
  ctx: RequestContext,
  appointmentId: string,
): Promise<{ notice: PaymentNotice; appointment: Appointment }> {
  const a = await getAppointment(db, ctx, appointmentId);
  const [n] = await noticesOf(db, [a.id]);
  if (!n) throw new AppError('NOT_FOUND', 'this appointment has no payment notice', 'id');
  return { notice: n, appointment: a };
}

/**
 * A notice number a person typed (to pay a printed notice): the check digits first, so a mistyped
 * number is named as such; then the notice, with only what any PSP shows before paying (no health data).
 */
export async function noticeByTypedNumber(
  db: Db,
  settings: PaymentSettings,
  typed: string,
): Promise<PaymentNotice> {
  const check = checkNoticeNumber(typed);
  if (!check.valid) throw invalidField('noticeNumber', NOTICE_PROBLEM[check.reason]);
  const row = await repo.noticeByNumber(db, check.notice);
  if (!row || row.creditor_fiscal_code !== settings.creditorFiscalCode)
    throw new AppError('NOT_FOUND', 'no notice of this creditor has this number', 'noticeNumber');
  return toNotice(row);
}

/** What anyone holding the number may see before paying (as at any PSP): no service, no person. */
export function publicNotice(n: PaymentNotice, settings: PaymentSettings): PublicNotice {
  const { paidAt: _paid, qrString: _qr, ...shown } = noticeView(n, settings);
  return shown;
}

const NOTICE_PROBLEM = {
  format: 'a notice number is 18 digits',
  aux: 'a notice number starts with 0, 1, 2 or 3',
  'check-digits': 'the last two digits do not match the others: check the number on the notice',
} as const;

/** The simulated PSP's checkout for an issued notice: its id is the page's address. */
export async function startCheckout(
  db: Db,
  ctx: RequestContext,
  settings: PaymentSettings,
  notice: PaymentNotice,
  returnUrls: ReturnUrls,
): Promise<{ url: string; checkoutId: string | null; expiresAt: Date | null }> {
  const port = settings.port;
  if (!port)
    throw new AppError('INVALID_STATE', 'online payment is not available here: pay the notice at any PSP');
  if (notice.status !== 'issued')
    throw new AppError(
      'INVALID_STATE',
      `the notice is ${notice.status}: there is nothing to pay`,
      'noticeNumber',
    );
  // A live port has its own checkout (pagoPA Checkout): the citizen goes there and comes back.
  if (port.checkout)
    return { url: (await port.checkout(notice, returnUrls)).href, checkoutId: null, expiresAt: null };
  const now = ctx.clock.now();
  const id = randomUUID();
  const expiresAt = new Date(now.getTime() + settings.checkoutMinutes * 60_000);
  await repo.insertCheckout(db, { id, notice_id: notice.id, created_at: now, expires_at: expiresAt });
  return { url: `/portale/pagamento/${id}`, checkoutId: id, expiresAt };
}

export interface CheckoutView {
  checkoutId: string;
  noticeNumber: string;
  groupedNumber: string;
  creditorFiscalCode: string;
  amountCents: number;
  description: string;
  expiresAt: Date;
  /** Null while open; `paid` or `failed` once the citizen chose. */
  outcome: 'paid' | 'failed' | null;
  noticeStatus: PaymentNotice['status'];
  label: 'simulazione';
}

function checkoutView(r: NonNullable<Awaited<ReturnType<typeof repo.checkoutWithNotice>>>): CheckoutView {
  return {
    checkoutId: r.checkout_id,
    noticeNumber: r.notice_number,
    groupedNumber: groupedNotice(r.notice_number),
    creditorFiscalCode: r.creditor_fiscal_code,
    amountCents: r.amount_cents,
    description: r.description,
    expiresAt: new Date(r.expires_at),
    outcome: r.outcome,
    noticeStatus: r.status,
    label: 'simulazione',
  };
}

/** The simulated checkout page: what is being paid (no personal data: the id is the only key). */
export async function getCheckout(db: Db, checkoutId: string): Promise<CheckoutView> {
  const r = await repo.checkoutWithNotice(db, checkoutId);
  if (!r) throw notFound('checkout', 'checkoutId');
  return checkoutView(r);
}

/**
 * The citizen's choice on the simulated checkout: pay (the notice becomes paid, with a receipt) or fail
 * (nothing changes but the page's outcome). Once, then the answer repeats; an expired page, a notice
 * voided or paid meanwhile, is refused with the reason.
 */
export async function completeCheckout(
  db: Db,
  ctx: RequestContext,
  checkoutId: string,
  outcome: 'pay' | 'fail',
): Promise<CheckoutView> {
  return db.transaction().execute(async (tx) => {
    const r = await repo.checkoutWithNotice(tx, checkoutId, { forUpdate: true });
    if (!r) throw notFound('checkout', 'checkoutId');
    const now = ctx.clock.now();
    if (r.outcome) return checkoutView(r);
    if (new Date(r.expires_at) <= now)
      throw new AppError(
        'INVALID_STATE',
        'this payment page has expired: start the payment again',
        'checkoutId',
      );
    // The notice row is locked too: a cancellation voiding it waits, or went first and is seen here.
    const notice = await repo.noticeByNumber(tx, r.notice_number, { forUpdate: true });
    if (notice?.status !== 'issued')
      throw new AppError(
        'INVALID_STATE',
        `the notice is ${notice?.status ?? 'gone'}: nothing to pay`,
        'checkoutId',
      );
    const paid = outcome === 'pay';
    await repo.completeCheckout(tx, checkoutId, paid ? 'paid' : 'failed', now);
    if (paid) {
      await repo.setNoticeStatus(tx, notice.id, 'paid', now, { receiptId: `SIM-${checkoutId.slice(0, 8)}` });
      await audit(tx, ctx, {
        action: 'update',
        resourceType: 'PaymentNotice',
        resourceId: notice.id,
        patientId: notice.patient_id,
        channel: 'web',
        purpose: 'co-payment paid (simulated PSP)',
      });
    }
    const after = await repo.checkoutWithNotice(tx, checkoutId);
    return checkoutView(after!);
  });
}

/**
 * A cancelled appointment's live notice: an unpaid one is withdrawn (invalidated, through the port); a paid
 * one is never dropped silently, it is flagged for refund. Returns what was done. Runs from the job for
 * every channel's cancellations, and at once after a portal cancellation.
 */
export async function settleCancelled(
  db: Db,
  ctx: RequestContext,
  settings: PaymentSettings,
  limit = 200,
): Promise<{ invalidated: number; refundDue: number }> {
  const rows = await repo.noticesOfCancelledAppointments(db, limit);
  let invalidated = 0;
  let refundDue = 0;
  for (const r of rows) {
    const done = await db.transaction().execute(async (tx) => {
      const n = await repo.noticeByNumber(tx, r.notice_number, { forUpdate: true });
      if (!n || (n.status !== 'issued' && n.status !== 'paid')) return null;
      const now = ctx.clock.now();
      const status = n.status === 'issued' ? 'invalidated' : 'refund_due';
      await repo.setNoticeStatus(tx, n.id, status, now, { reason: 'appointment cancelled' });
      await audit(tx, ctx, {
        action: 'update',
        resourceType: 'PaymentNotice',
        resourceId: n.id,
        patientId: n.patient_id,
        purpose:
          status === 'invalidated' ? 'notice withdrawn (cancelled)' : 'refund due (cancelled after payment)',
      });
      return { status, notice: toNotice(n) };
    });
    if (!done) continue;
    if (done.status === 'invalidated') {
      invalidated++;
      // The store says "invalidated" first: a port that fails here is retried by hand from the record.
      await settings.port?.invalidate(done.notice);
    } else refundDue++;
  }
  return { invalidated, refundDue };
}
