import { compactVerify, importJWK, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteDatabase, type TestDatabase } from '../../../test/databases.ts';
import {
  context,
  makeAgenda,
  makeFacility,
  makePatient,
  makePrescription,
  makeService,
} from '../../../test/factories.ts';
import { federateProvider } from '../../../test/spid-federation.ts';
import { startSpidPortal } from '../../../test/spid-portal.ts';
import { FISCAL_NUMBER, type SpidTestProvider } from '../../../test/spid-provider.ts';
import { systemClock } from '../../platform/clock.ts';
import type { App } from '../../platform/http.ts';
import { bookAppointment, findAvailability } from '../booking/index.ts';
import { buildFiscalCode } from '../registry/index.ts';
import { atHash, checkAtHash, fiscalCodeOf, publicJwk } from './adapters/citizen-oidc.ts';

// Issue 13 §3: citizens' SPID/CIE login against a real OpenID provider on the loopback, configured as the
// Italian profile asks (signed request object, PKCE, private_key_jwt, acr, encrypted signed userinfo).

// One database for both suites below: each starts its own server and provider on it.
let t: TestDatabase;
beforeAll(async () => {
  t = await createPgliteDatabase();
});
afterAll(async () => {
  await t?.drop();
});

describe('SPID/CIE login for citizens', () => {
  let portal: Awaited<ReturnType<typeof startSpidPortal>>;
  let app: App;
  let provider: SpidTestProvider;
  let keys: { sig: JWK; enc: JWK; fed: JWK };
  let CLIENT_ID: string;
  let REDIRECT: string;

  beforeAll(async () => {
    portal = await startSpidPortal(t.db);
    ({ app, provider, keys, clientId: CLIENT_ID, redirectUri: REDIRECT } = portal);
  });
  afterAll(async () => {
    await portal?.close();
  });

  const signIn = (subject: string) => portal.signIn(subject);

  it('sends a signed request object with PKCE S256, acr_values, 32+ character state and nonce', async () => {
    const start = await app.inject({ method: 'GET', url: '/api/v1/portal/spid/login' });
    const url = new URL(String(start.headers.location));
    expect(url.origin).toBe(provider.issuer);
    expect(url.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(url.searchParams.get('scope')).toBe('openid');
    expect(url.searchParams.get('response_type')).toBe('code');
    const { payload, protectedHeader } = await compactVerify(
      url.searchParams.get('request')!,
      await importJWK(publicJwk(keys.sig), 'RS256'),
    );
    expect(protectedHeader).toMatchObject({ alg: 'RS256', kid: 'sig' });
    const jar = JSON.parse(new TextDecoder().decode(payload));
    expect(jar).toMatchObject({
      iss: CLIENT_ID,
      aud: provider.issuer,
      client_id: CLIENT_ID,
      response_type: 'code',
      scope: 'openid',
      code_challenge_method: 'S256',
      redirect_uri: REDIRECT,
      prompt: 'consent login',
      acr_values: 'https://www.spid.gov.it/SpidL2 https://www.spid.gov.it/SpidL3',
    });
    expect(jar.state).toMatch(/^[A-Za-z0-9]{32,}$/);
    expect(jar.nonce).toMatch(/^[A-Za-z0-9]{32,}$/);
    expect(jar.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('logs the person in by fiscal number and shows every booking, prescription and payment', async () => {
    const patient = await makePatient(t.db);
    const service = await makeService(t.db);
    const place = await makeFacility(t.db);
    await makeAgenda(t.db, systemClock, { place, services: [service.code] });
    const p = await makePrescription(t.db, {
      patient,
      services: [service.code],
      priority: 'P',
      issuedOn: new Date().toISOString().slice(0, 10),
    });
    const ctx = context(systemClock);
    const slot = (await findAvailability(t.db, ctx, { service: service.code, limit: 1 })).items[0]!;
    const { appointment } = await bookAppointment(
      t.db,
      ctx,
      { nre: p.nre, fiscalCode: p.fiscalCode, itemIndex: 1, slotId: slot.slotId, channel: 'phone' },
      { holdTtlSeconds: 300 },
    );
    provider.accounts.set('pairwise-1', {
      [FISCAL_NUMBER]: `TINIT-${patient.fiscalCode}`,
      given_name: patient.givenName,
      family_name: patient.familyName,
    });
    provider.acr = 'https://www.spid.gov.it/SpidL2';
    const { back, session } = await signIn('pairwise-1');
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toBe('/portale/area-personale');
    expect(session).not.toBe('');
    const me = await app.inject({
      method: 'GET',
      url: '/api/v1/portal/me',
      cookies: { sportello_portal: session },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      person: { familyName: patient.familyName, level: 'https://www.spid.gov.it/SpidL2' },
      bookings: [{ code: appointment.code, channel: 'phone' }],
      prescriptions: [{ nre: p.nre }],
    });
    const trail = await t.db
      .selectFrom('audit_event')
      .select(['purpose', 'actor_role', 'channel'])
      .where('patient_id', '=', patient.id)
      .where('purpose', 'like', 'SPID/CIE login%')
      .execute();
    expect(trail).toEqual([
      { purpose: 'SPID/CIE login (https://www.spid.gov.it/SpidL2)', actor_role: 'citizen', channel: 'web' },
    ]);
  });

  it('refuses a login below the level asked for, and a person unknown to the registry gets no session', async () => {
    const patient = await makePatient(t.db);
    provider.accounts.set('pairwise-2', { [FISCAL_NUMBER]: `TINIT-${patient.fiscalCode}` });
    provider.acr = 'https://www.spid.gov.it/SpidL1';
    const low = await signIn('pairwise-2');
    expect(low.back.headers.location).toBe('/portale/area-personale?esito=accesso-non-riuscito');
    expect(low.session).toBe('');
    provider.acr = 'https://www.spid.gov.it/SpidL3';
    const stranger = buildFiscalCode({
      familyName: 'Zyxwv',
      givenName: 'Qjkl',
      birthDate: '1980-01-01',
      sex: 'M',
      municipalityCode: 'H501',
    });
    provider.accounts.set('pairwise-3', { [FISCAL_NUMBER]: `TINIT-${stranger}` });
    const unknown = await signIn('pairwise-3');
    expect(unknown.back.headers.location).toBe('/portale/area-personale?esito=nessuna-prenotazione');
    expect(unknown.session).toBe('');
  });

  it('refuses a callback without its signed login cookie, and the personal area without a SPID session', async () => {
    const forged = await app.inject({ method: 'GET', url: '/api/v1/portal/spid/callback?code=x&state=y' });
    expect(forged.headers.location).toBe('/portale/area-personale?esito=sessione-scaduta');
    expect((await app.inject({ method: 'GET', url: '/api/v1/portal/me' })).statusCode).toBe(401);
  });

  it('publishes its entity configuration signed with the federation key', async () => {
    const res = await app.inject({ method: 'GET', url: '/.well-known/openid-federation' });
    expect(res.headers['content-type']).toContain('application/entity-statement+jwt');
    const { payload, protectedHeader } = await compactVerify(
      res.body,
      await importJWK(publicJwk(keys.fed), 'RS256'),
    );
    expect(protectedHeader).toMatchObject({ alg: 'RS256', kid: 'fed', typ: 'entity-statement+jwt' });
    const ec = JSON.parse(new TextDecoder().decode(payload));
    expect(ec).toMatchObject({
      iss: CLIENT_ID,
      sub: CLIENT_ID,
      authority_hints: ['https://registry.spid.gov.it'],
    });
    expect(ec.exp - ec.iat).toBe(86_400);
    const rp = ec.metadata.openid_relying_party;
    expect(rp).toMatchObject({
      client_id: CLIENT_ID,
      token_endpoint_auth_method: 'private_key_jwt',
      client_registration_types: ['automatic'],
      userinfo_encrypted_response_alg: 'RSA-OAEP',
    });
    // The OIDC keys and the federation key are different; no private part is published.
    expect(rp.jwks.keys.map((k: JWK) => k.kid)).toEqual(['sig', 'enc']);
    expect(ec.jwks.keys.map((k: JWK) => k.kid)).toEqual(['fed']);
    expect(JSON.stringify(ec)).not.toContain('"d":');
  });

  it('checks at_hash as OIDC Core computes it and reads the fiscal number claim', () => {
    // OIDC Core's example (A.3): access token "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y" → at_hash "77QmUPtjPfzWtF2AnpK9RQ".
    expect(atHash('jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y')).toBe('77QmUPtjPfzWtF2AnpK9RQ');
    expect(() =>
      checkAtHash('77QmUPtjPfzWtF2AnpK9RQ', 'jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y'),
    ).not.toThrow();
    expect(() => checkAtHash('77QmUPtjPfzWtF2AnpK9RQ', 'another-access-token')).toThrow(/at_hash/);
    // The local provider, like OIDC Core's code flow, may leave it out of the token endpoint's ID token.
    expect(() => checkAtHash(undefined, 'any')).not.toThrow();
    expect(fiscalCodeOf('TINIT-rssmra85t10a562s')).toBe('RSSMRA85T10A562S');
    expect(fiscalCodeOf('TINIT-123')).toBeNull();
    expect(fiscalCodeOf(undefined)).toBeNull();
  });
});

// The same login when the provider is trusted through the federation's trust anchor (SPID/CIE
// "Metadata retrieval"): its discovery document does not answer; its metadata and keys come from the chain.
describe('SPID/CIE login through the trust chain', () => {
  let portal: Awaited<ReturnType<typeof startSpidPortal>>;

  beforeAll(async () => {
    portal = await startSpidPortal(t.db, { federation: true });
  });
  afterAll(async () => {
    await portal?.close();
  });

  it('sends the citizen back with the reason when the chain does not hold, and recovers when it does', async () => {
    // First, before any chain is resolved (a resolved one is kept until it expires).
    portal.anchor!.state.subordinates.delete(portal.provider.issuer);
    const refused = await portal.app.inject({ method: 'GET', url: '/api/v1/portal/spid/login' });
    expect(refused.statusCode).toBe(303);
    expect(refused.headers.location).toBe('/portale/area-personale?esito=servizio-non-disponibile');
    expect(refused.headers['set-cookie']).toBeUndefined();
    await federateProvider(portal.provider, portal.anchor!);
    const again = await portal.app.inject({ method: 'GET', url: '/api/v1/portal/spid/login' });
    expect(again.statusCode).toBe(302);
    expect(new URL(String(again.headers.location)).origin).toBe(portal.provider.issuer);
  });

  it('logs a person in with the metadata and keys the chain vouches for', async () => {
    expect(portal.provider.discovery).toBe(false);
    const patient = await makePatient(t.db);
    portal.provider.accounts.set('fed-1', { [FISCAL_NUMBER]: `TINIT-${patient.fiscalCode}` });
    portal.provider.acr = 'https://www.spid.gov.it/SpidL2';
    const { location, back, session } = await portal.signIn('fed-1');
    expect(location.origin).toBe(portal.provider.issuer);
    expect(back.headers.location).toBe('/portale/area-personale');
    expect(session).not.toBe('');
    const requests = portal.anchor!.state.requests;
    expect(requests).toContain(`/fetch?sub=${encodeURIComponent(portal.provider.issuer)}`);
  });
});
