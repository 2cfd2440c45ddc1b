import { decodeJwt, type JSONWebKeySet } from 'jose';
import {
  type Metadata,
  type MetadataPolicy,
  PolicyError,
  resolveMetadata,
} from '../rules/metadata-policy.ts';
import {
  claimedIssuer,
  defaultFetch,
  download,
  entityConfigurationUrl,
  FederationError,
  type Fetch,
  jwksOf,
  sameEntity,
  typed,
  verify,
} from './federation-statements.ts';
import { type CheckedTrustMark, checkTrustMarks } from './trust-marks.ts';

export { entityConfigurationUrl, FederationError } from './federation-statements.ts';
export type { CheckedTrustMark } from './trust-marks.ts';

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
