import { Type } from '@fastify/type-provider-typebox';
import { AppError } from '../../../platform/errors.ts';
import { type App, type AppDeps, errorResponses } from '../../../platform/http.ts';
import { setSessionCookie } from '../sessions/session-cookie.ts';
import { finishSso, SsoRefused, startSso } from './oidc.service.ts';
import type { OidcClient } from './oidc.ts';

const BINDING_COOKIE = 'sportello_sso';
const CALLBACK_PATH = '/api/v1/auth/oidc/callback';
const Redirect = Type.Null({ description: 'redirect (Location)' });

/** Login options for the login page, and the single sign-on round trip (issue 9 §9). */
export function oidcRoutes(app: App, deps: AppDeps, oidc: OidcClient | null) {
  app.get(
    '/api/v1/auth/providers',
    {
      config: { roles: [] },
      schema: {
        tags: ['identity'],
        summary: 'How staff can log in: local passwords, and single sign-on when configured',
        security: [],
        response: {
          200: Type.Object({
            password: Type.Boolean(),
            singleSignOn: Type.Union([Type.Object({ loginUrl: Type.String() }), Type.Null()]),
          }),
        },
      },
    },
    async () => ({ password: true, singleSignOn: oidc ? { loginUrl: '/api/v1/auth/oidc/login' } : null }),
  );

  /** Where a refused sign-on sends the browser: the login page, which explains the reason. */
  const refusal = (e: unknown, step: string): string => {
    if (!(e instanceof SsoRefused)) throw e;
    // The reason and the error's class: never a claim or a token.
    deps.log.warn({ step, reason: e.reason, detail: e.detail }, 'single sign-on refused');
    return `/login?sso=${e.reason}`;
  };

  app.get(
    '/api/v1/auth/oidc/login',
    {
      config: { roles: [] },
      schema: {
        tags: ['identity'],
        summary: "Start single sign-on: redirects to the region's OpenID provider (code flow with PKCE)",
        security: [],
        response: { 302: Redirect, 303: Redirect, ...errorResponses },
      },
    },
    async (request, reply) => {
      if (!oidc) throw new AppError('NOT_FOUND', 'single sign-on is not configured');
      try {
        const { url, binding } = await startSso(
          deps.db,
          { requestId: String(request.id), actor: null, clock: deps.clock },
          oidc,
        );
        // Lax, not Strict: the provider sends the browser back with a cross-site navigation.
        reply.setCookie(BINDING_COOKIE, binding, {
          path: CALLBACK_PATH,
          httpOnly: true,
          sameSite: 'lax',
          secure: 'auto',
          maxAge: 600,
        });
        return reply.redirect(url.href, 302);
      } catch (e) {
        return reply.redirect(refusal(e, 'start'), 303);
      }
    },
  );

  app.get(
    CALLBACK_PATH,
    {
      config: { roles: [] },
      schema: {
        tags: ['identity'],
        summary:
          'Where the provider sends the browser back: opens the session (same cookie as a local login)',
        security: [],
        response: { 303: Redirect, ...errorResponses },
      },
    },
    async (request, reply) => {
      if (!oidc) throw new AppError('NOT_FOUND', 'single sign-on is not configured');
      reply.clearCookie(BINDING_COOKIE, { path: CALLBACK_PATH });
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      try {
        const session = await finishSso(
          deps.db,
          { requestId: String(request.id), actor: null, clock: deps.clock, clientAddress: request.ip },
          oidc,
          { binding: request.cookies[BINDING_COOKIE], query, ttlHours: deps.config.SESSION_TTL_HOURS },
        );
        setSessionCookie(reply, session);
        return reply.redirect('/', 303);
      } catch (e) {
        return reply.redirect(refusal(e, 'callback'), 303);
      }
    },
  );
}
