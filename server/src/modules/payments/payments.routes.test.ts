import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs } from '../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../test/databases.ts';
import { makeBooking } from '../../../test/factories.ts';
import { ManualClock } from '../../platform/clock.ts';
import type { App } from '../../platform/http.ts';

// Issue 13 §2 (BK-8): the operator sees a patient's payment state and issues and prints the notice of a
// booking made by phone or at the desk; the citizen pays a printed notice by typing its number, which is
// checked (its check digits) before anything is looked up.
describe('payment notices for the staff and by number', () => {
  let t: TestDatabase;
  let app: App;
  let operator: Record<string, string>;
  let supervisor: Record<string, string>;
  const clock = new ManualClock('2026-11-23T06:00:00Z');
  const json = { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' };

  beforeAll(async () => {
    t = await createPgliteDatabase();
    app = await buildTestApp(t.db, clock);
    operator = await loginAs(app, t.db, clock, ['operator']);
    supervisor = await loginAs(app, t.db, clock, ['supervisor']);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const list = (fiscalCode: string, headers = operator) =>
    app.inject({ method: 'GET', url: `/api/v1/patients/${fiscalCode}/payment-notices`, headers });
  const issue = (id: string, channel = 'phone') =>
    app.inject({
      method: 'POST',
      url: `/api/v1/appointments/${id}/payment-notice`,
      headers: { ...operator, ...json },
      payload: { channel },
    });
  /** (aux ‖ segregation ‖ base) mod 93, computed here for the test's own numbers. */
  const withCheck = (first16: string) => `${first16}${String(BigInt(first16) % 93n).padStart(2, '0')}`;

  it('issues the notice of a phone booking once, lists it as to pay, prints it, and audits the phone', async () => {
    const { appointment, patient } = await makeBooking(t.db, clock, { tariffCents: 3615 });
    expect((await list(patient.fiscalCode)).json()).toEqual({ items: [], enabled: true });

    const first = await issue(appointment.id);
    expect(first.statusCode).toBe(201);
    const n = first.json();
    expect(n).toMatchObject({
      appointmentId: appointment.id,
      amountCents: 3615,
      status: 'issued',
      simulated: true,
    });
    expect(n.noticeNumber).toMatch(/^3\d{17}$/);
    expect(n.noticeNumber).toBe(withCheck(n.noticeNumber.slice(0, 16)));
    expect(n.groupedNumber.replace(/ /g, '')).toBe(n.noticeNumber);

    const again = await issue(appointment.id);
    expect(again.statusCode).toBe(200);
    expect(again.json().noticeNumber).toBe(n.noticeNumber);

    const listed = (await list(patient.fiscalCode)).json();
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).toMatchObject({ appointmentId: appointment.id, status: 'issued', paidAt: null });

    const pdf = await app.inject({
      method: 'GET',
      url: `/api/v1/appointments/${appointment.id}/payment-notice.pdf`,
      headers: operator,
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    const created = await t.db
      .selectFrom('audit_event')
      .select(['channel', 'action'])
      .where('resource_type', '=', 'PaymentNotice')
      .where('patient_id', '=', patient.id)
      .execute();
    expect(created).toContainEqual({ channel: 'phone', action: 'create' });
    expect(created).toContainEqual({ channel: null, action: 'search' });
  });

  it('refuses a notice when nothing is due, and keeps payment state from the supervisor', async () => {
    const { appointment, patient } = await makeBooking(t.db, clock, { exemptionCode: 'E01' });
    const none = await issue(appointment.id, 'desk');
    expect(none.statusCode).toBe(409);
    expect(none.json().error.code).toBe('INVALID_STATE');
    expect((await list(patient.fiscalCode)).json().items).toEqual([]);
    expect((await list(patient.fiscalCode, supervisor)).statusCode).toBe(403);
    const noPdf = await app.inject({
      method: 'GET',
      url: `/api/v1/appointments/${appointment.id}/payment-notice.pdf`,
      headers: operator,
    });
    expect(noPdf.statusCode).toBe(404);
  });

  it('pays a printed notice by its typed number, showing no health data, and the console sees it paid', async () => {
    const { appointment, patient } = await makeBooking(t.db, clock, { tariffCents: 2000 });
    const n = (await issue(appointment.id, 'desk')).json();
    // Typed as printed, in groups of four.
    const typed = encodeURIComponent(n.groupedNumber);
    const seen = await app.inject({ method: 'GET', url: `/api/v1/portal/notices/${typed}` });
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toEqual({
      noticeNumber: n.noticeNumber,
      groupedNumber: n.groupedNumber,
      creditorFiscalCode: n.creditorFiscalCode,
      creditorName: n.creditorName,
      amountCents: 2000,
      status: 'issued',
      simulated: true,
    });

    const crossSite = await app.inject({
      method: 'POST',
      url: `/api/v1/portal/notices/${n.noticeNumber}/payment`,
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
      payload: {},
    });
    expect(crossSite.statusCode).toBe(403);
    const start = await app.inject({
      method: 'POST',
      url: `/api/v1/portal/notices/${n.noticeNumber}/payment`,
      headers: json,
      payload: {},
    });
    expect(start.statusCode).toBe(200);
    const { checkoutId } = start.json();
    const view = await app.inject({ method: 'GET', url: `/api/v1/portal/checkout/${checkoutId}` });
    // The reason for payment names the booking, not the service.
    expect(view.json().description).toBe(`Ticket sanitario, prenotazione ${appointment.code}`);
    const paid = await app.inject({
      method: 'POST',
      url: `/api/v1/portal/checkout/${checkoutId}`,
      headers: json,
      payload: { outcome: 'pay' },
    });
    expect(paid.json()).toMatchObject({ outcome: 'paid', noticeStatus: 'paid' });
    const item = (await list(patient.fiscalCode)).json().items[0];
    expect(item.status).toBe('paid');
    expect(Date.parse(item.paidAt)).toBe(clock.now().getTime());
  });

  it('names a mistyped number on its field and never looks it up; an unknown valid number is not found', async () => {
    const { appointment } = await makeBooking(t.db, clock, { tariffCents: 1000 });
    const n = (await issue(appointment.id)).json();
    const last = Number(n.noticeNumber.at(-1));
    const wrongCheck = `${n.noticeNumber.slice(0, 17)}${(last + 1) % 10}`;
    for (const bad of [wrongCheck, n.noticeNumber.slice(0, 17), `9${n.noticeNumber.slice(1)}`, 'abc']) {
      const r = await app.inject({ method: 'GET', url: `/api/v1/portal/notices/${bad}` });
      expect(r.statusCode, bad).toBe(422);
      expect(r.json().error).toMatchObject({ code: 'INVALID_FIELD', field: 'noticeNumber' });
    }
    const unknown = withCheck(`3${n.noticeNumber.slice(1, 3)}9999999999999`);
    const r = await app.inject({ method: 'GET', url: `/api/v1/portal/notices/${unknown}` });
    expect(r.statusCode).toBe(404);
    expect(r.json().error.field).toBe('noticeNumber');
  });
});
