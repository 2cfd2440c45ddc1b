import { Type } from '@fastify/type-provider-typebox';

// BK-10: the wire shapes of group requests. Dates are Rome calendar dates; instants are ISO strings.

const DateOnly = (description: string) => Type.String({ format: 'date', description });

export const GroupRequestBody = Type.Object(
  {
    club: Type.String({ minLength: 2, maxLength: 120, description: 'The sports club (società sportiva)' }),
    contact: Type.String({
      minLength: 3,
      maxLength: 200,
      description: "The club's contact: person, phone, e-mail",
    }),
    service: Type.String({
      minLength: 1,
      maxLength: 20,
      description: 'The service code to book for everyone',
    }),
    facility: Type.Optional(Type.String({ minLength: 1, maxLength: 60, description: 'Only this facility' })),
    from: DateOnly('First day agreed with the club and the facility'),
    to: DateOnly('Last day agreed (inclusive), at most 92 days after the first'),
    maxPerDay: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 500,
        description: 'Athletes the facility sees in one day, at most',
      }),
    ),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
    athletes: Type.Array(
      Type.Object(
        {
          fiscalCode: Type.String({ minLength: 1, maxLength: 32 }),
          nre: Type.String({ minLength: 1, maxLength: 32, description: "The athlete's prescription" }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 200, description: "In the club's order" },
    ),
  },
  { additionalProperties: false },
);

const SummaryProperties = {
  id: Type.String({ format: 'uuid' }),
  club: Type.String(),
  contact: Type.String(),
  service: Type.Object({ code: Type.String(), description: Type.String() }, { additionalProperties: false }),
  facility: Type.Union([
    Type.Object({ id: Type.String(), name: Type.String() }, { additionalProperties: false }),
    Type.Null(),
  ]),
  from: Type.String({ format: 'date' }),
  to: Type.String({ format: 'date' }),
  maxPerDay: Type.Union([Type.Integer(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  athletes: Type.Integer({ minimum: 0 }),
  booked: Type.Integer({ minimum: 0, description: 'Athletes with a live booking of their item' }),
};

export const GroupRequestSummarySchema = Type.Object(SummaryProperties, {
  $id: 'GroupRequestSummary',
  additionalProperties: false,
});

export const GroupRequestSchema = Type.Object(
  {
    ...SummaryProperties,
    members: Type.Array(
      Type.Object(
        {
          position: Type.Integer({ minimum: 1 }),
          fiscalCode: Type.String(),
          givenName: Type.String(),
          familyName: Type.String(),
          birthDate: Type.String({ format: 'date' }),
          nre: Type.String(),
          itemIndex: Type.Integer(),
          appointment: Type.Union([
            Type.Object(
              {
                id: Type.String(),
                code: Type.String(),
                start: Type.String({ format: 'date-time' }),
                facility: Type.String(),
                status: Type.String(),
              },
              { additionalProperties: false },
            ),
            Type.Null(),
          ]),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { $id: 'GroupRequest', additionalProperties: false },
);

export const GroupRequestsSchema = Type.Object(
  { items: Type.Array(Type.Ref('GroupRequestSummary')) },
  { $id: 'GroupRequests', additionalProperties: false },
);

export const GroupPlanSchema = Type.Object(
  {
    days: Type.Array(
      Type.Object(
        {
          day: Type.String({ format: 'date' }),
          facility: Type.Object({ id: Type.String(), name: Type.String() }, { additionalProperties: false }),
          places: Type.Array(
            Type.Object(
              {
                position: Type.Integer({ minimum: 1 }),
                name: Type.String(),
                slotId: Type.Integer(),
                start: Type.String({ format: 'date-time' }),
              },
              { additionalProperties: false },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    unplaced: Type.Array(
      Type.Object({ position: Type.Integer(), name: Type.String() }, { additionalProperties: false }),
    ),
    alreadyBooked: Type.Integer({ minimum: 0 }),
  },
  { $id: 'GroupPlan', additionalProperties: false },
);

export const GroupBookBody = Type.Object(
  {
    places: Type.Array(
      Type.Object(
        { position: Type.Integer({ minimum: 1 }), slotId: Type.Integer({ minimum: 1 }) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 200 },
    ),
  },
  { additionalProperties: false },
);

export const GroupBookingResultSchema = Type.Object(
  {
    outcomes: Type.Array(
      Type.Object(
        {
          position: Type.Integer(),
          outcome: Type.String({
            description:
              'booked, already_booked, cancelled, or the error code (SLOT_TAKEN, PRESCRIPTION_EXPIRED, INVALID_STATE, …)',
          }),
          message: Type.Union([Type.String(), Type.Null()]),
          code: Type.Union([Type.String(), Type.Null()], { description: 'The booking code' }),
        },
        { additionalProperties: false },
      ),
    ),
    request: Type.Ref('GroupRequest'),
  },
  { $id: 'GroupBookingResult', additionalProperties: false },
);

export const GroupCancelBody = Type.Object(
  {
    reason: Type.String({
      minLength: 1,
      maxLength: 500,
      description: 'Why (the club called the day off, …)',
    }),
    positions: Type.Optional(
      Type.Array(Type.Integer({ minimum: 1 }), {
        minItems: 1,
        maxItems: 200,
        description: 'Only these athletes',
      }),
    ),
  },
  { additionalProperties: false },
);

export const GroupParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const GroupListQuery = Type.Object(
  {
    period: Type.Union([Type.Literal('current'), Type.Literal('past')], {
      default: 'current',
      description: 'current: the agreed period has not ended (Rome date); past: it has',
    }),
    club: Type.Optional(
      Type.String({ minLength: 1, maxLength: 120, description: "Part of the club's name (case ignored)" }),
    ),
  },
  { additionalProperties: false },
);
