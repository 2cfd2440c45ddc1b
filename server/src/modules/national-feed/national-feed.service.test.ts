import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteDatabase, type TestDatabase } from '../../../test/databases.ts';
import {
  context,
  makeAgenda,
  makeFacility,
  makePatient,
  makePrescription,
  makeService,
  type Place,
} from '../../../test/factories.ts';
import { FakeFhir } from '../../../test/fake-fhir.ts';
import { ManualClock } from '../../platform/clock.ts';
import { bookAppointment, cancelAppointment, findAvailability } from '../booking/index.ts';
import { httpFeedSender } from './adapters/http.ts';
import { simulatedFeedSender } from './adapters/simulated.ts';
import { buildDay, type FeedSettings, runFeed, sendDay } from './national-feed.service.ts';

const KEY = 'the-region-key-of-at-least-thirty-two-chars';

// MR-8 on a database: which Rome day a booking belongs to (across the spring DST change), one batch a
// day built once, sent until the platform takes it, in order, against a FHIR endpoint on the loopback.
describe('the national waiting-list feed', () => {
  let t: TestDatabase;
  let place: Place;
  let service: string;
  const clock = new ManualClock('2027-03-25T09:00:00Z');
  const settings = (over: Partial<FeedSettings> = {}): FeedSettings => ({
    region: '170',
    key: KEY,
    sender: simulatedFeedSender,
    catchUpDays: 31,
    ...over,
  });

  beforeAll(async () => {
    t = await createPgliteDatabase();
    place = await makeFacility(t.db);
    service = (await makeService(t.db)).code;
    await makeAgenda(t.db, clock, { place, services: [service], horizonDays: 30, rules: [{ capacity: 20 }] });
  });
  afterAll(async () => t?.drop());
  afterEach(async () => {
    await t.db.deleteFrom('national_feed_batch').execute();
  });

  /** A patient booked at `at` (the clock set there) into the first free slot. */
  async function bookAt(at: string) {
    clock.set(at);
    const patient = await makePatient(t.db);
    const p = await makePrescription(t.db, {
      patient,
      services: [service],
      priority: 'D',
      issuedOn: '2027-03-20',
    });
    const ctx = context(clock);
    const slot = (await findAvailability(t.db, ctx, { service, limit: 1 })).items[0]!;
    const { appointment } = await bookAppointment(
      t.db,
      ctx,
      { nre: p.nre, fiscalCode: patient.fiscalCode, itemIndex: 1, slotId: slot.slotId, channel: 'phone' },
      { holdTtlSeconds: 300 },
    );
    return { appointment, patient };
  }

  const batch = async (day: string) => {
    const r = await t.db
      .selectFrom('national_feed_batch')
      .selectAll()
      .where('day', '=', day)
      .executeTakeFirst();
    // The Bundle as kept, decompressed apart from the code (zlib here, the repository's helper there).
    return (
      r && { ...r, bundle: JSON.parse(gunzipSync(Buffer.from(r.bundle_gz)).toString('utf8')) as unknown }
    );
  };
  const idsIn = (bundle: unknown) =>
    ((bundle as { entry: { resource: { id: string } }[] }).entry ?? []).map((e) => e.resource.id).sort();

  it('puts each booking in the Rome day it was made, across the night the clocks go forward', async () => {
    // Rome: 23:30 on Saturday 27 March (UTC+1); 00:30 on Sunday 28 March; 00:30 on Monday 29 March (UTC+2).
    const sat = await bookAt('2027-03-27T22:30:00Z');
    const sun = await bookAt('2027-03-27T23:30:00Z');
    const lateSun = await bookAt('2027-03-28T21:30:00Z'); // 23:30 on Sunday, summer time
    const mon = await bookAt('2027-03-28T22:30:00Z');
    // On Monday the Sunday is over, not the Monday.
    clock.set('2027-03-29T09:00:00Z');
    expect(await buildDay(t.db, clock, settings(), '2027-03-27')).toBe(true);
    expect(await buildDay(t.db, clock, settings(), '2027-03-28')).toBe(true);
    await expect(buildDay(t.db, clock, settings(), '2027-03-29')).rejects.toMatchObject({ field: 'day' });

    expect(idsIn((await batch('2027-03-27'))!.bundle)).toEqual([sat.appointment.id]);
    const sunday = (await batch('2027-03-28'))!;
    expect(idsIn(sunday.bundle)).toEqual([sun.appointment.id, lateSun.appointment.id].sort());
    expect(sunday.appointments).toBe(2);
    expect(sunday.status).toBe('pending');
    // Nobody's fiscal code or name leaves in a batch.
    const text = JSON.stringify(sunday.bundle);
    for (const p of [sun.patient, lateSun.patient]) {
      expect(text).not.toContain(p.fiscalCode);
      expect(text).not.toContain(p.familyName);
    }
    void mon;
  });

  it('builds a day once: the batch sent is the one kept, with its digest', async () => {
    await bookAt('2027-03-30T08:00:00Z');
    clock.set('2027-03-31T08:00:00Z');
    expect(await buildDay(t.db, clock, settings(), '2027-03-30')).toBe(true);
    const first = (await batch('2027-03-30'))!;
    await bookAt('2027-03-30T09:00:00Z'); // a correction of the past would come with the next day's batch
    clock.set('2027-03-31T09:00:00Z');
    expect(await buildDay(t.db, clock, settings(), '2027-03-30')).toBe(false);
    const again = (await batch('2027-03-30'))!;
    expect(again.digest).toBe(first.digest);
    // The digest is the SHA-256 of the JSON kept.
    expect(again.digest).toBe(createHash('sha256').update(JSON.stringify(again.bundle)).digest('hex'));
    expect(again.appointments).toBe(1);
  });

  it('sends a cancellation in the batch of the day it happened, in its new state', async () => {
    const { appointment } = await bookAt('2027-04-01T08:00:00Z');
    clock.set('2027-04-02T05:00:00Z'); // 07:00 in Rome, before its 08:00 slot
    await cancelAppointment(t.db, context(clock), appointment.id, {
      reason: 'non più necessaria',
      channel: 'web',
    });
    clock.set('2027-04-03T08:00:00Z');
    await buildDay(t.db, clock, settings(), '2027-04-02');
    const entry = ((await batch('2027-04-02'))!.bundle as { entry: { resource: Record<string, unknown> }[] })
      .entry[0]!.resource;
    expect(entry).toMatchObject({
      id: appointment.id,
      status: 'cancelled',
      cancelationReason: { coding: [{ code: 'web' }] },
    });
    expect(JSON.stringify(entry)).not.toContain('non più necessaria');
  });

  it('builds the days missed since the last batch and sends them, oldest first (simulazione)', async () => {
    await t.db
      .insertInto('national_feed_batch')
      .values({
        day: '2027-04-05',
        built_at: new Date('2027-04-06T01:20:00Z'),
        appointments: 0,
        bundle_gz: gzipSync('{}'),
        digest: '0'.repeat(64),
        status: 'sent',
        sent_at: new Date('2027-04-06T01:20:00Z'),
      })
      .execute();
    clock.set('2027-04-09T01:20:00Z'); // 03:20 on 9 April in Rome: 6, 7 and 8 April are over
    const r = await runFeed(t.db, clock, settings());
    expect(r).toEqual({
      built: ['2027-04-06', '2027-04-07', '2027-04-08'],
      sent: ['2027-04-06', '2027-04-07', '2027-04-08'],
    });
    const rows = await t.db
      .selectFrom('national_feed_batch')
      .selectAll()
      .where('day', '>', '2027-04-05')
      .execute();
    expect(rows.map((x) => [x.status, x.simulated, x.receipt?.startsWith('simulazione:')])).toEqual([
      ['sent', true, true],
      ['sent', true, true],
      ['sent', true, true],
    ]);
    // The next run has nothing to do.
    expect(await runFeed(t.db, clock, settings())).toEqual({ built: [], sent: [] });
  });

  it('posts the transaction to the platform, retries a refused day on the next run, and keeps the order', async () => {
    const fhir = await new FakeFhir('the-token').start();
    try {
      const { appointment } = await bookAt('2027-04-12T08:00:00Z');
      await bookAt('2027-04-13T08:00:00Z');
      clock.set('2027-04-14T06:00:00Z');
      const s = settings({ sender: httpFeedSender({ url: fhir.url, token: 'the-token' }) });
      await t.db
        .insertInto('national_feed_batch')
        .values({
          day: '2027-04-11',
          built_at: clock.now(),
          appointments: 0,
          bundle_gz: gzipSync('{}'),
          digest: '0'.repeat(64),
          status: 'sent',
          sent_at: clock.now(),
        })
        .execute();
      fhir.failNext = 1;
      const first = await runFeed(t.db, clock, s);
      // The 12th was refused: the 13th waits behind it.
      expect(first).toEqual({ built: ['2027-04-12', '2027-04-13'], sent: [] });
      expect(await batch('2027-04-12')).toMatchObject({
        status: 'failed',
        attempts: 1,
        last_error: 'platform answered 503',
      });
      expect(await batch('2027-04-13')).toMatchObject({ status: 'pending', attempts: 0 });

      clock.set('2027-04-14T07:00:00Z');
      expect(await runFeed(t.db, clock, s)).toEqual({ built: [], sent: ['2027-04-12', '2027-04-13'] });
      expect(await batch('2027-04-12')).toMatchObject({
        status: 'sent',
        attempts: 2,
        last_error: null,
        simulated: false,
      });
      const request = fhir.requests.at(-2)!;
      expect(request.authorization).toBe('Bearer the-token');
      expect(request.contentType).toBe('application/fhir+json');
      expect(fhir.resources.get(`Appointment/${appointment.id}`)).toMatchObject({ status: 'booked' });
      expect((await batch('2027-04-12'))!.receipt).toMatch(/ \(1\)$/);

      // A resend with a wrong token is refused and recorded; the day stays taken (its earlier copy holds).
      await sendDay(
        t.db,
        clock,
        settings({ sender: httpFeedSender({ url: fhir.url, token: 'wrong' }) }),
        '2027-04-13',
      );
      expect(await batch('2027-04-13')).toMatchObject({
        status: 'sent',
        attempts: 2,
        last_error: 'platform answered 401',
      });
    } finally {
      await fhir.stop();
    }
  });

  it('sends a large day as several transactions, and a refused part fails the day, sent again whole', async () => {
    const fhir = await new FakeFhir().start();
    try {
      const ids = [];
      for (const h of ['08', '09', '10']) ids.push((await bookAt(`2027-04-15T${h}:00:00Z`)).appointment.id);
      clock.set('2027-04-16T08:00:00Z');
      await buildDay(t.db, clock, settings(), '2027-04-15');
      const s = settings({ sender: httpFeedSender({ url: fhir.url, maxEntries: 2 }) });
      fhir.failAt = 2;
      expect(await sendDay(t.db, clock, s, '2027-04-15')).toEqual({
        ok: false,
        error: 'platform answered 503 (part 2 of 2)',
      });
      expect(await sendDay(t.db, clock, s, '2027-04-15')).toEqual({ ok: true, error: null });
      // Parts of two and one, each a transaction; the platform holds each appointment once.
      const sizes = fhir.requests.map((r) => (r.body as { entry: unknown[] }).entry.length);
      expect(sizes).toEqual([2, 1, 2, 1]);
      expect([...fhir.resources.keys()].sort()).toEqual(ids.map((id) => `Appointment/${id}`).sort());
      expect((await batch('2027-04-15'))!.receipt).toMatch(/, .* \(3\)$/);
    } finally {
      await fhir.stop();
    }
  });

  it('lets one worker send a day at a time', async () => {
    await bookAt('2027-04-20T08:00:00Z');
    clock.set('2027-04-21T08:00:00Z');
    await buildDay(t.db, clock, settings(), '2027-04-20');
    let release: () => void = () => {};
    const slow: FeedSettings['sender'] = {
      simulated: true,
      send: () => new Promise((resolve) => (release = () => resolve({ receipt: 'slow' }))),
    };
    const a = sendDay(t.db, clock, settings({ sender: slow }), '2027-04-20');
    await new Promise((r) => setTimeout(r, 50));
    const b = await sendDay(t.db, clock, settings(), '2027-04-20');
    expect(b).toMatchObject({ ok: false, busy: true });
    release();
    expect(await a).toEqual({ ok: true, error: null });
    expect(await batch('2027-04-20')).toMatchObject({ status: 'sent', attempts: 1, receipt: 'slow' });
  });
});
