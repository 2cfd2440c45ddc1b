import { Type } from '@fastify/type-provider-typebox';
import { periodQueryProperties } from '../../platform/http.ts';

/** The longest period the staff's message views read at once. */
export const MAX_PERIOD_DAYS = 31;

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const LinkedAppointmentSchema = Type.Object(
  {
    code: Type.String(),
    status: Type.String({ description: 'booked, cancelled, checked_in, completed, no_show' }),
    service: Type.String(),
    start: Type.String({ format: 'date-time' }),
    end: Type.String({ format: 'date-time' }),
    facility: Type.String(),
    address: Type.String(),
    copayCents: Type.Integer({ minimum: 0 }),
    confirmedAt: Nullable(Type.String({ format: 'date-time' })),
    cancelledAt: Nullable(Type.String({ format: 'date-time' })),
    cancelBy: Type.String({
      format: 'date',
      description:
        'Last Rome date to cancel in time (working days; national holidays and the patron saint excluded)',
    }),
    cancellationNumber: Nullable(
      Type.String({ description: 'The proof of the cancellation, once cancelled' }),
    ),
    keypadCode: Type.String({
      pattern: '^[0-9]{8}$',
      description: "The booking code as typed on a phone keypad: the automatic line's cancellation, 24/7",
    }),
  },
  { $id: 'LinkedAppointment', additionalProperties: false },
);

export const LinkParamsSchema = Type.Object({
  token: Type.String({ minLength: 10, maxLength: 200, pattern: '^[A-Za-z0-9._-]+$' }),
});

export const LinkCancelBodySchema = Type.Object(
  {
    confirm: Type.Literal(true, { description: 'The patient said yes to "cancel this appointment?"' }),
  },
  { additionalProperties: false },
);

const STATUSES = ['pending', 'held', 'submitting', 'submitted', 'delivered', 'failed', 'suppressed'] as const;

export const MessagesQuerySchema = Type.Object(
  {
    ...periodQueryProperties(MAX_PERIOD_DAYS),
    status: Type.Optional(Type.Union(STATUSES.map((s) => Type.Literal(s)))),
  },
  { additionalProperties: false },
);

export const OutreachMessageSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Type.Union([
    Type.Literal('reminder'),
    Type.Literal('recall'),
    Type.Literal('cancel-ack'),
    Type.Literal('confirm-ack'),
    Type.Literal('reoffer'),
    Type.Literal('reoffer-gone'),
    Type.Literal('campaign'),
    Type.Literal('promemoria'),
    Type.Literal('delegation'),
  ]),
  channel: Type.Union([Type.Literal('sms'), Type.Literal('email'), Type.Literal('io')], {
    description: "'io': the citizen's App IO inbox, by fiscal code (OB-3)",
  }),
  recipient: Type.String({ description: 'Masked: the last digits or the domain only' }),
  text: Type.String(),
  status: Type.Union(
    STATUSES.map((s) => Type.Literal(s)),
    { description: "'held': an SMS or e-mail kept for an App IO message, sent only if IO does not take it" },
  ),
  attempts: Type.Integer(),
  segments: Type.Union([Type.Integer(), Type.Null()]),
  sendAfter: Type.String({ format: 'date-time' }),
  submittedAt: Nullable(Type.String({ format: 'date-time' })),
  deliveredAt: Nullable(Type.String({ format: 'date-time' })),
  error: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
});

export const OutreachReplySchema = Type.Object({
  channel: Type.String(),
  sender: Type.String({ description: 'Masked' }),
  text: Type.String(),
  receivedAt: Type.String({ format: 'date-time' }),
  intent: Type.Union([
    Type.Literal('confirm'),
    Type.Literal('cancel'),
    Type.Literal('stop'),
    Type.Literal('unknown'),
  ]),
  outcome: Type.String(),
});

export const MessagesSchema = Type.Object(
  {
    label: Type.Union([Type.Literal('simulazione'), Type.Null()], {
      description: "'simulazione' when the simulated gateway sends (nothing leaves the machine)",
    }),
    from: Type.String({ format: 'date' }),
    to: Type.String({ format: 'date' }),
    counts: Type.Record(Type.String(), Type.Integer(), { description: 'Messages by status in the period' }),
    items: Type.Array(OutreachMessageSchema, { description: 'The latest 500 of the period' }),
    replies: Type.Array(OutreachReplySchema),
  },
  { $id: 'OutreachMessages' },
);

const Count = Type.Integer({ minimum: 0 });

export const OutreachSummarySchema = Type.Object(
  {
    label: Type.Union([Type.Literal('simulazione'), Type.Null()]),
    from: Type.String({ format: 'date' }),
    to: Type.String({ format: 'date' }),
    reminders: Type.Object(
      {
        planned: Type.Integer({
          minimum: 0,
          description:
            'One per appointment version (the SMS or e-mail held for an App IO message not counted again)',
        }),
        byStatus: Type.Record(Type.String(), Count, {
          description: 'Every message: pending, held, submitting, submitted, delivered, failed, suppressed',
        }),
        viaAppIo: Type.Integer({ minimum: 0, description: "Delivered to the citizen's App IO inbox" }),
        sparedByAppIo: Type.Integer({
          minimum: 0,
          description: 'SMS and e-mails held for an App IO message that IO delivered: never sent',
        }),
      },
      { additionalProperties: false },
    ),
    replies: Type.Object(
      {
        confirmed: Count,
        cancelled: Count,
        optedOut: Count,
        notUnderstood: Count,
        other: Count,
      },
      { additionalProperties: false, description: 'SMS replies and link answers received in the period' },
    ),
    attendance: Type.Object(
      {
        attended: Count,
        noShow: Count,
        unmarked: Type.Integer({
          minimum: 0,
          description: 'Past, still booked: nobody marked them (unknown)',
        }),
        ahead: Count,
        cancelled: Count,
        rate: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], {
          description: 'attended / (attended + no-show); unmarked appointments are left out',
        }),
      },
      { additionalProperties: false, description: 'Appointments starting in the period' },
    ),
  },
  { $id: 'OutreachSummary', additionalProperties: false },
);

export const PeriodQuerySchema = Type.Object(periodQueryProperties(MAX_PERIOD_DAYS), {
  additionalProperties: false,
});
