import { Type } from '@fastify/type-provider-typebox';
import { asCitizen, type RequestContext } from '../../platform/context.ts';
import { type App, type AppDeps, contextOf, errorResponses } from '../../platform/http.ts';
import type { Availability } from '../booking/index.ts';
import type { Prescription } from '../registry/index.ts';
import { listMunicipalities } from '../registry/index.ts';
import type { CitizenOidcSettings } from './adapters/citizen-oidc.ts';
import {
  accessBooking,
  accessPrescription,
  prescriptionView,
  sessionPrescription,
} from './bookings/access.service.ts';
import {
  brief,
  patientBookings,
  portalAvailability,
  portalBook,
  portalHold,
  portalProtection,
  portalReleaseHold,
} from './bookings/booking-flow.service.ts';
import { SearchFence } from './bookings/load-guard.ts';
import { bookingView } from './bookings/manage.service.ts';
import { delegationRoutes } from './delegation.routes.ts';
import { kioskRoutes } from './kiosk.routes.ts';
import { manageRoutes } from './manage.routes.ts';
import { noticeRoutes } from './notice.routes.ts';
import { citizenContext } from './personal/delegation.service.ts';
import { PortalGuard } from './portal.guard.ts';
import {
  BookingAccessBody,
  HoldParams,
  MunicipalitiesSchema,
  PortalAvailabilityQuery,
  PortalAvailabilitySchema,
  PortalBookBody,
  PortalBookingSchema,
  PortalHoldBody,
  PortalHoldSchema,
  PortalPrescriptionSchema,
  PrescriptionAccessBody,
  ProtectionBody,
} from './portal.schemas.ts';
import { promemoriaRoutes } from './promemoria.routes.ts';
import type { PortalSettings } from './rules/portal.types.ts';
import { spidRoutes } from './spid.routes.ts';

const TAGS = ['portal'];
const PUBLIC = { roles: [] as [] };

/**
 * The citizen portal's API (issue 13): public, no login. The citizen proves fiscal code + NRE (to book) or
 * fiscal code + booking code (to manage); the server answers with a signed, short session cookie, and every
 * later call acts as that citizen (channel web, audited as `citizen`).
 */
