import { type App, type AppDeps, errorResponses } from '../../platform/http.ts';
import {
  ErlangQuerySchema,
  ErlangResultSchema,
  ForecastBodySchema,
  ForecastSchema,
  PlanBodySchema,
  PlanSchema,
  WhatIfBodySchema,
  WhatIfSchema,
} from './planning.schemas.ts';
import {
  erlangFigures,
  forecastFor,
  MAX_REPLICATIONS,
  MAX_WHAT_IF_DAYS,
  planFor,
  whatIfFor,
} from './planning.service.ts';

const PLANNERS = ['supervisor', 'cup-manager'] as const;
/** What-if simulations one user may run at the same time. */
export const MAX_WHAT_IF_PER_USER = 1;

/** WF-1 over HTTP: the Erlang calculator, the traffic forecast, the staffing plan and its what-if. */
export function planningRoutes(app: App, _deps: AppDeps) {
  app.get(
    '/api/v1/planning/erlang',
    {
      config: { roles: [...PLANNERS] },
      schema: {
        tags: ['planning'],
        summary:
          'Erlang B, C or A for one period (WF-1). Without agents or lines, the figures are for the agents or ' +
          'lines needed: 90% answered within target (20 s) and, model a, at most 10% abandoning (MR-5); 1% ' +
          'blocking for lines; serviceLevel, maxAbandon and blocking override these targets',
        querystring: ErlangQuerySchema,
        response: { 200: ErlangResultSchema, ...errorResponses },
      },
    },
    async (request) => erlangFigures(request.query),
  );

  app.post(
    '/api/v1/planning/forecast',
    {
      config: { roles: [...PLANNERS] },
      schema: {
        tags: ['planning'],
        summary:
          'Calls, AHT and channel holding time per interval from the yearly volume and the tender’s monthly, ' +
          'weekday and hourly curves, on the line’s calendar (CC-4; holidays closed)',
        body: ForecastBodySchema,
        response: { 200: ForecastSchema, ...errorResponses },
      },
    },
    async (request) => forecastFor(request.body),
  );

  app.post(
    '/api/v1/planning/plan',
    {
      config: { roles: [...PLANNERS] },
      schema: {
        tags: ['planning'],
        summary:
          'Forecast → required agents per interval (Erlang C or A) → planned agents (staffing: a share of the ' +
          'requirement, a cap or a roster; default the required ones) → the model figures at the planned agents, ' +
          'intervals below the targets flagged → FTE needed and planned (shrinkage, contract hours) → channels ' +
          '(Erlang B, CC-5 minimum and +20% rule)',
        body: PlanBodySchema,
        response: { 200: PlanSchema, ...errorResponses },
      },
    },
    async (request) => planFor(request.body),
  );

  app.post(
    '/api/v1/planning/what-if',
    {
      config: { roles: [...PLANNERS] },
      schema: {
        tags: ['planning'],
        summary:
          `The plan's planned agents (staffing, default the required ones) simulated on the contact-centre ` +
          `engine: service level, abandonment, answered share and ASA ` +
          `with 95% intervals, and the month's penalties (MR-5). At most ${MAX_WHAT_IF_DAYS} days and ` +
          `${MAX_REPLICATIONS} replications; a month of CUP traffic takes about 0.6–1 s per replication, on worker threads, one per core.`,
        body: WhatIfBodySchema,
        response: { 200: WhatIfSchema, ...errorResponses },
      },
    },
    // A what-if runs for seconds: one at a time for each user (SEC-3, 429 beyond).
    async (request) =>
      app.userLimits.concurrent('what-if simulation', request.actor?.id ?? '', MAX_WHAT_IF_PER_USER, () =>
        whatIfFor(request.body),
      ),
  );
}
