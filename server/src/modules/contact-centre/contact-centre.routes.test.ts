import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { loginAs } from '../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../test/databases.ts';
import { makePatient } from '../../../test/factories.ts';
import { ManualScheduler } from '../../../test/manual-scheduler.ts';
import { buildApp } from '../../app.ts';
import { ManualClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import type { App } from '../../platform/http.ts';
import { createLogger } from '../../platform/logger.ts';
import { insertContactEvents, listContactEvents } from './contact-centre.repository.ts';
import type { LiveContactCentre } from './contact-centre.service.ts';
import { toStoredEvent } from './event-writer.ts';
import { type StreamMessage, startLiveContactCentre } from './index.ts';

type Headers = { authorization: string };

/** Resolves with the first message that `accept` takes (no timing: it waits for the message itself). */
function nextMessage(ws: WebSocket, accept: (m: StreamMessage) => boolean): Promise<StreamMessage> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      const message = JSON.parse(data.toString()) as StreamMessage;
      if (!accept(message)) return;
      ws.off('message', onMessage);
      resolve(message);
    };
    ws.on('message', onMessage);
  });
}

describe('contact centre over HTTP and WebSocket', () => {
  let t: TestDatabase;
  let app: App;
  let offApp: App;
  let centre: LiveContactCentre;
  let scheduler: ManualScheduler;
  let operator: Headers;
  let supervisor: Headers;
  let manager: Headers;
  let backoffice: Headers;
  let trainer: Headers;
  // Tuesday 24 November 2026, 09:00 in Rome.
  const clock = new ManualClock('2026-11-24T08:00:00Z');

  beforeAll(async () => {
    t = await createPgliteDatabase();
    const config = loadConfig({ JOBS: 'off', LOG_LEVEL: 'silent', SIM_AGENTS: '0', SIM_TRAFFIC: 'off' });
    const log = createLogger('silent');
    scheduler = new ManualScheduler(clock);
    // Only explicit flushes write (stop, reads, acknowledged actions): what is stored is what was made so.
    const started = await startLiveContactCentre({
      db: t.db,
      clock,
      config,
      log,
      scheduler,
      flushEveryMs: 3_600_000,
      spillPath: join(mkdtempSync(join(tmpdir(), 'sportello-cc-')), 'spill.jsonl'),
    });
    if (!started) throw new Error('the centre should be on');
    centre = started;
    app = await buildApp({ db: t.db, dbKind: 'pglite', clock, config, log, contactCentre: centre });
    await app.ready();
    offApp = await buildApp({ db: t.db, dbKind: 'pglite', clock, config, log, contactCentre: null });
    await offApp.ready();
    operator = await loginAs(app, t.db, clock, ['operator']);
    supervisor = await loginAs(app, t.db, clock, ['supervisor']);
    manager = await loginAs(app, t.db, clock, ['cup-manager']);
    backoffice = await loginAs(app, t.db, clock, ['backoffice']);
    trainer = await loginAs(app, t.db, clock, ['trainer']);
  });
  afterAll(async () => {
    await app?.close();
    await offApp?.close();
    await centre?.stop();
    await t?.drop();
  });

  const get = (url: string, headers?: Headers) =>
    app.inject({ method: 'GET', url, ...(headers ? { headers } : {}) });
  const post = (url: string, headers?: Headers, payload?: object) =>
    app.inject({ method: 'POST', url, ...(headers ? { headers } : {}), ...(payload ? { payload } : {}) });
  const agent = (path: string, headers: Headers, payload?: object) =>
    post(`/api/v1/contact-centre/agent/${path}`, headers, payload);

  it('asks for a session (401) and the right role (403)', async () => {
    expect((await get('/api/v1/contact-centre/state')).statusCode).toBe(401);
    expect((await post('/api/v1/contact-centre/agent/login')).statusCode).toBe(401);
    expect((await agent('login', manager)).statusCode).toBe(403);
    expect((await agent('ready', manager)).statusCode).toBe(403);
    expect((await agent('login', supervisor)).statusCode).toBe(403);
    expect((await post('/api/v1/contact-centre/simulated-calls', manager, {})).statusCode).toBe(403);
    expect((await post('/api/v1/contact-centre/simulated-calls', backoffice, {})).statusCode).toBe(403);
    // The supervisor's role is read-only: simulated calls are the trainer's (and the operator's).
    expect((await post('/api/v1/contact-centre/simulated-calls', supervisor, {})).statusCode).toBe(403);
    expect((await get('/api/v1/reporting/wallboard', manager)).statusCode).toBe(200);
    expect((await get('/api/v1/contact-centre/state', supervisor)).json().label).toBe('simulazione');
  });

  it('says when each line closes or opens next (CC-4, for the wallboard)', async () => {
    const lines = (await get('/api/v1/contact-centre/state', supervisor)).json().lines as {
      number: string;
      service: string;
      open: boolean;
      changesAt: number | null;
    }[];
    const cup = lines.find((l) => l.service === 'cup')!;
    // Tuesday 24 November 2026 in Rome, 09:00 (if no test before moved the clock): open until 20:00 (19:00 UTC).
    expect(clock.now().toISOString()).toBe('2026-11-24T08:00:00.000Z');
    expect(cup).toMatchObject({
      open: true,
      changesAt: Date.parse('2026-11-24T19:00:00Z'),
      redirectUntil: null,
    });
    for (const line of lines)
      expect(line.changesAt === null || line.changesAt > clock.now().getTime()).toBe(true);
    // CC-7: the old CUP number, retired on 1 January 2026, gave the new number for four months.
    expect(lines.find((l) => l.number === '0971471373')).toMatchObject({
      open: true,
      changesAt: null,
      redirectUntil: '2026-04-30',
    });
  });

  it("lists what a training call can choose: the public lines and their first menu's words", async () => {
    const res = await get('/api/v1/contact-centre/simulated-calls/choices', operator);
    expect(res.statusCode).toBe(200);
    const { label, lines } = res.json() as {
      label: string;
      lines: { line: string; name: string; choices: { digits: string; label: string }[] }[];
    };
    expect(label).toBe('simulazione');
    // Not the retired numbers, not the facilities' line (an allow-list of callers).
    expect(lines.map((l) => l.line)).toEqual(['848821821', '800292020']);
    expect(lines[0]).toEqual({
      line: '848821821',
      name: 'CUP regionale',
      choices: [
        { digits: '1', label: 'Prenotare una visita o un esame' },
        { digits: '2', label: 'Disdire una prenotazione' },
        { digits: '3', label: 'Conoscere le disponibilità' },
        { digits: '4', label: 'Informazioni su ticket, esenzioni e altro' },
      ],
    });
    expect(lines[1]!.choices.map((c) => c.digits)).toEqual(['1', '2', '3']);
    expect((await get('/api/v1/contact-centre/simulated-calls/choices', supervisor)).statusCode).toBe(403);
    const off = await offApp.inject({
      method: 'GET',
      url: '/api/v1/contact-centre/simulated-calls/choices',
      headers: operator,
    });
    expect(off.statusCode).toBe(409);
  });

  it('takes a simulated call from login to outcome, with the card, the history and the wallboard', async () => {
    const patient = await makePatient(t.db);
    const national = patient.phone!.replace('+39', '');
    const before = (await get('/api/v1/reporting/wallboard', supervisor)).json();

    const login = await agent('login', operator);
    expect(login.statusCode).toBe(200);
    expect(login.json()).toMatchObject({
      label: 'simulazione',
      state: 'paused',
      reason: 'accesso',
      call: null,
    });
    const code = login.json().code;
    expect(code).toMatch(/^\d{2,8}$/);
    expect((await agent('login', operator)).json().state).toBe('paused'); // idempotent
    expect((await agent('ready', operator)).json().state).toBe('ready');

    const placed = await post('/api/v1/contact-centre/simulated-calls', operator, {
      callerId: national,
      digits: '1',
    });
    expect(placed.statusCode).toBe(201);
    const { callId, label } = placed.json();
    expect(label).toBe('simulazione');
    scheduler.advance(1000); // the caller presses 1 (booking): offered to our operator at once

    const offered = (await get('/api/v1/contact-centre/agent', operator)).json();
    expect(offered).toMatchObject({
      state: 'offered',
      call: {
        callId,
        kind: 'call',
        line: '848821821',
        callerId: national,
        requestType: 'booking',
        queueId: 'cup-prenotazioni',
        queueName: 'CUP prenotazioni',
        operatorCode: code,
        ivr: [{ menu: 'cup/principale', digits: '1', result: 'ok' }],
        finished: false,
      },
    });
    expect(offered.call.patients).toEqual([
      expect.objectContaining({ id: patient.id, fiscalCode: patient.fiscalCode }),
    ]);
    // SEC-1: the registry read for the caller's number is in the audit log.
    const audited = await t.db
      .selectFrom('audit_event')
      .selectAll()
      .where('patient_id', '=', patient.id)
      .orderBy('id', 'desc')
      .execute();
    expect(audited[0]).toMatchObject({ action: 'search', resource_type: 'Patient', channel: 'phone' });

    scheduler.advance(3000);
    const answered = (await agent('answer', operator)).json();
    expect(answered).toMatchObject({
      state: 'on-call',
      call: { callId, waitedSeconds: 3, operatorCode: code },
    });
    scheduler.advance(45_000);
    expect((await get('/api/v1/contact-centre/agent', operator)).json().secondsInState).toBe(45);
    expect((await agent('hang-up', operator)).json()).toMatchObject({
      state: 'wrap-up',
      call: { finished: true },
    });
    const outcome = await agent('outcome', operator, {
      requestType: 'booking',
      resolvedAtFirstContact: true,
      escalated: false,
      note: 'prenotata visita cardiologica',
    });
    expect(outcome.statusCode).toBe(200);
    // Acknowledged to the operator, so already stored: a crash now would not lose it.
    expect(
      (await listContactEvents(t.db)).filter((e) => e.type === 'call.outcome' && e.callId === callId),
    ).toHaveLength(1);
    expect((await agent('ready', operator)).json().state).toBe('ready');

    const history = await get(`/api/v1/contact-centre/calls/${callId}/history`, operator);
    expect(history.statusCode).toBe(200);
    const types = history.json().events.map((e: { type: string }) => e.type);
    expect(types.filter((x: string) => x.startsWith('call.') || x === 'ivr.choice')).toEqual([
      'call.arrived',
      'ivr.choice',
      'call.queued',
      'call.presented',
      'call.answered',
      'call.ended',
      'call.outcome',
    ]);
    const outcomeEvent = history.json().events.find((e: { type: string }) => e.type === 'call.outcome');
    expect(outcomeEvent.data).toMatchObject({
      resolvedFirstContact: true,
      note: 'prenotata visita cardiologica',
    });

    // MR-1: the patient's SMS replies are part of their contact history too (this one was not understood).
    await t.db
      .insertInto('outreach_reply')
      .values({
        gateway_id: `mo-${callId}`,
        channel: 'sms',
        sender: patient.phone!,
        text: 'chi siete?',
        received_at: clock.now(),
        intent: 'unknown',
        appointment_id: null,
        outcome: 'not understood',
      })
      .execute();
    const byNumber = await get(`/api/v1/contact-centre/history?number=${national}`, operator);
    expect(byNumber.statusCode).toBe(200);
    expect(byNumber.json().contacts.map((c: { callId: string }) => c.callId)).toEqual([callId]);
    expect(byNumber.json().messages).toEqual([
      expect.objectContaining({
        direction: 'in',
        channel: 'sms',
        text: 'chi siete?',
        status: 'not understood',
      }),
    ]);
    // Somebody else's number is for supervisors only.
    expect((await get('/api/v1/contact-centre/history?number=3330000001', operator)).statusCode).toBe(403);
    expect((await get('/api/v1/contact-centre/history?number=3330000001', supervisor)).statusCode).toBe(200);
    // SEC-1: each history read names the number it was about; the refused one too.
    const historyRows = await t.db
      .selectFrom('audit_event')
      .select(['resource_type', 'resource_id', 'action', 'subject', 'outcome', 'actor_role'])
      .where('resource_type', '=', 'ContactHistory')
      .orderBy('id')
      .execute();
    expect(historyRows).toEqual([
      {
        resource_type: 'ContactHistory',
        resource_id: callId,
        action: 'read',
        subject: national,
        outcome: 'ok',
        actor_role: 'operator',
      },
      {
        resource_type: 'ContactHistory',
        resource_id: null,
        action: 'search',
        subject: national,
        outcome: 'ok',
        actor_role: 'operator',
      },
      {
        resource_type: 'ContactHistory',
        resource_id: null,
        action: 'read',
        subject: '3330000001',
        outcome: 'denied',
        actor_role: 'operator',
      },
      {
        resource_type: 'ContactHistory',
        resource_id: null,
        action: 'search',
        subject: '3330000001',
        outcome: 'ok',
        actor_role: 'supervisor',
      },
    ]);

    const after = (await get('/api/v1/reporting/wallboard', supervisor)).json();
    expect(after.windows.hour.answered).toBe(before.windows.hour.answered + 1);
    expect(after.windows.hour.accepted).toBe(before.windows.hour.accepted + 1);
    expect(after.today.answeredWithinTarget).toBe(before.today.answeredWithinTarget + 1);
    expect(after.agents.now.ready).toBe(1);
    expect(after.label).toBe('simulazione');
  });

  it('transfers a call to the back office queue, and refuses what the state does not allow', async () => {
    expect((await agent('answer', operator)).statusCode).toBe(409); // nothing on offer
    expect((await agent('pause', operator, { reason: 'caffè' })).statusCode).toBe(422);
    const { callId } =
      // Key 1, bookings (key 2 is the self-service cancellation now, which reaches an agent only if it fails).
      (await post('/api/v1/contact-centre/simulated-calls', operator, { digits: '1' })).json();
    scheduler.advance(1000);
    await agent('answer', operator);
    const transferred = await agent('transfer', operator, { queueId: 'back-office' });
    expect(transferred.json()).toMatchObject({ state: 'wrap-up', call: { callId } });
    const state = (await get('/api/v1/contact-centre/state', operator)).json();
    expect(state.queues.find((q: { id: string }) => q.id === 'back-office')).toMatchObject({ waiting: 1 });
    // Another operator's call is not mine to read; the supervisor reads any.
    expect((await get(`/api/v1/contact-centre/calls/${callId}/history`, backoffice)).statusCode).toBe(403);
    expect((await get(`/api/v1/contact-centre/calls/${callId}/history`, supervisor)).statusCode).toBe(200);
    // The back office logs in and is offered the transferred call.
    await agent('login', backoffice);
    const bo = (await agent('ready', backoffice)).json();
    expect(bo).toMatchObject({ state: 'offered', call: { callId, queueId: 'back-office' } });
    // Logging out ends the wrap-up; logging out twice is refused.
    expect((await agent('logout', operator)).json().state).toBe('logged-out');
    expect((await agent('hang-up', operator)).statusCode).toBe(409);
  });

  it('answers 409 on the live routes when the centre is off', async () => {
    const res = await offApp.inject({
      method: 'POST',
      url: '/api/v1/contact-centre/simulated-calls',
      headers: operator,
      payload: {},
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('INVALID_STATE');
    const state = await offApp.inject({
      method: 'GET',
      url: '/api/v1/contact-centre/state',
      headers: operator,
    });
    expect(state.statusCode).toBe(409);
    const board = await offApp.inject({
      method: 'GET',
      url: '/api/v1/reporting/wallboard',
      headers: operator,
    });
    expect(board.statusCode).toBe(200);
    expect(board.json()).toMatchObject({ live: false, queues: null });
  });

  it('streams the snapshot on connect and the latest one after an injected call', async () => {
    const token = operator.authorization.slice('Bearer '.length);
    await expect(app.injectWS('/api/v1/contact-centre/stream')).rejects.toThrow(/401/);
    (await app.injectWS('/api/v1/contact-centre/stream', { headers: manager })).terminate();
    let first: Promise<StreamMessage> | undefined;
    // Listening from before the upgrade: the snapshot is sent as soon as the socket opens.
    const ws = await app.injectWS(
      `/api/v1/contact-centre/stream?token=${token}`,
      {},
      { onInit: (socket) => (first = nextMessage(socket, () => true)) },
    );
    const hello = await first!;
    expect(hello).toMatchObject({ type: 'snapshot', reason: 'connect', snapshot: { label: 'simulazione' } });

    const changed = nextMessage(ws, (m) => m.type === 'snapshot' && m.reason === 'change');
    const { callId } = (
      await post('/api/v1/contact-centre/simulated-calls', trainer, { digits: '3' })
    ).json();
    const update = await changed;
    if (update.type !== 'snapshot') throw new Error('expected a snapshot');
    expect(update.events.map((e) => e.type)).toContain('call.arrived');
    expect(update.events.find((e) => e.type === 'call.arrived')?.callId).toBe(callId);
    expect(update.snapshot.callsInProgress).toBeGreaterThanOrEqual(1);
    ws.terminate();
  });
  it('lists the callbacks taken back at start-up (CC-3)', async () => {
    expect((await get('/api/v1/contact-centre/callbacks/recovered', supervisor)).json()).toEqual({
      callbacks: [],
    });
    // A callback promised before a restart, then a centre started on the same database.
    const now = clock.now().getTime();
    await insertContactEvents(t.db, [
      toStoredEvent(
        {
          type: 'callback.requested',
          at: now - 60_000,
          callbackId: 'before-1-cb',
          callId: 'before-1',
          line: '800292020',
          number: '3337776655',
          queueId: 'regionale',
          requestType: 'regional-service',
          priority: 1,
          outOfHours: false,
          notBefore: now - 60_000,
          expiresAt: now + 3_600_000,
          enqueuedAt: now - 90_000,
          waiting: 1,
        },
        'simulazione',
      ),
    ]);
    const config = loadConfig({ JOBS: 'off', LOG_LEVEL: 'silent', SIM_AGENTS: '0', SIM_TRAFFIC: 'off' });
    const log = createLogger('silent');
    const restarted = await startLiveContactCentre({
      db: t.db,
      clock,
      config,
      log,
      scheduler: new ManualScheduler(clock),
    });
    const restartedApp = await buildApp({
      db: t.db,
      dbKind: 'pglite',
      clock,
      config,
      log,
      contactCentre: restarted,
    });
    try {
      const res = await restartedApp.inject({
        method: 'GET',
        url: '/api/v1/contact-centre/callbacks/recovered',
        headers: supervisor,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        callbacks: [
          {
            callbackId: 'before-1-cb',
            callId: 'before-1',
            requestedAt: new Date(now - 60_000).toISOString(),
            line: '800292020',
            number: '3337776655',
            queueId: 'regionale',
            requestType: 'regional-service',
            priority: 1,
            outOfHours: false,
            notBefore: new Date(now - 60_000).toISOString(),
            expiresAt: new Date(now + 3_600_000).toISOString(),
            enqueuedAt: new Date(now - 90_000).toISOString(),
            attempts: 0,
            lastFailedAt: null,
            restored: true,
          },
        ],
      });
      expect(restarted?.snapshot()).toMatchObject({ callbacksPending: 1, recoveredCallbacks: 1 });
    } finally {
      await restartedApp.close();
      await restarted?.stop();
    }
  });

  it("keeps a patient's calls in their history by the outcome that named them, not only by number", async () => {
    const patient = await makePatient(t.db);
    const someoneElse = await makePatient(t.db);
    const op = await loginAs(app, t.db, clock, ['operator']);
    await agent('login', op);
    await agent('ready', op);
    const takeCall = async (callerId: string, outcome: object) => {
      const { callId } = (
        await post('/api/v1/contact-centre/simulated-calls', op, { callerId, digits: '1' })
      ).json();
      scheduler.advance(1000);
      // Calls left waiting by the tests before are offered first: take them out of the way.
      for (let n = 0; (await agent('answer', op)).json().call.callId !== callId; n++) {
        expect(n).toBeLessThan(5);
        await agent('hang-up', op);
        await agent('ready', op);
        scheduler.advance(1000);
      }
      scheduler.advance(30_000);
      await agent('hang-up', op);
      const res = await agent('outcome', op, {
        requestType: 'booking',
        resolvedAtFirstContact: true,
        escalated: false,
        ...outcome,
      });
      await agent('ready', op);
      return { callId: callId as string, res };
    };
    // A daughter calls from her own phone for her mother; then the mother calls from hers.
    const forMother = await takeCall('3471239876', { fiscalCode: patient.fiscalCode.toLowerCase() });
    expect(forMother.res.statusCode).toBe(200);
    scheduler.advance(60_000);
    const ownPhone = await takeCall(patient.phone!.replace('+39', ''), {});
    expect(ownPhone.res.statusCode).toBe(200);

    const history = await get(`/api/v1/patients/${patient.fiscalCode}/contact-history`, op);
    expect(history.statusCode).toBe(200);
    expect(history.json().contacts.map((c: { callId: string }) => c.callId)).toEqual([
      ownPhone.callId,
      forMother.callId,
    ]);
    const outcome = history
      .json()
      .contacts[1].events.find((e: { type: string }) => e.type === 'call.outcome');
    expect(outcome.data.patientId).toBe(patient.id);
    expect(
      (await get(`/api/v1/patients/${someoneElse.fiscalCode}/contact-history`, op)).json().contacts,
    ).toEqual([]);

    // The link is a write about the patient, the history a search: both audited.
    const rows = await t.db
      .selectFrom('audit_event')
      .select(['action', 'resource_type', 'resource_id'])
      .where('patient_id', '=', patient.id)
      .where('resource_type', '=', 'ContactHistory')
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { action: 'update', resource_type: 'ContactHistory', resource_id: forMother.callId },
      { action: 'search', resource_type: 'ContactHistory', resource_id: null },
    ]);

    // A fiscal code that is wrong or unknown is refused on its field and records no outcome.
    const bad = await takeCall('3471239876', { fiscalCode: 'RSSMRA85T10A562X' });
    expect(bad.res.statusCode).toBe(422);
    expect(bad.res.json().error.field).toBe('fiscalCode');
    expect(
      (await listContactEvents(t.db)).filter((e) => e.type === 'call.outcome' && e.callId === bad.callId),
    ).toHaveLength(0);
    expect((await get('/api/v1/patients/RSSMRA85T10A562S/contact-history', op)).statusCode).toBe(404);
    expect((await get(`/api/v1/patients/${patient.fiscalCode}/contact-history`, supervisor)).statusCode).toBe(
      403,
    );
    // Off the line, so the next test's calls go to its own operator.
    await agent('logout', op);
  });

  it('passes a call to the back office: its outcome opens a help-desk ticket with the call, the number and the patient (HD-1)', async () => {
    const patient = await makePatient(t.db);
    const op = await loginAs(app, t.db, clock, ['operator']);
    await agent('login', op);
    await agent('ready', op);
    const { callId } = (
      await post('/api/v1/contact-centre/simulated-calls', op, { callerId: '3471112223', digits: '1' })
    ).json();
    scheduler.advance(1000);
    for (let n = 0; (await agent('answer', op)).json().call?.callId !== callId; n++) {
      expect(n).toBeLessThan(5);
      await agent('hang-up', op);
      await agent('ready', op);
      scheduler.advance(1000);
    }
    scheduler.advance(20_000);
    await agent('hang-up', op);
    const outcomes = async () =>
      (await listContactEvents(t.db)).filter((e) => e.type === 'call.outcome' && e.callId === callId);
    const base = {
      requestType: 'regional-service',
      resolvedAtFirstContact: false,
      escalated: true,
      fiscalCode: patient.fiscalCode,
    };
    // Refused on its field, with neither a ticket nor an outcome: no such queue, no request written.
    const noQueue = await agent('outcome', op, { ...base, backOfficeQueue: 'nessuna', note: 'Rimborso' });
    expect(noQueue.json().error.field).toBe('backOfficeQueue');
    const noNote = await agent('outcome', op, { ...base, backOfficeQueue: 'tributi', note: ' ' });
    expect(noNote.json().error.field).toBe('note');
    expect(await outcomes()).toHaveLength(0);
    expect(
      await t.db.selectFrom('helpdesk_ticket').select('id').where('call_id', '=', callId).execute(),
    ).toEqual([]);

    const res = await agent('outcome', op, {
      ...base,
      backOfficeQueue: 'tributi',
      note: 'Chiede il rimborso del bollo auto pagato due volte',
    });
    expect(res.statusCode).toBe(200);
    const opened = res.json().openedTicket;
    expect(opened).toMatchObject({ queueName: 'Tributi regionali' });
    expect(opened.number).toBe(`#${opened.id}`);
    const ticket = (await get(`/api/v1/helpdesk/tickets/${opened.id}`, op)).json();
    expect(ticket).toMatchObject({
      queue: 'tributi',
      level: 1,
      channel: 'phone',
      callId,
      patientId: patient.id,
      requester: { phone: '3471112223' },
    });
    expect(ticket.subject).toBe('Chiede il rimborso del bollo auto pagato due volte');
    expect(ticket.history[0].body).toBe('Chiede il rimborso del bollo auto pagato due volte');
    expect(await outcomes()).toHaveLength(1);
  });
});
