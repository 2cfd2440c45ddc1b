import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, type TestDatabase } from '../../../test/databases.ts';
import { makeBooking } from '../../../test/factories.ts';
import { ManualClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import { systemContext } from '../../platform/context.ts';
import { cancelAppointment } from '../booking/index.ts';
import { SimulatedPayments } from './adapters/simulated.ts';
import {
  completeCheckout,
  getCheckout,
  issueNotice,
  paymentSettings,
  settleCancelled,
  startCheckout,
} from './payments.service.ts';
import type { PaymentSettings } from './payments.types.ts';
import { checkNoticeNumber } from './rules/notice.ts';

const RETURN = {
  ok: 'http://127.0.0.1/ok',
  cancel: 'http://127.0.0.1/cancel',
  error: 'http://127.0.0.1/error',
};

// BK-8 on PostgreSQL: notices issued once per appointment from a sequence, numbers never reused, the
// simulated checkout, and the settling of notices whose appointment another channel cancelled.
describe('payments (pagoPA notices, simulated PSP)', () => {
  let t: TestDatabase;
  const clock = new ManualClock('2026-11-23T06:00:00Z');
  const port = new SimulatedPayments();
  let settings: PaymentSettings;

  beforeAll(async () => {
    t = await createPostgresDatabase();
    settings = { ...paymentSettings(loadConfig({ JOBS: 'off', LOG_LEVEL: 'silent' })), port };
  });
  afterAll(async () => {
    await t?.drop();
  });

  const booked = () => makeBooking(t.db, clock, { tariffCents: 3615 });

  const issue = (a: { id: string; patientId: string; copayCents: number; code: string }) =>
    issueNotice(t.db, systemContext(clock), settings, {
      appointmentId: a.id,
      patientId: a.patientId,
      amountCents: a.copayCents,
      bookingCode: a.code,
    });

  it('issues one notice per appointment, even when asked at once, with valid check digits', async () => {
    const { appointment } = await booked();
    const many = await Promise.all([1, 2, 3, 4, 5].map(() => issue(appointment)));
    const numbers = new Set(many.map((n) => n!.noticeNumber));
    expect(numbers.size).toBe(1);
    const [n] = many;
    expect(checkNoticeNumber(n!.noticeNumber)).toEqual({ valid: true, notice: n!.noticeNumber, aux: 3 });
    expect(n!.amountCents).toBe(3615);
    expect(port.published.filter((x) => x === n!.noticeNumber)).toHaveLength(1);
  });

  it('withdraws the notice of an appointment cancelled by phone, and gives a rebooking a new number', async () => {
    const { appointment, ctx } = await booked();
    const first = await issue(appointment);
    await cancelAppointment(t.db, ctx, appointment.id, { reason: 'il paziente non può', channel: 'phone' });
    const settled = await settleCancelled(t.db, systemContext(clock), settings);
    expect(settled.invalidated).toBeGreaterThanOrEqual(1);
    expect(port.invalidated).toContain(first!.noticeNumber);
    const row = await t.db
      .selectFrom('payment_notice')
      .selectAll()
      .where('id', '=', first!.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'invalidated', status_reason: 'appointment cancelled' });
    // Settling again changes nothing.
    const again = await settleCancelled(t.db, systemContext(clock), settings);
    expect(again).toEqual({ invalidated: 0, refundDue: 0 });
    const { appointment: other } = await booked();
    expect((await issue(other))!.noticeNumber).not.toBe(first!.noticeNumber);
  });

  it('pays once on the simulated checkout; a failure changes nothing; an expired page is refused', async () => {
    const { appointment, ctx } = await booked();
    const n = (await issue(appointment))!;
    const failed = await startCheckout(t.db, ctx, settings, n, RETURN);
    expect((await completeCheckout(t.db, ctx, failed.checkoutId!, 'fail')).outcome).toBe('failed');
    expect((await getCheckout(t.db, failed.checkoutId!)).noticeStatus).toBe('issued');

    const late = await startCheckout(t.db, ctx, settings, n, RETURN);
    clock.advance(16 * 60_000);
    await expect(completeCheckout(t.db, ctx, late.checkoutId!, 'pay')).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });

    const ok = await startCheckout(t.db, ctx, settings, n, RETURN);
    const paid = await completeCheckout(t.db, ctx, ok.checkoutId!, 'pay');
    expect(paid).toMatchObject({ outcome: 'paid', noticeStatus: 'paid' });
    const row = await t.db
      .selectFrom('payment_notice')
      .selectAll()
      .where('id', '=', n.id)
      .executeTakeFirstOrThrow();
    expect(row.receipt_id).toMatch(/^SIM-/);
    await expect(startCheckout(t.db, ctx, settings, { ...n, status: 'paid' }, RETURN)).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });

    // Cancelled after payment: never dropped silently, flagged for refund.
    await cancelAppointment(t.db, ctx, appointment.id, { reason: 'rinuncia', channel: 'desk' });
    const settled = await settleCancelled(t.db, systemContext(clock), settings);
    expect(settled.refundDue).toBeGreaterThanOrEqual(1);
    expect(
      (
        await t.db
          .selectFrom('payment_notice')
          .select('status')
          .where('id', '=', n.id)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('refund_due');
  });

  it('refuses a creditor fiscal code whose check digit is wrong', () => {
    expect(() =>
      paymentSettings(loadConfig({ JOBS: 'off', PAGOPA_CREDITOR_FISCAL_CODE: '80000000003' })),
    ).toThrow(/PAGOPA_CREDITOR_FISCAL_CODE/);
  });
});
