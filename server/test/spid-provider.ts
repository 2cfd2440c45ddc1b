import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider from 'oidc-provider';

/**
 * A real OpenID provider (panva's oidc-provider) on the loopback, configured as the SPID/CIE OIDC profile
 * asks of an OP: signed request objects required, PKCE S256, `private_key_jwt` clients whose keys it
 * knows, acr values SpidL1–L3, the claims parameter, and userinfo signed then encrypted to the client.
 * The test names who logs in (`next`) and at which level (`acr`); consent is given.
 */
export interface SpidTestProvider {
  issuer: string;
  accounts: Map<string, Record<string, unknown>>;
  next: string;
  acr: string;
  /** Serves `/.well-known/openid-federation` when set (see spid-federation.ts). */
  entityConfiguration: (() => Promise<string>) | null;
  /** Whether `/.well-known/openid-configuration` answers (a federated provider's clients must not need it). */
  discovery: boolean;
  close(): Promise<void>;
}

export const FISCAL_NUMBER = 'https://attributes.eid.gov.it/fiscal_number';

/** The relying party's private keys (signature, encryption, federation), as its JWKS file holds them. */
export async function relyingPartyKeys(): Promise<{ sig: JWK; enc: JWK; fed: JWK }> {
  const make = async (alg: 'RS256' | 'RSA-OAEP', use: 'sig' | 'enc', kid: string) => {
    const { privateKey } = await generateKeyPair(alg, { extractable: true, modulusLength: 2048 });
    return { ...(await exportJWK(privateKey)), alg, use, kid };
  };
  return {
    sig: await make('RS256', 'sig', 'sig'),
    enc: await make('RSA-OAEP', 'enc', 'enc'),
    fed: await make('RS256', 'sig', 'fed'),
  };
}

const pub = (k: JWK): JWK => {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...rest } = k;
  return rest;
};

export async function startSpidProvider(rp: {
  clientId: string;
  redirectUri: string;
  keys: { sig: JWK; enc: JWK };
}) {
  let provider: Provider | undefined;
  const state = {
    accounts: new Map<string, Record<string, unknown>>(),
    next: '',
    acr: 'https://www.spid.gov.it/SpidL2',
    entityConfiguration: null as (() => Promise<string>) | null,
    discovery: true,
  };
  const server: Server = createServer((req, res) => {
    if (!provider) return res.end();
    if (req.url?.startsWith('/.well-known/openid-federation') && state.entityConfiguration) {
      void state.entityConfiguration().then((jwt) => {
        res.setHeader('content-type', 'application/entity-statement+jwt');
        res.end(jwt);
      });
      return;
    }
    if (req.url?.startsWith('/.well-known/openid-configuration') && !state.discovery) {
      res.statusCode = 404;
      res.end();
      return;
    }
    if (req.url?.startsWith('/interaction/')) {
      void (async () => {
        const details = await provider.interactionDetails(req, res);
        if (details.prompt.name === 'login') {
          await provider.interactionFinished(
            req,
            res,
            { login: { accountId: state.next, acr: state.acr } },
            { mergeWithLastSubmission: false },
          );
          return;
        }
        // Consent: the scopes and claims the client asked for.
        const grant = details.grantId
          ? await provider.Grant.find(details.grantId)
          : new provider.Grant({
              accountId: details.session!.accountId,
              clientId: details.params.client_id as string,
            });
        const missing = details.prompt.details as {
          missingOIDCScope?: string[];
          missingOIDCClaims?: string[];
        };
        if (missing.missingOIDCScope) grant!.addOIDCScope(missing.missingOIDCScope.join(' '));
        if (missing.missingOIDCClaims) grant!.addOIDCClaims(missing.missingOIDCClaims);
        const grantId = await grant!.save();
        await provider.interactionFinished(
          req,
          res,
          { consent: { grantId } },
          { mergeWithLastSubmission: true },
        );
      })().catch((err: unknown) => {
        res.statusCode = 500;
        res.end(String(err));
      });
      return;
    }
    provider.callback()(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  provider = new Provider(issuer, {
    jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'op-sig' }] },
    clients: [
      {
        client_id: rp.clientId,
        redirect_uris: [rp.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'RS256',
        jwks: { keys: [pub(rp.keys.sig), pub(rp.keys.enc)] },
        request_object_signing_alg: 'RS256',
        id_token_signed_response_alg: 'RS256',
        userinfo_signed_response_alg: 'RS256',
        userinfo_encrypted_response_alg: 'RSA-OAEP',
        userinfo_encrypted_response_enc: 'A256CBC-HS512',
      },
    ],
    pkce: { required: () => true },
    acrValues: [
      'https://www.spid.gov.it/SpidL1',
      'https://www.spid.gov.it/SpidL2',
      'https://www.spid.gov.it/SpidL3',
    ],
    claims: { openid: ['sub'], profile: ['given_name', 'family_name'], [FISCAL_NUMBER]: null },
    features: {
      devInteractions: { enabled: false },
      requestObjects: { enabled: true, requireSignedRequestObject: true },
      claimsParameter: { enabled: true },
      encryption: { enabled: true },
      jwtUserinfo: { enabled: true },
    },
    cookies: { keys: ['spid-test-cookie-key-0123456789'] },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx, sub) => {
      const claims = state.accounts.get(sub);
      if (!claims) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...claims }) };
    },
  });
  return {
    issuer,
    get accounts() {
      return state.accounts;
    },
    get next() {
      return state.next;
    },
    set next(v: string) {
      state.next = v;
    },
    get acr() {
      return state.acr;
    },
    set acr(v: string) {
      state.acr = v;
    },
    get entityConfiguration() {
      return state.entityConfiguration;
    },
    set entityConfiguration(v: (() => Promise<string>) | null) {
      state.entityConfiguration = v;
    },
    get discovery() {
      return state.discovery;
    },
    set discovery(v: boolean) {
      state.discovery = v;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  } satisfies SpidTestProvider;
}
