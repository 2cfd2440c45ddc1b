import { Type } from '@fastify/type-provider-typebox';
import { ROLES } from '../../platform/context.ts';
import { type App, type AppDeps, errorResponses, requireActor, SESSION_COOKIE } from '../../platform/http.ts';
import { login, type SessionCache } from './identity.service.ts';
import { setSessionCookie } from './session-cookie.ts';

const Me = Type.Object({
  id: Type.String(),
  username: Type.String(),
  roles: Type.Array(Type.Union(ROLES.map((r) => Type.Literal(r)))),
  operatorCode: Type.Union([Type.String(), Type.Null()]),
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
      const session = await login(deps.db, deps.clock, request.body, deps.config.SESSION_TTL_HOURS);
      setSessionCookie(reply, session);
      return { token: session.token, expiresAt: session.expiresAt.toISOString(), user: session.actor };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { roles: [...ROLES] },
      schema: { tags: ['identity'], summary: 'End the current session', response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      const header = request.headers.authorization;
      const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : request.cookies[SESSION_COOKIE];
      if (token) await deps.sessions.logout(deps.db, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      config: { roles: [...ROLES] },
      schema: { tags: ['identity'], summary: 'The logged-in user', response: { 200: Me, ...errorResponses } },
    },
    async (request) => requireActor(request),
  );
}
