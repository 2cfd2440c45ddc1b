import { Type } from '@fastify/type-provider-typebox';
import { type App, type AppDeps, errorResponses, periodQueryProperties } from '../../platform/http.ts';
import type { LiveContactCentre } from '../contact-centre/index.ts';
import { availabilityRoutes } from './availability.routes.ts';
import { contactsRoutes } from './contacts.routes.ts';
import { waitingTimes, waitingTimesCsv } from './figures/waiting-times.service.ts';
import { whenToCallTable } from './figures/when-to-call.service.ts';
import { SlaMonthSchema, SlaTodaySchema, WaitingTimesSchema, WhenToCallSchema } from './reporting.schemas.ts';
import { evaluateSlaMonth, evaluateSlaToday } from './reports/sla.service.ts';
import { reportsRoutes } from './reports.routes.ts';
import { wallboardRoutes } from './wallboard/wallboard.routes.ts';

// Reporting (issue 12): the wallboard, the month's service levels and penalties, the public "when to
// call" table, and the waiting times per priority class (MR-7). `centre`: the running contact centre.
export function reportingRoutes(app: App, deps: AppDeps, centre: LiveContactCentre | null) {
  const label = centre ? centre.label : null;
  app.addSchema(SlaMonthSchema);
  app.addSchema(SlaTodaySchema);
  app.addSchema(WhenToCallSchema);
  app.addSchema(WaitingTimesSchema);
  reportsRoutes(app, deps);
  contactsRoutes(app, deps);
  availabilityRoutes(app, deps);
  wallboardRoutes(app, deps, centre);
  const whenToCall = whenToCallTable(deps.db, deps.clock, label);
  const period = Type.Object(
    {
      ...periodQueryProperties(366),
      format: Type.Optional(Type.Literal('csv', { description: 'csv: the same rows as text/csv' })),
    },
    { additionalProperties: false },
  );
  app.get(
    '/api/v1/reporting/waiting-times',
    {
      config: { roles: ['cup-manager'] },
      schema: {
        tags: ['reporting'],
        summary:
          'MR-7: first accesses requested in a period (Rome dates) by service, district and priority class: offered and booked within the guarantee, days waited, places refused; JSON, or CSV (the layout of docs/indicators.md)',
        querystring: period,
        response: {
          200: Type.Ref('WaitingTimes', { description: 'JSON; with format=csv the same rows as text/csv' }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { format, ...q } = request.query;
      const t = await waitingTimes(deps.db, deps.clock, q);
      if (format !== 'csv') return t;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="tempi-attesa-${t.from}-${t.to}.csv"`)
        .send(waitingTimesCsv(t.rows));
    },
  );
  app.get(
    '/api/v1/public/when-to-call',
    {
      config: { roles: [] },
      schema: {
        tags: ['reporting'],
        summary:
          "MR-6, public: for each line citizens call, the wait to an answer (from the call's start) by hour band over the last four weeks — least, average, most — and a face for the average",
        response: { 200: Type.Ref('WhenToCall'), ...errorResponses },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return whenToCall();
    },
  );
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
            outboundValue: Type.Optional(
              Type.Number({ minimum: 0, description: "The month's value of the outbound service in euro" }),
            ),
            contractValue: Type.Optional(
              Type.Number({
                minimum: 0,
                description:
                  "The call-centre supply's value in euro: the yearly turnover's penalty is 0.5% of it",
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
  app.get(
    '/api/v1/reporting/sla/today',
    {
      config: { roles: ['cup-manager', 'supervisor'] },
      schema: {
        tags: ['reporting'],
        summary:
          "MR-4 against MR-5: today's contract levels so far (Rome day), per service, measured as the month's evaluation measures them, over the calls that arrived today and ended by now",
        response: { 200: Type.Ref('SlaToday'), ...errorResponses },
      },
    },
    async () => evaluateSlaToday(deps.db, deps.clock),
  );
}
