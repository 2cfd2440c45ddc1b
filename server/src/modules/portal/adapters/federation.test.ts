import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  federateProvider,
  startTrustAnchor,
  type TrustAnchorPeer,
} from '../../../../test/spid-federation.ts';
import {
  relyingPartyKeys,
  type SpidTestProvider,
  startSpidProvider,
} from '../../../../test/spid-provider.ts';
import { CitizenOidc } from './citizen-oidc.ts';
import { FederationError, resolveProvider, type TrustAnchor } from './federation.ts';

// SEC-2, the SPID/CIE federation: a relying party trusts a provider only through the trust anchor whose
// keys it holds. Against real peers on the loopback: a trust anchor with a fetch endpoint, and a real
// OpenID provider (oidc-provider) publishing its entity configuration, its discovery document turned off.

const L1 = 'https://www.spid.gov.it/SpidL1';
const L2 = 'https://www.spid.gov.it/SpidL2';
const L3 = 'https://www.spid.gov.it/SpidL3';

describe('the trust chain from a SPID provider to the trust anchor', () => {
  let provider: SpidTestProvider;
  let ta: TrustAnchorPeer;
  let member: Awaited<ReturnType<typeof federateProvider>>;
  let anchor: TrustAnchor;
  let keys: Awaited<ReturnType<typeof relyingPartyKeys>>;
  let discovered: Record<string, unknown>;

  beforeAll(async () => {
    keys = await relyingPartyKeys();
    provider = await startSpidProvider({
      clientId: 'https://portale.example.it',
      redirectUri: 'http://127.0.0.1:3999/cb',
      keys,
    });
    discovered = (await (
      await fetch(`${provider.issuer}/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    ta = await startTrustAnchor();
    anchor = { entityId: ta.entityId, jwks: ta.publicJwks };
  });
  afterAll(async () => {
    await provider?.close();
    await ta?.close();
  });
  beforeEach(async () => {
    ta.state.revoked.clear();
    ta.state.statusFormat = 'json';
    ta.state.statusEndpoint = true;
    ta.state.trustMarkIssuers = { [ta.providerMark]: [ta.entityId] };
    member = await federateProvider(provider, ta);
    ta.state.requests.length = 0;
  });

  /** The portal's relying party with this federation's anchor. */
  const relyingParty = (options: ConstructorParameters<typeof CitizenOidc>[1] = {}) =>
    new CitizenOidc(
      {
        issuer: new URL(provider.issuer),
        clientId: 'https://portale.example.it',
        redirectUri: new URL('http://127.0.0.1:3999/cb'),
        acr: L2,
        keys,
        authorityHints: [ta.entityId],
        trustMarks: [],
        organizationName: 'Regione di prova',
        contacts: [],
        trustAnchor: anchor,
      },
      options,
    );
  const resolve = (now = new Date()) => resolveProvider(provider.issuer, anchor, now);
  const refusal = async (now?: Date) => {
    const e = await resolve(now).then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(FederationError);
    return (e as Error).message;
  };

  it("resolves the provider's metadata through the anchor, keys inline, until the earliest expiry", async () => {
    member.state.ttlSeconds = 600;
    const before = Math.floor(Date.now() / 1000);
    const r = await resolve();
    expect(r.entityId).toBe(provider.issuer);
    expect(r.metadata).toMatchObject({
      issuer: provider.issuer,
      authorization_endpoint: discovered.authorization_endpoint,
      token_endpoint: discovered.token_endpoint,
      userinfo_endpoint: discovered.userinfo_endpoint,
    });
    expect((r.metadata.jwks as { keys: { kid: string }[] }).keys.map((k) => k.kid)).toEqual(['op-sig']);
    expect(r.metadata.jwks_uri).toBeUndefined();
    // The provider's configuration (600 s) expires before the anchor's statements (3600 s).
    const exp = r.expiresAt.getTime() / 1000;
    expect(exp).toBeGreaterThanOrEqual(before + 600);
    expect(exp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 600);
    expect(r.chain).toHaveLength(3);
    // Its trust mark, issued by the anchor, checked against the anchor's status endpoint.
    expect(r.trustMarks).toEqual([{ id: ta.providerMark, issuer: ta.entityId, status: 'active' }]);
    expect(ta.state.requests).toEqual([
      '/.well-known/openid-federation',
      `/fetch?sub=${encodeURIComponent(provider.issuer)}`,
      'POST /trust_mark_status',
    ]);
  });

  describe('trust marks (required in SPID and CIE)', () => {
    const mark = async (over: Parameters<typeof ta.trustMark>[1] = {}, sub = provider.issuer) => ({
      id: over.id ?? ta.providerMark,
      trust_mark: await ta.trustMark(sub, over),
    });

    it('refuses a provider carrying none the anchor recognises', async () => {
      member.state.trustMarks = [];
      expect(await refusal()).toBe(
        `the provider's configuration carries no trust mark the trust anchor recognises (${ta.providerMark})`,
      );
      // A mark of an id the anchor does not list is not recognisable: the same refusal.
      member.state.trustMarks = [await mark({ id: 'https://elsewhere.example/openid_provider/public/' })];
      expect(await refusal()).toMatch(/carries no trust mark the trust anchor recognises/);
    });

    it('refuses a mark not signed by its issuer, about another entity, expired, or from an issuer not allowed', async () => {
      const stranger = await ta.stranger();
      member.state.trustMarks = [await mark({ key: stranger })];
      expect(await refusal()).toMatch(/^the provider's trust mark .*: signature verification failed$/);
      member.state.trustMarks = [await mark({}, 'https://altro-idp.example.it')];
      expect(await refusal()).toMatch(/^the provider's trust mark .*: unexpected "sub" claim value$/);
      member.state.trustMarks = [await mark({ exp: Math.floor(Date.now() / 1000) - 3600 })];
      expect(await refusal()).toMatch(/^the provider's trust mark .*: "exp" claim timestamp check failed$/);
      // The provider vouching for itself: not an issuer the anchor allows for the provider's mark.
      member.state.trustMarks = [await mark({ iss: provider.issuer })];
      expect(await refusal()).toBe(
        `the provider's trust mark ${ta.providerMark}: issued by ${provider.issuer}, which the trust anchor does not allow for it`,
      );
    });

    it('refuses a mark its issuer revoked, whether the status comes as JSON or as a signed response', async () => {
      ta.state.revoked.add(member.state.trustMarks[0]!.trust_mark as string);
      expect(await refusal()).toBe(
        `the provider's trust mark ${ta.providerMark}: its issuer says it is no longer active (revoked)`,
      );
      ta.state.statusFormat = 'jwt';
      expect(await refusal()).toMatch(/no longer active/);
      ta.state.revoked.clear();
      expect((await resolve()).trustMarks).toEqual([
        { id: ta.providerMark, issuer: ta.entityId, status: 'active' },
      ]);
    });

    it('checks a mark issued by an intermediary the anchor allows: its key through the anchor, its own status', async () => {
      const sa = await ta.addIntermediary();
      try {
        ta.state.trustMarkIssuers = { [ta.providerMark]: [ta.entityId, sa.entityId] };
        const issued = await mark({ iss: sa.entityId, key: sa.key });
        member.state.trustMarks = [issued];
        ta.state.requests.length = 0;
        expect((await resolve()).trustMarks).toEqual([
          { id: ta.providerMark, issuer: sa.entityId, status: 'active' },
        ]);
        expect(ta.state.requests).toEqual(
          expect.arrayContaining([
            `/fetch?sub=${encodeURIComponent(sa.entityId)}`,
            '/sa/.well-known/openid-federation',
            'POST /sa/trust_mark_status',
          ]),
        );
        sa.revoked.add(issued.trust_mark);
        expect(await refusal()).toMatch(/no longer active/);
        // The intermediary's key no longer vouched for by the anchor: its mark is not believed.
        sa.revoked.clear();
        ta.state.subordinates.set(sa.entityId, { jwks: { keys: [] } });
        expect(await refusal()).toBe(
          `the trust anchor's statement about the trust mark issuer ${sa.entityId}: no federation keys (jwks)`,
        );
      } finally {
        ta.state.intermediary = null;
        ta.state.subordinates.delete(sa.entityId);
      }
    });

    it('accepts a valid mark without asking when its issuer publishes no status endpoint', async () => {
      ta.state.statusEndpoint = false;
      expect((await resolve()).trustMarks).toEqual([
        { id: ta.providerMark, issuer: ta.entityId, status: 'not-checked' },
      ]);
      expect(ta.state.requests.filter((r) => r.startsWith('POST'))).toEqual([]);
    });
  });

  it("applies the anchor's metadata policy and its own metadata", async () => {
    ta.state.subordinates.set(provider.issuer, {
      ...ta.state.subordinates.get(provider.issuer)!,
      policy: {
        acr_values_supported: { subset_of: [L2, L3] },
        token_endpoint_auth_methods_supported: { superset_of: ['private_key_jwt'] },
      },
      metadata: { op_policy_uri: 'https://registry.example.it/idp/policy' },
    });
    const r = await resolve();
    expect(discovered.acr_values_supported).toEqual([L1, L2, L3]);
    expect(r.metadata.acr_values_supported).toEqual([L2, L3]);
    expect(r.metadata.op_policy_uri).toBe('https://registry.example.it/idp/policy');
  });

  it('refuses a provider the policy rejects, naming the parameter', async () => {
    ta.state.subordinates.set(provider.issuer, {
      ...ta.state.subordinates.get(provider.issuer)!,
      policy: { token_endpoint_auth_methods_supported: { superset_of: ['tls_client_auth'] } },
    });
    expect(await refusal()).toBe(
      'the trust anchor\'s policy refuses the provider: token_endpoint_auth_methods_supported: lacks ["tls_client_auth"]',
    );
  });

  it("refuses an anchor configuration not signed with the anchor's key held out of band", async () => {
    const genuine = ta.state.signingKey;
    ta.state.signingKey = await ta.stranger();
    try {
      expect(await refusal()).toMatch(/^the trust anchor's configuration: signature verification failed/);
    } finally {
      ta.state.signingKey = genuine;
    }
  });

  it('refuses a provider the anchor has no statement about', async () => {
    ta.state.subordinates.delete(provider.issuer);
    expect(await refusal()).toMatch(
      /^the trust anchor's statement about the provider: .*\/fetch\?sub=.* answered 404$/,
    );
  });

  it('refuses a provider configuration signed with a key the anchor does not vouch for', async () => {
    member.state.signingKey = await member.stranger();
    expect(await refusal()).toMatch(
      /^the provider's configuration \(checked with the keys in the anchor's statement\): /,
    );
  });

  it('refuses a provider that does not name the anchor as its superior', async () => {
    member.state.authorityHints = ['https://altro-registro.example.it'];
    expect(await refusal()).toBe(
      `the provider's configuration does not name ${ta.entityId} among its authority_hints`,
    );
  });

  it('refuses an expired statement', async () => {
    member.state.ttlSeconds = -120;
    expect(await refusal()).toMatch(/^the provider's configuration .*"exp" claim timestamp check failed/);
  });

  it('refuses metadata naming another issuer, even when the anchor asserts it', async () => {
    ta.state.subordinates.set(provider.issuer, {
      ...ta.state.subordinates.get(provider.issuer)!,
      metadata: { issuer: 'https://idp.altrove.example' },
    });
    expect(await refusal()).toBe(
      `the provider's metadata names issuer https://idp.altrove.example, not ${provider.issuer}`,
    );
  });

  it('a login keeps the resolved chain until it expires, then resolves it again', async () => {
    member.state.ttlSeconds = 60;
    let now = new Date();
    const chains: Date[] = [];
    const oidc = relyingParty({ now: () => now, onTrustChain: (r) => chains.push(r.expiresAt) });
    const first = await oidc.start();
    await oidc.start();
    expect(first.url.origin).toBe(new URL(provider.issuer).origin);
    expect(new URL(first.url).pathname).toBe(new URL(String(discovered.authorization_endpoint)).pathname);
    expect(chains).toHaveLength(1);
    // Past the chain's expiry: resolved again (the provider now publishes for an hour).
    member.state.ttlSeconds = 3600;
    now = new Date(chains[0]!.getTime() + 1000);
    await oidc.start();
    expect(chains).toHaveLength(2);
    expect(chains[1]!.getTime()).toBeGreaterThan(now.getTime());
    const fetched = ta.state.requests.filter((r) => r.startsWith('/fetch'));
    expect(fetched).toHaveLength(2);
  });

  it('a failed resolution is not kept: the next login tries again', async () => {
    ta.state.subordinates.delete(provider.issuer);
    const oidc = relyingParty();
    await expect(oidc.start()).rejects.toBeInstanceOf(FederationError);
    member = await federateProvider(provider, ta);
    await expect(oidc.start()).resolves.toMatchObject({ state: expect.any(String) });
  });
});
