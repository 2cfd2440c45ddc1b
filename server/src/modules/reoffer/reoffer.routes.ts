import { Type } from '@fastify/type-provider-typebox';
import { type App, type AppDeps, contextOf, errorResponses } from '../../platform/http.ts';
import { acceptOffer, declineOffer, offerPage } from './offers.service.ts';
import {
  DeclineBodySchema,
  OfferParamsSchema,
  OfferSchema,
  ReofferSummaryQuerySchema,
  ReofferSummarySchema,
} from './reoffer.schemas.ts';
import { reofferSummary } from './reoffer.service.ts';
import type { ReofferSettings } from './reoffer.types.ts';

// Re-offer of freed slots (issue 11 §4): the offer's link, public and signed (no login: the link names
// one offer to one patient), and the manager's counts.
export function reofferRoutes(app: App, deps: AppDeps, settings: ReofferSettings) {
  app.addSchema(OfferSchema);
  app.addSchema(ReofferSummarySchema);
  const offer = { 200: Type.Ref('ReofferOffer'), ...errorResponses };
  const common = { tags: ['reoffer'], params: OfferParamsSchema, response: offer };

  app.get(
    '/api/v1/reoffer/offers/:token',
    {
      config: { roles: [] },
      schema: { ...common, summary: 'An offer of an earlier place (OB-2): what it is and until when' },
    },
    async (request) => offerPage(deps.db, contextOf(request, deps.clock), settings, request.params.token),
  );
  app.post(
    '/api/v1/reoffer/offers/:token/accept',
    {
      config: { roles: [] },
      schema: {
        ...common,
        summary:
          'Take the offered place: the appointment moves into it if it is still free (the first to accept gets it); else 409 and the appointment stays',
      },
    },
    async (request) => acceptOffer(deps.db, contextOf(request, deps.clock), settings, request.params.token),
  );
  app.post(
    '/api/v1/reoffer/offers/:token/decline',
    {
      config: { roles: [] },
      schema: {
        ...common,
        body: DeclineBodySchema,
        summary:
          'Turn the offer down, with a reason; the appointment stays and the place goes to the next patient',
      },
    },
    async (request) =>
      declineOffer(
        deps.db,
        contextOf(request, deps.clock),
        settings,
        request.params.token,
        request.body.reason,
      ),
  );

  app.get(
    '/api/v1/reoffer/summary',
    {
      config: { roles: ['cup-manager', 'supervisor', 'trainer'] },
      schema: {
        tags: ['reoffer'],
        summary: 'Places freed in a period (Rome dates) and what became of them: re-used, offered, declined',
        querystring: ReofferSummaryQuerySchema,
        response: { 200: Type.Ref('ReofferSummary'), ...errorResponses },
      },
    },
    async (request) => reofferSummary(deps.db, deps.clock, request.query),
  );
}
