import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, importJWK, type JSONWebKeySet, type JWK, SignJWT } from 'jose';
import type { SpidTestProvider } from './spid-provider.ts';

/**
 * A federation on the loopback, as OpenID Federation 1.0 and the SPID/CIE profile describe it: a trust
 * anchor publishing its entity configuration (self-signed, naming its fetch endpoint) and, at that
 * endpoint, a signed entity statement about each subordinate it registered (their federation keys, a
 * metadata policy, metadata of its own); and a provider publishing its entity configuration (its OIDC
 * metadata with its keys inline, authority_hints naming the anchor). Tests can break any link.
 */

const TYP = 'entity-statement+jwt';

async function federationKey(kid: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  return { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid };
}

const pub = (k: JWK): JWK => {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...rest } = k;
  return rest;
};

async function sign(claims: Record<string, unknown>, key: JWK, typ = TYP): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: key.kid!, typ })
    .sign(await importJWK(key, 'RS256'));
}

export interface Subordinate {
  jwks: JSONWebKeySet;
  policy?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  crit?: string[];
}

export async function startTrustAnchor() {
  const key = await federationKey('ta-fed');
  const state = {
    ttlSeconds: 3600,
    /** The key the anchor signs with (a test may put a stranger's here). */
    signingKey: key,
    subordinates: new Map<string, Subordinate>(),
    requests: [] as string[],
    /** The anchor's trust_mark_issuers: a mark's id → who may issue it (the anchor itself by default). */
    trustMarkIssuers: {} as Record<string, string[]>,
    /** Trust marks the anchor revoked (their JWTs): its status endpoint says so. */
    revoked: new Set<string>(),
    /** How the status endpoint answers: the profile's drafts' JSON, or OpenID Federation 1.0's signed JWT. */
    statusFormat: 'json' as 'json' | 'jwt',
    /** Whether the anchor publishes a trust mark status endpoint. */
    statusEndpoint: true,
    /**
     * An intermediary (a soggetto aggregatore) registered under the anchor at `<anchor>/sa`, with its own
     * federation key, entity configuration and status endpoint; null until a test makes one.
     */
    intermediary: null as { key: JWK; revoked: Set<string> } | null,
  };
  let entityId = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', entityId);
    state.requests.push(`${req.method === 'POST' ? 'POST ' : ''}${url.pathname}${url.search}`);
    const now = Math.floor(Date.now() / 1000);
    const times = { iat: now, exp: now + state.ttlSeconds };
    const answer = (jwt: string) => {
      res.setHeader('content-type', 'application/entity-statement+jwt');
      res.end(jwt);
    };
    const sa = state.intermediary;
    if (sa && url.pathname === '/sa/.well-known/openid-federation') {
      void sign(
        {
          iss: `${entityId}/sa`,
          sub: `${entityId}/sa`,
          ...times,
          jwks: { keys: [pub(sa.key)] },
          authority_hints: [entityId],
          metadata: {
            federation_entity: {
              organization_name: 'Soggetto aggregatore (prova)',
              federation_trust_mark_status_endpoint: `${entityId}/sa/trust_mark_status`,
            },
          },
        },
        sa.key,
      ).then(answer);
      return;
    }
    if (sa && url.pathname === '/sa/trust_mark_status' && req.method === 'POST') {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({ active: !sa.revoked.has(new URLSearchParams(body).get('trust_mark') ?? '') }),
        );
      });
      return;
    }
    if (url.pathname === '/trust_mark_status' && req.method === 'POST') {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        const mark = new URLSearchParams(body).get('trust_mark') ?? '';
        const active = !state.revoked.has(mark);
        if (state.statusFormat === 'json') {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ active }));
          return;
        }
        void sign(
          { iss: entityId, iat: now, trust_mark: mark, status: active ? 'active' : 'revoked' },
          state.signingKey,
          'trust-mark-status-response+jwt',
        ).then((jwt) => {
          res.setHeader('content-type', 'application/trust-mark-status-response+jwt');
          res.end(jwt);
        });
      });
      return;
    }
    if (url.pathname === '/.well-known/openid-federation') {
      void sign(
        {
          iss: entityId,
          sub: entityId,
          ...times,
          // A forger publishes its own key: self-consistent, so only the keys held out of band can tell.
          jwks: { keys: [pub(state.signingKey)] },
          metadata: {
            federation_entity: {
              organization_name: 'Registro della federazione (prova)',
              federation_fetch_endpoint: `${entityId}/fetch`,
              federation_list_endpoint: `${entityId}/list`,
              ...(state.statusEndpoint
                ? { federation_trust_mark_status_endpoint: `${entityId}/trust_mark_status` }
                : {}),
            },
          },
          constraints: { max_path_length: 1 },
          trust_mark_issuers: state.trustMarkIssuers,
        },
        state.signingKey,
      ).then(answer);
      return;
    }
    if (url.pathname === '/fetch') {
      const sub = url.searchParams.get('sub') ?? '';
      const s = state.subordinates.get(sub);
      if (!s) {
        res.statusCode = 404;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ error: 'not_found', error_description: 'unknown subordinate' }));
        return;
      }
      void sign(
        {
          iss: entityId,
          sub,
          ...times,
          jwks: s.jwks,
          ...(s.policy ? { metadata_policy: { openid_provider: s.policy } } : {}),
          ...(s.metadata ? { metadata: { openid_provider: s.metadata } } : {}),
          ...(s.crit ? { metadata_policy_crit: s.crit } : {}),
        },
        state.signingKey,
      ).then(answer);
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  entityId = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  /** The trust mark id of the profile's providers in this federation: `<anchor>/openid_provider/public/`. */
  const providerMark = `${entityId}/openid_provider/public/`;
  state.trustMarkIssuers[providerMark] = [entityId];
  return {
    entityId,
    /** What a relying party configures out of band. */
    publicJwks: { keys: [pub(key)] } as JSONWebKeySet,
    state,
    providerMark,
    /** A trust mark as the anchor issues it (or as `over` makes it: another subject, expired, signed by another key). */
    trustMark: (sub: string, over: { id?: string; exp?: number; key?: JWK; iss?: string } = {}) => {
      const now = Math.floor(Date.now() / 1000);
      return sign(
        {
          iss: over.iss ?? entityId,
          sub,
          id: over.id ?? providerMark,
          iat: now,
          exp: over.exp ?? now + 365 * 86_400,
          organization_type: 'public',
          organization_name: 'Identity provider di prova',
        },
        over.key ?? state.signingKey,
        'trust-mark+jwt',
      );
    },
    stranger: () => federationKey('ta-fed'),
    /** Registers the intermediary at `<anchor>/sa` (its key in the anchor's statements) and returns its id and key. */
    addIntermediary: async () => {
      const saKey = await federationKey('sa-fed');
      state.intermediary = { key: saKey, revoked: new Set() };
      state.subordinates.set(`${entityId}/sa`, { jwks: { keys: [pub(saKey)] } });
      return { entityId: `${entityId}/sa`, key: saKey, revoked: state.intermediary.revoked };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type TrustAnchorPeer = Awaited<ReturnType<typeof startTrustAnchor>>;

/**
 * Makes the provider a member of the anchor's federation: its entity configuration carries its OIDC
 * metadata (read once from its discovery document, keys inline as the profile asks), signed with a
 * federation key the anchor registers; then its discovery document stops answering.
 */
export async function federateProvider(provider: SpidTestProvider, anchor: TrustAnchorPeer) {
  provider.discovery = true;
  const discovery = (await (
    await fetch(`${provider.issuer}/.well-known/openid-configuration`)
  ).json()) as Record<string, unknown>;
  const jwks = await (await fetch(String(discovery.jwks_uri))).json();
  const { jwks_uri: _uri, ...metadata } = discovery;
  const key = await federationKey('op-fed');
  const state = {
    signingKey: key,
    authorityHints: [anchor.entityId],
    metadata: { ...metadata, jwks } as Record<string, unknown>,
    ttlSeconds: 3600,
    /** The trust marks its configuration carries: the anchor's provider mark by default. */
    trustMarks: [{ id: anchor.providerMark, trust_mark: await anchor.trustMark(provider.issuer) }] as Record<
      string,
      unknown
    >[],
  };
  provider.entityConfiguration = () => {
    const now = Math.floor(Date.now() / 1000);
    return sign(
      {
        iss: provider.issuer,
        sub: provider.issuer,
        iat: now,
        exp: now + state.ttlSeconds,
        jwks: { keys: [pub(state.signingKey)] },
        authority_hints: state.authorityHints,
        trust_marks: state.trustMarks,
        metadata: {
          federation_entity: { organization_name: 'Identity provider di prova' },
          openid_provider: state.metadata,
        },
      },
      state.signingKey,
    );
  };
  provider.discovery = false;
  anchor.state.subordinates.set(provider.issuer, { jwks: { keys: [pub(key)] } });
  return { state, stranger: () => federationKey('op-fed') };
}
