import { createLocalJWKSet, decodeJwt, type JSONWebKeySet, type JWTPayload, jwtVerify } from 'jose';

// The federation's signed statements as the relying party reads them (OpenID Federation 1.0 as profiled
// in italia.github.io/spid-cie-oidc-docs): fetched, their issuer claimed then verified against keys held
// or vouched for, within a small clock tolerance. Used by the chain (`federation.ts`) and the trust marks.

export class FederationError extends Error {}

const TYP = 'entity-statement+jwt';
const TRUST_MARK_TYP = 'trust-mark+jwt';
export const STATUS_TYP = 'trust-mark-status-response+jwt';
const ALGORITHMS = ['RS256', 'RS512', 'PS256', 'PS512', 'ES256', 'ES512'];
const TOLERANCE_S = 30;

/** `<entity>/.well-known/openid-federation`, a slash added to an id that lacks one. */
export const entityConfigurationUrl = (entityId: string) =>
  new URL('.well-known/openid-federation', entityId.endsWith('/') ? entityId : `${entityId}/`);

/** Entity ids compared as the same URL with or without a final slash (`https://x.it` and `https://x.it/`). */
export const sameEntity = (a: string, b: string) => a.replace(/\/$/, '') === b.replace(/\/$/, '');

/** The `iss` an unverified statement claims, to be checked against the one expected and then verified. */
export function claimedIssuer(jwt: string, expected: string, what: string): string {
  let iss: unknown;
  try {
    iss = decodeJwt(jwt).iss;
  } catch (e) {
    throw new FederationError(`${what}: ${(e as Error).message}`);
  }
  if (typeof iss !== 'string' || !sameEntity(iss, expected))
    throw new FederationError(`${what}: issued by ${String(iss)}, not ${expected}`);
  return iss;
}

export type Fetch = (url: URL, init?: RequestInit) => Promise<Response>;
export const defaultFetch: Fetch = (url, init) =>
  fetch(url, { ...init, signal: AbortSignal.timeout(10_000), redirect: 'error' });

export async function download(get: Fetch, url: URL, what: string): Promise<string> {
  let res: Response;
  try {
    res = await get(url);
  } catch (e) {
    throw new FederationError(`${what}: cannot be fetched from ${url.href} (${(e as Error).message})`);
  }
  if (res.status !== 200) throw new FederationError(`${what}: ${url.href} answered ${res.status}`);
  return (await res.text()).trim();
}

export async function verify(
  jwt: string,
  keys: JSONWebKeySet,
  expect: { iss: string; sub?: string; typ?: string | null; exp?: boolean },
  now: Date,
  what: string,
): Promise<JWTPayload & Record<string, unknown>> {
  try {
    const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(keys), {
      // null: a trust mark of the profile's drafts may carry no typ; when it does, it must be the right one.
      ...(expect.typ === null ? {} : { typ: expect.typ ?? TYP }),
      algorithms: ALGORITHMS,
      issuer: expect.iss,
      ...(expect.sub ? { subject: expect.sub } : {}),
      requiredClaims: expect.exp === false ? ['iat'] : ['iat', 'exp'],
      currentDate: now,
      clockTolerance: TOLERANCE_S,
    });
    if (expect.typ === null && protectedHeader.typ !== undefined && protectedHeader.typ !== TRUST_MARK_TYP)
      throw new Error(`unexpected "typ" JWT header value ${protectedHeader.typ}`);
    return payload as JWTPayload & Record<string, unknown>;
  } catch (e) {
    throw new FederationError(`${what}: ${(e as Error).message}`);
  }
}

export const jwksOf = (p: Record<string, unknown>, what: string): JSONWebKeySet => {
  const jwks = p.jwks as JSONWebKeySet | undefined;
  if (!jwks || !Array.isArray(jwks.keys) || jwks.keys.length === 0)
    throw new FederationError(`${what}: no federation keys (jwks)`);
  return jwks;
};

export const typed = <T>(p: Record<string, unknown>, claim: string, type: string): T | undefined => {
  const v = (p[claim] as Record<string, unknown> | undefined)?.[type];
  return v && typeof v === 'object' ? (v as T) : undefined;
};

export type Payload = JWTPayload & Record<string, unknown>;
