import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { JWK } from 'jose';
import { type Config, ConfigError, httpsOrLoopback } from '../../platform/config.ts';
import type { PaymentSettings } from '../payments/index.ts';
import type { CitizenOidcSettings } from './adapters/citizen-oidc.ts';
import type { TrustAnchor } from './adapters/federation.ts';
import type { PortalSettings } from './rules/portal.types.ts';

/**
 * The portal's settings. Its session key is LINK_SECRET when set (shared by every instance); without it,
 * a key made at start (sessions are 30 minutes long; a restart asks the citizen to identify again).
 */
export function portalSettings(config: Config, payments: PaymentSettings): PortalSettings {
  return {
    secret: config.LINK_SECRET ?? randomBytes(32).toString('base64url'),
    publicUrl: config.PUBLIC_URL ?? `http://localhost:${config.PORT}`,
    sessionMinutes: 30,
    holdTtlSeconds: config.HOLD_TTL_SECONDS,
    noticeWorkingDays: config.CANCELLATION_NOTICE_WORKING_DAYS,
    payments,
    accessPer10Min: config.PORTAL_ACCESS_PER_10_MIN,
    requestsPerMinute: config.PORTAL_REQUESTS_PER_MIN,
    // A second of cache folds a crowd's identical searches into one query; 16 at the database at once
    // leaves part of the pool to the staff's work (docs/performance.md has the measurement).
    search: { cacheMs: 1000, running: 20, waiting: 2000 },
  };
}

/** The federation's trust anchor and its public keys (out of band), or null when the provider is discovered. */
function trustAnchorOf(config: Config, bad: (line: string) => Error): TrustAnchor | null {
  const id = config.CITIZEN_OIDC_TRUST_ANCHOR;
  const file = config.CITIZEN_OIDC_TRUST_ANCHOR_JWKS_FILE;
  if (!id && !file) return null;
  if (!id) throw bad('CITIZEN_OIDC_TRUST_ANCHOR: needed with CITIZEN_OIDC_TRUST_ANCHOR_JWKS_FILE');
  if (!file)
    throw bad(
      "CITIZEN_OIDC_TRUST_ANCHOR_JWKS_FILE: needed with CITIZEN_OIDC_TRUST_ANCHOR (the anchor's public keys)",
    );
  const anchor = new URL(id);
  if (!httpsOrLoopback(anchor))
    throw bad('CITIZEN_OIDC_TRUST_ANCHOR: must be https (plain http only on the loopback, for tests)');
  let keys: JWK[];
  try {
    keys = (JSON.parse(readFileSync(file, 'utf8')) as { keys: JWK[] }).keys;
    if (!Array.isArray(keys) || keys.length === 0) throw new Error('no keys');
  } catch (e) {
    throw bad(`CITIZEN_OIDC_TRUST_ANCHOR_JWKS_FILE: cannot read a JWKS from it (${(e as Error).message})`);
  }
  if (keys.some((k) => k.d !== undefined))
    throw bad("CITIZEN_OIDC_TRUST_ANCHOR_JWKS_FILE: holds a private key; give the anchor's public keys only");
  return { entityId: id, jwks: { keys } };
}

/**
 * The citizens' SPID/CIE relying party from the configuration, or null when it is not configured.
 * Inconsistent settings stop start-up with the variable named.
 */
export function citizenOidcSettings(config: Config): CitizenOidcSettings | null {
  const bad = (line: string) => new ConfigError(`Invalid configuration:\n  ${line}`);
  if (!config.CITIZEN_OIDC_ISSUER) return null;
  for (const k of ['CITIZEN_OIDC_CLIENT_ID', 'CITIZEN_OIDC_REDIRECT_URI', 'CITIZEN_OIDC_JWKS_FILE'] as const)
    if (!config[k]) throw bad(`${k}: needed with CITIZEN_OIDC_ISSUER`);
  const issuer = new URL(config.CITIZEN_OIDC_ISSUER);
  if (!httpsOrLoopback(issuer))
    throw bad('CITIZEN_OIDC_ISSUER: must be https (plain http only on the loopback, for tests)');
  let keys: JWK[];
  try {
    keys = (JSON.parse(readFileSync(config.CITIZEN_OIDC_JWKS_FILE!, 'utf8')) as { keys: JWK[] }).keys;
  } catch (e) {
    throw bad(`CITIZEN_OIDC_JWKS_FILE: cannot read a JWKS from it (${(e as Error).message})`);
  }
  const find = (name: string) => {
    const k = keys.find((x) => x.kid === name || (name !== 'fed' && x.use === name));
    if (!k?.d) throw bad(`CITIZEN_OIDC_JWKS_FILE: no private key "${name}"`);
    return k;
  };
  let trustMarks: { id: string; trust_mark: string }[] = [];
  if (config.CITIZEN_OIDC_TRUST_MARKS_FILE) {
    try {
      trustMarks = JSON.parse(readFileSync(config.CITIZEN_OIDC_TRUST_MARKS_FILE, 'utf8'));
    } catch (e) {
      throw bad(`CITIZEN_OIDC_TRUST_MARKS_FILE: ${(e as Error).message}`);
    }
  }
  return {
    issuer,
    trustAnchor: trustAnchorOf(config, bad),
    clientId: config.CITIZEN_OIDC_CLIENT_ID!,
    redirectUri: new URL(config.CITIZEN_OIDC_REDIRECT_URI!),
    acr: config.CITIZEN_OIDC_ACR,
    keys: { sig: find('sig'), enc: find('enc'), fed: find('fed') },
    authorityHints: (config.CITIZEN_OIDC_AUTHORITY_HINTS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    trustMarks,
    organizationName: config.PAGOPA_CREDITOR_NAME,
    contacts: [],
  };
}
