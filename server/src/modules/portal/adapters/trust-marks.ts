import { decodeJwt, type JSONWebKeySet } from 'jose';
import {
  download,
  entityConfigurationUrl,
  FederationError,
  type Fetch,
  jwksOf,
  type Payload,
  STATUS_TYP,
  sameEntity,
  typed,
  verify,
} from './federation-statements.ts';

// The provider's trust marks (the profile's "Trust Mark" section; OpenID Federation 1.0, trust marks and
// their status): checked statically through the chain, then dynamically at the issuer's status endpoint.

export interface CheckedTrustMark {
  id: string;
  issuer: string;
  /** `active`: its issuer's status endpoint said so; `not-checked`: the issuer publishes none. */
  status: 'active' | 'not-checked';
}

export interface Chain {
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
export async function checkTrustMarks(c: Chain, now: Date, get: Fetch): Promise<CheckedTrustMark[]> {
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
