import { createLocalJWKSet, decodeJwt, type JSONWebKeySet, type JWTPayload, jwtVerify } from 'jose';
import {
  type Metadata,
  type MetadataPolicy,
  PolicyError,
  resolveMetadata,
} from '../rules/metadata-policy.ts';

// SEC-2: the relying party's side of the SPID/CIE OpenID Connect federation (OpenID Federation 1.0 as
// profiled in italia.github.io/spid-cie-oidc-docs, "Metadata retrieval"): the provider is trusted only
// through the trust anchor, whose keys are configured out of band. The chain is the provider's entity
// configuration, the anchor's entity statement about it (fetched from the anchor's fetch endpoint) and
// the anchor's own entity configuration; in SPID no intermediary stands between a provider and the anchor.
// The provider's metadata is then what the anchor's statement makes of it, valid until the chain's
// earliest expiry. This file is the protocol; nothing here decides who may log in.

export interface TrustAnchor {
  entityId: string;
  /** The anchor's federation public keys, obtained out of band (not from the network). */
  jwks: JSONWebKeySet;
}

export interface ResolvedProvider {
  entityId: string;
  /** The provider's `openid_provider` metadata after the anchor's statement. */
  metadata: Metadata;
  /** The earliest expiry in the chain: the metadata must be resolved again from then on. */
  expiresAt: Date;
  /** The statements, leaf first, as received (the profile asks that the chain used be kept). */
  chain: string[];
  /** The provider's trust marks the anchor recognises, each valid (and active where its issuer can say). */
  trustMarks: CheckedTrustMark[];
}

export interface CheckedTrustMark {
  id: string;
  issuer: string;
  /** `active`: its issuer's status endpoint said so; `not-checked`: the issuer publishes none. */
  status: 'active' | 'not-checked';
}

export class FederationError extends Error {}

const TYP = 'entity-statement+jwt';
const TRUST_MARK_TYP = 'trust-mark+jwt';
const STATUS_TYP = 'trust-mark-status-response+jwt';
const ALGORITHMS = ['RS256', 'RS512', 'PS256', 'PS512', 'ES256', 'ES512'];
const TOLERANCE_S = 30;

/** `<entity>/.well-known/openid-federation`, a slash added to an id that lacks one. */
export const entityConfigurationUrl = (entityId: string) =>
  new URL('.well-known/openid-federation', entityId.endsWith('/') ? entityId : `${entityId}/`);

/** Entity ids compared as the same URL with or without a final slash (`https://x.it` and `https://x.it/`). */
const sameEntity = (a: string, b: string) => a.replace(/\/$/, '') === b.replace(/\/$/, '');

