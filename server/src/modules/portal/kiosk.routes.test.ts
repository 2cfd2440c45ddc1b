import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs } from '../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../test/databases.ts';
import { makeBooking, makeFacility, makePatient } from '../../../test/factories.ts';
import { ManualClock } from '../../platform/clock.ts';
import type { App } from '../../platform/http.ts';

// Issue 13 §4 (BK-9): the kiosk checks in today's appointment with booking code + fiscal code, gives a
// queue ticket, or says to pay first; the facility desk sees arrivals and marks the missing no-show.
describe('self check-in kiosk over HTTP', () => {
  let t: TestDatabase;
  let app: App;
  let desk: Record<string, string>;
  // 07:00 in Rome on Monday 23 November 2026: the agenda's first slot is at 08:00 today.
  const clock = new ManualClock('2026-11-23T06:00:00Z');
  const json = { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' };

  beforeAll(async () => {
    t = await createPgliteDatabase();
    app = await buildTestApp(t.db, clock);
    desk = await loginAs(app, t.db, clock, ['operator']);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  async function bookToday(o: { exemption?: string } = {}) {
    const first = await makeBooking(t.db, clock, { exemptionCode: o.exemption ?? null });
    let used = false;
    // The first booking made the service and the agenda; the next ones book into the same.
    const book = async () => {
      if (!used) {
        used = true;
        return first;
      }
      return makeBooking(t.db, clock, {
        exemptionCode: o.exemption ?? null,
        place: first.place,
        serviceCode: first.serviceCode,
      });
    };
    return { place: first.place, book };
  }

  const checkIn = (facilityId: string, code: string, fiscalCode: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/kiosk/check-in',
      headers: json,
      payload: { facilityId, code, fiscalCode },
    });

  it('asks to pay first, then checks in with a queue ticket; a second scan gives the same ticket', async () => {
    const { place, book } = await bookToday();
    const { appointment, patient } = await book();
    const due = await checkIn(place.facilityId, appointment.code, patient.fiscalCode);
    expect(due.statusCode).toBe(200);
    expect(due.json()).toMatchObject({ outcome: 'payment_due', amountCents: 2240, noticeNumber: null });

    // The citizen pays on the portal (the notice is issued there), then scans again.
    const managed = await app.inject({
      method: 'POST',
      url: '/api/v1/portal/access/booking',
      headers: json,
      payload: { fiscalCode: patient.fiscalCode, code: appointment.code },
    });
    const cookie = String(managed.headers['set-cookie']).split(';')[0]!;
    const due2 = await checkIn(place.facilityId, appointment.code, patient.fiscalCode);
    expect(due2.json()).toMatchObject({ outcome: 'payment_due', noticeNumber: null });
    const start = await app.inject({
      method: 'POST',
      url: `/api/v1/portal/bookings/${appointment.code}/payment`,
      headers: { ...json, cookie },
      payload: {},
    });
    const withNotice = (await checkIn(place.facilityId, appointment.code, patient.fiscalCode)).json();
    expect(withNotice.noticeNumber).toMatch(/^3\d{17}$/);
    expect(withNotice.qrSvg).toContain('<svg');
    await app.inject({
      method: 'POST',
      url: `/api/v1/portal/checkout/${start.json().checkoutId}`,
      headers: json,
      payload: { outcome: 'pay' },
    });

    const first = await checkIn(place.facilityId, appointment.code, patient.fiscalCode);
    expect(first.json()).toMatchObject({ outcome: 'checked_in', ticket: 1 });
    const again = await checkIn(place.facilityId, appointment.code.toLowerCase(), patient.fiscalCode);
    expect(again.json()).toMatchObject({ outcome: 'checked_in', ticket: 1 });
    const status = await t.db
      .selectFrom('appointment')
      .select('status')
      .where('id', '=', appointment.id)
      .executeTakeFirstOrThrow();
    expect(status.status).toBe('checked_in');
    const trail = await t.db
      .selectFrom('audit_event')
      .select(['channel', 'actor_role'])
      .where('resource_id', '=', appointment.id)
      .where('channel', '=', 'kiosk')
      .execute();
    expect(trail).toContainEqual({ channel: 'kiosk', actor_role: 'citizen' });
  });

  it('checks in an exempt patient at once, numbering tickets per facility and day', async () => {
    const { place, book } = await bookToday({ exemption: 'E01' });
    const a = await book();
    const b = await book();
    expect((await checkIn(place.facilityId, b.appointment.code, b.patient.fiscalCode)).json().ticket).toBe(1);
    expect((await checkIn(place.facilityId, a.appointment.code, a.patient.fiscalCode)).json().ticket).toBe(2);
  });

  it('refuses the wrong facility, another day and a fiscal code that does not match', async () => {
    const { place, book } = await bookToday({ exemption: 'E01' });
    const { appointment, patient } = await book();
    const elsewhere = await makeFacility(t.db);
    const wrongPlace = await checkIn(elsewhere.facilityId, appointment.code, patient.fiscalCode);
    expect(wrongPlace.statusCode).toBe(409);
    expect(wrongPlace.json().error.field).toBe('facility');
    const stranger = await makePatient(t.db);
    const wrongCf = await checkIn(place.facilityId, appointment.code, stranger.fiscalCode);
    const unknown = await checkIn(place.facilityId, 'ZZZZ-ZZZZ', patient.fiscalCode);
    expect(wrongCf.statusCode).toBe(404);
    expect(wrongCf.json()).toEqual(unknown.json());
    clock.advance(24 * 3_600_000);
    const tomorrow = await checkIn(place.facilityId, appointment.code, patient.fiscalCode);
    expect(tomorrow.statusCode).toBe(409);
    expect(tomorrow.json().error.field).toBe('day');
    clock.advance(-24 * 3_600_000);
  });

  it("shows the desk the day's arrivals with tickets; the missing one is marked no-show once started", async () => {
    const { place, book } = await bookToday({ exemption: 'E01' });
    const came = await book();
    const missing = await book();
    await checkIn(place.facilityId, came.appointment.code, came.patient.fiscalCode);
    const list = await app.inject({
      method: 'GET',
      url: `/api/v1/facilities/${place.facilityId}/arrivals?date=2026-11-23`,
      headers: desk,
    });
    expect(list.statusCode).toBe(200);
    const items = list.json().items as {
      code: string;
      ticket: number | null;
      status: string;
      patient: string;
    }[];
    expect(items.find((i) => i.code === came.appointment.code)).toMatchObject({
      ticket: 1,
      status: 'checked_in',
    });
    expect(items.find((i) => i.code === missing.appointment.code)).toMatchObject({
      ticket: null,
      status: 'booked',
    });
    expect(items[0]!.patient).toMatch(/^\S.* [A-Z]\.$/);
    const early = await app.inject({
      method: 'POST',
      url: `/api/v1/appointments/${missing.appointment.id}/no-show`,
      headers: desk,
    });
    expect(early.statusCode).toBe(409);
    clock.advance(3 * 3_600_000);
    const late = await app.inject({
      method: 'POST',
      url: `/api/v1/appointments/${missing.appointment.id}/no-show`,
      headers: desk,
    });
    expect(late.json().status).toBe('no_show');
    clock.advance(-3 * 3_600_000);
  });
});
