import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs } from '../../../../test/app.ts';
import { createPgliteDatabase, type TestDatabase } from '../../../../test/databases.ts';
import { ManualClock } from '../../../platform/clock.ts';
import type { App } from '../../../platform/http.ts';

describe('user administration over HTTP', () => {
  let t: TestDatabase;
  let app: App;
  let admin: { authorization: string };
  let operator: { authorization: string };
  const clock = new ManualClock('2026-12-03T09:00:00Z');

  beforeAll(async () => {
    t = await createPgliteDatabase();
    app = await buildTestApp(t.db, clock);
    admin = await loginAs(app, t.db, clock, ['admin']);
    operator = await loginAs(app, t.db, clock, ['operator']);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const login = (username: string, password: string) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });

  it('the admin adds a user who then logs in with the password returned once', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin,
      payload: {
        username: 'lverdi',
        displayName: 'Luca Verdi',
        roles: ['backoffice'],
        operatorCode: 'OP-501',
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const { user, password } = res.json();
    expect(user).toMatchObject({
      username: 'lverdi',
      displayName: 'Luca Verdi',
      roles: ['backoffice'],
      active: true,
    });
    expect(JSON.stringify(user)).not.toMatch(/hash|argon/i);
    const me = await login('lverdi', password);
    expect(me.statusCode).toBe(200);
    expect(me.json().user).toMatchObject({
      username: 'lverdi',
      roles: ['backoffice'],
      operatorCode: 'OP-501',
    });

    const list = await app.inject({ method: 'GET', url: '/api/v1/users', headers: admin });
    expect(list.json().users.map((u: { username: string }) => u.username)).toContain('lverdi');

    // Audited with the admin as the actor.
    const adminId = (await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: admin })).json().id;
    const rows = await t.db
      .selectFrom('audit_event')
      .selectAll()
      .where('resource_id', '=', user.id)
      .execute();
    expect(rows).toMatchObject([{ action: 'create', resource_type: 'app_user', actor_id: adminId }]);
  });

  it('disable refuses the login and ends the session; enable and a password reset let the user in again', async () => {
    const { id } = (await app.inject({ method: 'GET', url: '/api/v1/users', headers: admin }))
      .json()
      .users.find((u: { username: string }) => u.username === 'lverdi');
    const disabled = await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${id}`,
      headers: admin,
      payload: { active: false },
    });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json()).toMatchObject({ active: false });
    const reset = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${id}/password-reset`,
      headers: admin,
    });
    expect(reset.statusCode).toBe(200);
    expect(reset.headers['cache-control']).toBe('no-store');
    const { password } = reset.json();
    expect((await login('lverdi', password)).statusCode).toBe(401);
    await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${id}`,
      headers: admin,
      payload: { active: true },
    });
    expect((await login('lverdi', password)).statusCode).toBe(200);

    const roles = await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${id}`,
      headers: admin,
      payload: { roles: ['operator', 'supervisor'] },
    });
    expect(roles.json()).toMatchObject({ roles: ['operator', 'supervisor'] });
    expect((await login('lverdi', password)).json().user.roles).toEqual(['operator', 'supervisor']);
  });

  it("sets, moves and clears an agent's phone (issue 15): one phone per agent, a dial string or nothing", async () => {
    const add = (username: string, phoneEndpoint?: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: admin,
        payload: {
          username,
          displayName: username,
          roles: ['operator'],
          ...(phoneEndpoint ? { phoneEndpoint } : {}),
        },
      });
    const a = await add('phone-a', 'PJSIP/agent201');
    expect(a.statusCode).toBe(201);
    expect(a.json().user.phoneEndpoint).toBe('PJSIP/agent201');
    const b = (await add('phone-b')).json().user;
    expect(b.phoneEndpoint).toBeNull();
    const patch = (id: string, phoneEndpoint: unknown) =>
      app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: admin, payload: { phoneEndpoint } });
    // Another agent's phone: refused on the field, nothing changed.
    const taken = await patch(b.id, 'PJSIP/agent201');
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.field).toBe('phoneEndpoint');
    // Not a dial string.
    const bad = await patch(b.id, 'agent 201; rm');
    expect(bad.statusCode).toBe(422);
    expect(JSON.stringify(bad.json())).toContain('phoneEndpoint');
    expect((await patch(b.id, 'PJSIP/agent202')).json().phoneEndpoint).toBe('PJSIP/agent202');
    expect((await patch(a.json().user.id, null)).json().phoneEndpoint).toBeNull();
    // Freed, the phone can go to someone else.
    expect((await patch(b.id, 'PJSIP/agent201')).json().phoneEndpoint).toBe('PJSIP/agent201');
    const list = (await app.inject({ method: 'GET', url: '/api/v1/users', headers: admin })).json().users;
    expect(list.find((u: { id: string }) => u.id === b.id).phoneEndpoint).toBe('PJSIP/agent201');
  });

  it('only an admin may manage users', async () => {
    // Valid bodies, so that only the role decides (validation may come first on some routes).
    for (const [method, url, payload] of [
      ['GET', '/api/v1/users', undefined],
      ['POST', '/api/v1/users', { username: 'x1', displayName: 'x', roles: ['admin'] }],
      ['PATCH', '/api/v1/users/00000000-0000-4000-8000-000000000000', { active: false }],
      ['POST', '/api/v1/users/00000000-0000-4000-8000-000000000000/password-reset', undefined],
    ] as const) {
      expect((await app.inject({ method, url, headers: operator, payload })).statusCode).toBe(403);
      expect((await app.inject({ method, url, payload })).statusCode).toBe(401);
    }
  });

  it('bad input gets a 4xx naming the field and adds nobody', async () => {
    const before = (await app.inject({ method: 'GET', url: '/api/v1/users', headers: admin })).json().users
      .length;
    const cases: [object, number, string][] = [
      [{ username: 'Bad Name', displayName: 'x', roles: ['operator'] }, 422, 'username'],
      [{ username: 'okname', displayName: 'x', roles: ['wizard'] }, 422, 'roles.0'],
      [{ username: 'okname', displayName: 'x', roles: [] }, 422, 'roles'],
      [{ username: 'lverdi', displayName: 'x', roles: ['operator'] }, 409, 'username'],
      [
        { username: 'okname', displayName: 'x', roles: ['operator'], operatorCode: 'OP-501' },
        409,
        'operatorCode',
      ],
    ];
    for (const [payload, status, field] of cases) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
      expect(res.json().error.field).toBe(field);
    }
    const unknown = await app.inject({
      method: 'PATCH',
      url: '/api/v1/users/00000000-0000-4000-8000-000000000000',
      headers: admin,
      payload: { active: false },
    });
    expect(unknown.statusCode).toBe(404);
    const notUuid = await app.inject({
      method: 'PATCH',
      url: '/api/v1/users/1',
      headers: admin,
      payload: { active: false },
    });
    expect(notUuid.statusCode).toBe(422);
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/users', headers: admin })).json().users,
    ).toHaveLength(before);
  });

  it('the routes are in the OpenAPI description', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/v1/users', '/api/v1/users/{id}', '/api/v1/users/{id}/password-reset']),
    );
    expect(
      spec.paths['/api/v1/users'].post.requestBody.content['application/json'].schema.properties.roles,
    ).toBeDefined();
  });

  it('a user changes their own password under the policy', async () => {
    const { password } = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: admin,
        payload: { username: 'gsumma', displayName: 'G. Summa', roles: ['operator'] },
      })
    ).json();
    const token = (await login('gsumma', password)).json().token;
    const change = (currentPassword: string, newPassword: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers: { authorization: `Bearer ${token}` },
        payload: { currentPassword, newPassword },
      });
    const cases: [string, string, string][] = [
      ['wrong-current-pass', 'cavallo-nuvola-17', 'currentPassword'],
      [password, 'corto', 'newPassword'],
      [password, 'gsumma-2026-abc', 'newPassword'],
      [password, 'Password2024!', 'newPassword'],
      [password, password, 'newPassword'],
    ];
    for (const [current, next, field] of cases) {
      const res = await change(current, next);
      expect(res.statusCode, next).toBe(422);
      expect(res.json().error.field).toBe(field);
    }
    expect((await login('gsumma', password)).statusCode).toBe(200);
    expect((await change(password, 'cavallo-nuvola-17')).statusCode).toBe(204);
    expect((await login('gsumma', password)).statusCode).toBe(401);
    expect((await login('gsumma', 'cavallo-nuvola-17')).statusCode).toBe(200);
  });

  it('gives the logged-in user the operator code as callers hear it, the one way screens show it', async () => {
    const me = (await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: operator })).json();
    // loginAs gives operator codes like "OP12": callers hear the digits.
    expect(me.operatorCode).toMatch(/^OP\d+$/);
    expect(me.announcedCode).toBe(me.operatorCode.slice(2).padStart(2, '0'));
    const adminMe = (await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: admin })).json();
    expect(adminMe.announcedCode === null || /^\d{2,8}$/.test(adminMe.announcedCode)).toBe(true);
  });
});
