import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DRIVERS, type TestDatabase } from '../../../test/databases.ts';
import { ManualScheduler } from '../../../test/manual-scheduler.ts';
import { ManualClock } from '../../platform/clock.ts';
import { ConfigError, loadConfig } from '../../platform/config.ts';
import type { RequestContext, Role } from '../../platform/context.ts';
import { createLogger } from '../../platform/logger.ts';
import { wallboard } from '../reporting/index.ts';
import { announcedCode, defaultSkills } from './console.service.ts';
import {
  callEvents,
  insertContactEvents,
  listContactEvents,
  pendingCallbacks,
} from './contact-centre.repository.ts';
import type { LiveContactCentre } from './contact-centre.service.ts';
import { toStoredEvent } from './event-writer.ts';
import { recoveredCallbacks } from './history.service.ts';
import { type ContactEvent, startLiveContactCentre } from './index.ts';

// Tuesday 24 November 2026, 09:00 in Rome: the CUP line is open.
const T0 = Date.parse('2026-11-24T08:00:00Z');
const CUP_SKILLS = {
  'cup-prenotazioni': 2,
  'cup-disdette': 1,
  'cup-disponibilita': 1,
  'cup-informazioni': 1,
};
const at = (seconds: number) => T0 + seconds * 1000;

/** The stored callback.* events of one callback, its request included. */
async function callbackEvents(db: TestDatabase['db'], callbackId: string) {
  return (await listContactEvents(db)).filter(
    (e) => e.type.startsWith('callback.') && e.payload.callbackId === callbackId,
  );
}

async function startCentre(db: TestDatabase['db'], clock: ManualClock, env: Record<string, string> = {}) {
  const scheduler = new ManualScheduler(clock);
  const config = loadConfig({ LOG_LEVEL: 'silent', SIM_TRAFFIC: 'off', SIM_AGENTS: '0', ...env });
  const centre = await startLiveContactCentre({
    db,
    clock,
    config,
    log: createLogger('silent'),
    scheduler,
    // Far longer than any test: only explicit flushes and stop() write.
    flushEveryMs: 3_600_000,
    spillPath: join(mkdtempSync(join(tmpdir(), 'sportello-cc-')), 'spill.jsonl'),
  });
  if (!centre) throw new Error('the centre should be on');
  /** Moves the clock to `seconds` after T0, running everything due on the way. */
  const until = (seconds: number) =>
    scheduler.advanceSettling(at(seconds) - clock.now().getTime(), () => centre.writer.settled());
  return { centre, scheduler, until };
}

describe('live contact-centre configuration', () => {
  it('defaults to the simulated centre with 6 agents and traffic on, and names bad values', () => {
    expect(loadConfig({})).toMatchObject({ CONTACT_CENTRE: 'simulated', SIM_AGENTS: 6, SIM_TRAFFIC: 'on' });
    expect(loadConfig({ CONTACT_CENTRE: 'off', SIM_AGENTS: '0', SIM_TRAFFIC: 'off' })).toMatchObject({
      CONTACT_CENTRE: 'off',
      SIM_AGENTS: 0,
      SIM_TRAFFIC: 'off',
    });
    expect(() => loadConfig({ CONTACT_CENTRE: 'asterisk' })).toThrow(/CONTACT_CENTRE/);
    expect(() => loadConfig({ SIM_AGENTS: '-1' })).toThrow(ConfigError);
    expect(() => loadConfig({ SIM_TRAFFIC: 'maybe' })).toThrow(/SIM_TRAFFIC/);
  });

  it('announces the digits of the operator code and gives skills by role', () => {
    expect(announcedCode('OP101')).toBe('101');
    expect(announcedCode('OP1')).toBe('01');
    expect(announcedCode('ABC')).toBeNull();
    expect(announcedCode(null)).toBeNull();
    expect(defaultSkills(['operator'])).toEqual(CUP_SKILLS);
    expect(defaultSkills(['backoffice'])).toEqual({ 'back-office': 2, 'secondo-livello': 1 });
    expect(defaultSkills(['supervisor'])).toEqual(CUP_SKILLS);
  });
});

