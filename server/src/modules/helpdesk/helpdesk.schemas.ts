import { Type } from '@fastify/type-provider-typebox';
import { CHANNELS, LEVELS, STATES } from './rules/lifecycle.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const State = Type.Union(STATES.map((s) => Type.Literal(s)));
const Level = Type.Union(
  LEVELS.map((l) => Type.Literal(l)),
  { description: '0 front end, 1 first-level back office, 2 second level (regional offices), 3 third level' },
);
const Channel = Type.Union(CHANNELS.map((c) => Type.Literal(c)));

export const TicketSchema = Type.Object(
  {
    id: Type.String(),
    number: Type.String({ description: 'As in the subject of its e-mails: [Sportello #123]' }),
    queue: Type.String(),
    queueName: Type.String(),
    level: Level,
    state: State,
    channel: Channel,
    subject: Type.String(),
    requester: Type.Object({
      name: Nullable(Type.String()),
      email: Nullable(Type.String()),
      phone: Nullable(Type.String()),
    }),
    patientId: Nullable(Type.String()),
    fiscalCode: Nullable(Type.String()),
    callId: Nullable(Type.String()),
    receivedAt: Type.String({ format: 'date-time' }),
    dueAt: Nullable(
      Type.String({
        format: 'date-time',
        description:
          'The service-level deadline on the business clock (HD-6); null: no budget, resolved, or stopped while waiting',
      }),
    ),
    clock: Type.Object({
      budgetMinutes: Nullable(
        Type.Integer({ description: '24 h for written contacts, 4 h from the second level' }),
      ),
      usedMinutes: Type.Integer({
        description: 'Counted: not Sundays, holidays, Saturday 14–24, or waiting',
      }),
      remainingMinutes: Nullable(Type.Integer()),
      paused: Type.Boolean(),
      breached: Type.Boolean(),
    }),
    resolvedAt: Nullable(Type.String({ format: 'date-time' })),
    closedAt: Nullable(Type.String({ format: 'date-time' })),
    moves: Type.Array(State, { description: 'The states it may be moved to now' }),
    history: Type.Array(
      Type.Object({
        id: Type.String(),
        at: Type.String({ format: 'date-time' }),
        kind: Type.Union(['created', 'state', 'escalated', 'note'].map((k) => Type.Literal(k))),
        actor: Nullable(Type.String()),
        fromState: Nullable(Type.String()),
        toState: Nullable(Type.String()),
        fromLevel: Nullable(Type.Integer()),
        toLevel: Nullable(Type.Integer()),
        body: Nullable(Type.String()),
      }),
    ),
  },
  { $id: 'HelpdeskTicket' },
);

export const NewTicketBody = Type.Object(
  {
    queue: Type.String({ minLength: 1, maxLength: 40 }),
    channel: Channel,
    subject: Type.String({ minLength: 1, maxLength: 200 }),
    body: Type.String({ minLength: 1, maxLength: 20_000 }),
    requester: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Type.String({ maxLength: 120 })),
          email: Type.Optional(Type.String({ format: 'email', maxLength: 200 })),
          phone: Type.Optional(Type.String({ pattern: '^\\+?[0-9 ]{6,20}$' })),
        },
        { additionalProperties: false },
      ),
    ),
    fiscalCode: Type.Optional(Type.String({ minLength: 16, maxLength: 16 })),
    callId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    receivedAt: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);

// One flat object rather than a union, so that a missing or bad field is refused by its own name.
export const TicketActionBody = Type.Object(
  {
    type: Type.Union([Type.Literal('move'), Type.Literal('escalate'), Type.Literal('note')], {
      description: 'move: to another state; escalate: to a higher level with the reason; note: internal',
    }),
    to: Type.Optional(State),
    note: Type.Optional(Type.String({ maxLength: 5000, description: 'With a move: why, for the history' })),
    level: Type.Optional(Level),
    reason: Type.Optional(
      Type.String({
        maxLength: 5000,
        description: 'With an escalation: why the level below cannot solve it',
      }),
    ),
    queue: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'With an escalation' })),
    body: Type.Optional(Type.String({ maxLength: 20_000, description: "A note's text" })),
  },
  { additionalProperties: false },
);

export const TicketListQuery = Type.Object(
  {
    queue: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    level: Type.Optional(Level),
    state: Type.Optional(State),
  },
  { additionalProperties: false },
);

export const TicketIdParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,17}$' }) });
