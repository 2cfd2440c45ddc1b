import { Type } from '@fastify/type-provider-typebox';
import { type App, type AppDeps, contextOf, errorResponses } from '../../platform/http.ts';
import { requestHash } from '../../platform/idempotency.ts';
import * as appointments from './appointments/appointment.service.ts';
import { bookAppointment } from './appointments/booking.service.ts';
import {
  AppointmentSchema,
  AvailabilitySchema,
  ChannelSchema,
  DeclinedOfferSchema,
  HoldSchema,
  PrioritySchema,
  ProtectionCaseSchema,
  SlotIdSchema,
} from './booking.schemas.ts';
import * as protection from './protection/protection.service.ts';
import { findAvailability } from './slots/availability.service.ts';
import { placeHold, releaseHold } from './slots/hold.service.ts';

// The services behind the routes (imported from their files: index.ts re-exports this file).
const booking = {
  ...appointments,
  ...protection,
  findAvailability,
  bookAppointment,
  placeHold,
  releaseHold,
};

const FRONT = ['operator', 'backoffice'] as const;
const IdParam = Type.Object({ id: Type.String({ format: 'uuid' }) });

export function bookingRoutes(app: App, deps: AppDeps) {
  for (const s of [
    AvailabilitySchema,
    HoldSchema,
    AppointmentSchema,
    ProtectionCaseSchema,
    DeclinedOfferSchema,
  ])
    app.addSchema(s);
  const opts = { holdTtlSeconds: deps.config.HOLD_TTL_SECONDS };
  const ctx = (request: Parameters<typeof contextOf>[0]) => contextOf(request, deps.clock);

  app.get(
    '/api/v1/availability',
    {
      config: { roles: [...FRONT, 'supervisor', 'cup-manager'] },
      schema: {
        tags: ['booking'],
        summary:
          'First availability across the region, soonest first (BK-3), flagged against the guarantee (BK-4)',
        querystring: Type.Object({
          service: Type.String({ minLength: 1, maxLength: 20 }),
          priority: Type.Optional(PrioritySchema),
          from: Type.Optional(Type.String({ format: 'date-time' })),
          district: Type.Optional(Type.String({ maxLength: 100 })),
          facility: Type.Optional(Type.String({ maxLength: 64 })),
          channel: Type.Optional(ChannelSchema),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
          near: Type.Optional(
            Type.String({
              pattern: '^[A-Za-z][0-9]{3}$',
              description:
                "A municipality's Belfiore code (the patient's residence): each slot gets its distance",
            }),
          ),
        }),
        response: { 200: Type.Ref('Availability'), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      return booking.findAvailability(deps.db, ctx(request), {
        ...q,
        from: q.from ? new Date(q.from) : undefined,
      });
    },
  );

  app.post(
    '/api/v1/holds',
    {
      config: { personalData: 'Prescription', roles: [...FRONT] },
      schema: {
        tags: ['booking'],
        summary:
          'Hold a slot for a prescription item while the caller decides; checked like a booking (service, channel, reserved class); the hold expires by itself',
        body: Type.Object(
          {
            slotId: SlotIdSchema,
            nre: Type.String({ maxLength: 20 }),
            itemIndex: Type.Integer({ minimum: 1, maximum: 8 }),
            channel: ChannelSchema,
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref('Hold'), ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await booking.placeHold(deps.db, ctx(request), request.body, opts)),
  );

  app.delete(
    '/api/v1/holds/:id',
    {
      config: { roles: [...FRONT] },
      schema: {
        tags: ['booking'],
        summary: 'Release a hold',
        params: IdParam,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await booking.releaseHold(deps.db, ctx(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/appointments',
    {
      config: { personalData: 'Appointment', roles: [...FRONT] },
      schema: {
        tags: ['booking'],
        summary:
          'Book a prescription item into a slot or held slot, for the patient named by fiscalCode (the prescription must be theirs: 422 naming fiscalCode; past its validity: 409 PRESCRIPTION_EXPIRED). With an Idempotency-Key a replay returns the first result.',
        headers: Type.Object({
          'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 100 })),
        }),
        body: Type.Object(
          {
            nre: Type.String({ maxLength: 20 }),
            fiscalCode: Type.String({
              maxLength: 16,
              description: 'The patient being served; the prescription must be theirs',
            }),
            itemIndex: Type.Integer({ minimum: 1, maximum: 8 }),
            slotId: Type.Optional(SlotIdSchema),
            holdId: Type.Optional(Type.String({ format: 'uuid' })),
            channel: ChannelSchema,
            overbook: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref('Appointment'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      const { appointment, replayed } = await booking.bookAppointment(deps.db, ctx(request), request.body, {
        ...opts,
        idempotencyKey: key,
        requestHash: requestHash(request.body),
      });
      deps.metrics.bookings.labels(replayed ? 'book-replay' : 'book', request.body.channel).inc();
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(appointment);
    },
  );

  app.get(
    '/api/v1/appointments/:id',
    {
      config: { personalData: 'Appointment', roles: [...FRONT, 'supervisor'] },
      schema: {
        tags: ['booking'],
        summary: 'One appointment',
        params: IdParam,
        response: { 200: Type.Ref('Appointment'), ...errorResponses },
      },
    },
    async (request) => booking.getAppointment(deps.db, ctx(request), request.params.id),
  );

  app.post(
    '/api/v1/appointments/:id/cancel',
    {
      config: { personalData: 'Appointment', roles: [...FRONT] },
      schema: {
        tags: ['booking'],
        summary:
          'Cancel an appointment before it starts, saying why and through which channel (BK-5); later than the notice (two working days, DL 73/2024) it is flagged lateCancellation',
        params: IdParam,
        body: Type.Object(
          { reason: Type.String({ minLength: 1, maxLength: 500 }), channel: ChannelSchema },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref('Appointment'), ...errorResponses },
      },
    },
    async (request) => {
      const a = await booking.cancelAppointment(deps.db, ctx(request), request.params.id, request.body);
      deps.metrics.bookings.labels('cancel', request.body.channel).inc();
      return a;
    },
  );

  app.post(
    '/api/v1/appointments/:id/move',
    {
      config: { personalData: 'Appointment', roles: [...FRONT] },
      schema: {
        tags: ['booking'],
        summary:
          'Move an appointment, before it starts, to another slot at any facility; atomic; withinGuarantee and firstOfferedAt are recomputed for the new booking (BK-5, MR-7)',
        params: IdParam,
        body: Type.Object(
          { slotId: SlotIdSchema, channel: Type.Optional(ChannelSchema) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref('Appointment'), ...errorResponses },
      },
    },
    async (request) => booking.moveAppointment(deps.db, ctx(request), request.params.id, request.body),
  );

  for (const [path, to] of [
    ['check-in', 'checked_in'],
    ['complete', 'completed'],
    ['no-show', 'no_show'],
  ] as const) {
    app.post(
      `/api/v1/appointments/:id/${path}`,
      {
        config: { personalData: 'Appointment', roles: [...FRONT] },
        schema: {
          tags: ['booking'],
          summary: `Mark the appointment ${to.replace('_', ' ')} (${
            to === 'no_show' ? 'only after it has started' : "only from the appointment's day, Europe/Rome"
          })`,
          params: IdParam,
          response: { 200: Type.Ref('Appointment'), ...errorResponses },
        },
      },
      async (request) => booking.changeAppointmentStatus(deps.db, ctx(request), request.params.id, to),
    );
  }

  app.get(
    '/api/v1/patients/:fiscalCode/appointments',
    {
      // A fiscal code's appointments are health data: for who books, not the supervisor (SEC-1).
      config: { personalData: 'Appointment', roles: [...FRONT] },
      schema: {
        tags: ['booking'],
        summary: "A patient's appointments, newest first (the access is audited)",
        params: Type.Object({ fiscalCode: Type.String({ maxLength: 32 }) }),
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('Appointment')) }), ...errorResponses },
      },
    },
    async (request) => ({
      items: await booking.listPatientAppointments(deps.db, ctx(request), request.params.fiscalCode),
    }),
  );

  app.post(
    '/api/v1/protection-cases',
    {
      config: { personalData: 'ProtectionCase', roles: [...FRONT] },
      schema: {
        tags: ['booking'],
        summary:
          'Open a protection-path case when the region has nothing inside the priority guarantee (BK-4); 409 GUARANTEE_SLOT_AVAILABLE otherwise (book it or record a declined offer)',
        body: Type.Object(
          {
            nre: Type.String({ maxLength: 20 }),
            fiscalCode: Type.String({ maxLength: 16, description: 'The patient being served' }),
            itemIndex: Type.Integer({ minimum: 1, maximum: 8 }),
            channel: ChannelSchema,
            note: Type.Optional(Type.String({ maxLength: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref('ProtectionCase'), 201: Type.Ref('ProtectionCase'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { protectionCase, created } = await booking.openProtectionCase(
        deps.db,
        ctx(request),
        request.body,
      );
      return reply.status(created ? 201 : 200).send(protectionCase);
    },
  );

  app.post(
    '/api/v1/declined-offers',
    {
      config: { personalData: 'Prescription', roles: [...FRONT] },
      schema: {
        tags: ['booking'],
        summary:
          'Record that the patient declines an offered slot (with whether it was inside the guarantee); it opens no protection-path case (BK-4)',
        body: Type.Object(
          {
            nre: Type.String({ maxLength: 20 }),
            fiscalCode: Type.String({ maxLength: 16 }),
            itemIndex: Type.Integer({ minimum: 1, maximum: 8 }),
            slotId: Type.Integer({ minimum: 1, maximum: 9_007_199_254_740_991 }),
            channel: ChannelSchema,
            reason: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref('DeclinedOffer'), ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await booking.recordDeclinedOffer(deps.db, ctx(request), request.body)),
  );

  app.get(
    '/api/v1/protection-cases',
    {
      config: { personalData: 'ProtectionCase', roles: ['backoffice', 'cup-manager'] },
      schema: {
        tags: ['booking'],
        summary: 'Protection-path cases for the back office to work',
        querystring: Type.Object({
          state: Type.Optional(
            Type.Union([Type.Literal('open'), Type.Literal('resolved'), Type.Literal('closed')]),
          ),
        }),
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('ProtectionCase')) }), ...errorResponses },
      },
    },
    async (request) => {
      const items = await booking.listProtectionCases(deps.db, ctx(request), request.query.state);
      // The CUP manager watches the guarantee, not the patients: no NRE, patient or free-text note.
      const works = request.actor?.roles.some((r) => r === 'backoffice' || r === 'admin');
      return {
        items: works ? items : items.map(({ nre: _n, patientId: _p, ...c }) => ({ ...c, note: null })),
      };
    },
  );
}
