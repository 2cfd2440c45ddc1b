import { Type } from '@fastify/type-provider-typebox';
import { type App, type AppDeps, contextOf, errorResponses } from '../../platform/http.ts';
import {
  GroupBookBody,
  GroupBookingResultSchema,
  GroupCancelBody,
  GroupListQuery,
  GroupParams,
  GroupPlanSchema,
  GroupRequestBody,
  GroupRequestSchema,
  GroupRequestSummarySchema,
  GroupRequestsSchema,
} from './groups.schemas.ts';
import {
  bookGroupRequest,
  cancelGroupBookings,
  createGroupRequest,
  getGroupRequest,
  listGroupRequests,
  planGroupRequest,
} from './groups.service.ts';

/** The tender gives group bookings to the back office (BK-10); least privilege (SEC-1). */
const ROLES = ['backoffice'] as const;
const config = { personalData: 'GroupRequest', roles: [...ROLES] };

export function groupsRoutes(app: App, deps: AppDeps) {
  app.addSchema(GroupRequestSummarySchema);
  app.addSchema(GroupRequestSchema);
  app.addSchema(GroupRequestsSchema);
  app.addSchema(GroupPlanSchema);
  app.addSchema(GroupBookingResultSchema);
  const opts = { holdTtlSeconds: deps.config.HOLD_TTL_SECONDS };

  app.get(
    '/api/v1/group-bookings',
    {
      config: { roles: [...ROLES] },
      schema: {
        tags: ['booking'],
        summary:
          'Group requests (BK-10) whose period is current or past (Rome dates), with how many athletes are booked: the current by their first day, the past most recent first; 200 at most',
        querystring: GroupListQuery,
        response: { 200: Type.Ref('GroupRequests'), ...errorResponses },
      },
    },
    async (request) => ({ items: await listGroupRequests(deps.db, deps.clock, request.query) }),
  );

  app.post(
    '/api/v1/group-bookings',
    {
      config,
      schema: {
        tags: ['booking'],
        summary:
          "Record a club's list of athletes to book together (each with their prescription), the service " +
          'and the period agreed; every line is checked, an error names its line',
        body: GroupRequestBody,
        response: { 201: Type.Ref('GroupRequest'), ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createGroupRequest(deps.db, contextOf(request, deps.clock), request.body)),
  );

  app.get(
    '/api/v1/group-bookings/:id',
    {
      config,
      schema: {
        tags: ['booking'],
        summary: 'A group request with its athletes and their bookings (audited)',
        params: GroupParams,
        response: { 200: Type.Ref('GroupRequest'), ...errorResponses },
      },
    },
    async (request) => getGroupRequest(deps.db, contextOf(request, deps.clock), request.params.id),
  );

  app.get(
    '/api/v1/group-bookings/:id/plan',
    {
      config,
      schema: {
        tags: ['booking'],
        summary:
          'A plan for the athletes not yet booked: as many as possible on one day at one facility, in ' +
          'the fewest days of the period (nothing is held)',
        params: GroupParams,
        response: { 200: Type.Ref('GroupPlan'), ...errorResponses },
      },
    },
    async (request) => planGroupRequest(deps.db, contextOf(request, deps.clock), request.params.id),
  );

  app.post(
    '/api/v1/group-bookings/:id/book',
    {
      config,
      schema: {
        tags: ['booking'],
        summary:
          'Book the places agreed (athlete → slot), each athlete on their own: the outcome of each, ' +
          'a place taken meanwhile named as such',
        params: GroupParams,
        body: GroupBookBody,
        response: { 200: Type.Ref('GroupBookingResult'), ...errorResponses },
      },
    },
    async (request) =>
      bookGroupRequest(deps.db, contextOf(request, deps.clock), request.params.id, request.body.places, opts),
  );

  app.post(
    '/api/v1/group-bookings/:id/cancel',
    {
      config,
      schema: {
        tags: ['booking'],
        summary:
          "Cancel the athletes' live bookings (all, or those named) with the reason, each on its own; their " +
          'prescription items open again for a new proposal',
        params: GroupParams,
        body: GroupCancelBody,
        response: { 200: Type.Ref('GroupBookingResult'), ...errorResponses },
      },
    },
    async (request) =>
      cancelGroupBookings(deps.db, contextOf(request, deps.clock), request.params.id, request.body),
  );
}
