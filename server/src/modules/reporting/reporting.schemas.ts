import { Type } from '@fastify/type-provider-typebox';

// The reporting API's shapes (issue 12).

const Share = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]);

export const SlaMonthSchema = Type.Object(
  {
    month: Type.String({ pattern: '^\\d{4}-\\d{2}$' }),
    from: Type.String({ format: 'date-time' }),
    to: Type.String({ format: 'date-time' }),
    source: Type.String({ description: 'Where the levels come from (the tender, or a region’s table)' }),
    definitions: Type.Object(
      {
        waitMeasuredFrom: Type.String({
          description: "arrival: the wait runs from the call's start (IVR included) to the operator's answer",
        }),
        lostCallsMeasuredByDuration: Type.Boolean({
          description: 'A lost call is measured by its whole duration (within 20 s: within the level)',
        }),
        points: Type.String({ description: 'whole: a penalty per whole percentage point on the wrong side' }),
      },
      { additionalProperties: false },
    ),
    services: Type.Array(
      Type.Object(
        {
          service: Type.String(),
          lines: Type.Array(Type.String()),
          calls: Type.Integer({ description: 'Calls that arrived in the month on these lines' }),
          rules: Type.Array(
            Type.Object(
              {
                id: Type.String(),
                description: Type.String(),
                indicator: Type.String(),
                comparison: Type.Union([Type.Literal('at-least'), Type.Literal('at-most')]),
                threshold: Type.Number(),
                targetSeconds: Type.Union([Type.Number(), Type.Null()]),
                measured: Share,
                met: Type.Union([Type.Boolean(), Type.Null()]),
                points: Type.Number(),
                penaltyShare: Type.Number({ description: "Share of the month's value of the service" }),
                penaltyEuro: Type.Union([Type.Number(), Type.Null()]),
              },
              { additionalProperties: false },
            ),
          ),
          penaltyShare: Type.Number(),
          penaltyEuro: Type.Union([Type.Number(), Type.Null()]),
        },
        { additionalProperties: false },
      ),
    ),
    notMeasured: Type.Array(
      Type.Object(
        { id: Type.String(), description: Type.String(), why: Type.String() },
        { additionalProperties: false },
      ),
    ),
  },
  { $id: 'SlaMonth', additionalProperties: false },
);

const Seconds = Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]);

export const WhenToCallSchema = Type.Object(
  {
    label: Type.Union([Type.String(), Type.Null()], { description: "'simulazione' on the simulated switch" }),
    computedAt: Type.String({ format: 'date-time' }),
    weeks: Type.Integer({ description: 'The waits of the last weeks' }),
    thresholds: Type.Object(
      {
        shortSeconds: Type.Integer({ description: 'An average wait up to this is short (green face)' }),
        longSeconds: Type.Integer({ description: 'Up to this middling (yellow); longer is long (red)' }),
      },
      { additionalProperties: false },
    ),
    lines: Type.Array(
      Type.Object(
        {
          number: Type.String(),
          name: Type.String(),
          service: Type.String(),
          bands: Type.Array(
            Type.Object(
              {
                from: Type.String({ description: 'HH:MM, Rome' }),
                to: Type.String(),
                calls: Type.Integer({ description: 'Calls answered in the band over the weeks' }),
                minSeconds: Seconds,
                avgSeconds: Seconds,
                maxSeconds: Seconds,
                face: Type.Union([
                  Type.Literal('short'),
                  Type.Literal('middling'),
                  Type.Literal('long'),
                  Type.Null(),
                ]),
              },
              { additionalProperties: false },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { $id: 'WhenToCall', additionalProperties: false },
);

const Nullable = Type.Union([Type.Number(), Type.Null()]);

export const WaitingTimesSchema = Type.Object(
  {
    from: Type.String({ format: 'date' }),
    to: Type.String({ format: 'date' }),
    rows: Type.Array(
      Type.Object(
        {
          serviceCode: Type.String(),
          district: Type.String(),
          priority: Type.String({ description: 'U, B, D or P' }),
          bookings: Type.Integer({ description: 'First-access bookings requested in the period' }),
          offeredWithinGuarantee: Nullable,
          bookedWithinGuarantee: Nullable,
          meanDaysWaited: Nullable,
          medianDaysWaited: Nullable,
          refusals: Type.Integer({
            description: 'Places offered and refused in the period (first accesses)',
          }),
          refusalsWithinGuarantee: Type.Integer(),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { $id: 'WaitingTimes', additionalProperties: false },
);
