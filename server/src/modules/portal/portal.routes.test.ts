import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteDatabase, type TestDatabase } from '../../../test/databases.ts';
import {
  makeAgenda,
  makeFacility,
  makePatient,
  makePrescription,
  makeService,
} from '../../../test/factories.ts';
import { buildApp } from '../../app.ts';
import { ManualClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import type { App } from '../../platform/http.ts';
import { createLogger } from '../../platform/logger.ts';
import { insertMunicipalities } from '../registry/index.ts';

// Issue 13 §1, §2, §5 through the real HTTP app: the portal's public API without login.

const POTENZA = {
  belfioreCode: 'G942',
  name: 'Potenza',
  province: 'PZ',
  latitude: 40.6404,
  longitude: 15.8056,
};
const MATERA = {
  belfioreCode: 'F052',
  name: 'Matera',
  province: 'MT',
  latitude: 40.6664,
  longitude: 16.6043,
};

/** The portal's cookie from a response, as a browser would send it back. */
const cookieOf = (res: { headers: Record<string, unknown> }) => {
  const raw = res.headers['set-cookie'];
  const first = (Array.isArray(raw) ? raw : [raw]).find((c) => String(c).startsWith('sportello_portal='));
  return String(first).split(';')[0]!;
};

describe('citizen portal over HTTP', () => {
  let t: TestDatabase;
  let app: App;
  const clock = new ManualClock('2026-11-23T06:00:00Z');
  const json = { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' };

  beforeAll(async () => {
    t = await createPgliteDatabase();
    const config = loadConfig({ JOBS: 'off', LOG_LEVEL: 'silent' });
    app = await buildApp({
      db: t.db,
      dbKind: 'pglite',
      clock,
      config,
      log: createLogger('silent'),
      // No search cache: each step here must see the places the step before took.
      portal: { accessPer10Min: 1000, search: { cacheMs: 0, running: 8, waiting: 100 } },
    });
    await app.ready();
    await insertMunicipalities(t.db, [POTENZA, MATERA]);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  /** A service offered near Potenza at 11:00 and in Matera earlier, at 08:00. */
  async function scenario(o: { exemption?: string } = {}) {
    const service = await makeService(t.db, { tariffCents: 2240 });
    const near = await makeFacility(t.db, 'Distretto Potenza', {
      municipality: 'Potenza',
      latitude: 40.6272,
      longitude: 15.7795,
    });
    const far = await makeFacility(t.db, 'Distretto Matera', {
      municipality: 'Matera',
      latitude: 40.666,
      longitude: 16.604,
    });
    await makeAgenda(t.db, clock, {
      place: near,
      services: [service.code],
      rules: [{ startTime: '11:00', endTime: '12:00' }],
    });
    await makeAgenda(t.db, clock, {
      place: far,
      services: [service.code],
      rules: [{ startTime: '08:00', endTime: '09:00' }],
    });
    const patient = await makePatient(t.db, { residenceCode: 'G942', email: null });
    const prescription = await makePrescription(t.db, {
      patient,
      services: [service.code],
      priority: 'D',
      exemptionCode: o.exemption ?? null,
    });
    return { service, near, far, patient, prescription };
  }

  const enter = (fiscalCode: string, nre: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/portal/access/prescription',
      headers: json,
      payload: { fiscalCode, nre },
    });
  const get = (url: string, cookie: string) => app.inject({ method: 'GET', url, headers: { cookie } });
  const post = (url: string, cookie: string, payload: object = {}) =>
    app.inject({ method: 'POST', url, headers: { ...json, cookie }, payload });

  it('answers a wrong fiscal code and a wrong NRE alike, and audits the failed look-up', async () => {
    const { prescription } = await scenario();
    const other = await makePatient(t.db);
    const wrongCf = await enter(other.fiscalCode, prescription.nre);
    const wrongNre = await enter(prescription.fiscalCode, '1600A9999999999');
    expect(wrongCf.statusCode).toBe(404);
    expect(wrongNre.statusCode).toBe(404);
    expect(wrongCf.json()).toEqual(wrongNre.json());
    expect(wrongCf.headers['set-cookie']).toBeUndefined();
    const failed = await t.db
      .selectFrom('audit_event')
      .select(['channel', 'outcome', 'subject', 'patient_id'])
      .where('outcome', '=', 'not_found')
      .where('resource_type', '=', 'Prescription')
      .execute();
    expect(failed).toContainEqual({
      channel: 'web',
      outcome: 'not_found',
      subject: prescription.nre,
      patient_id: null,
    });
  });

  it('books without login: nearest first, hold, contacts with consent, booking on the web channel, notice', async () => {
    const { service, near, far, patient, prescription } = await scenario();
    const entered = await enter(prescription.fiscalCode.toLowerCase(), prescription.nre);
    expect(entered.statusCode).toBe(200);
    const cookie = cookieOf(entered);
    expect(entered.json()).toMatchObject({
      priority: 'D',
      residence: { code: 'G942', name: 'Potenza' },
      copayCents: 2240,
      items: [{ index: 1, serviceCode: service.code, state: 'open', exempt: false, tariffCents: 2240 }],
    });

    const byDistance = (await get('/api/v1/portal/availability?itemIndex=1', cookie)).json();
    expect(byDistance.sort).toBe('distance');
    expect(byDistance.items.map((i: { facility: { id: string } }) => i.facility.id)).toEqual([
      near.facilityId,
      far.facilityId,
    ]);
    // Potenza's centre to the near facility ≈ 3 km; to Matera ≈ 67 km (great circle).
    expect(byDistance.items[0].facility.distanceKm).toBeGreaterThan(1);
    expect(byDistance.items[0].facility.distanceKm).toBeLessThan(5);
    expect(byDistance.items[1].facility.distanceKm).toBeGreaterThan(60);
    expect(byDistance.items[1].facility.distanceKm).toBeLessThan(75);
    // The Matera slot is earlier in the day: by date it comes first, and from Matera it is nearest.
    const byDate = (await get('/api/v1/portal/availability?itemIndex=1&sort=date', cookie)).json();
    expect(byDate.sort).toBe('date');
    expect(byDate.items[0].facility.id).toBe(far.facilityId);
    const fromMatera = (
      await get('/api/v1/portal/availability?itemIndex=1&municipality=F052', cookie)
    ).json();
    expect(fromMatera.items[0].facility.id).toBe(far.facilityId);
    expect(fromMatera.origin).toEqual({ code: 'F052', name: 'Matera' });

    const hold = await post('/api/v1/portal/holds', cookie, {
      slotId: byDistance.items[0].slotId,
      itemIndex: 1,
    });
    expect(hold.statusCode).toBe(200);
    const booked = await post('/api/v1/portal/bookings', cookie, {
      holdId: hold.json().id,
      itemIndex: 1,
      phone: '+39 333 1234567',
      email: 'cittadino@example.org',
      consents: { contactByPhone: true, contactByEmail: true },
    });
    expect(booked.statusCode).toBe(200);
    const b = booked.json();
    expect(b).toMatchObject({
      status: 'booked',
      channel: 'web',
      copayCents: 2240,
      facility: { id: near.facilityId },
    });
    expect(b.facility.mapUrl).toContain('openstreetmap.org');
    // The notice: aux 3, segregation 01, check digits = first 16 digits mod 93; QR string per pagoPA 002.
    const n = b.notice;
    expect(n.noticeNumber).toMatch(/^301\d{15}$/);
    expect(String(BigInt(n.noticeNumber.slice(0, 16)) % 93n).padStart(2, '0')).toBe(n.noticeNumber.slice(16));
    expect(n.qrString).toBe(`PAGOPA|002|${n.noticeNumber}|${n.creditorFiscalCode}|2240`);
    expect(n.groupedNumber.replace(/ /g, '')).toBe(n.noticeNumber);
    expect(n).toMatchObject({ status: 'issued', amountCents: 2240, simulated: true });

    const stored = await t.db
      .selectFrom('patient')
      .select(['phone', 'email', 'consents'])
      .where('id', '=', patient.id)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ phone: '+393331234567', email: 'cittadino@example.org' });
    expect(stored.consents).toMatchObject({ contactByPhone: true, contactByEmail: true });
    const trail = await t.db
      .selectFrom('audit_event')
      .select(['actor_id', 'actor_role', 'channel', 'action', 'resource_type'])
      .where('patient_id', '=', patient.id)
      .where('action', 'in', ['create', 'update'])
      .execute();
    expect(trail).toContainEqual({
      actor_id: patient.id,
      actor_role: 'citizen',
      channel: 'web',
      action: 'update',
      resource_type: 'Patient',
    });
    expect(trail.some((r) => r.resource_type === 'PaymentNotice' && r.actor_role === 'citizen')).toBe(true);

    // The prescription now lists its booking; the item is booked.
    const again = (await get('/api/v1/portal/prescription', cookie)).json();
    expect(again.items[0].state).toBe('booked');
    expect(again.bookings).toMatchObject([{ code: b.code, channel: 'web' }]);
  });

  it('manages with booking code + fiscal code: pays on the simulated checkout, documents, cancels with refund flagged', async () => {
    const { prescription, patient } = await scenario();
    const cookie1 = cookieOf(await enter(prescription.fiscalCode, prescription.nre));
    const slot = (await get('/api/v1/portal/availability?itemIndex=1', cookie1)).json().items[0];
    const hold = (await post('/api/v1/portal/holds', cookie1, { slotId: slot.slotId, itemIndex: 1 })).json();
    const code = (await post('/api/v1/portal/bookings', cookie1, { holdId: hold.id, itemIndex: 1 })).json()
      .code;

    const stranger = await makePatient(t.db);
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/portal/access/booking',
      headers: json,
      payload: { fiscalCode: stranger.fiscalCode, code },
    });
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/v1/portal/access/booking',
      headers: json,
      payload: { fiscalCode: patient.fiscalCode, code: 'ZZZZ-ZZZZ' },
    });
    expect(wrong.statusCode).toBe(404);
    expect(wrong.json()).toEqual(unknown.json());

    const managed = await app.inject({
      method: 'POST',
      url: '/api/v1/portal/access/booking',
      headers: json,
      payload: { fiscalCode: patient.fiscalCode, code: code.toLowerCase() },
    });
    expect(managed.statusCode).toBe(200);
    const cookie = cookieOf(managed);
    expect(managed.json()).toMatchObject({ code, status: 'booked', notice: { status: 'issued' } });
    // Rome dates: cancel by two working days before the appointment.
    expect(managed.json().cancelBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const pdf = await get(`/api/v1/portal/bookings/${code}/promemoria.pdf`, cookie);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const notice = await get(`/api/v1/portal/bookings/${code}/notice.pdf`, cookie);
    expect(notice.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const svg = await get(`/api/v1/portal/bookings/${code}/notice-qr.svg`, cookie);
    expect(svg.body).toContain('<svg');
    const ics = await get(`/api/v1/portal/bookings/${code}/calendar.ics`, cookie);
    expect(ics.body).toMatch(/\r\nUID:[0-9a-f-]{36}@sportello\r\nSEQUENCE:\d+\r\n/);
    expect(ics.body).toContain(
      `DTSTART:${new Date(slot.start).toISOString().replace(/[-:]/g, '').replace('.000', '')}`,
    );

    const started = await post(`/api/v1/portal/bookings/${code}/payment`, cookie);
    expect(started.statusCode).toBe(200);
    const checkoutId = started.json().checkoutId;
    expect(started.json().checkoutUrl).toBe(`/portale/pagamento/${checkoutId}`);
    const page = await app.inject({ method: 'GET', url: `/api/v1/portal/checkout/${checkoutId}` });
    expect(page.json()).toMatchObject({ amountCents: 2240, outcome: null, label: 'simulazione' });
    const paid = await app.inject({
      method: 'POST',
      url: `/api/v1/portal/checkout/${checkoutId}`,
      headers: json,
      payload: { outcome: 'pay' },
    });
    expect(paid.json()).toMatchObject({ outcome: 'paid', noticeStatus: 'paid' });
    // Once: a second choice repeats the first.
    const twice = await app.inject({
      method: 'POST',
      url: `/api/v1/portal/checkout/${checkoutId}`,
      headers: json,
      payload: { outcome: 'fail' },
    });
    expect(twice.json().outcome).toBe('paid');
    expect((await get(`/api/v1/portal/bookings/${code}`, cookie)).json().notice.status).toBe('paid');
    const payAgain = await post(`/api/v1/portal/bookings/${code}/payment`, cookie);
    expect(payAgain.statusCode).toBe(409);

    const cancelled = await post(`/api/v1/portal/bookings/${code}/cancel`, cookie);
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', notice: { status: 'refund_due' } });
    expect(cancelled.json().cancellationNumber).toBeTruthy();
  });

  it('withdraws an unpaid notice on cancellation and never reuses its number', async () => {
    const { prescription } = await scenario();
    const cookie = cookieOf(await enter(prescription.fiscalCode, prescription.nre));
    const book = async () => {
      const slot = (await get('/api/v1/portal/availability?itemIndex=1', cookie)).json().items[0];
      const hold = (await post('/api/v1/portal/holds', cookie, { slotId: slot.slotId, itemIndex: 1 })).json();
      return (await post('/api/v1/portal/bookings', cookie, { holdId: hold.id, itemIndex: 1 })).json();
    };
    const first = await book();
    const cancelled = (await post(`/api/v1/portal/bookings/${first.code}/cancel`, cookie)).json();
    expect(cancelled.notice).toMatchObject({
      status: 'invalidated',
      noticeNumber: first.notice.noticeNumber,
    });
    const second = await book();
    expect(second.notice.status).toBe('issued');
    expect(second.notice.noticeNumber).not.toBe(first.notice.noticeNumber);
  });

  it("moves a booking to another facility's slot; the notice stays the same", async () => {
    const { prescription, far } = await scenario();
    const cookie = cookieOf(await enter(prescription.fiscalCode, prescription.nre));
    const slot = (await get('/api/v1/portal/availability?itemIndex=1', cookie)).json().items[0];
    const hold = (await post('/api/v1/portal/holds', cookie, { slotId: slot.slotId, itemIndex: 1 })).json();
    const b = (await post('/api/v1/portal/bookings', cookie, { holdId: hold.id, itemIndex: 1 })).json();
    const options = await get(`/api/v1/portal/bookings/${b.code}/availability?sort=date`, cookie);
    expect(options.statusCode).toBe(200);
    const target = options
      .json()
      .items.find((i: { facility: { id: string } }) => i.facility.id === far.facilityId);
    const moved = await post(`/api/v1/portal/bookings/${b.code}/move`, cookie, { slotId: target.slotId });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({
      code: b.code,
      start: target.start,
      facility: { id: far.facilityId },
      channel: 'web',
    });
    expect(moved.json().notice.noticeNumber).toBe(b.notice.noticeNumber);
    // The first place is free again.
    const after = (await get('/api/v1/portal/availability?itemIndex=1&sort=date', cookie)).json();
    expect(after.items.some((i: { slotId: number }) => i.slotId === slot.slotId)).toBe(true);
  });

  it('issues no notice for an exempt prescription', async () => {
    const { prescription } = await scenario({ exemption: 'E01' });
    const entered = await enter(prescription.fiscalCode, prescription.nre);
    const cookie = cookieOf(entered);
    expect(entered.json().copayCents).toBe(0);
    const slot = (await get('/api/v1/portal/availability?itemIndex=1', cookie)).json().items[0];
    const hold = (await post('/api/v1/portal/holds', cookie, { slotId: slot.slotId, itemIndex: 1 })).json();
    const b = (await post('/api/v1/portal/bookings', cookie, { holdId: hold.id, itemIndex: 1 })).json();
    expect(b).toMatchObject({ exempt: true, copayCents: 0, notice: null });
    expect((await post(`/api/v1/portal/bookings/${b.code}/payment`, cookie)).statusCode).toBe(409);
  });

  it("refuses without a session, from another site, and for another person's booking", async () => {
    const { prescription } = await scenario();
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/portal/availability?itemIndex=1' })).statusCode,
    ).toBe(401);
    const cookie = cookieOf(await enter(prescription.fiscalCode, prescription.nre));
    const slot = (await get('/api/v1/portal/availability?itemIndex=1', cookie)).json().items[0];
    const crossSite = await app.inject({
      method: 'POST',
      url: '/api/v1/portal/holds',
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site', cookie },
      payload: { slotId: slot.slotId, itemIndex: 1 },
    });
    expect(crossSite.statusCode).toBe(403);
    const tampered = cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await get('/api/v1/portal/prescription', tampered)).statusCode).toBe(401);

    const other = await scenario();
    const otherCookie = cookieOf(await enter(other.prescription.fiscalCode, other.prescription.nre));
    const s2 = (await get('/api/v1/portal/availability?itemIndex=1', otherCookie)).json().items[0];
    const h2 = (await post('/api/v1/portal/holds', otherCookie, { slotId: s2.slotId, itemIndex: 1 })).json();
    const theirs = (
      await post('/api/v1/portal/bookings', otherCookie, { holdId: h2.id, itemIndex: 1 })
    ).json();
    const peek = await get(`/api/v1/portal/bookings/${theirs.code}`, cookie);
    expect(peek.statusCode).toBe(404);
  });

  it('expires the session after 30 minutes', async () => {
    const { prescription } = await scenario();
    const cookie = cookieOf(await enter(prescription.fiscalCode, prescription.nre));
    expect((await get('/api/v1/portal/prescription', cookie)).statusCode).toBe(200);
    clock.advance(31 * 60_000);
    expect((await get('/api/v1/portal/prescription', cookie)).statusCode).toBe(401);
  });
});

