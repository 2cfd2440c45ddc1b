import { Type } from '@fastify/type-provider-typebox';
import { type App, type AppDeps, contextOf, errorResponses } from '../../../platform/http.ts';
import { listLockouts, unlock } from './login-throttle.service.ts';

const Lockout = Type.Object({
  kind: Type.Union([Type.Literal('account'), Type.Literal('address')]),
  subject: Type.String({ description: 'The username (lower case) or the client address' }),
  failures: Type.Integer(),
  lockedUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  blockedUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

/** The admin's view of login throttling (SEC-2): who is locked out, and lifting it. */
export function loginThrottleRoutes(app: App, deps: AppDeps) {
  app.get(
    '/api/v1/auth/lockouts',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['identity'],
        summary: 'Accounts locked and accounts or addresses backing off after failed logins',
        response: { 200: Type.Object({ items: Type.Array(Lockout) }), ...errorResponses },
      },
    },
    async () => ({ items: await listLockouts(deps.db, deps.clock.now()) }),
  );

  for (const [kind, param] of [
    ['account', 'username'],
    ['address', 'address'],
  ] as const) {
    app.delete(
      `/api/v1/auth/lockouts/${kind === 'account' ? 'accounts' : 'addresses'}/:${param}`,
      {
        config: { roles: ['admin'] },
        schema: {
          tags: ['identity'],
          summary: `Unlock an ${kind}: forget its failed logins (audited)`,
          params: Type.Object({ [param]: Type.String({ minLength: 1, maxLength: 100 }) }),
          response: { 204: Type.Null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        const subject = (request.params as Record<string, string>)[param] ?? '';
        await unlock(deps.db, contextOf(request, deps.clock), kind, subject);
        return reply.status(204).send(null);
      },
    );
  }
}
