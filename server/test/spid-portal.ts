import { buildApp } from '../src/app.ts';
import { systemClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import type { Db } from '../src/platform/db.ts';
import { createLogger } from '../src/platform/logger.ts';
import { authenticateAtProvider } from './oidc-provider.ts';
import { federateProvider, startTrustAnchor } from './spid-federation.ts';
import { FISCAL_NUMBER, relyingPartyKeys, startSpidProvider } from './spid-provider.ts';

const SPID_CLIENT_ID = 'https://portale.example.it';
const SPID_REDIRECT = 'http://127.0.0.1:3999/api/v1/portal/spid/callback';

const cookieOf = (setCookie: string | string[] | undefined, name: string) =>
  ([setCookie ?? []].flat().find((c) => c.startsWith(`${name}=`)) ?? '')
    .split(';')[0]!
    .slice(name.length + 1);

/**
 * The server with citizens' SPID/CIE login against a provider on the loopback (real clock: the provider's
 * tokens carry real times), and `signIn`, which takes a person through the login as a browser would.
 */
export async function startSpidPortal(db: Db, opts: { federation?: boolean } = {}) {
  const keys = await relyingPartyKeys();
  const provider = await startSpidProvider({ clientId: SPID_CLIENT_ID, redirectUri: SPID_REDIRECT, keys });
  // With `federation`, the provider is trusted through a trust anchor on the loopback (spid-federation.ts).
  const anchor = opts.federation ? await startTrustAnchor() : null;
  const member = anchor ? await federateProvider(provider, anchor) : null;
  const app = await buildApp({
    db,
    dbKind: 'pglite',
    clock: systemClock,
    config: loadConfig({ JOBS: 'off', LOG_LEVEL: 'silent' }),
    log: createLogger('silent'),
    citizenOidc: {
      issuer: new URL(provider.issuer),
      clientId: SPID_CLIENT_ID,
      redirectUri: new URL(SPID_REDIRECT),
      acr: 'https://www.spid.gov.it/SpidL2',
      keys,
      authorityHints: ['https://registry.spid.gov.it'],
      trustMarks: [],
      organizationName: 'Regione di prova',
      contacts: ['cup@pec.regione.example.it'],
      trustAnchor: anchor ? { entityId: anchor.entityId, jwks: anchor.publicJwks } : null,
    },
  });
  await app.ready();
  async function signIn(subject: string) {
    provider.next = subject;
    const start = await app.inject({ method: 'GET', url: '/api/v1/portal/spid/login' });
    if (start.statusCode !== 302) throw new Error(`login start answered ${start.statusCode}`);
    const location = new URL(String(start.headers.location));
    const binding = cookieOf(start.headers['set-cookie'], 'sportello_portal_login');
    const returned = await authenticateAtProvider(location.href, SPID_REDIRECT);
    const back = await app.inject({
      method: 'GET',
      url: `/api/v1/portal/spid/callback${returned.search}`,
      cookies: { sportello_portal_login: binding },
    });
    return { location, back, session: cookieOf(back.headers['set-cookie'], 'sportello_portal') };
  }
  let subjects = 0;
  /**
   * Logs a person of the registry in with SPID and returns a caller with their session cookie (kept as the
   * server changes it), and `claims`, the session's claims as the cookie carries them.
   */
  async function citizen(p: { fiscalCode: string; givenName: string; familyName: string }) {
    const subject = `pairwise-c${++subjects}`;
    provider.accounts.set(subject, {
      [FISCAL_NUMBER]: `TINIT-${p.fiscalCode}`,
      given_name: p.givenName,
      family_name: p.familyName,
    });
    const { session } = await signIn(subject);
    if (!session) throw new Error('the SPID login gave no session');
    let cookie = session;
    const call = async (method: 'GET' | 'POST', url: string, payload?: object) => {
      const res = await app.inject({
        method,
        url,
        cookies: { sportello_portal: cookie },
        ...(method === 'POST'
          ? {
              payload: payload ?? {},
              headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' },
            }
          : {}),
      });
      const next = cookieOf(res.headers['set-cookie'], 'sportello_portal');
      if (next) cookie = next;
      return res;
    };
    // The cookie's body is base64url JSON, then the MAC.
    const claims = () => JSON.parse(Buffer.from(cookie.split('.')[0]!, 'base64url').toString('utf8'));
    return Object.assign(call, { claims });
  }
  return {
    app,
    provider,
    anchor,
    member,
    keys,
    clientId: SPID_CLIENT_ID,
    redirectUri: SPID_REDIRECT,
    signIn,
    citizen,
    cookieOf,
    close: async () => {
      await app.close();
      await provider.close();
      await anchor?.close();
    },
  };
}
