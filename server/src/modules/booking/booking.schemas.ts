import { Type } from '@fastify/type-provider-typebox';
import { CHANNELS } from '../../platform/context.ts';

export const ChannelSchema = Type.Union(
  CHANNELS.map((c) => Type.Literal(c)),
  { description: 'Booking channel (BK-1)' },
);
export const PrioritySchema = Type.Union([
  Type.Literal('U'),
  Type.Literal('B'),
  Type.Literal('D'),
  Type.Literal('P'),
]);
/** Slot ids are bigint; beyond the safe integers JSON numbers lose digits (SEC-3: 422, not 500). */
export const SlotIdSchema = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
const FacilityRef = Type.Object({ id: Type.String(), name: Type.String(), district: Type.String() });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const AvailabilitySchema = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        slotId: Type.Integer(),
        start: Type.String({ format: 'date-time' }),
        end: Type.String({ format: 'date-time' }),
        facility: Type.Object({
          ...FacilityRef.properties,
          distanceKm: Type.Optional(
            Nullable(
              Type.Number({ description: 'With `near`: km from that municipality, as the crow flies' }),
            ),
          ),
        }),
        unitName: Type.String(),
        agendaId: Type.String(),
        withinGuarantee: Nullable(Type.Boolean()),
      }),
    ),
    guaranteeDeadline: Nullable(Type.String({ format: 'date-time' })),
    nothingWithinGuarantee: Type.Boolean({
      description:
        "The region has no free slot inside the priority guarantee for the class and channel, whatever the view's date, district or facility filters: the protection path applies (BK-4)",
    }),
    firstWithinGuarantee: Nullable(
      Type.String({
        format: 'date-time',
        description: "The region's soonest free slot inside the guarantee, even when the filters hide it",
      }),
    ),
    origin: Type.Optional(
      Type.Object(
        { code: Type.String(), name: Type.String() },
        { description: 'With `near`: the municipality' },
      ),
    ),
  },
  { $id: 'Availability' },
);

export const HoldSchema = Type.Object(
  { id: Type.String(), slotId: Type.Integer(), expiresAt: Type.String({ format: 'date-time' }) },
  { $id: 'Hold' },
);

export const AppointmentSchema = Type.Object(
  {
    id: Type.String(),
    code: Type.String({ description: 'Booking code to read out to the patient' }),
    status: Type.Union(
      ['booked', 'checked_in', 'completed', 'cancelled', 'no_show'].map((s) => Type.Literal(s)),
    ),
    patientId: Type.String(),
    nre: Type.String(),
    access: Type.Union([Type.Literal('first'), Type.Literal('follow_up')], {
      description: "The prescription's access: first visit or exam, or follow-up (controllo)",
    }),
    itemIndex: Type.Integer(),
    service: Type.Object({ code: Type.String(), description: Type.String(), branch: Type.String() }),
    slotId: Type.Integer(),
    agendaId: Type.String(),
    facility: Type.Object({
      id: Type.String(),
      name: Type.String(),
      district: Type.String(),
      address: Type.String(),
    }),
    unitName: Type.String(),
    start: Type.String({ format: 'date-time' }),
    end: Type.String({ format: 'date-time' }),
    channel: ChannelSchema,
    priority: PrioritySchema,
    overbooked: Type.Boolean(),
    copayCents: Type.Integer({
      description: "This booking's share of the prescription's ticket (the same as ticket.shareCents)",
    }),
    ticket: Type.Object(
      {
        shareCents: Type.Integer({ description: "This booking's share (0 when cancelled or exempt)" }),
        bookedCents: Type.Integer({ description: "The prescription's ticket for what is booked" }),
        remainingCents: Type.Integer({
          description: "What the prescription's items not booked yet will add, at today's tariffs",
        }),
        prescriptionCents: Type.Integer({
          description: 'bookedCents + remainingCents: the whole prescription, capped at 3615',
        }),
      },
      {
        description:
          "BK-8: the prescription's ticket, capped at €36.15, split over its bookings in booking order from the tariffs at booking time",
      },
    ),
    prescribedOn: Type.String({ format: 'date' }),
    requestedAt: Type.String({ format: 'date-time' }),
    firstOfferedAt: Nullable(Type.String({ format: 'date-time' })),
    withinGuarantee: Nullable(Type.Boolean()),
    cancelledAt: Nullable(Type.String({ format: 'date-time' })),
    cancelReason: Nullable(Type.String()),
    cancelChannel: Nullable(Type.String()),
    lateCancellation: Nullable(
      Type.Boolean({
        description: 'Cancelled later than the notice (two working days); null if not cancelled',
      }),
    ),
    version: Type.Integer({
      minimum: 1,
      description: 'Goes up on every move; a reminder is for one version',
    }),
    confirmedAt: Nullable(Type.String({ format: 'date-time', description: 'When the patient confirmed' })),
    confirmedVia: Nullable(
      Type.String({
        description: "How the patient confirmed: 'sms' (reply), 'web' (the reminder's link), 'phone'",
      }),
    ),
  },
  { $id: 'Appointment' },
);

