import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../../test/app.ts';
import { DRIVERS, type TestDatabase } from '../../../../test/databases.ts';
import { ManualClock } from '../../../platform/clock.ts';
import type { App } from '../../../platform/http.ts';
import { createUser } from '../index.ts';

describe.each(DRIVERS)('sessions on $name (SEC-2)', ({ create }) => {
  let t: TestDatabase;
  let app: App;
  const clock = new ManualClock('2026-12-03T09:00:00Z');

  beforeAll(async () => {
    t = await create();
    app = await buildTestApp(t.db, clock);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const login = async (username: string) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password: 'right-pass' },
    });
    return { status: res.statusCode, headers: { authorization: `Bearer ${res.json().token}` } };
  };
  const me = async (headers: Record<string, string>) =>
    (await app.inject({ url: '/api/v1/auth/me', headers })).statusCode;
  const setActive = (username: string, active: boolean) =>
    t.db.updateTable('app_user').set({ active }).where('username', '=', username).execute();

  it('ends access at once on deactivation, and reactivation does not revive the old tokens', async () => {
    const username = `bianchi-${Date.now()}`;
    await createUser(t.db, clock, {
      username,
      displayName: 'B',
      password: 'right-pass',
      roles: ['operator'],
    });
    const first = await login(username);
    const second = await login(username);
    expect(await me(first.headers)).toBe(200);
    await setActive(username, false);
    // No clock moves: not within 30 seconds but now, for every session of the user.
    expect(await me(first.headers)).toBe(401);
    expect(await me(second.headers)).toBe(401);
    expect((await login(username)).status).toBe(401);
    await setActive(username, true);
    expect(await me(first.headers)).toBe(401);
    expect(await me(second.headers)).toBe(401);
    const fresh = await login(username);
    expect(fresh.status).toBe(200);
    expect(await me(fresh.headers)).toBe(200);
  });

  it('takes a change of roles into account on the next request', async () => {
    const username = `verdi-${Date.now()}`;
    await createUser(t.db, clock, {
      username,
      displayName: 'V',
      password: 'right-pass',
      roles: ['operator'],
    });
    const { headers } = await login(username);
    expect((await app.inject({ url: '/api/v1/agendas', headers })).statusCode).toBe(403);
    await t.db
      .updateTable('app_user')
      .set({ roles: ['cup-manager'] })
      .where('username', '=', username)
      .execute();
    expect((await app.inject({ url: '/api/v1/agendas', headers })).statusCode).toBe(200);
  });
});
