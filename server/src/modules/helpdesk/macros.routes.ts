import { Type } from '@fastify/type-provider-typebox';
import { type App, type AppDeps, contextOf, errorResponses } from '../../platform/http.ts';
import { MacroBody, MacroSchema, TicketIdParams } from './helpdesk.schemas.ts';
import { createMacro, listMacros, macrosForTicket, updateMacro } from './macros.service.ts';

const tags = ['helpdesk'];
const IdParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,17}$' }) });
const list = { 200: Type.Object({ macros: Type.Array(Type.Ref('HelpdeskMacro')) }), ...errorResponses };

// Answer templates (HD-2): supervisors write them, the back office uses them beside a ticket.
export function macroRoutes(app: App, deps: AppDeps) {
  app.addSchema(MacroSchema);

  app.get(
    '/api/v1/helpdesk/macros',
    {
      config: { roles: ['backoffice', 'second-level', 'supervisor'] },
      schema: {
        tags,
        summary: 'Answer templates by title: all, or those for every queue and one queue',
        querystring: Type.Object(
          {
            queue: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
            archived: Type.Optional(Type.Boolean({ description: 'true: archived ones too' })),
          },
          { additionalProperties: false },
        ),
        response: list,
      },
    },
    async (request) => ({ macros: await listMacros(deps.db, request.query) }),
  );

  app.post(
    '/api/v1/helpdesk/macros',
    {
      config: { roles: ['supervisor'] },
      schema: {
        tags,
        summary:
          'Write an answer template, for every queue (no queue) or one; placeholders {{numero}}, {{nome}}, {{oggetto}}, {{coda}} (others are refused)',
        body: MacroBody,
        response: { 201: Type.Ref('HelpdeskMacro'), ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createMacro(deps.db, contextOf(request, deps.clock), request.body)),
  );

  app.put(
    '/api/v1/helpdesk/macros/:id',
    {
      config: { roles: ['supervisor'] },
      schema: {
        tags,
        summary: 'Change an answer template, or archive it (no longer offered)',
        params: IdParams,
        body: MacroBody,
        response: { 200: Type.Ref('HelpdeskMacro'), ...errorResponses },
      },
    },
    async (request) => updateMacro(deps.db, contextOf(request, deps.clock), request.params.id, request.body),
  );

  app.get(
    '/api/v1/helpdesk/tickets/:id/macros',
    {
      config: { roles: ['backoffice', 'second-level'], personalData: 'HelpdeskTicket' },
      schema: {
        tags,
        summary: "The templates for a ticket's queue, each with the ticket's values in (text)",
        params: TicketIdParams,
        response: list,
      },
    },
    async (request) => ({
      macros: await macrosForTicket(deps.db, contextOf(request, deps.clock), request.params.id),
    }),
  );
}
