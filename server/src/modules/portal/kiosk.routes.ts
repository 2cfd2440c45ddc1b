import { Type } from '@fastify/type-provider-typebox';
import { romeDate } from '../../platform/calendar.ts';
import { AppError } from '../../platform/errors.ts';
import { type App, type AppDeps, contextOf, errorResponses } from '../../platform/http.ts';
import { listFacilities } from '../registry/index.ts';
import { facilityArrivals, kioskCheckIn } from './kiosk/kiosk.service.ts';
import type { PortalGuard } from './portal.guard.ts';
import {
  ArrivalsSchema,
  DayQuery,
  FacilityParams,
  KioskCheckInBody,
  KioskFacilitySchema,
  KioskOutcomeSchema,
} from './portal.schemas.ts';

const TAGS = ['kiosk'];

/** The self check-in kiosk (BK-9) and the facility desk's arrivals. */
export function kioskRoutes(app: App, deps: AppDeps, guard: PortalGuard) {
  app.addSchema(KioskOutcomeSchema);
  app.addSchema(KioskFacilitySchema);
  app.addSchema(ArrivalsSchema);

  app.get(
    '/api/v1/kiosk/facilities',
    {
      config: { roles: [] },
      schema: {
        tags: TAGS,
        summary: 'The facilities (public: names and addresses), to set up a kiosk or pick a desk',
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('KioskFacility')) }), ...errorResponses },
      },
    },
    async () => ({
      items: (await listFacilities(deps.db)).map((f) => ({
        id: f.id,
        name: f.name,
        address: f.address,
        district: f.district,
      })),
    }),
  );

  app.get(
    '/api/v1/kiosk/facilities/:facilityId',
    {
      config: { roles: [] },
      schema: {
        tags: TAGS,
        summary: "The kiosk's facility (its name and address on the screen)",
        params: FacilityParams,
        response: { 200: Type.Ref('KioskFacility'), ...errorResponses },
      },
    },
    async (request) => {
      const f = (await listFacilities(deps.db)).find((x) => x.id === request.params.facilityId);
      if (!f) throw new AppError('NOT_FOUND', 'no such facility', 'facilityId');
      return { id: f.id, name: f.name, address: f.address, district: f.district };
    },
  );

  app.post(
    '/api/v1/kiosk/check-in',
    {
      config: { roles: [] },
      schema: {
        tags: TAGS,
        summary:
          "Self check-in (BK-9): booking code + fiscal code at the facility's kiosk → today's appointment checked in with a queue ticket, or where to pay first; one answer (404) for any mismatch; attempts are limited (429)",
        body: KioskCheckInBody,
        response: { 200: Type.Ref('KioskOutcome'), ...errorResponses },
      },
    },
    async (request) => {
      guard.request(request);
      guard.attempt(request, request.body.fiscalCode);
      return kioskCheckIn(deps.db, contextOf(request, deps.clock), request.body);
    },
  );

  app.get(
    '/api/v1/facilities/:facilityId/arrivals',
    {
      config: { roles: ['operator', 'backoffice'] },
      schema: {
        tags: TAGS,
        summary:
          "The facility desk's day (BK-9): every appointment, who checked in with which ticket, who is missing (mark them no-show with POST /api/v1/appointments/{id}/no-show); audited",
        params: FacilityParams,
        querystring: DayQuery,
        response: { 200: Type.Ref('FacilityArrivals'), ...errorResponses },
      },
    },
    async (request) => {
      const ctx = contextOf(request, deps.clock);
      const day = request.query.date ?? romeDate(deps.clock.now());
      return { items: await facilityArrivals(deps.db, ctx, request.params.facilityId, day) };
    },
  );
}