describe.each(DRIVERS)('live contact centre on $name', ({ create }) => {
  let t: TestDatabase;
  let running: LiveContactCentre[] = [];
  beforeEach(async () => {
    t = await create();
    running = [];
  });
  afterEach(async () => {
    for (const c of running) await c.stop();
    await t?.drop();
  });

  it('is not started when CONTACT_CENTRE=off', async () => {
    const config = loadConfig({ CONTACT_CENTRE: 'off', LOG_LEVEL: 'silent' });
    const clock = new ManualClock(new Date(T0));
    expect(await startLiveContactCentre({ db: t.db, clock, config, log: createLogger('silent') })).toBeNull();
  });

  it("forecasts today's arrivals per Rome hour from the traffic it scheduled, none with traffic off", async () => {
    const clock = new ManualClock(new Date(T0));
    const off = await startCentre(t.db, clock);
    running.push(off.centre);
    expect(off.centre.forecastToday()).toBeNull();
    await off.centre.stop();
    running = [];
    const { centre } = await startCentre(t.db, clock, { SIM_TRAFFIC: 'on', SIM_AGENTS: '2' });
    running.push(centre);
    const forecast = centre.forecastToday()!;
    // Tuesday 24 November 2026: 24 Rome hours; no calls in the night, some in the working day.
    expect(forecast.map((f) => f.hour)).toEqual([...Array(24).keys()]);
    for (const f of forecast.filter((x) => x.hour < 7)) expect(f.calls, `hour ${f.hour}`).toBe(0);
    expect(forecast.filter((f) => f.hour >= 9 && f.hour < 12).every((f) => f.calls > 0)).toBe(true);
    // The forecast is the scheduled traffic's: scaled to the agents, as the simulation reports it.
    expect(centre.engine.trafficScale).toBeGreaterThan(0);
  });

  it('writes every event in the order emitted, and loses none on a graceful stop', async () => {
    const clock = new ManualClock(new Date(T0));
    const { centre, scheduler, until } = await startCentre(t.db, clock, { SIM_AGENTS: '2' });
    const seen: ContactEvent[] = [];
    centre.engine.subscribe((e) => seen.push(e));
    for (let i = 0; i < 6; i++) {
      centre.engine.injectCall({ digits: '1' });
      scheduler.advance(20_000);
    }
    await until(20 * 60);
    expect(seen.filter((e) => e.type === 'call.answered')).toHaveLength(6);
    expect(centre.writer.pending).toBeGreaterThan(0);

    await centre.stop();
    const all = await listContactEvents(t.db);
    // MR-5: the centre says it answers from its start (heartbeats, read for its availability).
    expect(all.find((e) => e.type === 'centre.heartbeat')).toMatchObject({ source: 'simulazione' });
    const stored = all.filter((e) => e.type !== 'centre.heartbeat');
    expect(stored[0]).toMatchObject({ type: 'centre.started', source: 'simulazione' });
    expect(stored.at(-1)).toMatchObject({ type: 'centre.stopped', source: 'simulazione' });
    const engine = stored.slice(1, -1);
    // The two simulated agents logged in before our subscription: paused ('accesso'), then ready.
    const head = engine.slice(0, engine.length - seen.length);
    expect(head.map((e) => [e.type, e.payload.to])).toEqual([
      ['agent.state', 'paused'],
      ['agent.state', 'ready'],
      ['agent.state', 'paused'],
      ['agent.state', 'ready'],
    ]);
    const tail = engine.slice(head.length);
    expect(tail.map((e) => e.payload)).toEqual(seen);
    expect(tail.map((e) => e.at.getTime())).toEqual(seen.map((e) => e.at));
    for (let i = 1; i < stored.length; i++) expect(stored[i]!.id).toBeGreaterThan(stored[i - 1]!.id);
    // The indexed columns: the call, its line, queue and agent.
    const answered = tail.find((e) => e.type === 'call.answered')!;
    expect(answered).toMatchObject({ line: '848821821', queueId: 'cup-prenotazioni' });
    expect(answered.callId).toBe(answered.payload.callId);
    expect(answered.agentId).toMatch(/^op-00[12]$/);
    // Call ids carry the run id, so they never repeat after a restart.
    expect(answered.callId).toMatch(new RegExp(`^${centre.engine.runId}-\\d+$`));
  });

  it('keeps contact_event append-only', async () => {
    const clock = new ManualClock(new Date(T0));
    const { centre } = await startCentre(t.db, clock);
    running.push(centre);
    await expect(sql`update contact_event set type = 'x'`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from contact_event`.execute(t.db)).rejects.toThrow(/append-only/);
  });

  it('computes the MR-4 wallboard from contact_event and the live snapshot', async () => {
    const clock = new ManualClock(new Date(T0));
    const { centre, until } = await startCentre(t.db, clock);
    running.push(centre);
    const live = centre.engine;
    live.act({ type: 'agent.login', agentId: 'a1', code: '4521', skills: CUP_SKILLS });
    live.act({ type: 'agent.ready', agentId: 'a1' });

    // c1 presses 1 (booking) after a second, is offered to a1 at once and answered 4 s later.
    live.injectCall({ digits: '1' });
    await until(5);
    live.act({ type: 'agent.answer', agentId: 'a1' });
    await until(10);
    live.injectCall({ digits: '1' }); // c2: queued at 11 s, waits for a1
    await until(20);
    live.injectCall({ digits: '1', patienceSeconds: 10 }); // c3: queued at 21 s, hangs up at 31 s
    await until(30);
    live.injectCall({ digits: '1', patienceSeconds: 40 }); // c4: queued at 31 s, hangs up at 71 s
    await until(65);
    live.act({ type: 'agent.hang-up', agentId: 'a1' }); // wrap-up until 125 s, then c2 is offered
    await until(130);
    live.act({ type: 'agent.answer', agentId: 'a1' }); // c2 waited 119 s
    await until(190);
    live.act({ type: 'agent.hang-up', agentId: 'a1' }); // wrap-up until 250 s, then ready
    await until(200);
    // CC-6: the facilities line turns away a caller not on its allow-list.
    live.injectCall({ line: '0971 471 300', callerId: '3331112222' });
    await until(210);
    // Ten authorised calls take the line's ten channels and wait (nobody has the skill); the 11th is busy.
    for (let i = 0; i < 11; i++) live.injectCall({ line: '0971 471 300', callerId: '0971411111' });
    await until(240);
    // c5: regional line, key 1, then 1 again to be called back instead of waiting (CC-3).
    live.injectCall({ line: '800 29 20 20', digits: '11' });
    await until(300);

    const board = await wallboard(t.db, centre, centre.now());
    const hour = { arrived: 17, refused: 2, accepted: 15, answered: 2, averageWaitSeconds: 61.5 };
    expect(board.windows).toEqual({ hour, week: hour, month: hour });
    expect(board.today).toEqual({
      offered: 15,
      answered: 2,
      answeredWithinTarget: 1,
      abandonedWithinTarget: 1,
      abandonedAfterTarget: 1,
      // Every call by now is answered, gone or waiting past 20 s: all decided.
      waitingUnderTarget: 0,
      targetSeconds: 20,
      serviceLevel: 1 / 15,
      abandonedWithinTargetShare: 1 / 15,
      abandonedAfterTargetShare: 1 / 15,
    });
    // Everything happened in the last five minutes: the 15-minute window holds the same calls (§10).
    expect(board.recent).toEqual({
      minutes: 15,
      offered: 15,
      decided: 15,
      serviceLevel: 1 / 15,
      abandonedShare: 2 / 15,
    });
    // Per queue (§13): the ten facility calls in theirs, and the queues' counts sum to the centre's.
    expect(board.queuesToday.find((q) => q.queueId === 'strutture')).toMatchObject({
      offered: 10,
      answered: 0,
    });
    expect(board.queuesToday.reduce((n, q) => n + q.offered, 0)).toBe(15);
    expect(board.queuesToday.reduce((n, q) => n + q.answered, 0)).toBe(2);
    // Traffic off: no forecast to compare.
    expect(board.forecastToday).toBeNull();
    expect(board.arrivalsToday).toEqual([
      { service: 'cup', hour: 9, calls: 4 },
      { service: 'regionale', hour: 9, calls: 1 },
      { service: 'strutture', hour: 9, calls: 10 },
    ]);
    // Waiting now: the ten facility calls since 210 s, and c5's callback keeping its place since 241 s.
    expect(board.queues?.find((q) => q.id === 'strutture')).toMatchObject({
      waiting: 10,
      longestWaitSeconds: 90,
    });
    expect(board.queues?.find((q) => q.id === 'regionale')).toMatchObject({
      waiting: 1,
      longestWaitSeconds: 59,
    });
    expect(board.waitingNow).toBe(11);
    expect(board.longestWaitSeconds).toBe(90);
    expect(board.agents.now).toEqual({ loggedIn: 1, ready: 1, offered: 0, onCall: 0, wrapUp: 0, paused: 0 });
    // a1: ready 1 + 50 s, offered 4 + 5 s, on call 60 + 60 s, wrap-up 60 + 60 s, over the last hour.
    const perHour = (s: number) => s / 3600;
    expect(board.agents.averageLastHour).toEqual({
      loggedIn: perHour(300),
      ready: perHour(51),
      offered: perHour(9),
      onCall: perHour(120),
      wrapUp: perHour(120),
      paused: 0,
    });
    // Today: since midnight in Rome (23:00 UTC the day before), 9 h 5 min.
    const today = 9 * 3600 + 300;
    expect(board.agents.averageToday.onCall).toBeCloseTo(120 / today, 12);
    expect(board.agents.averageToday.loggedIn).toBeCloseTo(300 / today, 12);
    expect(board.callbacks).toEqual({ pending: 1, inEngine: 1, recovered: 0 });
    expect(board.surveysToday).toEqual([]);
    expect(board.live).toBe(true);
    expect(board.label).toBe('simulazione');

    // Without the live centre, the stored figures stay and the "now" ones are unknown.
    const stored = await wallboard(t.db, null, centre.now());
    expect(stored.windows.hour).toEqual(hour);
    expect(stored).toMatchObject({ live: false, queues: null, waitingNow: null, agents: { now: null } });
  });

  it('takes pending callbacks back into the engine after a restart, once, and ends the old agents', async () => {
    const clock = new ManualClock(new Date(T0));
    const first = await startCentre(t.db, clock);
    first.centre.engine.act({
      type: 'agent.login',
      agentId: 'a1',
      code: '4521',
      skills: CUP_SKILLS,
      ready: true,
    });
    // Nobody serves the regional queue: the caller asks to be called back (keys 1, then 1).
    const callId = first.centre.engine.injectCall({
      line: '800 29 20 20',
      callerId: '3339998877',
      digits: '11',
    });
    await first.until(600);
    expect(first.centre.snapshot().callbacksPending).toBe(1);
    await first.centre.stop();
    const before = await callbackEvents(t.db, `${callId}-cb`);
    expect(before.map((e) => e.type)).toEqual(['callback.requested']);

    clock.set(new Date(at(1200)));
    const second = await startCentre(t.db, clock);
    running.push(second.centre);
    expect(second.centre.recoveredCallbacks).toEqual([
      expect.objectContaining({
        callbackId: `${callId}-cb`,
        callId,
        number: '3339998877',
        line: '800292020',
        queueId: 'regionale',
        requestType: 'regional-service',
        requestedAt: new Date(at(3)),
        attempts: 0,
        lastFailedAt: null,
        restored: true,
      }),
    ]);
    // Back in the engine, at the place the caller took in the queue before the restart.
    // Over the API: the numbers are the supervisor's to read, each read audited; an agent with no call of
    // theirs among them sees none (SEC-1).
    const who = (roles: Role[]): RequestContext => ({
      requestId: randomUUID(),
      actor: { id: randomUUID(), username: roles[0]!, roles, operatorCode: null },
      clock,
    });
    const supervisorCtx = who(['supervisor']);
    expect((await recoveredCallbacks(t.db, supervisorCtx, second.centre)).map((c) => c.number)).toEqual([
      '3339998877',
    ]);
    expect(await recoveredCallbacks(t.db, who(['operator']), second.centre)).toEqual([]);
    const read = await t.db
      .selectFrom('audit_event')
      .select(['actor_id', 'resource_type', 'resource_id', 'subject'])
      .where('resource_type', '=', 'Callback')
      .execute();
    expect(read).toEqual([
      {
        actor_id: supervisorCtx.actor!.id,
        resource_type: 'Callback',
        resource_id: `${callId}-cb`,
        subject: '3339998877',
      },
    ]);
    const place = second.centre.recoveredCallbacks[0]!.enqueuedAt.getTime();
    expect(place).toBeLessThanOrEqual(at(2));
    expect(second.centre.snapshot()).toMatchObject({ callbacksPending: 1, recoveredCallbacks: 1 });
    const regional = second.centre.snapshot().queues.find((q) => q.id === 'regionale');
    expect(regional).toMatchObject({ waiting: 1, oldestWaitMs: at(1200) - place });
    const started = (await listContactEvents(t.db)).filter((e) => e.type === 'centre.started');
    expect(started.at(-1)?.payload.recoveredCallbacks).toEqual([`${callId}-cb`]);
    const restoredEvents = (await callbackEvents(t.db, `${callId}-cb`)).slice(before.length);
    // Indexed by the callback id (the request, by the call that asked for it).
    expect(restoredEvents.map((e) => [e.type, e.callId])).toEqual([
      ['callback.restored', `${callId}-cb`],
      ['callback.queued', `${callId}-cb`],
    ]);
    expect(restoredEvents[0]?.payload).toMatchObject({ originCallId: callId, attempts: 0, keepsPlace: true });
    // The call's history (MR-1) shows it.
    expect((await callEvents(t.db, callId)).map((e) => e.type)).toContain('callback.restored');

    await second.until(1800);
    const board = await wallboard(t.db, second.centre, second.centre.now());
    expect(board.callbacks).toEqual({ pending: 1, inEngine: 1, recovered: 1 });
    // a1 was ready from 0 to 600 s (the stop), never after: the restart logged everyone out.
    expect(board.agents.averageLastHour.ready).toBeCloseTo(600 / 3600, 12);
    expect(board.agents.now?.loggedIn).toBe(0);

    // A regional agent takes the callback from the queue and the engine dials it.
    second.centre.engine.act({
      type: 'agent.login',
      agentId: 'a2',
      code: '4522',
      skills: { regionale: 1 },
      ready: true,
    });
    const seen: ContactEvent[] = [];
    second.centre.engine.subscribe((e) => seen.push(e));
    expect(second.centre.engine.agent('a2')).toMatchObject({ state: 'offered', callId: `${callId}-cb` });
    second.centre.engine.act({ type: 'agent.answer', agentId: 'a2' });
    expect(seen.find((e) => e.type === 'callback.dialled')).toMatchObject({
      callbackId: `${callId}-cb`,
      legId: `${callId}-cb1`,
      line: '800292020',
      agentId: 'a2',
      attempt: 1,
    });
    // Stopped while dialling: the attempt counts, and the next restart takes it back once.
    await second.centre.stop();

    clock.set(new Date(at(2400)));
    const third = await startCentre(t.db, clock);
    running.push(third.centre);
    expect(third.centre.recoveredCallbacks).toEqual([
      expect.objectContaining({ callbackId: `${callId}-cb`, attempts: 1, restored: true }),
    ]);
    expect(third.centre.snapshot()).toMatchObject({ callbacksPending: 1, recoveredCallbacks: 1 });
    const restores = (await callbackEvents(t.db, `${callId}-cb`)).filter(
      (e) => e.type === 'callback.restored',
    );
    expect(restores.map((e) => e.payload.attempts)).toEqual([0, 1]);
    expect(
      (await pendingCallbacks(t.db, 'simulazione', third.centre.now())).map((c) => c.callbackId),
    ).toEqual([`${callId}-cb`]);
    expect((await wallboard(t.db, third.centre, third.centre.now())).callbacks).toEqual({
      pending: 1,
      inEngine: 1,
      recovered: 1,
    });
  });

  it('writes a callback request at once, so a crash right after does not lose it', async () => {
    const clock = new ManualClock(new Date(T0));
    const first = await startCentre(t.db, clock);
    running.push(first.centre);
    const callId = first.centre.engine.injectCall({ line: '800 29 20 20', digits: '11' });
    await first.until(10);
    expect(first.centre.snapshot().callbacksPending).toBe(1);
    // No flush and no stop: only the write the request started (the next timed flush is an hour away).
    await first.centre.writer.settled();
    expect((await callbackEvents(t.db, `${callId}-cb`)).map((e) => e.type)).toContain('callback.requested');

    // The process dies here; a new one on the same database takes the callback back.
    clock.set(new Date(at(60)));
    const second = await startCentre(t.db, clock);
    running.push(second.centre);
    expect(second.centre.recoveredCallbacks.map((c) => [c.callbackId, c.restored])).toEqual([
      [`${callId}-cb`, true],
    ]);
    expect(second.centre.snapshot().callbacksPending).toBe(1);
  });

  it("sums up today's hot-survey answers per question on the wallboard (CC-8)", async () => {
    const clock = new ManualClock(new Date(T0));
    const { centre } = await startCentre(t.db, clock);
    running.push(centre);
    const answer = (surveyId: string, question: string, score: number, atMs: number): ContactEvent => ({
      type: 'survey.answer',
      at: atMs,
      surveyId,
      callId: `${surveyId}-call`,
      agentId: 'a1',
      question,
      score,
    });
    const yesterday = T0 - 86_400_000;
    await insertContactEvents(
      t.db,
      [
        answer('s1', 'cortesia', 5, at(10)),
        answer('s1', 'soluzione', 4, at(20)),
        answer('s2', 'cortesia', 2, at(30)),
        // Another day and another switch do not count.
        answer('s0', 'cortesia', 1, yesterday),
      ].map((e) => toStoredEvent(e, 'simulazione')),
    );
    await insertContactEvents(t.db, [toStoredEvent(answer('x', 'cortesia', 1, at(40)), 'another-switch')]);
    const board = await wallboard(t.db, centre, new Date(at(60)));
    expect(board.surveysToday).toEqual([
      {
        question: 'cortesia',
        text: "Quanto è soddisfatto della cortesia dell'operatore?",
        answers: 2,
        averageScore: 3.5,
      },
      {
        question: 'soluzione',
        text: 'Quanto è soddisfatto della risposta alla sua richiesta?',
        answers: 1,
        averageScore: 4,
      },
    ]);
    expect((await wallboard(t.db, null, new Date(at(60)))).surveysToday[0]).toMatchObject({
      question: 'cortesia',
      text: null,
    });
  });

  it('finds callbacks pending: requested, and neither answered, expired nor finally failed', async () => {
    const now = new Date(at(3600));
    const requested = (id: string, minutesAgo: number, expiresInHours = 8): ContactEvent => ({
      type: 'callback.requested',
      at: now.getTime() - minutesAgo * 60_000,
      callbackId: `${id}-cb`,
      callId: id,
      line: '848821821',
      number: '3330000000',
      queueId: 'cup-prenotazioni',
      requestType: 'booking',
      priority: 2,
      outOfHours: false,
      notBefore: now.getTime() - minutesAgo * 60_000,
      expiresAt: now.getTime() + expiresInHours * 3_600_000,
      enqueuedAt: now.getTime() - minutesAgo * 60_000 - 30_000,
      waiting: 1,
    });
    const base = { at: now.getTime() - 60_000, legId: 'x', agentId: 'a', attempt: 1 };
    const events: ContactEvent[] = [
      requested('a', 50),
      requested('b', 40),
      {
        ...base,
        type: 'callback.answered',
        callbackId: 'b-cb',
        operatorCode: '11',
        queueId: 'q',
        requestType: 'booking',
        sinceRequestMs: 1,
      },
      requested('c', 30),
      { ...base, type: 'callback.failed', callbackId: 'c-cb', reason: 'no-answer', final: true },
      requested('d', 20),
      { ...base, type: 'callback.dialled', callbackId: 'd-cb', line: '848821821', channelsInUse: 1 },
      { ...base, type: 'callback.failed', callbackId: 'd-cb', reason: 'no-answer', final: false },
      // Taken back by a restart: still the one callback.requested.
      {
        type: 'callback.restored',
        at: now.getTime() - 30_000,
        callbackId: 'd-cb',
        originCallId: 'd',
        line: '848821821',
        number: '3330000000',
        queueId: 'cup-prenotazioni',
        requestType: 'booking',
        priority: 2,
        requestedAt: now.getTime() - 20 * 60_000,
        enqueuedAt: now.getTime() - 20 * 60_000 - 30_000,
        expiresAt: now.getTime() + 8 * 3_600_000,
        attempts: 1,
        queuedFrom: now.getTime() + 30_000,
        keepsPlace: true,
      },
      requested('e', 10, -1),
      requested('f', 5),
      { type: 'callback.expired', at: now.getTime(), callbackId: 'f-cb', attempts: 0, waiting: 0 },
    ];
    await insertContactEvents(
      t.db,
      events.map((e) => toStoredEvent(e, 'simulazione')),
    );
    const pending = await pendingCallbacks(t.db, 'simulazione', now);
    expect(pending.map((p) => p.callbackId)).toEqual(['a-cb', 'd-cb']);
    expect(pending[1]).toMatchObject({
      attempts: 1,
      lastFailedAt: new Date(base.at),
      enqueuedAt: new Date(now.getTime() - 20 * 60_000 - 30_000),
    });
    expect(pending[0]).toMatchObject({ attempts: 0, lastFailedAt: null });
    expect(await pendingCallbacks(t.db, 'another-switch', now)).toEqual([]);
  });
});
