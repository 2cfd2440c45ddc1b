import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { UserLimits } from '../../platform/limits.ts';
import { isSameOrigin } from '../../platform/request-guards.ts';
import type { PortalSettings } from './rules/portal.types.ts';
import { type PortalClaims, signPortalToken, verifyPortalToken } from './rules/session-token.ts';

export const PORTAL_COOKIE = 'sportello_portal';
const COOKIE_PATH = '/api/v1/portal';

/**
 * Issue 13 §5: every public route of the portal counts against its client's address (requests a minute);
 * identification attempts count per address and per fiscal code (in 10 minutes). A refusal is 429 with
 * Retry-After. In this process: behind several instances, the proxy's own limits are the outer fence.
 */
export class PortalGuard {
  private readonly limits = new UserLimits();

  constructor(
    private readonly settings: PortalSettings,
    private readonly clock: Clock,
  ) {}

  request(request: FastifyRequest): void {
    this.limits.rate(
      'portal requests',
      request.ip,
      this.settings.requestsPerMinute,
      60_000,
      this.clock.now().getTime(),
    );
  }

  attempt(request: FastifyRequest, fiscalCode: string): void {
    const now = this.clock.now().getTime();
    const max = this.settings.accessPer10Min;
    this.limits.rate('identification attempts', `ip:${request.ip}`, max, 600_000, now);
    this.limits.rate('identification attempts', `cf:${fiscalCode.trim().toUpperCase()}`, max, 600_000, now);
  }

  /** `until`: keep a session's end (seconds since the epoch) when its scope changes, not extend it. */
  open(reply: FastifyReply, claims: Omit<PortalClaims, 'expires'>, until?: number): void {
    const expires =
      until ?? Math.floor(this.clock.now().getTime() / 1000) + this.settings.sessionMinutes * 60;
    reply.setCookie(PORTAL_COOKIE, signPortalToken({ ...claims, expires }, this.settings.secret), {
      path: COOKIE_PATH,
      httpOnly: true,
      sameSite: 'strict',
      secure: 'auto',
      expires: new Date(expires * 1000),
    });
  }

  close(reply: FastifyReply): void {
    reply.clearCookie(PORTAL_COOKIE, { path: COOKIE_PATH });
  }

  /** The session's claims; a state-changing request must also come from this site (CSRF). */
  claims(request: FastifyRequest): PortalClaims {
    const token = request.cookies[PORTAL_COOKIE];
    const claims = token ? verifyPortalToken(token, this.settings.secret, this.clock.now()) : null;
    if (!claims)
      throw new AppError(
        'UNAUTHENTICATED',
        'the portal session has ended: enter your fiscal code and code again',
      );
    if (request.method !== 'GET' && !isSameOrigin(request, { requireHeader: true }))
      throw new AppError('FORBIDDEN', 'cross-site request refused: send it from the portal');
    return claims;
  }
}