/** The `iss` an unverified statement claims, to be checked against the one expected and then verified. */
function claimedIssuer(jwt: string, expected: string, what: string): string {
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

type Fetch = (url: URL, init?: RequestInit) => Promise<Response>;
const defaultFetch: Fetch = (url, init) =>
  fetch(url, { ...init, signal: AbortSignal.timeout(10_000), redirect: 'error' });

async function download(get: Fetch, url: URL, what: string): Promise<string> {
  let res: Response;
  try {
    res = await get(url);
  } catch (e) {
    throw new FederationError(`${what}: cannot be fetched from ${url.href} (${(e as Error).message})`);
  }
  if (res.status !== 200) throw new FederationError(`${what}: ${url.href} answered ${res.status}`);
  return (await res.text()).trim();
}

async function verify(
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

const jwksOf = (p: Record<string, unknown>, what: string): JSONWebKeySet => {
  const jwks = p.jwks as JSONWebKeySet | undefined;
  if (!jwks || !Array.isArray(jwks.keys) || jwks.keys.length === 0)
    throw new FederationError(`${what}: no federation keys (jwks)`);
  return jwks;
};

const typed = <T>(p: Record<string, unknown>, claim: string, type: string): T | undefined => {
  const v = (p[claim] as Record<string, unknown> | undefined)?.[type];
  return v && typeof v === 'object' ? (v as T) : undefined;
};

/** Resolves the provider's trust chain up to the anchor and its final metadata, or says which link fails. */
export async function resolveProvider(
  providerId: string,
  anchor: TrustAnchor,
  now: Date,
  get: Fetch = defaultFetch,
): Promise<ResolvedProvider> {
  // The anchor first: its configuration, signed with a key we hold, names its fetch endpoint.
  const anchorJwt = await download(
    get,
    entityConfigurationUrl(anchor.entityId),
    "the trust anchor's configuration",
  );
  const anchorId = claimedIssuer(anchorJwt, anchor.entityId, "the trust anchor's configuration");
  const anchorEc = await verify(
    anchorJwt,
    anchor.jwks,
    { iss: anchorId, sub: anchorId },
    now,
    "the trust anchor's configuration",
  );
  const fetchEndpoint = typed<{ federation_fetch_endpoint?: string }>(
    anchorEc,
    'metadata',
    'federation_entity',
  )?.federation_fetch_endpoint;
  if (typeof fetchEndpoint !== 'string')
    throw new FederationError("the trust anchor's configuration names no federation_fetch_endpoint");

  const leafJwt = await download(get, entityConfigurationUrl(providerId), "the provider's configuration");
  const leafId = claimedIssuer(leafJwt, providerId, "the provider's configuration");
  // SPID and CIE allow no intermediary between a provider and the anchor: the anchor must be a hint.
  const hints = decodeJwt(leafJwt).authority_hints;
  if (!Array.isArray(hints) || !hints.some((h) => typeof h === 'string' && sameEntity(h, anchorId)))
    throw new FederationError(
      `the provider's configuration does not name ${anchorId} among its authority_hints`,
    );

  const url = new URL(fetchEndpoint);
  url.searchParams.set('sub', leafId);
  const statementJwt = await download(get, url, "the trust anchor's statement about the provider");
  const statement = await verify(
    statementJwt,
    jwksOf(anchorEc, "the trust anchor's configuration"),
    { iss: anchorId, sub: leafId },
    now,
    "the trust anchor's statement about the provider",
  );
  // The link: the provider's configuration must be signed with a key its superior vouches for.
  const leaf = await verify(
    leafJwt,
    jwksOf(statement, "the trust anchor's statement about the provider"),
    { iss: leafId, sub: leafId },
    now,
    "the provider's configuration (checked with the keys in the anchor's statement)",
  );

  const own = typed<Metadata>(leaf, 'metadata', 'openid_provider');
  if (!own) throw new FederationError("the provider's configuration has no openid_provider metadata");
  let metadata: Metadata;
  try {
    metadata = resolveMetadata(own, {
      metadata: typed<Metadata>(statement, 'metadata', 'openid_provider'),
      policy: typed<MetadataPolicy>(statement, 'metadata_policy', 'openid_provider'),
      critical: Array.isArray(statement.metadata_policy_crit)
        ? (statement.metadata_policy_crit as string[])
        : [],
    });
  } catch (e) {
    if (e instanceof PolicyError)
      throw new FederationError(`the trust anchor's policy refuses the provider: ${e.message}`);
    throw e;
  }
  if (metadata.issuer !== leafId)
    throw new FederationError(
      `the provider's metadata names issuer ${String(metadata.issuer)}, not ${leafId}`,
    );
  const trustMarks = await checkTrustMarks({ leaf, leafId, anchorEc, anchorId, fetchEndpoint }, now, get);
  const exp = Math.min(leaf.exp!, statement.exp!, anchorEc.exp!);
  return {
    entityId: leafId,
    metadata,
    expiresAt: new Date(exp * 1000),
    chain: [leafJwt, statementJwt, anchorJwt],
    trustMarks,
  };
}

// ---- Trust marks (the profile's "Trust Mark" section; OpenID Federation 1.0, trust marks and status) ----

type Payload = JWTPayload & Record<string, unknown>;
interface Chain {
  leaf: Payload;
  leafId: string;
  anchorEc: Payload;
  anchorId: string;
  fetchEndpoint: string;
}

/** The anchor's `trust_mark_issuers` (the profile spells it `trust_marks_issuers`): a mark's id → issuers. */
function issuersOf(anchorEc: Payload): Map<string, string[]> {
  const raw = (anchorEc.trust_mark_issuers ?? anchorEc.trust_marks_issuers) as
    | Record<string, unknown>
    | undefined;
  const out = new Map<string, string[]>();
  for (const [id, list] of Object.entries(raw ?? {}))
    if (Array.isArray(list))
      out.set(
        id,
        list.filter((x): x is string => typeof x === 'string'),
      );
  return out;
}

/**
 * SPID and CIE require every member but the anchor to carry trust marks. Each mark of an id the anchor
 * recognises (its `trust_mark_issuers`) must be valid — issued by one of that id's issuers, whose keys come
 * through the chain, about this provider, not expired — and, where its issuer publishes a status endpoint,
 * still active there (a revoked mark still passes the static check until the issuer's keys rotate). At
 * least one must be. Marks of ids the anchor does not list are not recognisable here and are ignored.
 */
async function checkTrustMarks(c: Chain, now: Date, get: Fetch): Promise<CheckedTrustMark[]> {
  const issuers = issuersOf(c.anchorEc);
  const entries = Array.isArray(c.leaf.trust_marks) ? (c.leaf.trust_marks as Record<string, unknown>[]) : [];
  const checked: CheckedTrustMark[] = [];
  for (const entry of entries) {
    const id = entry?.id ?? entry?.trust_mark_type;
    const jwt = entry?.trust_mark;
    if (typeof id !== 'string' || typeof jwt !== 'string' || !issuers.has(id)) continue;
    checked.push(await checkTrustMark(c, id, jwt, issuers.get(id)!, now, get));
  }
  if (checked.length === 0)
    throw new FederationError(
      `the provider's configuration carries no trust mark the trust anchor recognises (${[...issuers.keys()].join(', ') || 'it lists none'})`,
    );
  return checked;
}

async function checkTrustMark(
  c: Chain,
  id: string,
  jwt: string,
  allowed: string[],
  now: Date,
  get: Fetch,
): Promise<CheckedTrustMark> {
  const what = `the provider's trust mark ${id}`;
  let iss: unknown;
  try {
    iss = decodeJwt(jwt).iss;
  } catch (e) {
    throw new FederationError(`${what}: ${(e as Error).message}`);
  }
  if (typeof iss !== 'string' || !allowed.some((a) => sameEntity(a, iss as string)))
    throw new FederationError(
      `${what}: issued by ${String(iss)}, which the trust anchor does not allow for it`,
    );
  const issuer = await issuerOf(c, iss, now, get);
  const mark = await verify(jwt, issuer.keys, { iss, sub: c.leafId, typ: null, exp: false }, now, what);
  if ((mark.id ?? mark.trust_mark_type) !== id)
    throw new FederationError(`${what}: it names ${String(mark.id ?? mark.trust_mark_type)}`);
  if (!issuer.statusEndpoint) return { id, issuer: iss, status: 'not-checked' };
  const url = new URL(issuer.statusEndpoint);
  let res: Response;
  try {
    // The mark itself (OpenID Federation 1.0), and sub and id as the profile's drafts ask.
    res = await get(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ trust_mark: jwt, sub: c.leafId, id }).toString(),
    });
  } catch (e) {
    throw new FederationError(`${what}: its status cannot be asked at ${url.href} (${(e as Error).message})`);
  }
  if (res.status !== 200) throw new FederationError(`${what}: its status endpoint answered ${res.status}`);
  const body = (await res.text()).trim();
  let active: boolean;
  if ((res.headers.get('content-type') ?? '').includes('json')) {
    // The profile's drafts: {"active": true|false}.
    active = (JSON.parse(body) as { active?: unknown }).active === true;
  } else {
    // OpenID Federation 1.0: a signed status response, `status` "active" or why not.
    const status = await verify(
      body,
      issuer.keys,
      { iss, typ: STATUS_TYP, exp: false },
      now,
      `${what}'s status`,
    );
    active = status.status === 'active';
  }
  if (!active) throw new FederationError(`${what}: its issuer says it is no longer active (revoked)`);
  return { id, issuer: iss, status: 'active' };
}

