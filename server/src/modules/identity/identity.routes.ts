import { Type } from '@fastify/type-provider-typebox';
import { ROLES } from '../../platform/context.ts';
import {
  type App,
  type AppDeps,
  contextOf,
  credentialsOf,
  errorResponses,
  requireActor,
  SESSION_COOKIE,
} from '../../platform/http.ts';
import { sessionKeyOf } from '../../platform/live-sockets.ts';
import { announcedCode } from './rules/operator-code.ts';
import { setSessionCookie } from './sessions/session-cookie.ts';
import { login, type SessionCache } from './sessions/sessions.service.ts';
import { loginThrottleRoutes } from './throttle/login-throttle.routes.ts';
import { throttledLogin } from './throttle/login-throttle.service.ts';

const Me = Type.Object({
  id: Type.String(),
  username: Type.String(),
  roles: Type.Array(Type.Union(ROLES.map((r) => Type.Literal(r)))),
  operatorCode: Type.Union([Type.String(), Type.Null()]),
  announcedCode: Type.Union([Type.String(), Type.Null()], {
    description: 'The operator code as callers hear it and every screen shows it (CC-2): its digits',
  }),
});

export function identityRoutes(app: App, deps: AppDeps & { sessions: SessionCache }) {
  app.post(
    '/api/v1/auth/login',
    {
      config: { roles: [] },
      schema: {
        tags: ['identity'],
        summary: 'Log in with a local account; returns a bearer token and sets the session cookie',
        security: [],
        body: Type.Object({
          username: Type.String({ minLength: 1, maxLength: 100 }),
          password: Type.String({ minLength: 1, maxLength: 200 }),
        }),
        response: {
          200: Type.Object({ token: Type.String(), expiresAt: Type.String(), user: Me }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      // Throttled per account and client address (429 with Retry-After) before any password is checked.
      const session = await throttledLogin(
        deps.db,
        contextOf(request, deps.clock),
        { username: request.body.username, address: request.ip },
        () => login(deps.db, deps.clock, request.body, deps.config.SESSION_TTL_HOURS),
      );
      setSessionCookie(reply, session);
      return {
        token: session.token,
        expiresAt: session.expiresAt.toISOString(),
        user: { ...session.actor, announcedCode: announcedCode(session.actor.operatorCode) },
      };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { roles: [...ROLES] },
      schema: { tags: ['identity'], summary: 'End the current session', response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      const token = credentialsOf(request)?.token;
      if (token) {
        await deps.sessions.logout(deps.db, token);
        // The session's live streams end with it.
        app.sessionSockets.closeSession(sessionKeyOf(token));
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  loginThrottleRoutes(app, deps);

  app.get(
    '/api/v1/auth/me',
    {
      config: { roles: [...ROLES] },
      schema: { tags: ['identity'], summary: 'The logged-in user', response: { 200: Me, ...errorResponses } },
    },
    async (request) => {
      const actor = requireActor(request);
      return { ...actor, announcedCode: announcedCode(actor.operatorCode) };
    },
  );
}
