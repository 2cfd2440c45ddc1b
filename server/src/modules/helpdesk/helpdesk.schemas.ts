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
      warning: Type.Boolean({
        description: 'A quarter of the budget or less left while the clock runs: warn before the breach',
      }),
    }),
    resolvedAt: Nullable(Type.String({ format: 'date-time' })),
    closedAt: Nullable(Type.String({ format: 'date-time' })),
    moves: Type.Array(State, { description: 'The states it may be moved to now' }),
    pec: Nullable(
      Type.Object(
        {
          type: Type.String(),
          sender: Type.String(),
          recipients: Type.Array(Type.String()),
          subject: Type.String(),
          provider: Type.String(),
          sentAt: Nullable(Type.String()),
          identifier: Type.String(),
          messageId: Type.String(),
          error: Type.String(),
        },
        { description: 'A request by PEC: its certification data (daticert.xml)' },
      ),
    ),
    callback: Nullable(
      Type.Object(
        {
          dueAt: Type.String({ format: 'date-time' }),
          doneAt: Nullable(Type.String({ format: 'date-time' })),
        },
        { description: "A higher level's outcome owed by phone to a citizen without e-mail (HD-2)" },
      ),
    ),
    referral: Nullable(
      Type.Object(
        {
          department: Type.String(),
          email: Type.String(),
          sentAt: Type.String({ format: 'date-time' }),
          expiresAt: Type.String({ format: 'date-time' }),
          openedAt: Nullable(
            Type.String({ format: 'date-time', description: 'When the link was first opened' }),
          ),
          answeredAt: Nullable(Type.String({ format: 'date-time' })),
        },
        { description: 'The third level: the outside department e-mailed a tracked link to the case (HD-2)' },
      ),
    ),
    mergedInto: Nullable(
      Type.String({
        description: 'The ticket this duplicate was merged into (it is closed; replies go there)',
      }),
    ),
    links: Type.Array(
      Type.Object({
        id: Type.String(),
        number: Type.String(),
        subject: Type.String(),
        state: State,
        level: Level,
        relation: Type.Union([Type.Literal('linked'), Type.Literal('merged')], {
          description: 'linked: related, both ways; merged: a duplicate merged into this ticket',
        }),
      }),
      { description: 'Related tickets and merged duplicates (empty in lists)' },
    ),
    messages: Type.Array(
      Type.Object({
        id: Type.String(),
        direction: Type.Union([Type.Literal('in'), Type.Literal('out')]),
        kind: Type.String({
          description: 'in: ticket (the request), reply; out: acknowledgement, answer, outcome',
        }),
        from: Nullable(Type.String()),
        to: Nullable(Type.String()),
        subject: Type.String(),
        body: Type.String(),
        at: Type.String({ format: 'date-time' }),
        status: Type.String({ description: 'Outgoing: pending, sent, failed' }),
        threadLayer: Nullable(
          Type.String({ description: 'reply-token, references, body-marker or subject-tag (HD-3)' }),
        ),
        label: Nullable(Type.String({ description: 'simulazione when the simulated gateway sent it' })),
        error: Nullable(Type.String()),
      }),
      { description: 'The e-mail thread, oldest first (empty in lists)' },
    ),
    attachments: Type.Array(
      Type.Object({
        id: Type.String(),
        messageId: Type.String(),
        filename: Type.String(),
        contentType: Type.String(),
        size: Type.Integer(),
        sha256: Type.String(),
        refused: Nullable(Type.String({ description: 'Why it was not kept; null: downloadable' })),
        scan: Type.String({ description: 'clean, not-scanned, infected, refused' }),
      }),
    ),
    history: Type.Array(
      Type.Object({
        id: Type.String(),
        at: Type.String({ format: 'date-time' }),
        kind: Type.Union(
          ['created', 'state', 'escalated', 'note', 'email-in', 'email-out', 'merged', 'linked'].map((k) =>
            Type.Literal(k),
          ),
        ),
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
    documents: Type.Optional(
      Type.Array(
        Type.Object(
          {
            filename: Type.String({ minLength: 1, maxLength: 200 }),
            contentType: Type.String({ minLength: 1, maxLength: 100 }),
            content: Type.String({ minLength: 1, description: 'The file, base64-encoded' }),
          },
          { additionalProperties: false },
        ),
        {
          maxItems: 5,
          description:
            'Documents attached by staff — a scanned letter, a fax received on paper (HD-1); checked like e-mail attachments (types, size, virus scan), a refused one is an error and nothing is stored',
        },
      ),
    ),
  },
  { additionalProperties: false },
);

// One flat object rather than a union, so that a missing or bad field is refused by its own name.
export const TicketActionBody = Type.Object(
  {
    type: Type.Union(
      (['move', 'escalate', 'note', 'reply', 'called-back'] as const).map((t) => Type.Literal(t)),
      {
        description:
          'move: to another state; escalate: to a higher level with the reason; note: internal; reply: an answer e-mailed to the citizen; called-back: the front end told the outcome by phone',
      },
    ),
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
    department: Type.Optional(
      Type.String({
        maxLength: 120,
        description: 'With an escalation to the third level: the outside department',
      }),
    ),
    departmentEmail: Type.Optional(
      Type.String({
        format: 'email',
        maxLength: 200,
        description:
          "With an escalation to the third level: the department's address, sent a link to the case",
      }),
    ),
    body: Type.Optional(Type.String({ maxLength: 20_000, description: "A note's or an answer's text" })),
    reply: Type.Optional(
      Type.String({
        maxLength: 20_000,
        description:
          'With a move to resolved: the outcome told to the citizen (required from the first level up): by e-mail, or else a call back for the front end',
      }),
    ),
  },
  { additionalProperties: false },
);

export const TicketListQuery = Type.Object(
  {
    queue: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    level: Type.Optional(Level),
    state: Type.Optional(State),
    callback: Type.Optional(
      Type.Literal('due', { description: 'Only tickets whose outcome is owed by phone (any state)' }),
    ),
  },
  { additionalProperties: false },
);

export const TicketIdParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,17}$' }) });

