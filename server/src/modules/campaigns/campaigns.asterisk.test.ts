import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/app.ts';
import { startCampaignCentre } from '../../../test/campaign-centre.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../test/databases.ts';
import { context, makeAgenda, makeBooking, makeFacility, makeService } from '../../../test/factories.ts';
import { FakeAri, type FakeChannel } from '../../../test/fake-ari.ts';
import { until } from '../../../test/until.ts';
import { ManualClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import type { App } from '../../platform/http.ts';
import { createLogger } from '../../platform/logger.ts';
import { getAppointment } from '../booking/index.ts';
import { DEFAULT_WINDOW } from '../messaging/index.ts';
import { outreachSettings } from '../outreach/index.ts';
import { CampaignWorker } from './campaigns.jobs.ts';

const PROMPTS = 'http://10.1.2.3:3000';

/**
 * OB-3 and OB-5 on a real switch: the virtual operator's calls — a manager's campaign and the recall —
 * placed through the Asterisk adapter against the fake ARI (the published REST routes and events), from
 * the worker's pass to the contact's outcome in the database. The test plays the person: the phone
 * rings on the trunk, is answered or not, keys are pressed as DTMF; the words are played from this
 * server's audio URLs, synthesised for each call.
 */
describe("the virtual operator's calls through Asterisk (fake ARI)", () => {
  let t: TestDatabase;
  let ari: FakeAri;
  let cc: Awaited<ReturnType<typeof startCampaignCentre>>;
  let app: App;
  let manager: Record<string, string>;
  let dataDir: string;
  // Monday 7 December 2026, 10:00 in Rome: within a campaign's default hours (09:00–19:00).
  const clock = new ManualClock('2026-12-07T09:00:00Z');

  beforeAll(async () => {
    t = await createPgliteDatabase();
    ari = new FakeAri();
    const url = await ari.start();
    dataDir = mkdtempSync(join(tmpdir(), 'sportello-ari-vo-'));
    cc = await startCampaignCentre(t.db, clock, {
      env: {
        TELEPHONY: 'asterisk',
        ARI_URL: url,
        ARI_USER: 'sportello',
        ARI_PASSWORD: 'secret',
        PROMPTS_URL: PROMPTS,
        DATA_DIR: dataDir,
      },
    });
    await ari.connected();
    app = cc.app;
    manager = await loginAs(app, t.db, clock, ['cup-manager']);
  });
  afterAll(async () => {
    await cc?.close();
    await ari?.stop();
    await t?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** The leg the adapter originated to this number through the trunk, once it is there. */
  const ringing = async (number: string): Promise<FakeChannel> => {
    const find = () => [...ari.channels.values()].find((c) => c.endpoint === `PJSIP/${number}@trunk`);
    await until(() => find() !== undefined, `the call to ${number}`);
    return find()!;
  };
  /** What was played on a channel so far: the media URIs, in order. */
  const playedOn = (channelId: string) =>
    ari.requests
      .filter((r) => r.path.startsWith(`/channels/${channelId}/play/`))
      .map((r) => r.query.media ?? '');
  /** A media URI of ours as a path on this server. */
  const pathOf = (media: string) => media.replace(`sound:${PROMPTS}`, '');
  const hungUpByUs = (channelId: string) => ari.log().includes(`DELETE /channels/${channelId}`);
  const contactsOf = (campaignId: string) =>
    t.db
      .selectFrom('campaign_contact')
      .select(['phone', 'disposition', 'positive', 'attempts'])
      .where('campaign_id', '=', campaignId)
      .orderBy('position')
      .execute();
  /** Lets the worker record what the switch's events said. */
  const settle = async (what: string, done: () => Promise<boolean>) => {
    await until(async () => {
      await cc.worker.settled();
      return done();
    }, what);
  };

  it("a campaign's call: rung on the trunk, its words played, 9 repeats them, the key pressed is the outcome; a busy line is not reached", async () => {
    const created = await cc.api('POST', '/api/v1/campaigns', manager, {
      name: 'Nuovo ambulatorio',
      channel: 'voice',
      message: 'Gentile {nome}, da gennaio le visite cardiologiche si svolgono anche a Lauria',
      maxAttempts: 1,
      target: { type: 'csv', csv: 'nome;telefono\nMaria Rossi;0971 300001\nLuca Bianchi;0971 300002\n' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const campaign = created.json();

    expect((await cc.worker.pass()).calls).toBe(2);
    const maria = await ringing('+390971300001');
    const luca = await ringing('+390971300002');
    // The line's number as the caller id; the leg comes back to our application as an outbound leg.
    expect(maria.caller.number).toBe('848821821');
    expect(maria.appArgs).toEqual(['outbound', maria.id]);
    ari.refuse(luca.id, 17); // busy

    ari.answer(maria.id);
    await until(() => playedOn(maria.id).length === 1, 'the message played');
    // The words, exactly: a prompt's audio URL is keyed by its id and its words.
    const words =
      'Gentile Maria Rossi, da gennaio le visite cardiologiche si svolgono anche a Lauria. ' +
      'Sì: prema 1. No: prema 2. Per riascoltare prema 9.';
    const asked = playedOn(maria.id)[0]!;
    expect(pathOf(asked)).toBe(
      cc.centre.promptAudioPath({ id: 'campaign-ask', text: words, variable: true }),
    );
    expect(asked.startsWith(`sound:${PROMPTS}/api/v1/prompts/audio/`)).toBe(true);
    // Asterisk fetches the words as an 8 kHz WAV, synthesised for this call.
    const wav = await app.inject({ method: 'GET', url: pathOf(asked) });
    expect(wav.statusCode).toBe(200);
    expect(wav.headers['content-type']).toBe('audio/wav');
    expect(wav.rawPayload.readUInt32LE(24)).toBe(8000);
    expect(wav.rawPayload.length).toBeGreaterThan(8000 * 2 * 3);

    ari.dtmf(maria.id, '9');
    await until(() => playedOn(maria.id).length === 2, 'the message again');
    expect(playedOn(maria.id)[1]).toBe(asked);
    ari.dtmf(maria.id, '2');
    await until(() => hungUpByUs(maria.id), 'the thanks and the hang-up');
    // The thanks and the goodbye before the hang-up.
    expect(playedOn(maria.id)).toHaveLength(4);

    await settle('both outcomes', async () =>
      (await contactsOf(campaign.id)).every((c) => c.disposition !== null),
    );
    expect(await contactsOf(campaign.id)).toEqual([
      { phone: '+390971300001', disposition: 'no', positive: false, attempts: 1 },
      { phone: '+390971300002', disposition: 'no-answer', positive: false, attempts: 1 },
    ]);
  });

  it('a campaign call hung up during the message closes as no key pressed', async () => {
    const created = await cc.api('POST', '/api/v1/campaigns', manager, {
      name: 'Avviso',
      channel: 'voice',
      message: 'Gentile {nome}, il servizio di Lauria è chiuso il 24 dicembre',
      maxAttempts: 1,
      target: { type: 'csv', csv: 'nome;telefono\nAnna Verdi;0971 300003\n' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const campaign = created.json();
    ari.holdPlaybacks = true;
    try {
      expect((await cc.worker.pass()).calls).toBe(1);
      const anna = await ringing('+390971300003');
      ari.answer(anna.id);
      await until(() => ari.playbacks().length === 1, 'the message playing');
      ari.hangUp(anna.id);
    } finally {
      ari.holdPlaybacks = false;
    }
    await settle('the outcome', async () => (await contactsOf(campaign.id))[0]?.disposition !== null);
    expect(await contactsOf(campaign.id)).toEqual([
      { phone: '+390971300003', disposition: 'no-key', positive: false, attempts: 1 },
    ]);
  });

  it('the recall: 3, then 3 again, cancels the booking by phone and reads its cancellation number', async () => {
    const place = await makeFacility(t.db);
    const service = await makeService(t.db);
    await makeAgenda(t.db, clock, { place, services: [service.code], horizonDays: 20 });
    // A landline only: no SMS reaches it, so the virtual operator calls. 8 days ahead: in the recall's window.
    const { appointment } = await makeBooking(t.db, clock, {
      place,
      serviceCode: service.code,
      from: new Date(clock.now().getTime() + 8 * 86_400_000),
      patient: { phone: '+390971300004', email: null },
    });
    const recall = new CampaignWorker({
      db: t.db,
      clock,
      log: createLogger('silent'),
      centre: cc.centre,
      window: DEFAULT_WINDOW,
      outreach: outreachSettings(
        loadConfig({ RECALL_DAYS_BEFORE: '10', RECALL_AGENDA_WAIT_DAYS: '0', RECALL_MIN_WAIT_DAYS: '0' }),
        { demoSecret: true },
      ),
      reoffer: null,
      recallEveryMs: 0,
    });
    expect((await recall.pass()).recallCalls).toBe(1); // the contact is made
    expect((await recall.pass()).calls).toBe(1); // and called
    const patient = await ringing('+390971300004');
    ari.answer(patient.id);
    await until(() => playedOn(patient.id).length === 1, 'the recall asked');
    ari.dtmf(patient.id, '3');
    await until(() => playedOn(patient.id).length === 2, 'the cancellation to be confirmed');
    ari.dtmf(patient.id, '3');
    await until(() => hungUpByUs(patient.id), 'the number read and the hang-up');

    await settle('the booking cancelled', async () => {
      const a = await getAppointment(t.db, context(clock), appointment.id);
      return a.status === 'cancelled';
    });
    const cancelled = await getAppointment(t.db, context(clock), appointment.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelChannel: 'phone' });
    // The last words before the goodbye read the cancellation's number: a variable prompt of ours.
    const said = playedOn(patient.id);
    expect(said.length).toBeGreaterThanOrEqual(4);
    const spoken = await app.inject({ method: 'GET', url: pathOf(said.at(-2)!) });
    expect(spoken.statusCode).toBe(200);
    expect(spoken.headers['content-type']).toBe('audio/wav');
  });
});
