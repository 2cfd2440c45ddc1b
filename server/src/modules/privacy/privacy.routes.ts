import { Type } from '@fastify/type-provider-typebox';
import { type App, type AppDeps, contextOf, errorResponses } from '../../platform/http.ts';
import { AccessLogQuerySchema, AccessLogSchema } from './privacy.schemas.ts';
import { accessLogCsv, patientAccessLog } from './privacy.service.ts';

// The privacy officer's view of the audit trail (issue 8 §14): read-only, exportable.
export function privacyRoutes(app: App, deps: AppDeps) {
  app.addSchema(AccessLogSchema);
  app.get(
    '/api/v1/privacy/access-log',
    {
      config: { roles: ['privacy-officer'] },
      schema: {
        tags: ['privacy'],
        summary:
          "Every access to one patient's data (who, when, what, why, channel, address, outcome), as JSON or CSV; the reading is audited",
        querystring: AccessLogQuerySchema,
        response: {
          200: Type.Ref('AccessLog', { description: 'JSON; with format=csv the same rows as text/csv' }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { format, ...query } = request.query;
      const log = await patientAccessLog(deps.db, contextOf(request, deps.clock), query);
      if (format !== 'csv') return log;
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="accessi-${log.fiscalCode}-${log.from}-${log.to}.csv"`,
        )
        .send(accessLogCsv(log));
    },
  );
}
