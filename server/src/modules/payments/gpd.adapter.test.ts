import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteDatabase, type TestDatabase } from '../../../test/databases.ts';
import { makeBooking } from '../../../test/factories.ts';
import { type FakePagopa, startFakePagopa } from '../../../test/fake-pagopa.ts';
import { ManualClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import { systemContext } from '../../platform/context.ts';
import { cancelAppointment } from '../booking/index.ts';
import {
  issueNotice,
  paymentSettings,
  settleCancelled,
  startCheckout,
  syncWithPort,
} from './payments.service.ts';
import type { PaymentSettings } from './payments.types.ts';

// BK-8 live: the pagoPA debt-position adapter against a GPD and a Checkout on the loopback that follow
// the published OpenAPI descriptions (test/fake-pagopa.ts).
describe('pagoPA GPD adapter', () => {
  let t: TestDatabase;
  let gpd: FakePagopa;
  let settings: PaymentSettings;
  const clock = new ManualClock('2026-11-23T06:00:00Z');
  const RETURN = {
    ok: 'https://portale.example/ok',
    cancel: 'https://portale.example/ko',
    error: 'https://portale.example/err',
  };
  const env = (over: Record<string, string> = {}) =>
    loadConfig({
      JOBS: 'off',
      LOG_LEVEL: 'silent',
      PAYMENTS: 'pagopa',
      PAGOPA_GPD_URL: `${gpd.url}/gpd`,
      PAGOPA_CHECKOUT_URL: `${gpd.url}/checkout`,
      PAGOPA_SUBSCRIPTION_KEY: gpd.key,
      PAGOPA_IBAN: 'IT60X0542811101000000123456',
      PAGOPA_TAXONOMY: '9/0101108TS/',
      ...over,
    });

  beforeAll(async () => {
    t = await createPgliteDatabase();
    gpd = await startFakePagopa();
    settings = paymentSettings(env());
  });
  afterAll(async () => {
    await gpd?.close();
    await t?.drop();
  });

  const booked = () => makeBooking(t.db, clock, { tariffCents: 3615 });

  const issue = (
    s: PaymentSettings,
    a: { id: string; patientId: string; copayCents: number; code: string },
  ) =>
    issueNotice(t.db, systemContext(clock), s, {
      appointmentId: a.id,
      patientId: a.patientId,
      amountCents: a.copayCents,
      bookingCode: a.code,
    });

  it('publishes a VALID debt position naming the debtor, with the notice IUV and one transfer', async () => {
    const { appointment, patient } = await booked();
    const n = (await issue(settings, appointment))!;
    const position = gpd.positions.get(`${n.creditorFiscalCode}-${n.id}`)!;
    expect(position).toMatchObject({
      status: 'VALID',
      type: 'F',
      fiscalCode: patient.fiscalCode,
      fullName: `${patient.givenName} ${patient.familyName}`,
      switchToExpired: false,
    });
    const [option] = position.paymentOption as Record<string, unknown>[];
    // The IUV is the notice number without its aux digit.
    expect(option).toMatchObject({ iuv: n.noticeNumber.slice(1), amount: 3615, isPartialPayment: false });
    expect(option!.transfer).toEqual([
      {
        idTransfer: '1',
        amount: 3615,
        // The reason for payment names the booking, never the service (health data at every PSP).
        remittanceInformation: `Ticket sanitario, prenotazione ${appointment.code}`,
        category: '9/0101108TS/',
        iban: 'IT60X0542811101000000123456',
      },
    ]);
    const row = await t.db
      .selectFrom('payment_notice')
      .select('published_at')
      .where('id', '=', n.id)
      .executeTakeFirstOrThrow();
    expect(row.published_at).not.toBeNull();
  });

  it('starts pagoPA Checkout with a cart of the notice, and reads the receipt once the PSP has paid', async () => {
    const { appointment, ctx } = await booked();
    const n = (await issue(settings, appointment))!;
    const c = await startCheckout(t.db, ctx, settings, n, RETURN);
    expect(c.url).toMatch(/^https:\/\/checkout\.example\/c\//);
    expect(gpd.carts.at(-1)).toMatchObject({
      paymentNotices: [{ noticeNumber: n.noticeNumber, fiscalCode: n.creditorFiscalCode, amount: 3615 }],
      returnUrls: { returnOkUrl: RETURN.ok, returnCancelUrl: RETURN.cancel, returnErrorUrl: RETURN.error },
    });
    expect((await syncWithPort(t.db, systemContext(clock), settings)).paid).toBe(0);
    gpd.pay(`${n.creditorFiscalCode}-${n.id}`);
    expect((await syncWithPort(t.db, systemContext(clock), settings)).paid).toBeGreaterThanOrEqual(1);
    const row = await t.db
      .selectFrom('payment_notice')
      .select(['status', 'receipt_id'])
      .where('id', '=', n.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('paid');
    expect(row.receipt_id).toMatch(/^RCPT-/);
  });

  it('invalidates the position of a cancelled appointment', async () => {
    const { appointment, ctx } = await booked();
    const n = (await issue(settings, appointment))!;
    await cancelAppointment(t.db, ctx, appointment.id, { reason: 'rinuncia', channel: 'phone' });
    await settleCancelled(t.db, systemContext(clock), settings);
    expect(gpd.positions.get(`${n.creditorFiscalCode}-${n.id}`)!.status).toBe('INVALID');
  });

  it('keeps a notice the service refused (wrong key) unpublished, and publishes it once the service answers', async () => {
    const refused = paymentSettings(env({ PAGOPA_SUBSCRIPTION_KEY: 'a-wrong-key' }));
    const { appointment } = await booked();
    const n = (await issue(refused, appointment))!;
    expect(gpd.positions.has(`${n.creditorFiscalCode}-${n.id}`)).toBe(false);
    const before = await t.db
      .selectFrom('payment_notice')
      .select('published_at')
      .where('id', '=', n.id)
      .executeTakeFirstOrThrow();
    expect(before.published_at).toBeNull();
    expect((await syncWithPort(t.db, systemContext(clock), settings)).published).toBeGreaterThanOrEqual(1);
    expect(gpd.positions.get(`${n.creditorFiscalCode}-${n.id}`)?.status).toBe('VALID');
  });

  it('refuses to start without the settings PAYMENTS=pagopa needs', () => {
    expect(() => paymentSettings(loadConfig({ JOBS: 'off', PAYMENTS: 'pagopa' }))).toThrow(
      /PAGOPA_GPD_URL: needed with PAYMENTS=pagopa/,
    );
  });
});
