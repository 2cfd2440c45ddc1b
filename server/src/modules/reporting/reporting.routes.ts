import { Type } from '@fastify/type-provider-typebox';
import { type App, type AppDeps, errorResponses } from '../../platform/http.ts';
import { SlaMonthSchema } from './reporting.schemas.ts';
import { evaluateSlaMonth } from './sla.service.ts';

// Reporting (issue 12): the month's service levels and penalties.
export function reportingRoutes(app: App, deps: AppDeps) {
  app.addSchema(SlaMonthSchema);
  app.get(
    '/api/v1/reporting/sla',
    {
      config: { roles: ['cup-manager', 'supervisor'] },
      schema: {
        tags: ['reporting'],
        summary:
          "MR-5: a month's service levels and penalties from its stored contact events (calls that arrived in the month, Rome time), per service, each measure as the contract defines it; the levels not measured yet are listed as such",
        querystring: Type.Object(
          {
            month: Type.String({ pattern: '^\\d{4}-\\d{2}$', description: 'YYYY-MM (Rome)' }),
            serviceValue: Type.Optional(
              Type.Number({
                minimum: 0,
                description: "The month's value of the service in euro, for the amounts",
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref('SlaMonth'), ...errorResponses },
      },
    },
    async (request) => evaluateSlaMonth(deps.db, deps.clock, request.query),
  );
}
