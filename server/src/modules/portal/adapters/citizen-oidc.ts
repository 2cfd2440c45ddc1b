import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { importJWK, type JWK, SignJWT } from 'jose';
import * as client from 'openid-client';
import {
  entityConfigurationUrl,
  type ResolvedProvider,
  resolveProvider,
  type TrustAnchor,
} from './federation.ts';

// SEC-2 for citizens (issue 13 §3): the relying party of the Italian SPID/CIE OpenID Connect profile
// (italia.github.io/spid-cie-oidc-docs): authorization code with PKCE S256 and a signed request object;
// `private_key_jwt` at the token endpoint; acr_values (SpidL2 by default); state and nonce of 32+
// alphanumerics; the ID token's iss, aud, exp, nonce, acr and at_hash (when sent) checked; userinfo signed and then
// encrypted to this party's key; the person named by the fiscal number claim. Its entity configuration
// (OpenID Federation 1.0) is signed with a federation key distinct from the OIDC keys. This file is the
// protocol; the portal's routes decide what the person may see.

export const FISCAL_NUMBER = 'https://attributes.eid.gov.it/fiscal_number';
export const SPID_LEVELS = [
  'https://www.spid.gov.it/SpidL1',
  'https://www.spid.gov.it/SpidL2',
  'https://www.spid.gov.it/SpidL3',
] as const;

export interface CitizenOidcSettings {
  /** The OpenID provider (CIE id, a SPID provider, or the region's SAML-to-OIDC proxy). */
  issuer: URL;
  /** This party's entity id: an https URL, also its client_id. */
  clientId: string;
  redirectUri: URL;
  /** The lowest level accepted (and asked for). */
  acr: (typeof SPID_LEVELS)[number];
  /** Private keys: `sig` signs the request object and the client assertion, `enc` decrypts, `fed` signs the entity configuration. */
  keys: { sig: JWK; enc: JWK; fed: JWK };
  authorityHints: string[];
  trustMarks: { id: string; trust_mark: string }[];
  organizationName: string;
  contacts: string[];
  /**
   * The federation's trust anchor (SPID's registry, CIE's): when set, the provider's metadata comes from
   * its trust chain, never from its own discovery document (see federation.ts).
   */
  trustAnchor?: TrustAnchor | null;
}

export interface CitizenLoginStart {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface CitizenIdentity {
  fiscalCode: string;
  acr: string;
  subject: string;
  givenName: string | null;
  familyName: string | null;
}

/** 32+ alphanumerics, as the profile asks for state and nonce. */
const alphanumeric = (n: number) => {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(n)].map((b) => chars[b % chars.length]).join('');
};

/** The public half of a JWK (what the entity configuration publishes). */
export function publicJwk(k: JWK): JWK {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = k;
  return pub;
}