export function portalRoutes(
  app: App,
  deps: AppDeps,
  settings: PortalSettings,
  citizenOidc: CitizenOidcSettings | null = null,
) {
  for (const s of [
    PortalPrescriptionSchema,
    PortalAvailabilitySchema,
    PortalHoldSchema,
    PortalBookingSchema,
    MunicipalitiesSchema,
  ])
    app.addSchema(s);
  const guard = new PortalGuard(settings, deps.clock);
  const fence = new SearchFence<Availability>(settings.search);
  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/api/v1/portal/')) guard.request(request);
  });

  const withPrescription = async (request: Parameters<typeof guard.claims>[0]) => {
    const claims = guard.claims(request);
    const ctx = await citizenContext(deps.db, contextOf(request, deps.clock), claims);
    return { ctx, p: await sessionPrescription(deps.db, ctx, claims) };
  };
  const prescriptionOut = async (ctx: RequestContext, p: Prescription) => {
    const own = (await patientBookings(deps.db, ctx, p.fiscalCode)).filter((a) => a.nre === p.nre);
    return prescriptionView(deps.db, p, own.map(brief));
  };

  app.get(
    '/api/v1/portal/municipalities',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary: "The region's municipalities, for the citizen to say where they start from (nearest first)",
        response: { 200: Type.Ref('PortalMunicipalities'), ...errorResponses },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=3600');
      const items = await listMunicipalities(deps.db);
      return { items: items.map((m) => ({ code: m.belfioreCode, name: m.name, province: m.province })) };
    },
  );

  app.post(
    '/api/v1/portal/access/prescription',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary:
          'Book without login: fiscal code + NRE → the prescription (items, priority, ticket) and a portal session; a wrong fiscal code or NRE gets one answer (404), attempts are limited (429)',
        body: PrescriptionAccessBody,
        response: { 200: Type.Ref('PortalPrescription'), ...errorResponses },
      },
    },
    async (request, reply) => {
      guard.attempt(request, request.body.fiscalCode);
      const found = await accessPrescription(deps.db, contextOf(request, deps.clock), request.body);
      const ctx = asCitizen(contextOf(request, deps.clock), found.patientId);
      guard.open(reply, {
        patientId: found.patientId,
        scope: { kind: 'prescription', nre: found.prescription.nre },
      });
      return prescriptionOut(ctx, found.prescription);
    },
  );

  app.post(
    '/api/v1/portal/access/booking',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary:
          'Manage a booking: fiscal code + booking code → the booking and a portal session; one answer (404) for any mismatch; attempts are limited (429)',
        body: BookingAccessBody,
        response: { 200: Type.Ref('PortalBooking'), ...errorResponses },
      },
    },
    async (request, reply) => {
      guard.attempt(request, request.body.fiscalCode);
      const a = await accessBooking(deps.db, contextOf(request, deps.clock), request.body);
      guard.open(reply, { patientId: a.patientId, scope: { kind: 'booking', code: a.code } });
      return bookingView(deps.db, asCitizen(contextOf(request, deps.clock), a.patientId), settings, a);
    },
  );

  app.post(
    '/api/v1/portal/logout',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary: 'End the portal session',
        body: Type.Object({}),
        response: { 204: Type.Null() },
      },
    },
    async (_request, reply) => {
      guard.close(reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/portal/prescription',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary: "The session's prescription again (after a reload)",
        response: { 200: Type.Ref('PortalPrescription'), ...errorResponses },
      },
    },
    async (request) => {
      const { ctx, p } = await withPrescription(request);
      return prescriptionOut(ctx, p);
    },
  );

  app.get(
    '/api/v1/portal/availability',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary:
          "An item's first availability on the web channel: each facility's first free slot, nearest to the citizen's municipality first (or by date), flagged against the priority guarantee",
        querystring: PortalAvailabilityQuery,
        response: { 200: Type.Ref('PortalAvailability'), ...errorResponses },
      },
    },
    async (request) => {
      const { ctx, p } = await withPrescription(request);
      const q = request.query;
      return portalAvailability(
        deps.db,
        ctx,
        p,
        { ...q, from: q.from ? new Date(q.from) : undefined },
        fence,
      );
    },
  );

  app.post(
    '/api/v1/portal/holds',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary:
          'Hold a slot while the citizen gives the contact details (expires by itself; a few at a time per person)',
        body: PortalHoldBody,
        response: { 200: Type.Ref('PortalHold'), ...errorResponses },
      },
    },
    async (request) => {
      const { ctx, p } = await withPrescription(request);
      return portalHold(deps.db, ctx, settings, p, request.body);
    },
  );

  app.delete(
    '/api/v1/portal/holds/:holdId',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary: 'Release a hold (the citizen went back)',
        params: HoldParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { ctx } = await withPrescription(request);
      await portalReleaseHold(deps.db, ctx, request.params.holdId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/portal/bookings',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary:
          "Book the held slot (channel web) with the citizen's phone/e-mail and consents; a co-payment due gets its pagoPA notice",
        body: PortalBookBody,
        response: { 200: Type.Ref('PortalBooking'), ...errorResponses },
      },
    },
    async (request) => {
      const { ctx, p } = await withPrescription(request);
      const a = await portalBook(deps.db, ctx, settings, p, request.body);
      return bookingView(deps.db, ctx, settings, a);
    },
  );

  app.post(
    '/api/v1/portal/protection',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary:
          'Nothing within the priority guarantee: ask for the protection path (BK-4); the back office calls back',
        body: ProtectionBody,
        response: {
          200: Type.Object({ caseId: Type.String(), created: Type.Boolean() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { ctx, p } = await withPrescription(request);
      return portalProtection(deps.db, ctx, p, request.body.itemIndex);
    },
  );

  manageRoutes(app, deps, settings, guard, fence);
  kioskRoutes(app, deps, guard);
  delegationRoutes(app, deps, guard);
  noticeRoutes(app, deps, settings, guard);
  promemoriaRoutes(app, deps, settings);
  spidRoutes(app, deps, settings, guard, citizenOidc);
}
