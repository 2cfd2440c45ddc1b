import { Type } from '@fastify/type-provider-typebox';
import { type App, type AppDeps, contextOf, errorResponses } from '../../platform/http.ts';
import { resolveProtectionCase, takeProtectionCase } from './protection/protection.service.ts';

const IdParam = Type.Object({ id: Type.String({ format: 'uuid' }) });

/**
 * The back office works protection-path cases (BK-4, percorso di tutela): takes one, then resolves it
 * with the appointment it booked for the case's item, or closes it with a reason. Opening and listing
 * cases are in booking.routes.ts; the ProtectionCase schema is registered there.
 */
export function protectionRoutes(app: App, deps: AppDeps) {
  const ctx = (request: Parameters<typeof contextOf>[0]) => contextOf(request, deps.clock);

  app.post(
    '/api/v1/protection-cases/:id/take',
    {
      config: { personalData: 'ProtectionCase', roles: ['backoffice'] },
      schema: {
        tags: ['booking'],
        summary: 'Take an open protection-path case to work it (409 when another operator has it)',
        params: IdParam,
        response: { 200: Type.Ref('ProtectionCase'), ...errorResponses },
      },
    },
    async (request) => takeProtectionCase(deps.db, ctx(request), request.params.id),
  );

  app.post(
    '/api/v1/protection-cases/:id/resolve',
    {
      config: { personalData: 'ProtectionCase', roles: ['backoffice'] },
      schema: {
        tags: ['booking'],
        summary:
          'Resolve a case you took with the appointment booked for its prescription item, or close it with a reason',
        params: IdParam,
        body: Type.Object(
          {
            appointmentId: Type.Optional(
              Type.String({ format: 'uuid', description: "A booked appointment of the case's item" }),
            ),
            reason: Type.Optional(
              Type.String({ minLength: 1, maxLength: 500, description: 'Why the case is closed' }),
            ),
          },
          { additionalProperties: false, description: 'Exactly one of appointmentId and reason' },
        ),
        response: { 200: Type.Ref('ProtectionCase'), ...errorResponses },
      },
    },
    async (request) => resolveProtectionCase(deps.db, ctx(request), request.params.id, request.body),
  );
}