/**
 * A trust mark issuer's keys and status endpoint: the anchor's own, or — an intermediary or attribute
 * authority registered under the anchor — from the anchor's statement about it and its configuration.
 */
async function issuerOf(
  c: Chain,
  iss: string,
  now: Date,
  get: Fetch,
): Promise<{ keys: JSONWebKeySet; statusEndpoint: string | undefined }> {
  const endpointOf = (ec: Payload) =>
    typed<{ federation_trust_mark_status_endpoint?: string }>(ec, 'metadata', 'federation_entity')
      ?.federation_trust_mark_status_endpoint;
  if (sameEntity(iss, c.anchorId))
    return {
      keys: jwksOf(c.anchorEc, "the trust anchor's configuration"),
      statusEndpoint: endpointOf(c.anchorEc),
    };
  const what = `the trust anchor's statement about the trust mark issuer ${iss}`;
  const url = new URL(c.fetchEndpoint);
  url.searchParams.set('sub', iss);
  const statement = await verify(
    await download(get, url, what),
    jwksOf(c.anchorEc, "the trust anchor's configuration"),
    { iss: c.anchorId, sub: iss },
    now,
    what,
  );
  const keys = jwksOf(statement, what);
  const ecWhat = `the trust mark issuer's configuration (${iss})`;
  const ec = await verify(
    await download(get, entityConfigurationUrl(iss), ecWhat),
    keys,
    { iss, sub: iss },
    now,
    ecWhat,
  );
  return { keys, statusEndpoint: endpointOf(ec) };
}
