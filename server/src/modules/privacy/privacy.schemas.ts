import { Type } from '@fastify/type-provider-typebox';

const Day = Type.String({ format: 'date', description: 'Europe/Rome calendar day, YYYY-MM-DD' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const AccessLogQuerySchema = Type.Object(
  {
    fiscalCode: Type.String({ minLength: 1, maxLength: 32 }),
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json' })),
  },
  { additionalProperties: false },
);

export const AccessLogSchema = Type.Object(
  {
    fiscalCode: Type.String(),
    patient: Nullable(
      Type.Object({ id: Type.String(), givenName: Type.String(), familyName: Type.String() }),
    ),
    from: Type.String(),
    to: Type.String(),
    truncated: Type.Boolean({ description: 'more accesses than one answer holds: ask for a shorter period' }),
    accesses: Type.Array(
      Type.Object({
        at: Type.String({ format: 'date-time' }),
        actor: Nullable(
          Type.Object({
            id: Type.String(),
            username: Nullable(Type.String()),
            displayName: Nullable(Type.String()),
          }),
        ),
        roles: Nullable(Type.String()),
        action: Type.String(),
        resourceType: Type.String(),
        resourceId: Nullable(Type.String()),
        channel: Nullable(Type.String()),
        purpose: Type.String({ description: "the server's reason for the access" }),
        statedPurpose: Nullable(Type.String({ description: 'the purpose the client stated, if any' })),
        outcome: Type.Union([Type.Literal('ok'), Type.Literal('denied'), Type.Literal('not_found')]),
        clientAddress: Nullable(Type.String()),
        requestId: Nullable(Type.String()),
      }),
    ),
  },
  { $id: 'AccessLog' },
);
