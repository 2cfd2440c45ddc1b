import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../test/databases.ts';
import { FakeAri } from '../../../test/fake-ari.ts';
import { ManualScheduler } from '../../../test/manual-scheduler.ts';
import { until } from '../../../test/until.ts';
import { buildApp } from '../../app.ts';
import { ManualClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import type { App } from '../../platform/http.ts';
import { createLogger } from '../../platform/logger.ts';
import { listContactEvents } from './contact-centre.repository.ts';
import { type LiveContactCentre, startLiveContactCentre } from './index.ts';

type Headers = { authorization: string; 'content-type': string };

/**
 * Issue 15: the live centre on Asterisk (TELEPHONY=asterisk) against the fake ARI, through the real
 * server: a real call from ring to outcome, the agent's phone from their profile, the prompts played from
 * this server's audio URLs, nothing simulated and nothing labelled.
 */
describe('the live centre on Asterisk (fake ARI)', () => {
  let t: TestDatabase;
  let ari: FakeAri;
  let app: App;
  let centre: LiveContactCentre;
  let scheduler: ManualScheduler;
  let admin: Headers;
  let operator: Headers;
  let dataDir: string;
  const clock = new ManualClock('2026-11-24T08:00:00Z');

  const get = (url: string, headers: Headers) => app.inject({ method: 'GET', url, headers });
  const post = (url: string, headers: Headers, payload?: object) =>
    app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });
  const agent = (path: string, payload?: object) =>
    post(`/api/v1/contact-centre/agent/${path}`, operator, payload);
  const media = () => ari.requests.filter((r) => r.path.includes('/play/')).map((r) => r.query.media ?? '');

  beforeAll(async () => {
    t = await createPgliteDatabase();
    ari = new FakeAri();
    const url = await ari.start();
    dataDir = mkdtempSync(join(tmpdir(), 'sportello-ari-'));
    const config = loadConfig({
      JOBS: 'off',
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      TELEPHONY: 'asterisk',
      ARI_URL: url,
      ARI_USER: 'sportello',
      ARI_PASSWORD: 'secret',
      PROMPTS_URL: 'http://10.1.2.3:3000',
      SIM_HOURS: 'always',
      // Set to show they are ignored: no simulated caller or agent on a real switch.
      SIM_AGENTS: '4',
      SIM_TRAFFIC: 'on',
    });
    const log = createLogger('silent');
    scheduler = new ManualScheduler(clock);
    const started = await startLiveContactCentre({ db: t.db, clock, config, log, scheduler });
    if (!started) throw new Error('the centre should be on');
    centre = started;
    await ari.connected();
    app = await buildApp({ db: t.db, dbKind: 'pglite', clock, config, log, contactCentre: centre });
    await app.ready();
    admin = await loginAs(app, t.db, clock, ['admin']);
    operator = await loginAs(app, t.db, clock, ['operator']);
  });
  afterAll(async () => {
    await app?.close();
    await centre?.stop();
    await ari?.stop();
    await t?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs no simulated agent or caller, labels nothing, and refuses simulated calls', async () => {
    const snapshot = (await get('/api/v1/contact-centre/state', operator)).json();
    expect(snapshot.label).toBeNull();
    expect(snapshot.agents).toEqual([]);
    expect(snapshot.simulation).toMatchObject({ agents: 0, traffic: 'off' });
    const injected = await post('/api/v1/contact-centre/simulated-calls', operator, { digits: '1' });
    expect(injected.statusCode).toBe(409);
    expect(injected.json().error.message).toMatch(/TELEPHONY=asterisk/);
  });

  it("takes a real call from ring to outcome, ringing the operator's phone from their profile", async () => {
    const me = (await get('/api/v1/auth/me', operator)).json();
    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${me.id}`,
      headers: admin,
      payload: { phoneEndpoint: 'PJSIP/agent101' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().phoneEndpoint).toBe('PJSIP/agent101');

    expect((await agent('login')).json()).toMatchObject({ label: null, state: 'paused' });
    const code = (await agent('ready')).json().code as string;

    const caller = ari.call('3331234567', '848821821');
    await until(() => ari.log().includes(`POST /channels/${caller.id}/answer`), 'the answer');
    // The welcome and the menu, played from this server's audio URLs.
    await until(() => media().length >= 2, 'the menu');
    expect(media()[0]).toMatch(
      /^sound:http:\/\/10\.1\.2\.3:3000\/api\/v1\/prompts\/audio\/[0-9a-f]{32}\.wav$/,
    );
    // Asterisk fetches it: an 8 kHz WAV, no login needed.
    const audio = await app.inject({
      method: 'GET',
      url: media()[1]!.replace('sound:http://10.1.2.3:3000', ''),
    });
    expect(audio.statusCode).toBe(200);
    expect(audio.headers['content-type']).toBe('audio/wav');
    expect(audio.rawPayload.readUInt32LE(24)).toBe(8000);

    ari.dtmf(caller.id, '1'); // booking
    await until(() => centre.engine.agent(me.id)?.state === 'offered', 'the offer to the operator');
    const offered = (await get('/api/v1/contact-centre/agent', operator)).json();
    expect(offered).toMatchObject({
      label: null,
      state: 'offered',
      call: {
        callId: caller.id,
        callerId: '3331234567',
        queueId: 'cup-prenotazioni',
        requestType: 'booking',
      },
    });

    expect((await agent('answer')).json().state).toBe('on-call');
    // CC-2: the operator's code to the caller, then the operator's phone rings.
    await until(() => [...ari.channels.values()].some((c) => c.endpoint === 'PJSIP/agent101'), 'the ring');
    const spoken = media().at(-1)!;
    const words = await app.inject({ method: 'GET', url: spoken.replace('sound:http://10.1.2.3:3000', '') });
    expect(words.statusCode).toBe(200);
    const leg = [...ari.channels.values()].find((c) => c.endpoint === 'PJSIP/agent101')!;
    expect(leg.appArgs).toEqual(['agent', caller.id]);
    ari.answer(leg.id);
    await until(() => [...ari.bridges.values()].some((m) => m.length === 2), 'the bridge');
    expect([...ari.bridges.values()][0]).toEqual([caller.id, leg.id]);

    scheduler.advance(60_000);
    // The operator hangs up from the console: both legs go.
    expect((await agent('hang-up')).json().state).toBe('wrap-up');
    await until(() => !ari.channels.has(caller.id) && !ari.channels.has(leg.id), 'both legs gone');
    const outcome = await agent('outcome', {
      requestType: 'booking',
      resolvedAtFirstContact: true,
      escalated: false,
    });
    expect(outcome.statusCode).toBe(200);

    await centre.flush();
    const stored = (await listContactEvents(t.db)).filter((e) => e.callId === caller.id);
    expect(new Set(stored.map((e) => e.source))).toEqual(new Set(['asterisk']));
    expect(stored.map((e) => e.type)).toEqual(
      expect.arrayContaining(['call.arrived', 'call.queued', 'call.answered', 'call.ended', 'call.outcome']),
    );
    expect(stored.find((e) => e.type === 'call.answered')?.payload).toMatchObject({ operatorCode: code });
    // The wallboard counts the real call, unlabelled.
    const board = (await get('/api/v1/reporting/wallboard', operator)).json();
    expect(board.label).toBeNull();
    expect(board.windows.hour.arrived).toBe(1);
  });

  it("gives the caller to another agent when the operator's phone does not answer", async () => {
    expect((await agent('ready')).json().state).toBe('ready');
    const caller = ari.call('3339876543', '848821821');
    await until(
      () => media().length > 0 && ari.log().includes(`POST /channels/${caller.id}/answer`),
      'answer',
    );
    ari.dtmf(caller.id, '1');
    await until(() => (centre.snapshot().agents[0]?.state ?? '') === 'offered', 'the offer');
    await agent('answer');
    const ringing = () =>
      [...ari.channels.values()].find((c) => c.endpoint === 'PJSIP/agent101' && c.appArgs?.[1] === caller.id);
    await until(() => ringing() !== undefined, 'the ring');
    ari.refuse(ringing()!.id, 19); // no answer
    await until(() => centre.snapshot().agents[0]?.state === 'paused', 'the operator paused');
    expect((await get('/api/v1/contact-centre/agent', operator)).json()).toMatchObject({
      state: 'paused',
      reason: 'mancata-risposta',
    });
    // The caller is waiting again, still on the line.
    expect(centre.snapshot().queues.find((q) => q.id === 'cup-prenotazioni')?.waiting).toBe(1);
    expect(ari.channels.has(caller.id)).toBe(true);
    ari.hangUp(caller.id);
    await until(() => centre.snapshot().queues.every((q) => q.waiting === 0), 'the caller gone');
  });

  it('calls back a caller who chose it (CC-3): through the trunk, then bridged to the operator', async () => {
    const seen: string[] = [];
    const unsubscribe = centre.engine.subscribe((e) => seen.push(e.type));
    const plays = () => media().length;
    // Nobody ready: the caller waits and is offered a callback at once.
    expect((await agent('pause', { reason: 'pausa' })).statusCode).toBe(200);
    const caller = ari.call('3471112233', '848821821');
    await until(() => ari.log().includes(`POST /channels/${caller.id}/answer`), 'the answer');
    ari.dtmf(caller.id, '1');
    await until(() => seen.includes('call.queued'), 'the queue');
    const before = plays();
    ari.dtmf(caller.id, '1'); // yes, call me back
    await until(() => plays() > before, 'the number read back');
    ari.dtmf(caller.id, '1'); // the number read back is right
    await until(() => seen.includes('callback.requested'), 'the callback stored');
    await until(() => !ari.channels.has(caller.id), 'the caller hung up by the line after the thanks');

    // The operator is ready: the callback is offered, answered, dialled through the trunk.
    expect((await agent('ready')).json().state).toBe('offered');
    expect((await get('/api/v1/contact-centre/agent', operator)).json().call).toMatchObject({
      kind: 'callback',
    });
    expect((await agent('answer')).json().state).toBe('on-call');
    const dialled = () => [...ari.channels.values()].find((c) => c.endpoint === 'PJSIP/3471112233@trunk');
    await until(() => dialled() !== undefined, 'the number dialled');
    const out = dialled()!;
    expect(out.caller.number).toBe('848821821'); // the line as caller id
    ari.answer(out.id);
    const phone = () =>
      [...ari.channels.values()].find((c) => c.endpoint === 'PJSIP/agent101' && c.appArgs?.[1] === out.id);
    await until(() => phone() !== undefined, "the operator's phone rung");
    ari.answer(phone()!.id);
    await until(
      () => [...ari.bridges.values()].some((m) => m.includes(out.id) && m.includes(phone()!.id)),
      'the patient and the operator bridged',
    );
    // The patient hangs up: the call ends, the operator wraps up.
    ari.hangUp(out.id);
    await until(() => centre.snapshot().agents[0]?.state !== 'on-call', 'the end of the callback');
    unsubscribe();
  });
});