describe('portal limits', () => {
  let t: TestDatabase;
  let app: App;
  const clock = new ManualClock('2026-11-23T06:00:00Z');

  beforeAll(async () => {
    t = await createPgliteDatabase();
    const config = loadConfig({ JOBS: 'off', LOG_LEVEL: 'silent' });
    app = await buildApp({
      db: t.db,
      dbKind: 'pglite',
      clock,
      config,
      log: createLogger('silent'),
      portal: { accessPer10Min: 3 },
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('limits identification attempts per fiscal code and per address with 429 and Retry-After', async () => {
    const patient = await makePatient(t.db);
    const attempt = (fiscalCode: string, ip: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/portal/access/prescription',
        headers: { 'content-type': 'application/json' },
        remoteAddress: ip,
        payload: { fiscalCode, nre: '1600A0000000001' },
      });
    // Three tries of one fiscal code from three addresses: the fourth, from a fourth address, is refused.
    for (const ip of ['10.0.0.1', '10.0.0.2', '10.0.0.3'])
      expect((await attempt(patient.fiscalCode, ip)).statusCode).toBe(404);
    const blocked = await attempt(patient.fiscalCode, '10.0.0.4');
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // One address trying many fiscal codes is refused too.
    const others = await Promise.all([1, 2, 3, 4].map(() => makePatient(t.db)));
    const codes = [];
    for (const o of others) codes.push((await attempt(o.fiscalCode, '10.0.0.9')).statusCode);
    expect(codes).toEqual([404, 404, 404, 429]);
    // Ten minutes later the fiscal code may try again.
    clock.advance(10 * 60_000 + 1000);
    expect((await attempt(patient.fiscalCode, '10.0.0.5')).statusCode).toBe(404);
  });
});
