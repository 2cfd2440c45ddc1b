import { Type } from '@fastify/type-provider-typebox';
import { type App, type AppDeps, contextOf, errorResponses } from '../../platform/http.ts';
import { agendaFill, createAgenda } from './agendas/agenda.service.ts';
import { getAgenda, updateAgenda } from './agendas/agenda-edit.service.ts';
import { closeAgendaDays } from './agendas/closure.service.ts';
import {
  AgendaChangeResultSchema,
  AgendaChangeSchema,
  AgendaDetailSchema,
  AgendaFillSchema,
  AgendaInputSchema,
} from './booking.schemas.ts';
import type { Channel } from './rules/booking.types.ts';

// The CUP manager's agendas (BK-6, BK-11, BK-12): their fill, creation, change and closures.

const AgendaParam = Type.Object({ agendaId: Type.String({ minLength: 1, maxLength: 100 }) });

export function agendaRoutes(app: App, deps: AppDeps) {
  const ctx = (request: Parameters<typeof contextOf>[0]) => contextOf(request, deps.clock);

  app.get(
    '/api/v1/agendas',
    {
      config: { roles: ['cup-manager', 'supervisor', 'backoffice'] },
      schema: {
        tags: ['booking'],
        summary:
          'Fill level of every agenda over the next days, its first free slot, facility, organisation and services, its overbooking in use against its quota (BK-6) and its publication checks over the horizon (BK-11)',
        querystring: Type.Object({
          days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, default: 30 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(AgendaFillSchema) }), ...errorResponses },
      },
    },
    async (request) => ({
      items: await agendaFill(
        deps.db,
        deps.clock.now(),
        request.query.days ?? 30,
        deps.config.SLOT_HORIZON_DAYS,
      ),
    }),
  );

  app.post(
    '/api/v1/agendas',
    {
      config: { roles: ['cup-manager'] },
      schema: {
        tags: ['booking'],
        summary: 'Create an agenda with its weekly rules; its slots are generated over the rolling horizon',
        body: AgendaInputSchema,
        response: { 201: Type.Object({ id: Type.String(), slots: Type.Integer() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const { slots } = await createAgenda(
        deps.db,
        ctx(request),
        {
          ...b,
          validTo: b.validTo ?? null,
          overbookingPerSlot: b.overbookingPerSlot ?? 0,
          active: true,
          rules: b.rules.map((r) => ({ ...r, reservedPriority: r.reservedPriority ?? null })),
          closures: b.closures ?? [],
        },
        deps.config.SLOT_HORIZON_DAYS,
      );
      return reply.status(201).send({ id: b.id, slots });
    },
  );

  app.post(
    '/api/v1/agendas/:agendaId/closures',
    {
      config: { roles: ['cup-manager'] },
      schema: {
        tags: ['booking'],
        summary:
          'BK-12: close an agenda on some days (Rome dates, inclusive): its free places leave the availability at once, and the bookings on those days are listed and recontacted (the agenda-closure campaign)',
        params: AgendaParam,
        body: Type.Object(
          {
            fromDate: Type.String({ format: 'date' }),
            toDate: Type.String({ format: 'date' }),
            reason: Type.String({ minLength: 1, maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object(
            {
              agendaId: Type.String(),
              fromDate: Type.String({ format: 'date' }),
              toDate: Type.String({ format: 'date' }),
              reason: Type.String(),
              closedSlots: Type.Integer({
                minimum: 0,
                description: 'Free places taken out of the availability',
              }),
              appointmentIds: Type.Array(Type.String(), {
                description: 'Bookings on those days, to be recontacted and moved',
              }),
            },
            { additionalProperties: false },
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => closeAgendaDays(deps.db, ctx(request), request.params.agendaId, request.body),
  );

  app.get(
    '/api/v1/agendas/:agendaId',
    {
      config: { roles: ['cup-manager', 'supervisor', 'backoffice'] },
      schema: {
        tags: ['booking'],
        summary:
          'One agenda as the CUP manager edits it: services, channels, validity, quota, weekly rules, closures',
        params: AgendaParam,
        response: { 200: AgendaDetailSchema, ...errorResponses },
      },
    },
    async (request) => getAgenda(deps.db, request.params.agendaId),
  );

  app.put(
    '/api/v1/agendas/:agendaId',
    {
      config: { roles: ['cup-manager'] },
      schema: {
        tags: ['booking'],
        summary:
          'Change an agenda (name, services, channels, end of validity, overbooking quota, weekly rules) from a date on: its places are laid out again over the horizon; bookings on places the new rules no longer make are returned and join the recontact campaign (BK-12)',
        params: AgendaParam,
        body: AgendaChangeSchema,
        response: { 200: AgendaChangeResultSchema, ...errorResponses },
      },
    },
    async (request) =>
      updateAgenda(
        deps.db,
        ctx(request),
        request.params.agendaId,
        {
          ...request.body,
          validTo: request.body.validTo ?? null,
          channels: request.body.channels as Channel[],
          rules: request.body.rules.map((r) => ({ ...r, reservedPriority: r.reservedPriority ?? null })),
        },
        deps.config.SLOT_HORIZON_DAYS,
      ),
  );
}
