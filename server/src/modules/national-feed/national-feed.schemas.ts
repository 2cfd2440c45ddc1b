import { Type } from '@fastify/type-provider-typebox';

// MR-8: the wire shapes of the national feed's batches. Days are Rome calendar dates.

export const BatchSchema = Type.Object(
  {
    day: Type.String({ format: 'date' }),
    built_at: Type.String({ format: 'date-time' }),
    appointments: Type.Integer({ minimum: 0, description: 'Appointments booked or changed that day' }),
    digest: Type.String({ description: 'SHA-256 of the Bundle as kept and sent' }),
    status: Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('failed')]),
    attempts: Type.Integer({ minimum: 0 }),
    last_attempt_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    last_error: Type.Union([Type.String(), Type.Null()]),
    sent_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    receipt: Type.Union([Type.String(), Type.Null()]),
    simulated: Type.Boolean({
      description: 'Taken by the simulated platform (simulazione): nothing left the machine',
    }),
  },
  { $id: 'NationalFeedBatch', additionalProperties: false },
);

export const BatchesSchema = Type.Object(
  { items: Type.Array(Type.Ref('NationalFeedBatch')) },
  { $id: 'NationalFeedBatches', additionalProperties: false },
);

export const BatchesQuery = Type.Object(
  {
    from: Type.Optional(
      Type.String({ format: 'date', description: 'Rome date; default 30 days before `to`' }),
    ),
    to: Type.Optional(Type.String({ format: 'date', description: 'Rome date; default yesterday' })),
  },
  { additionalProperties: false },
);

export const DayParams = Type.Object({ day: Type.String({ format: 'date' }) });
