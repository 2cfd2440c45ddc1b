import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../test/databases.ts';
import { startTestCentre } from '../../../test/live-centre.ts';
import type { ManualScheduler } from '../../../test/manual-scheduler.ts';
import { ManualClock } from '../../platform/clock.ts';
import type { App } from '../../platform/http.ts';
import { listContactEvents } from './contact-centre.repository.ts';
import type { LiveContactCentre } from './contact-centre.service.ts';

type Headers = { authorization: string };

// Issue 8 §17, the ghost agent: a person who has left the app, whose session ended or whose console is
// gone does not stay "ready" on the line.
describe('agents whose person has left are logged off the line', () => {
  let t: TestDatabase;
  let app: App;
  let centre: LiveContactCentre;
  let scheduler: ManualScheduler;
  // Tuesday 24 November 2026, 09:00 in Rome.
  const clock = new ManualClock('2026-11-24T08:00:00Z');

  let live: Awaited<ReturnType<typeof startTestCentre>>;

  beforeAll(async () => {
    t = await createPgliteDatabase();
    live = await startTestCentre(t.db, clock, { centre: { flushEveryMs: 3_600_000, streamGraceMs: 60_000 } });
    ({ app, centre, scheduler } = live);
  });
  afterAll(async () => {
    await live?.close();
    await t?.drop();
  });

  const post = (url: string, headers: Record<string, string>, payload?: object) =>
    app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });
  const agent = (path: string, headers: Headers) => post(`/api/v1/contact-centre/agent/${path}`, headers);
  const me = async (headers: Headers) =>
    (await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).json() as {
      id: string;
      username: string;
    };
  /** A second session of the same person (the next login), to read what the console would show. */
  const readyOperator = async () => {
    const headers = await loginAs(app, t.db, clock, ['operator']);
    expect((await agent('login', headers)).statusCode).toBe(200);
    expect(['ready', 'offered']).toContain((await agent('ready', headers)).json().state);
    return { headers, id: (await me(headers)).id };
  };

  it('logs a ready agent off the line when the person logs out of the app, and says why', async () => {
    const { headers, id } = await readyOperator();
    const { username } = await me(headers);
    expect((await post('/api/v1/auth/logout', headers)).statusCode).toBe(204);
    expect(centre.engine.agent(id)).toMatchObject({ state: 'logged-out', reason: 'app-logout' });
    // A call placed now rings nobody: it waits in the queue.
    centre.engine.injectCall({ digits: '1' });
    scheduler.advance(5_000);
    expect(centre.snapshot().queues.find((q) => q.id === 'cup-prenotazioni')?.waiting).toBe(1);
    expect(centre.snapshot().agents.filter((a) => a.state !== 'logged-out')).toEqual([]);
    // The next login: the console reads why the agent is off the line.
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password: 'secret-pass' },
    });
    const next = { authorization: `Bearer ${again.json().token}` };
    const view = await app.inject({ method: 'GET', url: '/api/v1/contact-centre/agent', headers: next });
    expect(view.json()).toMatchObject({ state: 'logged-out', reason: 'app-logout', logoffPending: null });
  });

  it('lets a call in progress end first, with a warning, then logs the agent off', async () => {
    // The queue left by the previous test is served first.
    const { headers, id } = await readyOperator();
    const view = centre.engine.agent(id)!;
    expect(view.state).toBe('offered');
    expect((await agent('answer', headers)).json().state).toBe('on-call');
    // Logged out of the app elsewhere (another tab): the agent stays on the call, warned.
    centre.presence.logOff(id, 'app-logout');
    const during = await app.inject({ method: 'GET', url: '/api/v1/contact-centre/agent', headers });
    expect(during.json()).toMatchObject({ state: 'on-call', logoffPending: 'app-logout' });
    expect((await agent('hang-up', headers)).json().state).toBe('wrap-up');
    scheduler.advance(0);
    const after = await app.inject({ method: 'GET', url: '/api/v1/contact-centre/agent', headers });
    expect(after.json()).toMatchObject({ state: 'logged-out', reason: 'app-logout', logoffPending: null });
  });

  it("logs the agent off when the console's stream is gone past the grace period, not before", async () => {
    const { headers, id } = await readyOperator();
    centre.presence.streamOpened(id);
    centre.presence.streamClosed(id);
    scheduler.advance(59_000);
    // A reload within the grace period: still ready.
    centre.presence.streamOpened(id);
    scheduler.advance(10_000);
    expect(centre.engine.agent(id)).toMatchObject({ state: 'ready' });
    centre.presence.streamClosed(id);
    scheduler.advance(60_000);
    expect(centre.engine.agent(id)).toMatchObject({ state: 'logged-out', reason: 'stream-lost' });
    const view = await app.inject({ method: 'GET', url: '/api/v1/contact-centre/agent', headers });
    expect(view.json()).toMatchObject({ state: 'logged-out', reason: 'stream-lost' });
  });

  it('never logs off for a lost stream an agent whose client never opened one (an API client)', async () => {
    const { id } = await readyOperator();
    centre.presence.streamClosed(id);
    scheduler.advance(120_000);
    expect(centre.engine.agent(id)).toMatchObject({ state: 'ready' });
    centre.engine.act({ type: 'agent.logout', agentId: id });
  });

  it('takes a retried console action once (issue 10 §6), and shows the IVR choice in words', async () => {
    const { headers, id } = await readyOperator();
    const callId = centre.engine.injectCall({ digits: '1' });
    scheduler.advance(5_000);
    expect((await agent('answer', headers)).statusCode).toBe(200);
    const view = (await app.inject({ method: 'GET', url: '/api/v1/contact-centre/agent', headers })).json();
    expect(view.call.ivr).toEqual([
      {
        menu: 'cup/principale',
        digits: '1',
        result: 'ok',
        menuLabel: 'Menu principale CUP',
        choiceLabel: 'Prenotare una visita o un esame',
      },
    ]);
    expect((await agent('hang-up', headers)).statusCode).toBe(200);
    // Issue 14 §5: in the wrap-up the console counts down to the automatic ready (60 s by default).
    scheduler.advance(15_000);
    const wrapping = (
      await app.inject({ method: 'GET', url: '/api/v1/contact-centre/agent', headers })
    ).json();
    expect(wrapping).toMatchObject({ state: 'wrap-up', wrapUpSecondsLeft: 45 });
    expect(wrapping.call.outcomeAt).toBeNull();
    const outcome = { requestType: 'booking', resolvedAtFirstContact: true, escalated: false };
    const key = { ...headers, 'idempotency-key': 'b1e7c9a4-0000-4000-8000-000000000001' };
    const first = await post('/api/v1/contact-centre/agent/outcome', key, outcome);
    const retry = await post('/api/v1/contact-centre/agent/outcome', key, outcome);
    expect([first.statusCode, retry.statusCode]).toEqual([200, 200]);
    expect(retry.json()).toMatchObject({ state: first.json().state });
    await centre.flush();
    const outcomes = (await listContactEvents(t.db)).filter(
      (e) => e.type === 'call.outcome' && e.callId === callId,
    );
    expect(outcomes).toHaveLength(1);
    // The card says the outcome is in; a second outcome (another key: a stale form) is refused.
    const recorded = (
      await app.inject({ method: 'GET', url: '/api/v1/contact-centre/agent', headers })
    ).json();
    expect(recorded.call.outcomeAt).toBe(outcomes[0]!.at.getTime());
    const twice = await post(
      '/api/v1/contact-centre/agent/outcome',
      { ...headers, 'idempotency-key': 'b1e7c9a4-0000-4000-8000-000000000002' },
      outcome,
    );
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('INVALID_STATE');
    // The same id for another action is a client bug, not a replay.
    const other = await post('/api/v1/contact-centre/agent/ready', key);
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    centre.engine.act({ type: 'agent.logout', agentId: id });
  });

  it('says degraded on /health while contact events cannot reach the database, ok once written (issue 8 §16)', async () => {
    await centre.flush();
    expect((await app.inject({ url: '/health' })).json()).toMatchObject({
      status: 'ok',
      contactEvents: { state: 'ok', buffered: 0, spilled: 0, since: null },
    });
    await sql`alter table contact_event rename to contact_event_away`.execute(t.db);
    centre.engine.injectCall({ digits: '2' });
    scheduler.advance(5_000);
    await centre.flush().catch(() => {});
    const away = (await app.inject({ url: '/health' })).json();
    expect(away.status).toBe('degraded');
    expect(away.contactEvents.state).toBe('degraded');
    expect(away.contactEvents.buffered).toBeGreaterThan(0);
    await sql`alter table contact_event_away rename to contact_event`.execute(t.db);
    await centre.flush();
    expect((await app.inject({ url: '/health' })).json()).toMatchObject({
      status: 'ok',
      contactEvents: { state: 'ok', buffered: 0 },
    });
  });

  it('logs the agent off when a request finds the session ended', async () => {
    const { headers, id } = await readyOperator();
    // 12 h later the session has expired; the console's next request finds out.
    clock.set(new Date(clock.now().getTime() + 13 * 3_600_000));
    const res = await app.inject({ method: 'GET', url: '/api/v1/contact-centre/agent', headers });
    expect(res.statusCode).toBe(401);
    expect(centre.engine.agent(id)).toMatchObject({ state: 'logged-out', reason: 'session-ended' });
  });
});
