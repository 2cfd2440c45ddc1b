import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/app.ts';
import { startCampaignCentre } from '../../../test/campaign-centre.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../test/databases.ts';
import {
  context,
  makeAgenda,
  makeFacility,
  makePatient,
  makePrescription,
  makeService,
} from '../../../test/factories.ts';
import { ManualClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import type { App } from '../../platform/http.ts';
import { createLogger } from '../../platform/logger.ts';
import { bookAppointment, getAppointment, moveAppointment } from '../booking/index.ts';
import type { LiveContactCentre } from '../contact-centre/index.ts';
import { DEFAULT_WINDOW } from '../messaging/index.ts';
import { outreachSettings } from '../outreach/index.ts';
import { CampaignWorker } from './campaigns.jobs.ts';

// OB-5 and OB-3 end to end: an operator works a campaign from the console's API through the live
// centre's outbound leg (the simulated switch plays the patient), and the virtual operator's recall call
// confirms or cancels a booking in the database — each outcome on the contact, counted in the KPIs.
describe('campaign calls by agents and by the virtual operator, on the live centre', () => {
  let t: TestDatabase;
  let cc: Awaited<ReturnType<typeof startCampaignCentre>>;
  let app: App;
  let centre: LiveContactCentre;
  let worker: CampaignWorker;
  let manager: Record<string, string>;
  let operator: Record<string, string>;
  // Monday 7 December 2026, 10:00 in Rome: within a campaign's default hours (09:00–19:00).
  const clock = new ManualClock('2026-12-07T09:00:00Z');

  beforeAll(async () => {
    t = await createPgliteDatabase();
    cc = await startCampaignCentre(t.db, clock);
    ({ app, centre, worker } = cc);
    manager = await loginAs(app, t.db, clock, ['cup-manager']);
    operator = await loginAs(app, t.db, clock, ['operator']);
  });
  afterAll(async () => {
    await cc?.close();
    await t?.drop();
  });

  const run = (seconds: number) => cc.run(seconds);
  const wait = (seconds: number) => cc.wait(seconds);
  const api = (...a: Parameters<typeof cc.api>) => cc.api(...a);
  const person = (...a: Parameters<typeof cc.person>) => cc.person(...a);
  /** A worker that looks for the virtual operator's bookings at every pass, with these settings. */
  const voiceWorker = (env: Record<string, string> = {}) =>
    new CampaignWorker({
      db: t.db,
      clock,
      log: createLogger('silent'),
      centre,
      window: DEFAULT_WINDOW,
      outreach: outreachSettings(loadConfig(env), { demoSecret: true }),
      reoffer: null,
      recallEveryMs: 0,
    });

  async function booked(daysAhead: number, phone: string) {
    const place = await makeFacility(t.db);
    const service = await makeService(t.db);
    await makeAgenda(t.db, clock, { place, services: [service.code], horizonDays: daysAhead + 5 });
    const patient = await makePatient(t.db, { phone, email: null });
    const rx = await makePrescription(t.db, { patient, services: [service.code] });
    const slot = await t.db
      .selectFrom('slot')
      .innerJoin('agenda_service as s', 's.agenda_id', 'slot.agenda_id')
      .where('s.service_code', '=', service.code)
      .where('slot.start_at', '>', new Date(clock.now().getTime() + daysAhead * 86_400_000))
      .select('slot.id')
      .orderBy('slot.start_at')
      .limit(1)
      .executeTakeFirstOrThrow();
    const { appointment } = await bookAppointment(
      t.db,
      context(clock),
      {
        nre: rx.nre,
        fiscalCode: patient.fiscalCode,
        itemIndex: 1,
        slotId: Number(slot.id),
        channel: 'phone',
      },
      { holdTtlSeconds: 300 },
    );
    return { appointment, patient };
  }

  it('an agent works a preview campaign: no answer, retried after the delay, answered, outcome recorded', async () => {
    const created = await api('POST', '/api/v1/campaigns', manager, {
      name: 'Informativa screening',
      channel: 'agent',
      mode: 'preview',
      script: 'Buongiorno, la chiamo per lo screening.',
      maxAttempts: 2,
      retryMinutes: 5,
      target: { type: 'csv', csv: 'nome;telefono;note\nMaria Rossi;333 765 4321;prima chiamata\n' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const campaign = created.json();
    expect(campaign.kpi).toMatchObject({ contacts: 1, pending: 1, done: 0, positiveShare: null });
    await person('+393337654321', [false, true]);

    expect((await api('POST', '/api/v1/contact-centre/agent/login', operator)).statusCode).toBe(200);
    const paused = await api('POST', '/api/v1/contact-centre/agent/pause', operator, { reason: 'campagna' });
    expect(paused.statusCode, paused.body).toBe(200);

    const taken = await api('POST', `/api/v1/campaigns/${campaign.id}/work/next`, operator);
    expect(taken.statusCode, taken.body).toBe(200);
    expect(taken.json().contact).toMatchObject({
      name: 'Maria Rossi',
      phone: '+393337654321',
      script: 'Buongiorno, la chiamo per lo screening.',
      call: { state: 'none' },
    });
    const dialled = await api('POST', '/api/v1/campaigns/work/dial', operator);
    expect(dialled.json().contact.call.state).toBe('ringing');
    await run(31); // nobody answers: the switch gives up after 30 s
    const after = (await api('GET', '/api/v1/campaigns/work', operator)).json();
    expect(after.contact).toBeNull();
    expect(after.lastAttempt).toMatchObject({ name: 'Maria Rossi', result: 'no-answer' });
    expect(after.campaigns[0]).toMatchObject({ id: campaign.id, due: 0 });
    // The agent is back in the campaign pause, not offered inbound calls.
    const me = (await api('GET', '/api/v1/contact-centre/agent', operator)).json();
    expect(me).toMatchObject({ state: 'paused', reason: 'campagna' });

    await wait(5 * 60);
    expect((await api('POST', `/api/v1/campaigns/${campaign.id}/work/next`, operator)).statusCode).toBe(200);
    await api('POST', '/api/v1/campaigns/work/dial', operator);
    await run(4);
    const talking = (await api('GET', '/api/v1/campaigns/work', operator)).json();
    expect(talking.contact.call.state).toBe('talking');
    const stored = await centre
      .flush()
      .then(() =>
        t.db.selectFrom('contact_event').where('type', '=', 'campaign.answered').select('payload').execute(),
      );
    expect(stored.map((r) => r.payload.operatorCode)).toHaveLength(1);
    const bad = await api('POST', '/api/v1/campaigns/work/outcome', operator, { code: 'no-such-outcome' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error).toMatchObject({ code: 'INVALID_FIELD', field: 'code' });
    await api('POST', '/api/v1/contact-centre/agent/hang-up', operator);
    const ended = (await api('GET', '/api/v1/campaigns/work', operator)).json();
    expect(ended.contact.call.state).toBe('ended');
    const done = await api('POST', '/api/v1/campaigns/work/outcome', operator, {
      code: 'reached',
      note: 'ok',
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().contact).toBeNull();

    const kpi = (await api('GET', `/api/v1/campaigns/${campaign.id}`, manager)).json().kpi;
    expect(kpi).toMatchObject({ contacts: 1, done: 1, positive: 1, positiveShare: 1, positiveGoalMet: true });
    expect(kpi.batches).toEqual([expect.objectContaining({ batch: 1, contacts: 1, done: 1, timing: 'ok' })]);
    const contacts = (await api('GET', `/api/v1/campaigns/${campaign.id}/contacts`, manager)).json().items;
    expect(contacts[0]).toMatchObject({
      attempts: 2,
      disposition: 'reached',
      positive: true,
      agentNote: 'ok',
    });
    // Wrap-up over, the agent is back in the campaign pause.
    await run(61);
    expect((await api('GET', '/api/v1/contact-centre/agent', operator)).json()).toMatchObject({
      state: 'paused',
      reason: 'campagna',
    });
  });

  it("closes a contact as 'no-answer' when its attempts are spent", async () => {
    const campaign = (
      await api('POST', '/api/v1/campaigns', manager, {
        name: 'Un solo tentativo',
        channel: 'agent',
        mode: 'preview',
        maxAttempts: 1,
        target: { type: 'csv', csv: 'nome,telefono\nLuca Bianchi,0971 123456\n' },
      })
    ).json();
    await person('0971123456', [false]);
    await api('POST', `/api/v1/campaigns/${campaign.id}/work/next`, operator);
    await api('POST', '/api/v1/campaigns/work/dial', operator);
    await run(31);
    const kpi = (await api('GET', `/api/v1/campaigns/${campaign.id}`, manager)).json().kpi;
    expect(kpi).toMatchObject({ done: 1, positive: 0, byDisposition: { 'no-answer': 1 } });
  });

  it('progressive: the next contact is called at once, after an unanswered call and after an outcome', async () => {
    const campaign = (
      await api('POST', '/api/v1/campaigns', manager, {
        name: 'Progressiva',
        channel: 'agent',
        mode: 'progressive',
        target: {
          type: 'csv',
          csv: 'nome,telefono\nAnna Verdi,3331110001\nBruno Neri,3331110002\nCarla Blu,3331110003\n',
        },
      })
    ).json();
    await person('3331110001', [false]);
    await person('3331110002', [true]);
    await person('3331110003', [true]);
    const taken = (await api('POST', `/api/v1/campaigns/${campaign.id}/work/next`, operator)).json();
    // Taken and already ringing: no Call button to press.
    expect(taken.contact).toMatchObject({ name: 'Anna Verdi', call: { state: 'ringing' } });
    await run(31);
    const second = (await api('GET', '/api/v1/campaigns/work', operator)).json();
    expect(second.contact).toMatchObject({ name: 'Bruno Neri' });
    expect(['ringing', 'talking']).toContain(second.contact.call.state);
    await run(4);
    await api('POST', '/api/v1/contact-centre/agent/hang-up', operator);
    const next = (await api('POST', '/api/v1/campaigns/work/outcome', operator, { code: 'reached' })).json();
    expect(next.contact).toMatchObject({ name: 'Carla Blu', call: { state: 'ringing' } });
    await run(4);
    await api('POST', '/api/v1/contact-centre/agent/hang-up', operator);
    const last = (await api('POST', '/api/v1/campaigns/work/outcome', operator, { code: 'declined' })).json();
    // Anna is due again only after the retry delay: nothing to call now.
    expect(last.contact).toBeNull();
    const kpi = (await api('GET', `/api/v1/campaigns/${campaign.id}`, manager)).json().kpi;
    expect(kpi).toMatchObject({
      contacts: 3,
      done: 2,
      pending: 1,
      positive: 1,
      positiveShare: 0.5,
      positiveGoalMet: true,
    });
    await run(61);
  });

  it('the virtual operator calls the recall: 3 twice cancels the booking by phone, 1 confirms it', async () => {
    const recallWorker = voiceWorker({
      RECALL_DAYS_BEFORE: '10',
      RECALL_AGENDA_WAIT_DAYS: '0',
      RECALL_MIN_WAIT_DAYS: '0',
    });
    // Landlines only: no SMS reaches them, so the virtual operator calls. 8 days ahead: in the recall's window.
    const one = await booked(8, '+390971111111');
    const two = await booked(8, '+390971222222');
    await person('+390971111111', [true], ['3', '3']);
    await person('+390971222222', [false, true], ['1']);
    const first = await recallWorker.pass();
    expect(first.recallCalls).toBe(2);
    expect((await recallWorker.pass()).recallCalls).toBe(0); // once per booking version
    await run(20);
    await worker.settled();
    const cancelled = await getAppointment(t.db, context(clock), one.appointment.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelChannel: 'phone' });
    const recall = (await api('GET', '/api/v1/campaigns', manager))
      .json()
      .items.find((c: { kind: string }) => c.kind === 'recall');
    expect(recall.kpi.byDisposition).toEqual({ cancelled: 1 });
    // The second did not answer: tried again after the campaign's delay (two hours), then confirms.
    await wait(2 * 3600 + 60);
    await recallWorker.pass();
    await run(20);
    await worker.settled();
    const confirmed = await getAppointment(t.db, context(clock), two.appointment.id);
    expect(confirmed).toMatchObject({ status: 'booked', confirmedVia: 'phone' });
    const after = (await api('GET', `/api/v1/campaigns/${recall.id}`, manager)).json();
    expect(after.kpi.byDisposition).toEqual({ cancelled: 1, confirmed: 1 });
    expect(after.channel).toBe('voice');
  });

  it('OB-7: the virtual operator reminds a patient with a landline only; 1 confirms, the cancellation is worded so', async () => {
    const reminderWorker = (voice: string) => voiceWorker({ REMINDER_VOICE: voice });
    // Three days ahead: the reminder's day (five before) has come; a landline and no e-mail, so no message.
    const stays = await booked(3, '+390971444444');
    const goes = await booked(3, '+390971555555');
    const mobile = await booked(3, '+393334445566');
    expect((await reminderWorker('off').pass()).reminderCalls).toBe(0);
    await person('+390971444444', [true], ['1']);
    await person('+390971555555', [true], ['3', '3']);
    const on = reminderWorker('unreachable');
    expect((await on.pass()).reminderCalls).toBe(2);
    expect((await on.pass()).reminderCalls).toBe(0); // once per booking version
    await run(20);
    await worker.settled();
    expect(await getAppointment(t.db, context(clock), stays.appointment.id)).toMatchObject({
      status: 'booked',
      confirmedVia: 'phone',
    });
    const cancelled = await t.db
      .selectFrom('appointment')
      .select(['status', 'cancel_channel', 'cancel_reason'])
      .where('id', '=', goes.appointment.id)
      .executeTakeFirstOrThrow();
    expect(cancelled).toEqual({
      status: 'cancelled',
      cancel_channel: 'phone',
      cancel_reason: 'disdetta dal paziente alla chiamata di promemoria (operatore virtuale)',
    });
    const campaigns = (await api('GET', '/api/v1/campaigns', manager)).json().items;
    const reminder = campaigns.find((c: { kind: string }) => c.kind === 'reminder');
    expect(reminder).toMatchObject({ name: 'Promemoria con operatore virtuale', channel: 'voice' });
    expect(reminder.kpi.byDisposition).toEqual({ confirmed: 1, cancelled: 1 });
    // The mobile got no call: its reminder goes by SMS.
    const called = await t.db
      .selectFrom('campaign_contact')
      .select('appointment_id')
      .where('campaign_id', '=', reminder.id)
      .execute();
    expect(called.map((c) => c.appointment_id).sort()).toEqual(
      [stays.appointment.id, goes.appointment.id].sort(),
    );
    expect(called.map((c) => c.appointment_id)).not.toContain(mobile.appointment.id);
  });

  it('a booking moved before its call is called once, about its new time: the old contact closes as moved', async () => {
    const voice = voiceWorker();
    const b = await booked(3, '+390971666666');
    await person('+390971666666', [true], ['1']);
    await voice.pass(); // the contact is made (the calls of a pass are placed before its new contacts)
    const later = await t.db
      .selectFrom('slot')
      .where('agenda_id', '=', b.appointment.agendaId)
      .where('start_at', '>', b.appointment.start)
      .where('start_at', '<', new Date(b.appointment.start.getTime() + 86_400_000))
      .select('id')
      .orderBy('start_at')
      .executeTakeFirstOrThrow();
    await moveAppointment(t.db, context(clock), b.appointment.id, { slotId: Number(later.id) });
    await voice.pass(); // the old version's contact closes; the new version's is made
    await voice.pass(); // and called
    await run(20);
    await worker.settled();
    const contacts = await t.db
      .selectFrom('campaign_contact')
      .select(['source_ref', 'disposition', 'id'])
      .where('appointment_id', '=', b.appointment.id)
      .orderBy('source_ref')
      .execute();
    expect(contacts.map((c) => [c.source_ref, c.disposition])).toEqual([
      [`${b.appointment.id}:${b.appointment.version}`, 'moved'],
      [`${b.appointment.id}:${b.appointment.version + 1}`, 'confirmed'],
    ]);
    const attempts = await t.db
      .selectFrom('campaign_attempt')
      .select('contact_id')
      .where(
        'contact_id',
        'in',
        contacts.map((c) => c.id),
      )
      .execute();
    expect(attempts.map((a) => a.contact_id)).toEqual([contacts[1]!.id]);
  });

  it('RECALL_VOICE decides whom the virtual operator calls: off nobody, all those with a mobile too', async () => {
    const base = { RECALL_DAYS_BEFORE: '10', RECALL_AGENDA_WAIT_DAYS: '0', RECALL_MIN_WAIT_DAYS: '0' };
    const mobile = await booked(9, '+393339876500');
    const worker = (voice: string) => voiceWorker({ ...base, RECALL_VOICE: voice });
    const contactsFor = () =>
      t.db
        .selectFrom('campaign_contact')
        .select('id')
        .where('appointment_id', '=', mobile.appointment.id)
        .execute();
    await worker('off').pass();
    await worker('unreachable').pass(); // an SMS reaches a mobile: no call
    expect(await contactsFor()).toHaveLength(0);
    await worker('all').pass();
    expect(await contactsFor()).toHaveLength(1);
  });

  it("closes a call whose allowed hours came only after the appointment began as 'too-late', not placed", async () => {
    const voice = voiceWorker();
    const b = await booked(2, '+390971777777');
    await voice.pass(); // its reminder call is made
    // Ten in the morning, Rome, on the appointment's day (within the hours): it began at eight or nine.
    const day = b.appointment.start.toISOString().slice(0, 10);
    clock.set(`${day}T09:00:00Z`);
    expect(b.appointment.start.getTime()).toBeLessThan(clock.now().getTime());
    await voice.pass();
    const contact = await t.db
      .selectFrom('campaign_contact')
      .select(['disposition', 'attempts'])
      .where('appointment_id', '=', b.appointment.id)
      .executeTakeFirstOrThrow();
    expect(contact).toEqual({ disposition: 'too-late', attempts: 0 });
  });
});
