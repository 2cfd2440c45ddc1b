import { Type } from '@fastify/type-provider-typebox';
import { type App, type AppDeps, contextOf, errorResponses } from '../../platform/http.ts';
import { BatchesQuery, BatchesSchema, BatchSchema, DayParams } from './national-feed.schemas.ts';
import { type FeedSettings, getBundle, listBatches, resendDay } from './national-feed.service.ts';

/** The CUP manager answers to the region for the feed (MR-8); least privilege (SEC-1). */
const ROLES = ['cup-manager'] as const;

export function nationalFeedRoutes(app: App, deps: AppDeps, settings: FeedSettings) {
  app.addSchema(BatchSchema);
  app.addSchema(BatchesSchema);

  app.get(
    '/api/v1/national-feed/batches',
    {
      config: { roles: [...ROLES] },
      schema: {
        tags: ['reporting'],
        summary:
          "The national waiting-list feed's daily batches (MR-8): appointments, digest, whether the platform took each",
        querystring: BatchesQuery,
        response: { 200: Type.Ref('NationalFeedBatches'), ...errorResponses },
      },
    },
    async (request) => listBatches(deps.db, contextOf(request, deps.clock), request.query),
  );

  app.get(
    '/api/v1/national-feed/batches/:day',
    {
      config: { roles: [...ROLES] },
      schema: {
        tags: ['reporting'],
        summary:
          "A day's batch as sent: a FHIR R4 transaction Bundle of Appointments, patients pseudonymised (audited)",
        params: DayParams,
        response: { 200: Type.Object({}, { additionalProperties: true }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const json = await getBundle(deps.db, contextOf(request, deps.clock), request.params.day);
      return reply
        .header('content-type', 'application/fhir+json; charset=utf-8')
        .header('content-disposition', `attachment; filename="pnla-${request.params.day}.json"`)
        .send(json);
    },
  );

  app.post(
    '/api/v1/national-feed/batches/:day/send',
    {
      config: { roles: [...ROLES] },
      schema: {
        tags: ['reporting'],
        summary:
          "Send a day's batch now — again (it replaces what the platform holds), or built first if the day is over " +
          "and not built yet; the attempt's outcome",
        params: DayParams,
        body: Type.Object({}, { additionalProperties: false }),
        response: { 200: Type.Ref('NationalFeedBatch'), ...errorResponses },
      },
    },
    async (request) => resendDay(deps.db, contextOf(request, deps.clock), settings, request.params.day),
  );
}
