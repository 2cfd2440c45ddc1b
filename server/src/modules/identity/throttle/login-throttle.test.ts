import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs } from '../../../../test/app.ts';
import { DRIVERS, type TestDatabase } from '../../../../test/databases.ts';
import { ManualClock } from '../../../platform/clock.ts';
import type { App } from '../../../platform/http.ts';
import { createUser } from '../index.ts';
import { afterFailure, backoffSeconds, LIMITS } from '../rules/login-throttle.ts';

describe('login back-off rules', () => {
  it('lets the free attempts through, then doubles the wait up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => backoffSeconds('account', n))).toEqual([
      0, 0, 0, 1, 2, 4, 8, 16, 32,
    ]);
    expect(backoffSeconds('account', 30)).toBe(60);
    expect(backoffSeconds('address', 20)).toBe(0);
    expect(backoffSeconds('address', 21)).toBe(1);
  });

  it('locks an account at its tenth failure and forgets failures after a quiet quarter of an hour', () => {
    const t0 = new Date('2026-12-03T10:00:00Z');
    let s = { failures: 0, lastFailureAt: t0, blockedUntil: null, lockedUntil: null } as Parameters<
      typeof afterFailure
    >[1];
    for (let i = 0; i < 9; i++) s = afterFailure('account', s, t0);
    expect(s.failures).toBe(9);
    s = afterFailure('account', s, t0);
    expect(s.lockedUntil?.toISOString()).toBe('2026-12-03T10:15:00.000Z');
    const quiet = afterFailure(
      'account',
      { ...s, lockedUntil: null, failures: 5 },
      new Date('2026-12-03T10:16:00Z'),
    );
    expect(quiet.failures).toBe(1);
  });
});

describe.each(DRIVERS)('login throttling over HTTP on $name (SEC-2)', ({ create }) => {
  let t: TestDatabase;
  let app: App;
  const clock = new ManualClock('2026-12-03T09:00:00Z');
  let n = 0;

  beforeAll(async () => {
    t = await create();
    app = await buildTestApp(t.db, clock);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const newUser = async () => {
    const username = `rossi${++n}`;
    await createUser(t.db, clock, {
      username,
      displayName: 'R',
      password: 'right-pass',
      roles: ['operator'],
    });
    return username;
  };
  const login = (username: string, password: string, remoteAddress = `192.0.2.${n}`) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload: { username, password } });
  const failures = async (username: string) =>
    (
      await t.db
        .selectFrom('audit_event')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('resource_type', '=', 'login_failure')
        .where('resource_id', '=', username)
        .executeTakeFirstOrThrow()
    ).n;

  it('backs off after three failures with 429 and Retry-After, the right password included, then lets it in', async () => {
    const username = await newUser();
    for (let i = 0; i < 4; i++) expect((await login(username, 'wrong')).statusCode).toBe(401);
    const refused = await login(username, 'right-pass');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error).toMatchObject({ code: 'RATE_LIMITED' });
    expect(refused.json().error.field).toBeUndefined();
    expect(refused.headers['retry-after']).toBe('1');
    clock.advance(1_000);
    expect((await login(username, 'right-pass')).statusCode).toBe(200);
    // A success starts afresh.
    for (let i = 0; i < 3; i++) expect((await login(username, 'wrong')).statusCode).toBe(401);
    expect(Number(await failures(username))).toBe(7);
  });

  it('checks no password of a parallel burst beyond the free attempts', async () => {
    const username = await newUser();
    const answers = await Promise.all(Array.from({ length: 40 }, () => login(username, 'wrong')));
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 401)).toHaveLength(LIMITS.account.free + 1);
    expect(codes.filter((c) => c === 429)).toHaveLength(40 - LIMITS.account.free - 1);
    // Only the attempts whose password was checked are failures in the audit log.
    expect(Number(await failures(username))).toBe(LIMITS.account.free + 1);
  });

  it('locks the account after ten failures, tells the user, and lets an admin unlock it', async () => {
    const username = await newUser();
    let last = await login(username, 'wrong');
    for (let i = 1; i < LIMITS.account.lockAfter; i++) {
      clock.advance(61_000); // past every back-off
      last = await login(username, 'wrong');
    }
    expect(last.statusCode).toBe(401);
    expect(last.json().error.message).toMatch(/locked for 15 minutes/);
    clock.advance(61_000);
    const locked = await login(username, 'right-pass');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error).toMatchObject({ code: 'RATE_LIMITED', field: 'username' });
    expect(locked.json().error.message).toMatch(/locked .* an administrator can unlock it/);
    expect(Number(locked.headers['retry-after'])).toBe(15 * 60 - 61);

    const admin = await loginAs(app, t.db, clock, ['admin']);
    const operator = await loginAs(app, t.db, clock, ['operator']);
    const list = await app.inject({ url: '/api/v1/auth/lockouts', headers: admin });
    expect(list.json().items).toContainEqual(
      expect.objectContaining({ kind: 'account', subject: username, lockedUntil: expect.any(String) }),
    );
    const url = `/api/v1/auth/lockouts/accounts/${username}`;
    expect((await app.inject({ method: 'DELETE', url, headers: operator })).statusCode).toBe(403);
    expect((await app.inject({ method: 'DELETE', url, headers: admin })).statusCode).toBe(204);
    expect((await app.inject({ method: 'DELETE', url, headers: admin })).statusCode).toBe(404);
    expect((await login(username, 'right-pass')).statusCode).toBe(200);
    const unlocks = await t.db
      .selectFrom('audit_event')
      .select(['actor_id', 'action'])
      .where('resource_type', '=', 'login_lock')
      .where('resource_id', '=', username)
      .execute();
    expect(unlocks.map((u) => u.action).sort()).toEqual(['create', 'update']);
  });

  it('backs off an address guessing many accounts, whoever it tries next', async () => {
    const address = '198.51.100.9';
    for (let i = 0; i < LIMITS.address.free + 1; i++) {
      expect((await login(`nobody-${i}`, 'wrong', address)).statusCode).toBe(401);
    }
    const username = await newUser();
    const refused = await login(username, 'right-pass', address);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('RATE_LIMITED');
    // Another address is not held up.
    expect((await login(username, 'right-pass', '198.51.100.10')).statusCode).toBe(200);
  });
});