export const ProtectionCaseSchema = Type.Object(
  {
    id: Type.String(),
    nre: Type.Optional(Type.String({ description: "Absent in the CUP manager's list (no patient data)" })),
    itemIndex: Type.Integer(),
    patientId: Type.Optional(Type.String({ description: "Absent in the CUP manager's list" })),
    serviceCode: Type.String(),
    priority: PrioritySchema,
    guaranteeDeadline: Type.String({ format: 'date-time' }),
    firstAvailableAt: Nullable(Type.String({ format: 'date-time' })),
    state: Type.Union([Type.Literal('open'), Type.Literal('resolved'), Type.Literal('closed')], {
      description: 'open (taken or not) → resolved with an appointment, or closed with a reason',
    }),
    openedAt: Type.String({ format: 'date-time' }),
    openedChannel: Type.String(),
    note: Nullable(Type.String()),
    patient: Type.Optional(
      Type.Object(
        { fiscalCode: Type.String(), givenName: Type.String(), familyName: Type.String() },
        { description: 'Whose prescription it is; for the back office only' },
      ),
    ),
    serviceDescription: Type.String(),
    takenBy: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
    takenAt: Nullable(Type.String({ format: 'date-time' })),
    resolvedBy: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
    resolvedAt: Nullable(Type.String({ format: 'date-time' })),
    appointment: Nullable(Type.Object({ id: Type.String(), code: Type.String() })),
    resolutionReason: Nullable(Type.String()),
  },
  { $id: 'ProtectionCase' },
);

export const PublicationIssueSchema = Type.Object(
  {
    code: Type.Union(
      [
        Type.Literal('no-slots'),
        Type.Literal('closure-open-slots'),
        Type.Literal('closure-bookings'),
        Type.Literal('reserved-class-without-slots'),
        Type.Literal('service-not-in-catalogue'),
      ],
      {
        description:
          'no-slots: active and valid but no open place over the horizon; closure-open-slots / closure-bookings: places still open or bookings still standing on a closed day; reserved-class-without-slots: a weekly rule reserves places for a class that has none open; service-not-in-catalogue: a service code the catalogue lacks',
      },
    ),
    count: Type.Integer({ minimum: 0, description: 'Places, bookings, classes or services concerned' }),
    items: Type.Array(Type.String(), { description: 'The classes or service codes concerned' }),
  },
  { additionalProperties: false },
);

export const AgendaFillSchema = Type.Object({
  agendaId: Type.String(),
  name: Type.String(),
  facilityId: Type.String(),
  facilityName: Type.String(),
  district: Type.String(),
  organisationId: Type.String(),
  organisationName: Type.String(),
  serviceCodes: Type.Array(Type.String()),
  capacity: Type.Integer({ description: 'Places offered in the window' }),
  taken: Type.Integer({ description: 'Places taken: bookings and live holds' }),
  fill: Type.Number({ description: 'taken / capacity (0 when nothing is offered)' }),
  firstFree: Nullable(Type.String({ format: 'date-time' })),
  lateCancellations: Type.Integer({
    description: 'Appointments in the window cancelled later than the notice (two working days, DL 73/2024)',
  }),
  overbookingPerSlot: Type.Integer({ description: 'BK-6: the quota, places beyond capacity per slot' }),
  overbookingOffered: Type.Integer({ description: 'Places beyond capacity open in the window' }),
  overbooked: Type.Integer({ description: 'Bookings beyond capacity in the window, not cancelled' }),
  checks: Type.Array(PublicationIssueSchema, {
    description: 'BK-11: what stops the agenda being published as meant; empty when nothing does',
  }),
});

