import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS, type TestDatabase } from '../../../../test/databases.ts';
import {
  authenticateAtProvider,
  startTestProvider,
  type TestProvider,
} from '../../../../test/oidc-provider.ts';
import { buildApp } from '../../../app.ts';
import { systemClock } from '../../../platform/clock.ts';
import { loadConfig } from '../../../platform/config.ts';
import { systemContext } from '../../../platform/context.ts';
import type { App } from '../../../platform/http.ts';
import { createLogger } from '../../../platform/logger.ts';
import * as users from '../users/users.service.ts';

// Single sign-on against a real OpenID provider on the loopback: the whole code flow through the server.
const REDIRECT = 'http://127.0.0.1:3999/api/v1/auth/oidc/callback';

async function ssoApp(
  db: TestDatabase['db'],
  provider: TestProvider,
  env: Record<string, string>,
): Promise<App> {
  const config = loadConfig({
    JOBS: 'off',
    LOG_LEVEL: 'silent',
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: provider.clientId,
    OIDC_CLIENT_SECRET: provider.clientSecret,
    OIDC_REDIRECT_URI: REDIRECT,
    OIDC_SCOPES: 'openid profile email groups',
    ...env,
  });
  // The real clock: the provider's tokens carry real times, which openid-client checks.
  const app = await buildApp({
    db,
    dbKind: 'pglite',
    clock: systemClock,
    config,
    log: createLogger('silent'),
  });
  await app.ready();
  return app;
}

const cookieOf = (setCookie: string | string[] | undefined, name: string) =>
  ([setCookie ?? []].flat().find((c) => c.startsWith(`${name}=`)) ?? '')
    .split(';')[0]!
    .slice(name.length + 1);

