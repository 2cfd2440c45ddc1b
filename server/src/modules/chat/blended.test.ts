import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../test/databases.ts';
import { startTestCentre } from '../../../test/live-centre.ts';
import type { ManualScheduler } from '../../../test/manual-scheduler.ts';
import { ManualClock } from '../../platform/clock.ts';
import type { App } from '../../platform/http.ts';

// CC-10 beside the phone (a blended operator): while a call rings for the operator or they are on it,
// the chat desk says so and takes no new chat; the chats they already hold go on; once the call is hung
// up they take chats again. The live line is the real engine on the simulated switch, in manual time.

type Headers = Record<string, string>;

describe('an operator on the phone and the chat desk (CC-10)', () => {
  let t: TestDatabase;
  let live: Awaited<ReturnType<typeof startTestCentre>>;
  let app: App;
  let scheduler: ManualScheduler;
  let operator: Headers;
  // Tuesday 24 November 2026, 09:00 in Rome: the line and the desk are open.
  const clock = new ManualClock('2026-11-24T08:00:00Z');
  const json = { 'content-type': 'application/json' };

  beforeAll(async () => {
    t = await createPgliteDatabase();
    live = await startTestCentre(t.db, clock, {
      env: { CHAT_HOURS: 'always' },
      centre: { flushEveryMs: 3_600_000 },
    });
    ({ app, scheduler } = live);
    operator = await loginAs(app, t.db, clock, ['operator']);
  });
  afterAll(async () => {
    await live?.close();
    await t?.drop();
  });

  const post = (url: string, payload: object = {}) =>
    app.inject({ method: 'POST', url, headers: operator, payload });
  const queue = async () =>
    (await app.inject({ method: 'GET', url: '/api/v1/chat/queue', headers: operator })).json();
  const waitingChat = async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/portal/chat',
      headers: json,
      payload: { message: 'Vorrei parlare con un operatore' },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; token: string };
  };

  it('takes no new chat while a call rings or is answered, keeps the ones held, and takes chats again after', async () => {
    const held = await waitingChat();
    expect((await post(`/api/v1/chat/${held.id}/accept`)).statusCode).toBe(200);
    expect((await queue()).onCall).toBe(false);

    expect((await post('/api/v1/contact-centre/agent/login')).statusCode).toBe(200);
    expect((await post('/api/v1/contact-centre/agent/ready')).json().state).toBe('ready');
    const placed = await post('/api/v1/contact-centre/simulated-calls', {
      callerId: '0971123456',
      digits: '1',
    });
    expect(placed.statusCode, placed.body).toBe(201);
    scheduler.advance(1000); // the caller presses 1: offered to the operator

    const next = await waitingChat();
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/contact-centre/agent', headers: operator })).json()
        .state,
    ).toBe('offered');
    expect((await queue()).onCall).toBe(true);
    const ringing = await post(`/api/v1/chat/${next.id}/accept`);
    expect(ringing.statusCode).toBe(409);
    expect(ringing.json().error).toMatchObject({ code: 'INVALID_STATE', field: 'call' });

    scheduler.advance(2000);
    expect((await post('/api/v1/contact-centre/agent/answer')).json().state).toBe('on-call');
    expect((await post(`/api/v1/chat/${next.id}/accept`)).statusCode).toBe(409);
    // The chat already held goes on during the call.
    const said = await post(`/api/v1/chat/${held.id}/messages`, {
      message: 'Un attimo, sono al telefono.',
      after: 0,
    });
    expect(said.statusCode, said.body).toBe(200);
    // Nothing changed for the chat refused: still waiting, first in the queue.
    expect((await queue()).waiting.map((w: { id: string }) => w.id)).toEqual([next.id]);

    scheduler.advance(30_000);
    expect((await post('/api/v1/contact-centre/agent/hang-up')).json().state).toBe('wrap-up');
    expect((await queue()).onCall).toBe(false);
    expect((await post(`/api/v1/chat/${next.id}/accept`)).statusCode).toBe(200);
  });
});
