import * as client from 'openid-client';
import type { Config } from '../../../platform/config.ts';
import { ConfigError, httpsOrLoopback } from '../../../platform/config.ts';
import { ROLES, type Role } from '../../../platform/context.ts';

// Staff single sign-on (SEC-2, issue 9 §9): OpenID Connect authorization code with PKCE through
// openid-client, which checks state, nonce, issuer, audience, signature and expiry. This file holds the
// settings and the protocol; oidc.service.ts decides who the user is and what they may do.

export interface OidcSettings {
  issuer: URL;
  clientId: string;
  clientSecret: string | undefined;
  redirectUri: URL;
  scopes: string;
  usernameClaim: string;
  /** Unset: roles are assigned locally by an admin. */
  rolesClaim: string | undefined;
  roleMap: ReadonlyMap<string, Role>;
}

const bad = (line: string) => new ConfigError(`Invalid configuration:\n  ${line}`);

/**
 * `cup-operatori=operator,cup-admin=admin` → a map from the provider's value to a Sportello role. Values
 * that hold commas (LDAP names: `CN=CUP,O=Regione=admin`) are separated by semicolons instead.
 */
export function parseRoleMap(text: string): Map<string, Role> {
  const map = new Map<string, Role>();
  for (const entry of text.split(text.includes(';') ? ';' : ',')) {
    const at = entry.lastIndexOf('=');
    const value = entry.slice(0, at).trim();
    const role = entry.slice(at + 1).trim();
    if (at < 1 || value === '') throw bad(`OIDC_ROLE_MAP: "${entry.trim()}" is not value=role`);
    if (!(ROLES as readonly string[]).includes(role)) {
      throw bad(`OIDC_ROLE_MAP: unknown role "${role}" (one of ${ROLES.join(', ')})`);
    }
    map.set(value, role as Role);
  }
  return map;
}

/** The single sign-on settings, or null when it is not configured; inconsistent settings stop start-up. */
export function oidcSettings(config: Config): OidcSettings | null {
  if (!config.OIDC_ISSUER) {
    const stray = (
      [
        'OIDC_CLIENT_ID',
        'OIDC_CLIENT_SECRET',
        'OIDC_REDIRECT_URI',
        'OIDC_ROLES_CLAIM',
        'OIDC_ROLE_MAP',
      ] as const
    ).find((k) => config[k] !== undefined);
    if (stray) throw bad(`OIDC_ISSUER: needed with ${stray}`);
    return null;
  }
  if (!config.OIDC_CLIENT_ID) throw bad('OIDC_CLIENT_ID: needed with OIDC_ISSUER');
  if (!config.OIDC_REDIRECT_URI) throw bad('OIDC_REDIRECT_URI: needed with OIDC_ISSUER');
  const issuer = new URL(config.OIDC_ISSUER);
  if (!httpsOrLoopback(issuer)) {
    throw bad('OIDC_ISSUER: must be https (plain http only on the loopback, for tests)');
  }
  if (config.OIDC_ROLES_CLAIM && !config.OIDC_ROLE_MAP)
    throw bad('OIDC_ROLE_MAP: needed with OIDC_ROLES_CLAIM');
  if (config.OIDC_ROLE_MAP && !config.OIDC_ROLES_CLAIM)
    throw bad('OIDC_ROLES_CLAIM: needed with OIDC_ROLE_MAP');
  if (!config.OIDC_SCOPES.split(/\s+/).includes('openid')) throw bad('OIDC_SCOPES: must include openid');
  return {
    issuer,
    clientId: config.OIDC_CLIENT_ID,
    clientSecret: config.OIDC_CLIENT_SECRET,
    redirectUri: new URL(config.OIDC_REDIRECT_URI),
    scopes: config.OIDC_SCOPES,
    usernameClaim: config.OIDC_USERNAME_CLAIM,
    rolesClaim: config.OIDC_ROLES_CLAIM,
    roleMap: config.OIDC_ROLE_MAP ? parseRoleMap(config.OIDC_ROLE_MAP) : new Map(),
  };
}

/**
 * The Sportello roles a roles claim grants: an array of strings, or one string of space- or comma-
 * separated values. Values the map does not name grant nothing. Pure.
 */
export function mapRoles(claim: unknown, map: ReadonlyMap<string, Role>): Role[] {
  const values = Array.isArray(claim)
    ? claim.filter((v): v is string => typeof v === 'string')
    : typeof claim === 'string'
      ? claim.split(/[\s,]+/)
      : [];
  const roles = new Set<Role>();
  for (const v of values) {
    const role = map.get(v.trim());
    if (role) roles.add(role);
  }
  return ROLES.filter((r) => roles.has(r));
}

export interface LoginStart {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface VerifiedIdentity {
  issuer: string;
  subject: string;
  /** ID token claims over the userinfo response's. */
  claims: Record<string, unknown>;
}

/** The provider as this relying party sees it; discovery happens on first use and is retried after a failure. */
export class OidcClient {
  private discovered: Promise<client.Configuration> | null = null;
  constructor(readonly settings: OidcSettings) {}

  private configuration(): Promise<client.Configuration> {
    const s = this.settings;
    this.discovered ??= client
      .discovery(
        s.issuer,
        s.clientId,
        s.clientSecret,
        s.clientSecret ? client.ClientSecretBasic(s.clientSecret) : client.None(),
        {
          timeout: 10,
          ...(s.issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : {}),
        },
      )
      .catch((err: unknown) => {
        this.discovered = null;
        throw err;
      });
    return this.discovered;
  }

  async start(): Promise<LoginStart> {
    const config = await this.configuration();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUri.href,
      scope: this.settings.scopes,
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url, state, nonce, codeVerifier };
  }

  /** Exchanges the code (with the PKCE verifier) and checks state, nonce and the ID token. */
  async finish(
    query: string,
    expected: { state: string; nonce: string; codeVerifier: string },
  ): Promise<VerifiedIdentity> {
    const config = await this.configuration();
    // The callback URL as registered, not as the Host header says: a proxy cannot change what is checked.
    const current = new URL(this.settings.redirectUri.href);
    current.search = query;
    const tokens = await client.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: expected.codeVerifier,
      expectedState: expected.state,
      expectedNonce: expected.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims) throw new Error('no ID token');
    let userinfo: Record<string, unknown> = {};
    if (config.serverMetadata().userinfo_endpoint) {
      userinfo = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
    }
    return { issuer: idClaims.iss, subject: idClaims.sub, claims: { ...userinfo, ...idClaims } };
  }
}