describe.each(DRIVERS)('single sign-on on $name', ({ create }) => {
  let t: TestDatabase;
  let provider: TestProvider;
  let app: App;
  let local: App;

  beforeAll(async () => {
    t = await create();
    provider = await startTestProvider(REDIRECT);
    app = await ssoApp(t.db, provider, {
      OIDC_ROLES_CLAIM: 'groups',
      OIDC_ROLE_MAP: 'cup-operatori=operator,cup-backoffice=backoffice,cup-amministratori=admin',
    });
    local = await ssoApp(t.db, provider, {});
  });
  afterAll(async () => {
    await app?.close();
    await local?.close();
    await provider?.close();
    await t?.drop();
  });

  /** The browser's start: our login route, which sends it to the provider with a binding cookie. */
  async function start(server = app) {
    const res = await server.inject({ method: 'GET', url: '/api/v1/auth/oidc/login' });
    expect(res.statusCode).toBe(302);
    const binding = cookieOf(res.headers['set-cookie'], 'sportello_sso');
    expect(binding).not.toBe('');
    return { authorizationUrl: String(res.headers.location), binding };
  }

  async function callback(returned: URL, binding: string, server = app) {
    const res = await server.inject({
      method: 'GET',
      url: `/api/v1/auth/oidc/callback${returned.search}`,
      cookies: { sportello_sso: binding },
    });
    expect(res.statusCode).toBe(303);
    return {
      location: String(res.headers.location),
      session: cookieOf(res.headers['set-cookie'], 'sportello_session'),
      res,
    };
  }

  /** The whole round trip as `subject`. */
  async function signIn(subject: string, server = app) {
    provider.next = subject;
    const { authorizationUrl, binding } = await start(server);
    const returned = await authenticateAtProvider(authorizationUrl, REDIRECT);
    return callback(returned, binding, server);
  }

  const me = (session: string, server = app) =>
    server.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { sportello_session: session } });

  it('the login page is told single sign-on is on', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/auth/providers' });
    expect(res.json()).toEqual({ password: true, singleSignOn: { loginUrl: '/api/v1/auth/oidc/login' } });
  });

  it('sends the browser to the provider with PKCE (S256), state and nonce', async () => {
    const { authorizationUrl } = await start();
    const url = new URL(authorizationUrl);
    expect(url.origin).toBe(provider.issuer);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: 'sportello',
      response_type: 'code',
      redirect_uri: REDIRECT,
      code_challenge_method: 'S256',
      scope: 'openid profile email groups',
    });
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('state')!.length).toBeGreaterThanOrEqual(32);
    expect(url.searchParams.get('nonce')!.length).toBeGreaterThanOrEqual(32);
  });

  it('creates the user on first login with the role mapped from the claim; the session is the local cookie', async () => {
    provider.accounts.set('sub-anna', {
      preferred_username: 'anna.rossi',
      name: 'Anna Rossi',
      groups: ['cup-operatori', 'altro'],
    });
    const { location, session, res } = await signIn('sub-anna');
    expect(location).toBe('/');
    const cookie = [res.headers['set-cookie']].flat().find((c) => c?.startsWith('sportello_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const who = await me(session);
    expect(who.statusCode).toBe(200);
    expect(who.json()).toMatchObject({ username: 'anna.rossi', roles: ['operator'] });
    const row = await users.getUser(t.db, { username: 'anna.rossi' });
    expect(row).toMatchObject({ displayName: 'Anna Rossi', singleSignOn: true, active: true });
    const audit = await t.db
      .selectFrom('audit_event')
      .selectAll()
      .where('resource_id', '=', row.id)
      .execute();
    expect(audit).toMatchObject([{ action: 'create', resource_type: 'app_user', purpose: 'single sign-on' }]);

    // Next time: the same user (by subject), roles refreshed from the claim.
    provider.accounts.set('sub-anna', { preferred_username: 'anna.rossi', groups: ['cup-backoffice'] });
    const again = await signIn('sub-anna');
    expect((await me(again.session)).json()).toMatchObject({ id: row.id, roles: ['backoffice'] });
  });

  it('links an existing local account by username on first login', async () => {
    const ctx = systemContext(systemClock, 'test');
    const { user } = await users.addUser(t.db, ctx, {
      username: 'lbianchi',
      displayName: 'L. Bianchi',
      roles: ['supervisor'],
    });
    provider.accounts.set('sub-luca', { preferred_username: 'LBianchi', groups: ['cup-amministratori'] });
    const { session } = await signIn('sub-luca');
    expect((await me(session)).json()).toMatchObject({ id: user.id, username: 'lbianchi', roles: ['admin'] });
    expect((await users.getUser(t.db, { id: user.id })).singleSignOn).toBe(true);
  });

  it('refuses an account whose claim carries no known role, and creates nobody', async () => {
    provider.accounts.set('sub-ospite', { preferred_username: 'ospite', groups: ['visitatori'] });
    const { location, session } = await signIn('sub-ospite');
    expect(location).toBe('/login?sso=no-role');
    expect(session).toBe('');
    await expect(users.getUser(t.db, { username: 'ospite' })).rejects.toThrow('user not found');
  });

  it('refuses a disabled user', async () => {
    provider.accounts.set('sub-dis', { preferred_username: 'disabilitato', groups: ['cup-operatori'] });
    expect((await signIn('sub-dis')).location).toBe('/');
    const user = await users.getUser(t.db, { username: 'disabilitato' });
    await users.setActive(t.db, systemContext(systemClock, 'test'), user.id, false);
    const { location, session } = await signIn('sub-dis');
    expect(location).toBe('/login?sso=disabled');
    expect(session).toBe('');
  });

  it('checks the state: a code brought back in another login attempt is refused, and a callback works once', async () => {
    provider.accounts.set('sub-st', { preferred_username: 'stato', groups: ['cup-operatori'] });
    provider.next = 'sub-st';
    const a = await start();
    const b = await start();
    const returnedA = await authenticateAtProvider(a.authorizationUrl, REDIRECT);
    const crossed = await callback(returnedA, b.binding);
    expect(crossed.location).toBe('/login?sso=failed');
    expect(crossed.session).toBe('');
    const noCookie = await app.inject({
      method: 'GET',
      url: `/api/v1/auth/oidc/callback${returnedA.search}`,
    });
    expect(noCookie.headers.location).toBe('/login?sso=expired');
    // A's own binding still works once, then never again.
    expect((await callback(returnedA, a.binding)).location).toBe('/');
    expect((await callback(returnedA, a.binding)).location).toBe('/login?sso=expired');
  });

  it('checks the nonce of the ID token', async () => {
    provider.next = 'sub-st';
    const a = await start();
    const returned = await authenticateAtProvider(a.authorizationUrl, REDIRECT);
    await t.db
      .updateTable('oidc_login')
      .set({ nonce: 'x'.repeat(43) })
      .execute();
    const { location, session } = await callback(returned, a.binding);
    expect(location).toBe('/login?sso=failed');
    expect(session).toBe('');
  });

  it('sends the PKCE verifier: with a wrong one the provider refuses the code', async () => {
    provider.next = 'sub-st';
    const a = await start();
    const returned = await authenticateAtProvider(a.authorizationUrl, REDIRECT);
    await t.db
      .updateTable('oidc_login')
      .set({ code_verifier: 'w'.repeat(43) })
      .execute();
    const { location, session } = await callback(returned, a.binding);
    expect(location).toBe('/login?sso=failed');
    expect(session).toBe('');
  });

  it('with local role assignment, a new user waits for an admin to give a role', async () => {
    provider.accounts.set('sub-nuovo', { preferred_username: 'nuovo', groups: ['cup-amministratori'] });
    const first = await signIn('sub-nuovo', local);
    expect(first.location).toBe('/login?sso=no-role');
    const user = await users.getUser(t.db, { username: 'nuovo' });
    expect(user).toMatchObject({ roles: [], singleSignOn: true });
    await users.setRoles(t.db, systemContext(systemClock, 'test'), user.id, ['supervisor']);
    const second = await signIn('sub-nuovo', local);
    // The claim's groups are ignored: the roles are the local ones.
    expect((await me(second.session, local)).json()).toMatchObject({
      username: 'nuovo',
      roles: ['supervisor'],
    });
  });
});

describe('single sign-on not configured', () => {
  it('the providers route says so and the login route is 404', async () => {
    const { createPgliteDatabase } = await import('../../../../test/databases.ts');
    const t = await createPgliteDatabase();
    const config = loadConfig({ JOBS: 'off', LOG_LEVEL: 'silent' });
    const app = await buildApp({
      db: t.db,
      dbKind: 'pglite',
      clock: systemClock,
      config,
      log: createLogger('silent'),
    });
    try {
      expect((await app.inject({ method: 'GET', url: '/api/v1/auth/providers' })).json()).toEqual({
        password: true,
        singleSignOn: null,
      });
      expect((await app.inject({ method: 'GET', url: '/api/v1/auth/oidc/login' })).statusCode).toBe(404);
    } finally {
      await app.close();
      await t.drop();
    }
  });
});
