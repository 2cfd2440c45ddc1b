import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../test/databases.ts';
import {
  context,
  makeAgenda,
  makeFacility,
  makePatient,
  makePrescription,
  makeService,
} from '../../../test/factories.ts';
import { buildApp } from '../../app.ts';
import { addDays, romeDate } from '../../platform/calendar.ts';
import { ManualClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import type { App } from '../../platform/http.ts';
import { createLogger } from '../../platform/logger.ts';
import { bookAppointment, cancelAppointment, getAppointment } from '../booking/index.ts';
import { DEFAULT_WINDOW } from '../messaging/index.ts';
import { outreachSettings } from '../outreach/index.ts';
import type { Patient } from '../registry/index.ts';
import { acceptOffer, parseFromDays, type ReofferSettings } from '../reoffer/index.ts';
import { CampaignWorker } from './campaigns.jobs.ts';
import { purgeContactsBefore as purgeCampaignContacts } from './campaigns.repository.ts';

// Campaigns the system works by itself: a list checked before anything is created, SMS campaigns through
// the outbox (once per contact), the follow-up of poor survey scores (OB-6), and the recontact of
// bookings on a closed agenda with a new place offered through the re-offer (BK-12).
describe('campaigns without agents: lists, messages, survey follow-ups, agenda closures', () => {
  let t: TestDatabase;
  let app: App;
  let manager: Record<string, string>;
  let worker: CampaignWorker;
  // Monday 7 December 2026, 10:00 in Rome.
  const clock = new ManualClock('2026-12-07T09:00:00Z');
  const reoffer: ReofferSettings = {
    rules: {
      fromDays: parseFromDays('visit=31,instrumental=61'),
      batch: 1,
      expiryMinutes: 120,
      minNoticeHours: 24,
      refusalForfeitsGuarantee: false,
    },
    window: DEFAULT_WINDOW,
    publicUrl: 'https://cup.example',
    linkSecret: 'test-secret-test-secret-test-secret-!!',
  };

  beforeAll(async () => {
    t = await createPgliteDatabase();
    const config = loadConfig({ JOBS: 'off', LOG_LEVEL: 'silent', CONTACT_CENTRE: 'off' });
    const log = createLogger('silent');
    app = await buildApp({ db: t.db, dbKind: 'pglite', clock, config, log, contactCentre: null });
    await app.ready();
    manager = await loginAs(app, t.db, clock, ['cup-manager']);
    worker = new CampaignWorker({
      db: t.db,
      clock,
      log,
      centre: null,
      window: DEFAULT_WINDOW,
      outreach: outreachSettings(config, { demoSecret: true }),
      reoffer,
    });
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const api = (method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, headers: manager, ...(payload ? { payload } : {}) });

  async function region() {
    const place = await makeFacility(t.db);
    const service = await makeService(t.db);
    const agenda = await makeAgenda(t.db, clock, { place, services: [service.code], horizonDays: 40 });
    return { place, service, agenda };
  }
  async function book(r: Awaited<ReturnType<typeof region>>, daysAhead: number, patient: Partial<Patient>) {
    const day = addDays(romeDate(clock.now()), daysAhead);
    const slot = await t.db
      .selectFrom('slot')
      .where('agenda_id', '=', r.agenda.id)
      .where('start_at', '>=', new Date(`${day}T00:00:00Z`))
      .whereRef('taken', '<', 'capacity')
      .select('id')
      .orderBy('start_at')
      .limit(1)
      .executeTakeFirstOrThrow();
    const p = await makePatient(t.db, patient);
    const rx = await makePrescription(t.db, { patient: p, services: [r.service.code] });
    const { appointment } = await bookAppointment(
      t.db,
      context(clock),
      { nre: rx.nre, fiscalCode: p.fiscalCode, itemIndex: 1, slotId: Number(slot.id), channel: 'phone' },
      { holdTtlSeconds: 300 },
    );
    return { appointment, patient: p, day };
  }
  const contactsOf = (campaignId: string) =>
    t.db
      .selectFrom('campaign_contact')
      .selectAll()
      .where('campaign_id', '=', campaignId)
      .orderBy('position')
      .execute();

  it('refuses a list with bad rows, saying which, and creates nothing', async () => {
    const csv = 'nome;telefono\nMaria;333 111 2222\n;3334445555\nLuca;12\n';
    const check = await api('POST', '/api/v1/campaigns/csv-check', { channel: 'agent', csv });
    expect(check.statusCode).toBe(200);
    expect(check.json().errors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([
      [3, 'name'],
      [4, 'phone'],
    ]);
    const before = await t.db.selectFrom('campaign').select('id').execute();
    const created = await api('POST', '/api/v1/campaigns', {
      name: 'Prova',
      channel: 'agent',
      mode: 'preview',
      target: { type: 'csv', csv },
    });
    expect(created.statusCode).toBe(422);
    expect(created.json().error).toMatchObject({ code: 'INVALID_FIELD', field: 'target.csv' });
    expect(created.json().error.message).toContain('row 3 (name)');
    expect(await t.db.selectFrom('campaign').select('id').execute()).toEqual(before);
    const noMode = await api('POST', '/api/v1/campaigns', {
      name: 'X',
      channel: 'agent',
      target: { type: 'csv', csv },
    });
    expect(noMode.json().error.field).toBe('mode');
  });

  it('sends an SMS campaign to the bookings a query names, once each, and closes each on delivery', async () => {
    const r = await region();
    const a = await book(r, 10, { phone: '+393331000001' });
    const b = await book(r, 11, { phone: '+393331000002' });
    const landline = await book(r, 12, { phone: '+390971000003', email: null });
    const created = await api('POST', '/api/v1/campaigns', {
      name: 'Avviso parcheggio',
      channel: 'sms',
      message:
        'Gentile {nome}, per {prestazione} del {data} alle {ora} usi il parcheggio nord. Codice {codice}.',
      target: {
        type: 'appointments',
        from: addDays(romeDate(clock.now()), 1),
        to: addDays(romeDate(clock.now()), 20),
        agendaId: r.agenda.id,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const campaign = created.json();
    // The landline cannot get an SMS: closed at once, counted as not positive.
    expect(campaign.kpi).toMatchObject({
      contacts: 3,
      pending: 2,
      done: 1,
      byDisposition: { unreachable: 1 },
    });
    await worker.pass();
    await worker.pass();
    const messages = await t.db
      .selectFrom('outreach_message')
      .selectAll()
      .where('kind', '=', 'campaign')
      .execute();
    expect(messages).toHaveLength(2);
    const toA = messages.find((m) => m.appointment_id === a.appointment.id)!;
    expect(toA.recipient).toBe('+393331000001');
    expect(toA.text).toContain(`Codice ${a.appointment.code}.`);
    expect(toA.text).toContain(`Gentile ${a.patient.givenName} ${a.patient.familyName}`);
    expect(messages.some((m) => m.appointment_id === landline.appointment.id)).toBe(false);
    await t.db
      .updateTable('outreach_message')
      .set({ status: 'delivered' })
      .where('id', '=', toA.id)
      .execute();
    await t.db
      .updateTable('outreach_message')
      .set({ status: 'failed' })
      .where('appointment_id', '=', b.appointment.id)
      .where('kind', '=', 'campaign')
      .execute();
    await worker.pass();
    const kpi = (await api('GET', `/api/v1/campaigns/${campaign.id}`)).json().kpi;
    expect(kpi).toMatchObject({
      done: 3,
      positive: 1,
      byDisposition: { unreachable: 1, delivered: 1, 'not-delivered': 1 },
    });
    // Each message's attempt ends with its fate: nothing left open.
    const open = await t.db
      .selectFrom('campaign_attempt')
      .select('result')
      .where('campaign_id', '=', campaign.id)
      .where('ended_at', 'is', null)
      .execute();
    expect(open).toEqual([]);
  });

  it('OB-6: a survey answer of 1 or 2 puts the caller in the follow-up campaign, once', async () => {
    const at = clock.now();
    const event = (type: string, callId: string, payload: Record<string, unknown>, key: string) => ({
      at,
      type,
      source: 'simulazione',
      call_id: callId,
      payload: JSON.stringify({ type, at: at.getTime(), callId, ...payload }),
      event_key: key,
    });
    await t.db
      .insertInto('contact_event')
      .values([
        event('call.arrived', 'c1', { callerId: '3339990001', line: '848821821' }, 'k1'),
        event('call.arrived', 'c2', { callerId: '3339990002', line: '848821821' }, 'k2'),
        event(
          'survey.answer',
          'c1',
          { surveyId: 'c1-sv', agentId: 'a1', question: 'cortesia', score: 2 },
          'k3',
        ),
        event(
          'survey.answer',
          'c1',
          { surveyId: 'c1-sv', agentId: 'a1', question: 'soluzione', score: 1 },
          'k4',
        ),
        event(
          'survey.answer',
          'c2',
          { surveyId: 'c2-sv', agentId: 'a1', question: 'cortesia', score: 4 },
          'k5',
        ),
      ])
      .execute();
    expect((await worker.pass()).surveyFollowUps).toBe(1);
    expect((await worker.pass()).surveyFollowUps).toBe(0);
    const standing = await t.db
      .selectFrom('campaign')
      .selectAll()
      .where('kind', '=', 'survey-follow-up')
      .executeTakeFirstOrThrow();
    const [c] = await contactsOf(standing.id);
    expect(c).toMatchObject({ phone: '3339990001', status: 'pending', source_ref: 'survey:c1-sv' });
    expect(c!.note).toContain('cortesia 2, soluzione 1');
  });

  it('BK-12: closing an agenda recontacts its bookings: a new place offered by SMS, an agent for the rest', async () => {
    const r = await region();
    const day = 20;
    const mobile = await book(r, day, { phone: '+393332000001' });
    const landline = await book(r, day, { phone: '+390971200002', email: null });
    const closed = await api('POST', `/api/v1/agendas/${r.agenda.id}/closures`, {
      fromDate: mobile.day,
      toDate: mobile.day,
      reason: 'Ferie del medico',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().appointmentIds.sort()).toEqual(
      [mobile.appointment.id, landline.appointment.id].sort(),
    );
    expect(closed.json().closedSlots).toBeGreaterThan(0);
    // The day's free places are gone from the availability.
    const free = await t.db
      .selectFrom('slot')
      .where('agenda_id', '=', r.agenda.id)
      .where('start_at', '>=', new Date(`${mobile.day}T00:00:00Z`))
      .where('start_at', '<', new Date(`${addDays(mobile.day, 1)}T00:00:00Z`))
      .where('open', '=', true)
      .select('id')
      .execute();
    expect(free).toEqual([]);
    const bad = await api('POST', `/api/v1/agendas/${r.agenda.id}/closures`, {
      fromDate: mobile.day,
      toDate: '2026-12-01',
      reason: 'x',
    });
    expect(bad.json().error.field).toBe('toDate');

    const pass = await worker.pass();
    expect(pass).toMatchObject({ closureContacts: 2, closureOffers: 1 });
    const standing = await t.db
      .selectFrom('campaign')
      .selectAll()
      .where('kind', '=', 'agenda-closure')
      .executeTakeFirstOrThrow();
    const contacts = await contactsOf(standing.id);
    const ofMobile = contacts.find((c) => c.appointment_id === mobile.appointment.id)!;
    const ofLandline = contacts.find((c) => c.appointment_id === landline.appointment.id)!;
    expect(ofMobile).toMatchObject({ status: 'in-progress', claimed_by: null });
    // For an agent to call: no message reaches it, decided once (a second pass changes nothing).
    expect(ofLandline).toMatchObject({ status: 'pending', attempts: 1, leg_id: null });
    await worker.pass();
    const decided = await t.db
      .selectFrom('campaign_attempt')
      .select(['channel', 'result'])
      .where('contact_id', '=', ofLandline.id)
      .execute();
    expect(decided).toEqual([{ channel: 'reoffer', result: 'no-message-contact' }]);
    const sms = await t.db
      .selectFrom('outreach_message')
      .selectAll()
      .where('appointment_id', '=', mobile.appointment.id)
      .where('kind', '=', 'reoffer')
      .executeTakeFirstOrThrow();
    expect(sms.text).toContain("l'ambulatorio è chiuso");
    const token = /\/o\/([A-Za-z0-9._-]+)/.exec(sms.text)![1]!;
    await acceptOffer(t.db, context(clock), reoffer, token);
    const moved = await getAppointment(t.db, context(clock), mobile.appointment.id);
    expect(moved.start.getTime()).not.toBe(mobile.appointment.start.getTime());
    await cancelAppointment(t.db, context(clock), landline.appointment.id, {
      reason: 'non serve più',
      channel: 'phone',
    });
    expect((await worker.pass()).closureSettled).toBe(2);
    const after = (await api('GET', `/api/v1/campaigns/${standing.id}`)).json().kpi;
    expect(after).toMatchObject({ done: 2, positive: 2, byDisposition: { rebooked: 1, cancelled: 1 } });
  });

  it('forgets the contacts closed before the retention period, with their attempts, and keeps the open ones', async () => {
    const before = await t.db.selectFrom('campaign_contact').select(['id', 'status']).execute();
    const open = before.filter((c) => c.status !== 'done').length;
    expect(before.length).toBeGreaterThan(open);
    // Everything closed so far was closed before a minute from now.
    const purged = await purgeCampaignContacts(t.db, new Date(clock.now().getTime() + 60_000));
    expect(purged).toBeGreaterThanOrEqual(before.length - open);
    const after = await t.db.selectFrom('campaign_contact').select('status').execute();
    expect(after.map((c) => c.status).sort()).toEqual(
      before
        .filter((c) => c.status !== 'done')
        .map((c) => c.status)
        .sort(),
    );
    const orphans = await t.db
      .selectFrom('campaign_attempt as a')
      .leftJoin('campaign_contact as c', 'c.id', 'a.contact_id')
      .where('c.id', 'is', null)
      .select('a.id')
      .execute();
    expect(orphans).toEqual([]);
  });
});