export const AttachmentParams = Type.Object({
  id: Type.String({ pattern: '^[1-9][0-9]{0,17}$' }),
  attachmentId: Type.String({ pattern: '^[1-9][0-9]{0,17}$' }),
});

export const LegalHoldBody = Type.Object(
  {
    hold: Type.Boolean({ description: 'true: keep the content past the contract; false: lift the hold' }),
    reason: Type.Optional(
      Type.String({ maxLength: 500, description: 'With a hold: the proceeding it serves' }),
    ),
  },
  { additionalProperties: false },
);

export const MergeBody = Type.Object(
  {
    into: Type.String({
      pattern: '^[1-9][0-9]{0,17}$',
      description: 'The ticket that carries on: this one (the duplicate) is closed into it',
    }),
  },
  { additionalProperties: false },
);

export const LinkBody = Type.Object(
  { ticket: Type.String({ pattern: '^[1-9][0-9]{0,17}$', description: 'The related ticket' }) },
  { additionalProperties: false },
);

export const LinkParams = Type.Object({
  id: Type.String({ pattern: '^[1-9][0-9]{0,17}$' }),
  other: Type.String({ pattern: '^[1-9][0-9]{0,17}$' }),
});

export const MacroSchema = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    body: Type.String({ description: 'With placeholders: {{numero}}, {{nome}}, {{oggetto}}, {{coda}}' }),
    queue: Nullable(Type.String({ description: 'null: every queue' })),
    archived: Type.Boolean(),
    updatedAt: Type.String({ format: 'date-time' }),
    text: Type.Optional(Type.String({ description: "For a ticket: the body with the ticket's values in" })),
  },
  { $id: 'HelpdeskMacro' },
);

export const MacroBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 120 }),
    body: Type.String({ minLength: 1, maxLength: 20_000 }),
    queue: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 40 }))),
    archived: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const LegalHoldSchema = Type.Object({
  id: Type.String(),
  number: Type.String(),
  legalHold: Nullable(Type.Object({ reason: Type.String(), at: Type.String({ format: 'date-time' }) })),
  contentDestroyedAt: Nullable(
    Type.String({ format: 'date-time', description: 'Destroyed at the contract’s end: no hold possible' }),
  ),
});
