import { Type } from '@fastify/type-provider-typebox';
import { type App, type AppDeps, contextOf, errorResponses } from '../../platform/http.ts';
import { declareMaintenance, listMaintenance } from './figures/availability.service.ts';

// MR-5: the maintenance windows taken out of the IVR's availability, declared in advance.

export function availabilityRoutes(app: App, deps: AppDeps) {
  const ctx = (r: Parameters<typeof contextOf>[0]) => contextOf(r, deps.clock);
  const tags = ['reporting'];
  const Window = Type.Object(
    {
      id: Type.String({ format: 'uuid' }),
      from: Type.String({ format: 'date-time' }),
      to: Type.String({ format: 'date-time' }),
      note: Type.String(),
      declaredAt: Type.String({ format: 'date-time' }),
      declaredBy: Type.String(),
    },
    { additionalProperties: false },
  );
  app.get(
    '/api/v1/reporting/maintenance',
    {
      config: { roles: ['cup-manager', 'supervisor'] },
      schema: {
        tags,
        summary: 'MR-5: the maintenance windows from 30 days ago to a year ahead',
        response: { 200: Type.Array(Window), ...errorResponses },
      },
    },
    async () => {
      const now = deps.clock.now();
      const day = 86_400_000;
      return listMaintenance(
        deps.db,
        new Date(now.getTime() - 30 * day),
        new Date(now.getTime() + 366 * day),
      );
    },
  );
  app.post(
    '/api/v1/reporting/maintenance',
    {
      config: { roles: ['cup-manager'] },
      schema: {
        tags,
        summary:
          "MR-5: declare a maintenance window before it begins (at most 72 hours); the IVR's availability leaves it out",
        body: Type.Object(
          {
            from: Type.String({ format: 'date-time' }),
            to: Type.String({ format: 'date-time' }),
            note: Type.String({ minLength: 1, maxLength: 500 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Type.String({ format: 'uuid' }) }), ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await declareMaintenance(deps.db, ctx(request), request.body)),
  );
}
