import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/app.ts';
import { startCampaignCentre } from '../../../test/campaign-centre.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../test/databases.ts';
import { context, makeAgenda, makeBooking, makeFacility, makeService } from '../../../test/factories.ts';
import { ManualClock } from '../../platform/clock.ts';
import type { App } from '../../platform/http.ts';
import { cancelAppointment } from '../booking/index.ts';
import type { VirtualCallRequest } from '../contact-centre/index.ts';
import type { CampaignWorker } from './campaigns.jobs.ts';

// OB-5 with OB-3's virtual operator: a CUP manager's own campaign, on an uploaded list or on bookings,
// whose message the virtual operator reads, each outcome a key. Through the API and the live centre on
// the simulated switch (scripted people press the keys); outcomes on the contacts and in the KPIs.
describe("a manager's campaign by the virtual operator", () => {
  let t: TestDatabase;
  let cc: Awaited<ReturnType<typeof startCampaignCentre>>;
  let app: App;
  let worker: CampaignWorker;
  let manager: Record<string, string>;
  const placed: VirtualCallRequest[] = [];
  // Monday 7 December 2026, 10:00 in Rome: within a campaign's default hours (09:00–19:00).
  const clock = new ManualClock('2026-12-07T09:00:00Z');

  beforeAll(async () => {
    t = await createPgliteDatabase();
    cc = await startCampaignCentre(t.db, clock);
    ({ app, worker } = cc);
    // What the campaigns ask the engine to say and to listen for, as it is asked.
    const place = cc.centre.placeVirtualCall.bind(cc.centre);
    cc.centre.placeVirtualCall = (request) => {
      placed.push(request);
      place(request);
    };
    manager = await loginAs(app, t.db, clock, ['cup-manager']);
  });
  afterAll(async () => {
    await cc?.close();
    await t?.drop();
  });

  const run = (seconds: number) => cc.run(seconds);
  const api = (...a: Parameters<typeof cc.api>) => cc.api(...a);
  const person = (...a: Parameters<typeof cc.person>) => cc.person(...a);
  const contactsOf = (campaignId: string) =>
    t.db
      .selectFrom('campaign_contact')
      .select(['name', 'phone', 'disposition', 'positive', 'attempts', 'status'])
      .where('campaign_id', '=', campaignId)
      .orderBy('position')
      .execute();

  it('refuses a voice campaign without its message, too long, with unknown words or bad keys; creates nothing', async () => {
    const csv = 'nome;telefono\nMaria Rossi;0971 111222\n';
    const base = { name: 'Nuove sedi', channel: 'voice', target: { type: 'csv', csv } };
    const cases: [object, string, RegExp][] = [
      [{}, 'message', /needs its message/],
      [{ message: 'a'.repeat(601) }, 'message', /at most 600 characters/],
      [{ message: 'Gentile {paziente}' }, 'message', /unknown placeholders \{paziente\}/],
      // A list without booking codes has no date to read.
      [
        { message: 'La visita del {data} alle {ora}' },
        'message',
        /\{data\} \{ora\} name a booking, and 1 of/,
      ],
      [{ message: 'Ciao', mode: 'preview' }, 'mode', /only agents/],
      [
        {
          message: 'Ciao',
          dispositions: [
            { code: 'a', label: 'A', positive: true, key: '1' },
            { code: 'b', label: 'B', positive: false, key: '1' },
          ],
        },
        'dispositions.1.key',
        /key 1 is already outcome 1's/,
      ],
      [
        {
          message: 'Ciao',
          dispositions: [
            { code: 'a', label: 'A', positive: true },
            { code: 'b', label: 'B', positive: false, key: '9' },
          ],
        },
        'dispositions.1.key',
        /./,
      ],
      [
        {
          message: 'Ciao',
          dispositions: Array.from({ length: 9 }, (_, n) => ({
            code: `e${n}`,
            label: `E${n}`,
            positive: n === 0,
          })),
        },
        'dispositions',
        /2 to 8 outcomes/,
      ],
      [
        {
          message: 'Ciao',
          dispositions: [
            { code: 'a', label: 'A', positive: true },
            { code: 'b', label: 'B', positive: true },
          ],
        },
        'dispositions',
        /one is not/,
      ],
      [
        {
          message: 'Ciao',
          dispositions: [
            { code: 'no-key', label: 'A', positive: true },
            { code: 'b', label: 'B', positive: false },
          ],
        },
        'dispositions.0.code',
        /recorded by the system/,
      ],
    ];
    for (const [extra, field, message] of cases) {
      const res = await api('POST', '/api/v1/campaigns', manager, { ...base, ...extra });
      expect(res.statusCode, JSON.stringify(extra)).toBe(422);
      expect(res.json().error.field, JSON.stringify(extra)).toBe(field);
      expect(res.json().error.message).toMatch(message);
    }
    // An agents' outcome with a key is refused too: keys are the virtual operator's.
    const agentKey = await api('POST', '/api/v1/campaigns', manager, {
      name: 'X',
      channel: 'agent',
      mode: 'preview',
      dispositions: [
        { code: 'a', label: 'A', positive: true, key: '1' },
        { code: 'b', label: 'B', positive: false },
      ],
      target: { type: 'csv', csv },
    });
    expect(agentKey.json().error.field).toBe('dispositions.0.key');
    expect(await t.db.selectFrom('campaign').select('id').execute()).toEqual([]);
  });

  it("lets the manager hear the words first: an example read with its keys, in the switch's voice; nothing made", async () => {
    const before = await t.db.selectFrom('campaign').select('id').execute();
    const res = await api('POST', '/api/v1/campaigns/voice-preview', manager, {
      message: 'Gentile {nome}, la visita di {data} alle {ora} si sposta al piano terra',
      dispositions: [
        { code: 'ok', label: 'Ho capito', positive: true },
        { code: 'operatore', label: 'Voglio parlare con un operatore', positive: false },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    // The example booking is a week ahead at 09:30 in Rome: Monday 14 December 2026.
    expect(res.json().text).toBe(
      'Gentile Mario Rossi, la visita di lunedì 14 dicembre alle 9:30 si sposta al piano terra. ' +
        'Ho capito: prema 1. Voglio parlare con un operatore: prema 2. Per riascoltare prema 9.',
    );
    const audio = res.json().audio as string;
    expect(audio).toMatch(/^\/api\/v1\/prompts\/audio\/[0-9a-f]{32}\.wav$/);
    const wav = await app.inject({ method: 'GET', url: audio });
    expect(wav.statusCode).toBe(200);
    expect(wav.headers['content-type']).toBe('audio/wav');
    expect(wav.rawPayload.subarray(0, 4).toString('latin1')).toBe('RIFF');
    // Several seconds of speech at 8 kHz, 16-bit: far more than a header.
    expect(wav.rawPayload.length).toBeGreaterThan(8000 * 2 * 3);

    const bad = await api('POST', '/api/v1/campaigns/voice-preview', manager, { message: 'Ciao {cognome}' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error).toMatchObject({ code: 'INVALID_FIELD', field: 'message' });
    const operator = await loginAs(app, t.db, clock, ['operator']);
    expect(
      (await api('POST', '/api/v1/campaigns/voice-preview', operator, { message: 'Ciao' })).statusCode,
    ).toBe(403);
    expect(await t.db.selectFrom('campaign').select('id').execute()).toEqual(before);
  });

  it('calls an uploaded list: each key its outcome, no key and no answer closed so, counted in the KPIs', async () => {
    const csv = [
      'nome;telefono',
      'Maria Rossi;0971 100001',
      'Luca Bianchi;333 100 0002',
      'Anna Verdi;0971 100003',
      'Piero Neri;0971 100004',
      'Rosa Gialli;0971 100005',
    ].join('\n');
    const created = await api('POST', '/api/v1/campaigns', manager, {
      name: 'Nuovo ambulatorio di Lauria',
      channel: 'voice',
      message: 'Gentile {nome}, da gennaio le visite cardiologiche si svolgono anche a Lauria',
      dispositions: [
        { code: 'interessato', label: 'Se desidera essere ricontattato', positive: true },
        { code: 'non-interessato', label: 'Se non è interessato', positive: false, key: '5' },
      ],
      maxAttempts: 2,
      retryMinutes: 5,
      target: { type: 'csv', csv },
    });
    expect(created.statusCode, created.body).toBe(201);
    const campaign = created.json();
    expect(campaign).toMatchObject({ kind: 'standard', channel: 'voice', mode: null });
    expect(campaign.dispositions).toEqual([
      { code: 'interessato', label: 'Se desidera essere ricontattato', positive: true, key: '1' },
      { code: 'non-interessato', label: 'Se non è interessato', positive: false, key: '5' },
    ]);
    await person('+390971100001', [true], ['1']);
    await person('+393331000002', [true], ['9', '5']); // hears it again, then answers
    await person('+390971100003', [true], []); // answers, presses nothing
    await person('+390971100004', [false, false]);
    // Rosa answers an SMS of ours with STOP after the list was made: she is not called.
    await t.db
      .insertInto('messaging_opt_out')
      .values({ recipient: '+390971100005', at: clock.now(), via: 'sms' })
      .execute();

    const first = await worker.pass();
    expect(first.calls).toBe(4);
    expect(placed.find((p) => p.number === '+390971100001')).toEqual({
      legId: expect.any(String),
      number: '+390971100001',
      ref: expect.any(String),
      purpose: 'campaign',
      keys: '15',
      text:
        'Gentile Maria Rossi, da gennaio le visite cardiologiche si svolgono anche a Lauria. ' +
        'Se desidera essere ricontattato: prema 1. Se non è interessato: prema 5.',
    });
    await run(60);
    // The unanswered one, once more after the delay, then given up.
    await cc.wait(5 * 60);
    await worker.pass();
    await run(40);
    expect(await contactsOf(campaign.id)).toEqual([
      expect.objectContaining({
        name: 'Maria Rossi',
        disposition: 'interessato',
        positive: true,
        attempts: 1,
      }),
      expect.objectContaining({
        name: 'Luca Bianchi',
        disposition: 'non-interessato',
        positive: false,
        attempts: 1,
      }),
      expect.objectContaining({ name: 'Anna Verdi', disposition: 'no-key', positive: false, attempts: 1 }),
      expect.objectContaining({ name: 'Piero Neri', disposition: 'no-answer', positive: false, attempts: 2 }),
      expect.objectContaining({
        name: 'Rosa Gialli',
        disposition: 'unreachable',
        positive: false,
        attempts: 0,
      }),
    ]);
    expect(placed.map((p) => p.number)).not.toContain('+390971100005');
    const kpi = (await api('GET', `/api/v1/campaigns/${campaign.id}`, manager)).json().kpi;
    expect(kpi).toMatchObject({
      contacts: 5,
      done: 5,
      positive: 1,
      positiveShare: 0.2,
      positiveGoalMet: false,
    });
    expect(kpi.byDisposition).toEqual({
      interessato: 1,
      'non-interessato': 1,
      'no-key': 1,
      'no-answer': 1,
      unreachable: 1,
    });
  });

  it('on bookings: reads their day and time in Rome, skips one cancelled before its call, audits the call', async () => {
    const place = await makeFacility(t.db);
    const service = await makeService(t.db);
    const agenda = await makeAgenda(t.db, clock, { place, services: [service.code], horizonDays: 20 });
    const book = (phone: string) =>
      makeBooking(t.db, clock, { place, serviceCode: service.code, patient: { phone, email: null } });
    const facility = await t.db
      .selectFrom('facility')
      .select('name')
      .where('id', '=', place.facilityId)
      .executeTakeFirstOrThrow();
    const stays = await book('+390971200001');
    const goes = await book('+390971200002');
    const created = await api('POST', '/api/v1/campaigns', manager, {
      name: 'Cambio sede',
      channel: 'voice',
      message: 'La visita di {data} alle ore {ora} si terrà presso {struttura}, piano terra.',
      dispositions: [
        { code: 'ok', label: 'Per confermare di aver ricevuto il messaggio', positive: true },
        { code: 'operatore', label: 'Per essere richiamato da un operatore', positive: false },
      ],
      target: { type: 'appointments', from: '2026-12-07', to: '2026-12-31', agendaId: agenda.id },
    });
    expect(created.statusCode, created.body).toBe(201);
    const campaign = created.json();
    expect(campaign.kpi.contacts).toBe(2);
    await cancelAppointment(t.db, context(clock), goes.appointment.id, { reason: 'test', channel: 'phone' });
    await person('+390971200001', [true], ['1']);
    const before = placed.length;
    await worker.pass();
    const calls = placed.slice(before);
    expect(calls.map((c) => c.number)).toEqual(['+390971200001']);
    // Written independently of the code: the slot's instant shown in Rome's time by Intl.
    const start = stays.appointment.start;
    const day = new Intl.DateTimeFormat('it-IT', {
      timeZone: 'Europe/Rome',
      weekday: 'long',
      day: 'numeric',
      month: 'long',
    }).format(start);
    const time = new Intl.DateTimeFormat('it-IT', {
      timeZone: 'Europe/Rome',
      hour: 'numeric',
      minute: '2-digit',
    }).format(start);
    expect(calls[0]!.text).toBe(
      `La visita di ${day} alle ore ${time.replace(/^0/, '')} si terrà presso ${facility.name}, piano terra. ` +
        'Per confermare di aver ricevuto il messaggio: prema 1. Per essere richiamato da un operatore: prema 2.',
    );
    await run(30);
    expect((await contactsOf(campaign.id)).map((c) => [c.phone, c.disposition])).toEqual(
      expect.arrayContaining([
        ['+390971200001', 'ok'],
        ['+390971200002', 'not-booked'],
      ]),
    );
    const audited = await t.db
      .selectFrom('audit_event')
      .select(['patient_id', 'purpose'])
      .where('purpose', '=', 'campaign call')
      .execute();
    expect(audited).toEqual([{ patient_id: stays.patient.id, purpose: 'campaign call' }]);
  });
});
