import { Type } from '@fastify/type-provider-typebox';
import { type App, type AppDeps, contextOf, errorResponses } from '../../platform/http.ts';
import { LeavingBody, StartBody, TenureSchema } from './staff.schemas.ts';
import { listRegister, recordLeaving, recordStart } from './staff.service.ts';

const TAGS = ['staff'];

/** The staff register (tender's turnover): the admin keeps it, the CUP manager reads it. */
export function staffRoutes(app: App, deps: AppDeps) {
  app.addSchema(TenureSchema);
  const ctx = (request: Parameters<typeof contextOf>[0]) => contextOf(request, deps.clock);

  app.get(
    '/api/v1/staff-register',
    {
      config: { roles: ['admin', 'cup-manager'] },
      schema: {
        tags: TAGS,
        summary: "The front line's periods on the contract: started, left and why (for the yearly turnover)",
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('StaffTenure')) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await listRegister(deps.db, ctx(request)) }),
  );

  app.post(
    '/api/v1/staff-register',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: TAGS,
        summary: 'Record that an operator started on the contract (one open period per person)',
        body: StartBody,
        response: { 201: Type.Ref('StaffTenure'), ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await recordStart(deps.db, ctx(request), request.body)),
  );

  app.post(
    '/api/v1/staff-register/:id/leaving',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: TAGS,
        summary: "Record an operator's last day on the contract and why",
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        body: LeavingBody,
        response: { 200: Type.Ref('StaffTenure'), ...errorResponses },
      },
    },
    async (request) => recordLeaving(deps.db, ctx(request), request.params.id, request.body),
  );
}
