import { Type } from '@fastify/type-provider-typebox';

const Day = Type.String({ format: 'date', description: 'A Rome calendar day, YYYY-MM-DD' });
const Reason = Type.Union(
  ['resigned', 'dismissed', 'retired', 'contract-ended', 'other'].map((r) => Type.Literal(r)),
  { description: 'resigned, dismissed, retired, contract-ended (a fixed-term contract ran out), other' },
);

export const TenureSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    userId: Type.String({ format: 'uuid' }),
    displayName: Type.String(),
    operatorCode: Type.Union([Type.String(), Type.Null()]),
    startedOn: Day,
    leftOn: Type.Union([Day, Type.Null()], { description: 'The last day in service; null while in service' }),
    leavingReason: Type.Union([Reason, Type.Null()]),
    note: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'StaffTenure' },
);

export const StartBody = Type.Object(
  {
    userId: Type.String({ format: 'uuid' }),
    startedOn: Type.String({ maxLength: 10 }),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const LeavingBody = Type.Object(
  {
    leftOn: Type.String({ maxLength: 10 }),
    reason: Reason,
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
