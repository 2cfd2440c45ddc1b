import { Type } from '@fastify/type-provider-typebox';
import { AppError } from '../../platform/errors.ts';
import { type App, type AppDeps, contextOf, errorResponses } from '../../platform/http.ts';
import { noticeQrSvg } from '../../platform/qr.ts';
import type { Availability } from '../booking/index.ts';
import { bookingIcs } from '../messaging/index.ts';
import { completeCheckout, getCheckout, noticeFile, noticesOf } from '../payments/index.ts';
import { sessionPrescriptionOf } from './bookings/access.service.ts';
import { portalAvailability } from './bookings/booking-flow.service.ts';
import type { SearchFence } from './bookings/load-guard.ts';
import {
  bookingView,
  portalCancel,
  portalMove,
  portalPay,
  sessionBooking,
} from './bookings/manage.service.ts';
import { promemoriaPdf } from './documents/promemoria-pdf.ts';
import { citizenContext } from './personal/delegation.service.ts';
import type { PortalGuard } from './portal.guard.ts';
import {
  BookingCodeParams,
  CheckoutBody,
  CheckoutParams,
  CheckoutSchema,
  CheckoutStartSchema,
  MoveAvailabilityQuery,
  MoveBody,
  RatingBody,
} from './portal.schemas.ts';
import { rate } from './ratings/ratings.service.ts';
import type { PortalSettings } from './rules/portal.types.ts';

const TAGS = ['portal'];
const PUBLIC = { roles: [] as [] };