/** at_hash: the left half of SHA-256 of the access token, base64url (OIDC Core 3.3.2.11). */
export function atHash(accessToken: string): string {
  const digest = createHash('sha256').update(accessToken, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

/**
 * The ID token's at_hash must bind the access token. The SPID/CIE providers send it; OIDC Core makes it
 * optional in the code flow (the token endpoint's ID token), so an absent one is accepted and a wrong one
 * refused.
 */
export function checkAtHash(claim: unknown, accessToken: string): void {
  if (claim === undefined) return;
  if (claim !== atHash(accessToken)) throw new Error('the ID token does not bind the access token (at_hash)');
}

/** The fiscal code in a SPID/CIE fiscal_number claim (`TINIT-<code>`). */
export function fiscalCodeOf(claim: unknown): string | null {
  if (typeof claim !== 'string') return null;
  const code = claim
    .replace(/^TINIT-/i, '')
    .trim()
    .toUpperCase();
  return /^[A-Z0-9]{16}$/.test(code) ? code : null;
}

/** A name for the provider's inline keys, which openid-client reads only from a jwks_uri: never fetched. */
const INLINE_JWKS = 'jwks-from-trust-chain';

export class CitizenOidc {
  private cached: Promise<{ config: client.Configuration; until: number }> | null = null;
  constructor(
    readonly settings: CitizenOidcSettings,
    private readonly options: {
      now?: () => Date;
      /** Told of each trust chain resolved (to log which chain the logins use, as the profile asks). */
      onTrustChain?: (resolved: ResolvedProvider) => void;
    } = {},
  ) {}

  private now() {
    return this.options.now?.() ?? new Date();
  }

  private metadata() {
    return {
      client_id: this.settings.clientId,
      redirect_uris: [this.settings.redirectUri.href],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'private_key_jwt',
      id_token_signed_response_alg: 'RS256',
      userinfo_signed_response_alg: 'RS256',
      userinfo_encrypted_response_alg: 'RSA-OAEP',
      userinfo_encrypted_response_enc: 'A256CBC-HS512',
      request_object_signing_alg: 'RS256',
    };
  }

  /** The provider's configuration, kept until its trust chain expires (or for good, found by discovery). */
  private async configuration(): Promise<client.Configuration> {
    const now = this.now();
    const current = this.cached;
    if (current) {
      const got = await current.catch(() => null);
      if (got && now.getTime() < got.until) return got.config;
      if (this.cached === current) this.cached = null;
    }
    this.cached ??= this.connect(now);
    const mine = this.cached;
    mine.catch(() => {
      if (this.cached === mine) this.cached = null;
    });
    return (await mine).config;
  }

  private async connect(now: Date): Promise<{ config: client.Configuration; until: number }> {
    const s = this.settings;
    const sig = { key: (await importJWK(s.keys.sig, 'RS256')) as client.CryptoKey, kid: s.keys.sig.kid };
    const insecure = s.issuer.protocol === 'http:';
    let config: client.Configuration;
    let until = Number.POSITIVE_INFINITY;
    if (s.trustAnchor) {
      const resolved = await resolveProvider(s.issuer.href, s.trustAnchor, now);
      this.options.onTrustChain?.(resolved);
      until = resolved.expiresAt.getTime();
      // The profile publishes the provider's keys inline (jwks), vouched for by the chain.
      const inline = resolved.metadata.jwks;
      const marker = new URL(INLINE_JWKS, entityConfigurationUrl(resolved.entityId)).href;
      const server = {
        ...resolved.metadata,
        ...(inline ? { jwks_uri: marker } : {}),
      } as unknown as client.ServerMetadata;
      config = new client.Configuration(server, s.clientId, this.metadata(), client.PrivateKeyJwt(sig));
      config.timeout = 10;
      if (insecure) client.allowInsecureRequests(config);
      if (inline)
        config[client.customFetch] = (url, init) =>
          url === marker ? Promise.resolve(Response.json(inline)) : fetch(url, init as RequestInit);
    } else {
      config = await client.discovery(s.issuer, s.clientId, this.metadata(), client.PrivateKeyJwt(sig), {
        timeout: 10,
        ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
      });
    }
    const enc = (await importJWK(s.keys.enc, 'RSA-OAEP')) as client.CryptoKey;
    client.enableDecryptingResponses(config, ['A256CBC-HS512', 'A128CBC-HS256'], {
      key: enc,
      kid: s.keys.enc.kid,
    });
    return { config, until };
  }

  async start(): Promise<CitizenLoginStart> {
    const config = await this.configuration();
    const s = this.settings;
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = alphanumeric(40);
    const nonce = alphanumeric(40);
    const sig = { key: (await importJWK(s.keys.sig, 'RS256')) as client.CryptoKey, kid: s.keys.sig.kid };
    const url = await client.buildAuthorizationUrlWithJAR(
      config,
      {
        client_id: s.clientId,
        redirect_uri: s.redirectUri.href,
        response_type: 'code',
        scope: 'openid',
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
        prompt: 'consent login',
        // Higher levels are accepted too; the OP may authenticate above what was asked.
        acr_values: SPID_LEVELS.slice(SPID_LEVELS.indexOf(s.acr)).join(' '),
        // SPID gives attributes only from userinfo, asked for by name.
        claims: JSON.stringify({
          userinfo: { [FISCAL_NUMBER]: { essential: true }, given_name: null, family_name: null },
        }),
        ui_locales: 'it en',
      },
      sig,
    );
    // The profile wants scope, client_id and response_type outside the request object too.
    url.searchParams.set('scope', 'openid');
    url.searchParams.set('response_type', 'code');
    return { url, state, nonce, codeVerifier };
  }

  /** The callback: code for tokens (PKCE, client assertion), the ID token's checks, the encrypted userinfo. */
  async finish(
    query: string,
    expected: { state: string; nonce: string; codeVerifier: string },
  ): Promise<CitizenIdentity> {
    const config = await this.configuration();
    const current = new URL(this.settings.redirectUri.href);
    current.search = query;
    // CIE: the callback's iss must be the provider's (mix-up defence); SPID: when present.
    const iss = current.searchParams.get('iss');
    if (iss !== null && iss !== config.serverMetadata().issuer)
      throw new Error('the callback names another issuer');
    const tokens = await client.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: expected.codeVerifier,
      expectedState: expected.state,
      expectedNonce: expected.nonce,
      idTokenExpected: true,
    });
    const id = tokens.claims();
    if (!id) throw new Error('no ID token');
    const level = SPID_LEVELS.indexOf(id.acr as (typeof SPID_LEVELS)[number]);
    if (level < SPID_LEVELS.indexOf(this.settings.acr))
      throw new Error(`authentication level too low: ${String(id.acr)}`);
    checkAtHash(id.at_hash, tokens.access_token);
    // Signed then encrypted: openid-client decrypts with our key, checks the signature and that sub matches.
    const info = (await client.fetchUserInfo(config, tokens.access_token, id.sub)) as Record<string, unknown>;
    const fiscalCode = fiscalCodeOf(info[FISCAL_NUMBER] ?? id[FISCAL_NUMBER]);
    if (!fiscalCode) throw new Error('the provider gave no fiscal number');
    return {
      fiscalCode,
      acr: String(id.acr),
      subject: id.sub,
      givenName: typeof info.given_name === 'string' ? info.given_name : null,
      familyName: typeof info.family_name === 'string' ? info.family_name : null,
    };
  }

  /** The entity configuration (OpenID Federation 1.0): self-signed with the federation key, a day long. */
  async entityConfiguration(now: Date): Promise<string> {
    const s = this.settings;
    const iat = Math.floor(now.getTime() / 1000);
    const fed = await importJWK(s.keys.fed, 'RS256');
    return new SignJWT({
      iss: s.clientId,
      sub: s.clientId,
      iat,
      exp: iat + 86_400,
      jti: randomUUID(),
      jwks: { keys: [publicJwk(s.keys.fed)] },
      authority_hints: s.authorityHints,
      trust_marks: s.trustMarks,
      metadata: {
        federation_entity: { organization_name: s.organizationName, contacts: s.contacts },
        openid_relying_party: {
          ...this.metadata(),
          client_registration_types: ['automatic'],
          jwks: { keys: [publicJwk(s.keys.sig), publicJwk(s.keys.enc)] },
          organization_name: s.organizationName,
          contacts: s.contacts,
        },
      },
    })
      .setProtectedHeader({ alg: 'RS256', kid: s.keys.fed.kid ?? 'fed', typ: 'entity-statement+jwt' })
      .sign(fed);
  }
}
