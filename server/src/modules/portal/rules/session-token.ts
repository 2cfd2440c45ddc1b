import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The portal's session without login (issue 13 §1): after the citizen proved a fiscal code with a
 * prescription (NRE) or a booking code, the server hands back this token in a cookie. It names the patient
 * and what was proved (scope), and expires; signed with the server's key (HMAC-SHA-256). It carries no
 * personal data in clear beyond ids the server alone can resolve.
 */
export interface PortalClaims {
  patientId: string;
  scope:
    | { kind: 'prescription'; nre: string }
    | { kind: 'booking'; code: string }
    /**
     * Logged in with SPID/CIE: the personal area. With `delegation`, the person logged in is its delegate
     * (`delegateId`) acting for `patientId`; the delegation is checked again on every request.
     */
    | { kind: 'person'; acr: string; delegation?: { id: string; delegateId: string } };
  /** Seconds since the epoch. */
  expires: number;
}

/** The audit's purpose for what a session reads: how the person got in, and whether a delegate acts. */
export function sessionPurpose(claims: PortalClaims): string {
  if (claims.scope.kind !== 'person') return 'citizen portal (no login)';
  return claims.scope.delegation ? 'personal area (SPID/CIE), by a delegate' : 'personal area (SPID/CIE)';
}

const mac = (body: string, secret: string) => createHmac('sha256', secret).update(body).digest('base64url');

export function signPortalToken(claims: PortalClaims, secret: string): string {
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${body}.${mac(body, secret)}`;
}

export function verifyPortalToken(token: string, secret: string, now: Date): PortalClaims | null {
  const [body, given, extra] = token.split('.');
  if (!body || !given || extra !== undefined) return null;
  const expected = Buffer.from(mac(body, secret));
  const got = Buffer.from(given);
  if (got.length !== expected.length || !timingSafeEqual(got, expected)) return null;
  try {
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as PortalClaims;
    if (typeof claims.patientId !== 'string' || typeof claims.expires !== 'number') return null;
    if (now.getTime() / 1000 >= claims.expires) return null;
    return claims;
  } catch {
    return null;
  }
}
