import { Type } from '@fastify/type-provider-typebox';
import type { Role } from '../../../platform/context.ts';
import { type App, type AppDeps, errorResponses } from '../../../platform/http.ts';
import type { LiveContactCentre } from '../../contact-centre/index.ts';
import { WallboardSchema } from './wallboard.schemas.ts';
import { wallboard } from './wallboard.service.ts';

/** Who reads the wallboard: whoever works the calls or supervises them. */
const READERS: Role[] = ['operator', 'backoffice', 'supervisor', 'cup-manager'];

/** MR-4: the wallboard, counted by the statistics' code; `centre` adds its "now" figures when running. */
export function wallboardRoutes(app: App, deps: AppDeps, centre: LiveContactCentre | null): void {
  app.addSchema(WallboardSchema);
  app.get(
    '/api/v1/reporting/wallboard',
    {
      config: { roles: READERS },
      schema: {
        tags: ['reporting'],
        summary:
          'MR-4: calls that arrived in the last hour, 7 and 30 days (refused, accepted, answered, average wait), ' +
          'calls waiting per queue, agents now and on average, arrivals per service by hour, service level ' +
          'and abandonment today and in the last 15 minutes, per queue, the survey, callbacks pending',
        response: { 200: Type.Ref('Wallboard'), ...errorResponses },
      },
    },
    async () => wallboard(deps.db, centre, centre?.now() ?? deps.clock.now()),
  );
}