/** Managing a booking (view, cancel, move, pay, documents), the simulated checkout and the rating. */
export function manageRoutes(
  app: App,
  deps: AppDeps,
  settings: PortalSettings,
  guard: PortalGuard,
  fence: SearchFence<Availability>,
) {
  app.addSchema(CheckoutStartSchema);
  app.addSchema(CheckoutSchema);
  const booking = { 200: Type.Ref('PortalBooking'), ...errorResponses };
  const load = async (request: Parameters<typeof guard.claims>[0], code: string) => {
    const claims = guard.claims(request);
    const ctx = await citizenContext(deps.db, contextOf(request, deps.clock), claims);
    return { ctx, a: await sessionBooking(deps.db, ctx, claims, code) };
  };

  app.get(
    '/api/v1/portal/bookings/:code',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary: "One of the session's person's bookings",
        params: BookingCodeParams,
        response: booking,
      },
    },
    async (request) => {
      const { ctx, a } = await load(request, request.params.code);
      return bookingView(deps.db, ctx, settings, a);
    },
  );

  app.post(
    '/api/v1/portal/bookings/:code/cancel',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary:
          'Cancel (OB-4 by web): the place is free at once, the answer carries the cancellation number; an unpaid notice is withdrawn, a paid one flagged for refund',
        params: BookingCodeParams,
        body: Type.Object({}),
        response: booking,
      },
    },
    async (request) => {
      const { ctx, a } = await load(request, request.params.code);
      return bookingView(deps.db, ctx, settings, await portalCancel(deps.db, ctx, settings, a));
    },
  );

  app.get(
    '/api/v1/portal/bookings/:code/availability',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary: "Where the booking could move: the same item's first availability, as for booking",
        params: BookingCodeParams,
        querystring: MoveAvailabilityQuery,
        response: { 200: Type.Ref('PortalAvailability'), ...errorResponses },
      },
    },
    async (request) => {
      const { ctx, a } = await load(request, request.params.code);
      const p = await sessionPrescriptionOf(deps.db, ctx, a.patientId, a.nre);
      const q = request.query;
      return portalAvailability(
        deps.db,
        ctx,
        p,
        { ...q, itemIndex: a.itemIndex, from: q.from ? new Date(q.from) : undefined },
        fence,
      );
    },
  );

  app.post(
    '/api/v1/portal/bookings/:code/move',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary: 'Move the booking to another slot (channel web); the notice stays the same',
        params: BookingCodeParams,
        body: MoveBody,
        response: booking,
      },
    },
    async (request) => {
      const { ctx, a } = await load(request, request.params.code);
      return bookingView(deps.db, ctx, settings, await portalMove(deps.db, ctx, a, request.body.slotId));
    },
  );

  app.post(
    '/api/v1/portal/bookings/:code/payment',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary:
          '"Paga ora": the notice (issued if missing) and a checkout page of the simulated PSP (simulazione)',
        params: BookingCodeParams,
        body: Type.Object({}),
        response: { 200: Type.Ref('PortalCheckoutStart'), ...errorResponses },
      },
    },
    async (request) => {
      const { ctx, a } = await load(request, request.params.code);
      const c = await portalPay(deps.db, ctx, settings, a);
      return { checkoutId: c.checkoutId, checkoutUrl: c.url, expiresAt: c.expiresAt };
    },
  );

  const file = (summary: string) => ({
    config: PUBLIC,
    schema: {
      tags: TAGS,
      summary,
      params: BookingCodeParams,
      response: { 200: Type.Any(), ...errorResponses },
    },
  });

  app.get(
    '/api/v1/portal/bookings/:code/promemoria.pdf',
    file('The promemoria (PDF, Italian), with the booking code as a QR for the kiosk'),
    async (request, reply) => {
      const { ctx, a } = await load(request, request.params.code);
      const pdf = await promemoriaPdf(await bookingView(deps.db, ctx, settings, a), ctx.clock.now());
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="promemoria-${a.code}.pdf"`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );

  app.get(
    '/api/v1/portal/bookings/:code/calendar.ics',
    file('"Aggiungi al calendario": the appointment as iCalendar'),
    async (request, reply) => {
      const { ctx, a } = await load(request, request.params.code);
      // The same event as the reminder e-mail's attachment (UID per appointment, SEQUENCE per move).
      const ics = bookingIcs({
        uid: `${a.id}@sportello`,
        sequence: a.version,
        start: a.start,
        end: a.end,
        summary: a.service.description,
        location: `${a.facility.name}, ${a.facility.address}`,
        description: `Prenotazione ${a.code}. Porta la ricetta, la tessera sanitaria e un documento.`,
        stamp: ctx.clock.now(),
      });
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="appuntamento-${a.code}.ics"`)
        .header('cache-control', 'no-store')
        .send(ics);
    },
  );

  const notice = async (request: Parameters<typeof guard.claims>[0], code: string) => {
    const { ctx, a } = await load(request, code);
    const [n] = await noticesOf(deps.db, [a.id]);
    if (!n) throw new AppError('NOT_FOUND', 'this booking has no payment notice', 'code');
    return { ctx, a, n };
  };

  app.get(
    '/api/v1/portal/bookings/:code/notice.pdf',
    file('The pagoPA notice (PDF): the number in groups of four and the QR code'),
    async (request, reply) => {
      const { a, n } = await notice(request, request.params.code);
      const { filename, pdf } = await noticeFile(settings.payments, n, a);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );

  app.get(
    '/api/v1/portal/bookings/:code/notice-qr.svg',
    file("The notice's QR code (PAGOPA|002|…) as SVG"),
    async (request, reply) => {
      const { n } = await notice(request, request.params.code);
      return reply
        .type('image/svg+xml')
        .header('cache-control', 'no-store')
        .send(await noticeQrSvg(n.qrString));
    },
  );

  app.get(
    '/api/v1/portal/checkout/:checkoutId',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary: 'The simulated checkout page (simulazione): what is being paid; its id is the only key',
        params: CheckoutParams,
        response: { 200: Type.Ref('PortalCheckout'), ...errorResponses },
      },
    },
    async (request) => getCheckout(deps.db, request.params.checkoutId),
  );

  app.post(
    '/api/v1/portal/checkout/:checkoutId',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary: 'Pay or fail on the simulated checkout (simulazione); once, then the answer repeats',
        params: CheckoutParams,
        body: CheckoutBody,
        response: { 200: Type.Ref('PortalCheckout'), ...errorResponses },
      },
    },
    async (request) =>
      completeCheckout(
        deps.db,
        contextOf(request, deps.clock),
        request.params.checkoutId,
        request.body.outcome,
      ),
  );

  app.post(
    '/api/v1/portal/rating',
    {
      config: PUBLIC,
      schema: {
        tags: TAGS,
        summary: '"Quanto è stato facile usare questo servizio?" 1–5, anonymous',
        description:
          "Designers Italia's C.SE.1.7: the stars, then the fixed answer that fits them (difficulties below 4, what was liked from 4; 422 on `reason` otherwise) and up to 200 characters of words (contacts masked). Counted in the reports.",
        body: RatingBody,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await rate(deps.db, deps.clock, request.body);
      return reply.status(204).send(null);
    },
  );
}