export const AgendaInputSchema = Type.Object(
  {
    id: Type.String({ maxLength: 64 }),
    unitId: Type.String(),
    facilityId: Type.String(),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    serviceCodes: Type.Array(Type.String(), { minItems: 1, maxItems: 50 }),
    channels: Type.Array(ChannelSchema, { minItems: 1 }),
    validFrom: Type.String({ format: 'date' }),
    validTo: Type.Optional(Nullable(Type.String({ format: 'date' }))),
    overbookingPerSlot: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
    rules: Type.Array(
      Type.Object({
        weekday: Type.Integer({ minimum: 1, maximum: 7 }),
        startTime: Type.String({ pattern: '^\\d{2}:\\d{2}$' }),
        endTime: Type.String({ pattern: '^\\d{2}:\\d{2}$' }),
        slotMinutes: Type.Integer({ minimum: 5, maximum: 480 }),
        capacity: Type.Integer({ minimum: 1, maximum: 100 }),
        reservedPriority: Type.Optional(Nullable(PrioritySchema)),
      }),
      { minItems: 1, maxItems: 100 },
    ),
    closures: Type.Optional(
      Type.Array(
        Type.Object({
          fromDate: Type.String({ format: 'date' }),
          toDate: Type.String({ format: 'date' }),
          reason: Type.String({ minLength: 1 }),
        }),
      ),
    ),
  },
  { additionalProperties: false },
);

const WeeklyRuleSchema = Type.Object(
  {
    weekday: Type.Integer({ minimum: 1, maximum: 7, description: 'ISO weekday, 1 = Monday' }),
    startTime: Type.String({ pattern: '^\\d{2}:\\d{2}$' }),
    endTime: Type.String({ pattern: '^\\d{2}:\\d{2}$' }),
    slotMinutes: Type.Integer({ minimum: 5, maximum: 480 }),
    capacity: Type.Integer({ minimum: 1, maximum: 100 }),
    reservedPriority: Type.Optional(Nullable(PrioritySchema)),
  },
  { additionalProperties: false },
);

export const AgendaDetailSchema = Type.Object({
  id: Type.String(),
  unitId: Type.String(),
  unitName: Type.String(),
  facilityId: Type.String(),
  facilityName: Type.String(),
  name: Type.String(),
  serviceCodes: Type.Array(Type.String()),
  channels: Type.Array(ChannelSchema),
  validFrom: Type.String({ format: 'date' }),
  validTo: Nullable(Type.String({ format: 'date' })),
  overbookingPerSlot: Type.Integer(),
  active: Type.Boolean(),
  rules: Type.Array(
    Type.Object({ ...WeeklyRuleSchema.properties, reservedPriority: Nullable(PrioritySchema) }),
  ),
  closures: Type.Array(
    Type.Object({
      fromDate: Type.String({ format: 'date' }),
      toDate: Type.String({ format: 'date' }),
      reason: Type.String(),
    }),
  ),
});

export const AgendaChangeSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    serviceCodes: Type.Array(Type.String(), { minItems: 1, maxItems: 50 }),
    channels: Type.Array(ChannelSchema, { minItems: 1 }),
    validTo: Type.Optional(Nullable(Type.String({ format: 'date' }))),
    overbookingPerSlot: Type.Integer({ minimum: 0, maximum: 10 }),
    rules: Type.Array(WeeklyRuleSchema, { minItems: 1, maxItems: 100 }),
    applyFrom: Type.Optional(
      Type.String({
        format: 'date',
        description: 'First Rome date the change applies to; today when absent',
      }),
    ),
  },
  { additionalProperties: false },
);

export const AgendaChangeResultSchema = Type.Object({
  agendaId: Type.String(),
  applyFrom: Type.String({ format: 'date' }),
  openedSlots: Type.Integer({ minimum: 0, description: 'Places the new rules opened' }),
  closedSlots: Type.Integer({ minimum: 0, description: 'Places the new rules no longer make, now closed' }),
  appointmentIds: Type.Array(Type.String(), {
    description: 'Bookings on closed places, to recontact and move (BK-12)',
  }),
});

export const DeclinedOfferSchema = Type.Object(
  {
    id: Type.String(),
    nre: Type.String(),
    itemIndex: Type.Integer(),
    slotId: Type.Integer(),
    slotStart: Type.String({ format: 'date-time' }),
    guaranteeDeadline: Type.String({ format: 'date-time' }),
    withinGuarantee: Type.Boolean(),
    channel: Type.String(),
    reason: Nullable(Type.String()),
    declinedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'DeclinedOffer' },
);
