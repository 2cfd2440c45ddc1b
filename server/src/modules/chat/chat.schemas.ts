import { Type } from '@fastify/type-provider-typebox';
import { TOPICS } from './rules/reception.ts';

// CC-10: the chat's wire shapes. Instants are ISO strings; messages are numbered per conversation, and a
// poll asks for those after the last it has (`after`).

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Language = Type.Union([Type.Literal('it'), Type.Literal('en')]);
const State = Type.Union(
  ['assistant', 'waiting', 'active', 'closed'].map((s) => Type.Literal(s)),
  { description: 'assistant: the automatic reception; waiting: in the queue; active: an operator answers' },
);
const Outcome = Nullable(
  Type.Union(['self-service', 'answered', 'abandoned', 'message-left'].map((s) => Type.Literal(s))),
);
/** What the reception recognised last (null: nothing it knows). */
const Topic = Nullable(Type.Union(TOPICS.map((t) => Type.Literal(t))));
const Text = (description: string) => Type.String({ minLength: 1, maxLength: 1000, description });
const After = Type.Integer({
  minimum: 0,
  maximum: 1_000_000,
  default: 0,
  description: 'The last message number the client has; the answer holds those after it',
});

const Action = Type.Union([
  Type.Object(
    { kind: Type.Literal('link'), href: Type.String(), label: Type.String() },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('operator'), label: Type.String() }, { additionalProperties: false }),
]);

const Message = Type.Object(
  {
    seq: Type.Integer({ minimum: 1 }),
    at: Type.String({ format: 'date-time' }),
    author: Type.Union(['citizen', 'assistant', 'agent', 'system'].map((s) => Type.Literal(s))),
    body: Type.String(),
    actions: Type.Array(Action, { description: "The assistant's ways on: a portal page, or an operator" }),
    operatorCode: Nullable(Type.String()),
    attachment: Nullable(
      Type.Object(
        { filename: Type.String(), contentType: Type.String(), size: Type.Integer({ minimum: 1 }) },
        {
          additionalProperties: false,
          description: 'A document the citizen sent with this message (its operator downloads it)',
        },
      ),
    ),
  },
  { additionalProperties: false },
);

const Desk = Type.Object(
  {
    open: Type.Boolean({ description: 'Operators answer now (CC-4: the CUP line’s hours)' }),
    nextOpening: Nullable(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);

export const CitizenChatSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    state: State,
    language: Language,
    position: Nullable(Type.Integer({ minimum: 1, description: 'In the queue: 1 is next' })),
    operatorCode: Nullable(Type.String({ description: 'The answering operator’s code (CC-2)' })),
    desk: Desk,
    outcome: Outcome,
    ticketNumber: Nullable(Type.String()),
    rating: Nullable(Type.Integer()),
    lastSeq: Type.Integer({ minimum: 0 }),
    documentMaxMegabytes: Type.Integer({
      minimum: 1,
      description: 'The largest document the citizen may send',
    }),
    messages: Type.Array(Message),
  },
  { $id: 'CitizenChat', additionalProperties: false },
);

export const ChatStartedSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    token: Type.String({ description: 'Send it as X-Chat-Token on every later call; it is not shown again' }),
    chat: Type.Ref('CitizenChat'),
  },
  { $id: 'ChatStarted', additionalProperties: false },
);

export const StaffChatSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    state: State,
    language: Language,
    topic: Topic,
    startedAt: Type.String({ format: 'date-time' }),
    queuedAt: Nullable(Type.String({ format: 'date-time' })),
    acceptedAt: Nullable(Type.String({ format: 'date-time' })),
    closedAt: Nullable(Type.String({ format: 'date-time' })),
    closedBy: Nullable(Type.Union(['citizen', 'agent', 'timeout'].map((s) => Type.Literal(s)))),
    outcome: Outcome,
    ticketNumber: Nullable(Type.String()),
    operatorCode: Nullable(Type.String()),
    mine: Type.Boolean(),
    citizenSeenAt: Type.String({ format: 'date-time' }),
    lastSeq: Type.Integer({ minimum: 0 }),
    messages: Type.Array(Message),
  },
  { $id: 'StaffChat', additionalProperties: false },
);

export const ChatQueueSchema = Type.Object(
  {
    desk: Desk,
    maxPerAgent: Type.Integer(),
    onCall: Type.Boolean({
      description: 'You are on a call (or one rings for you): no new chat until it ends',
    }),
    activeTotal: Type.Integer({ minimum: 0 }),
    waiting: Type.Array(
      Type.Object(
        {
          id: Type.String({ format: 'uuid' }),
          language: Language,
          topic: Topic,
          queuedAt: Type.String({ format: 'date-time' }),
          waitedSeconds: Type.Integer({ minimum: 0 }),
        },
        { additionalProperties: false },
      ),
    ),
    mine: Type.Array(
      Type.Object(
        {
          id: Type.String({ format: 'uuid' }),
          language: Language,
          topic: Topic,
          acceptedAt: Type.String({ format: 'date-time' }),
          lastSeq: Type.Integer(),
          lastAuthor: Nullable(
            Type.Union(['citizen', 'assistant', 'agent', 'system'].map((s) => Type.Literal(s))),
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { $id: 'ChatQueue', additionalProperties: false },
);

const Count = Type.Integer({ minimum: 0 });
/** rules/figures.ts's totals (docs/indicators.md, "Chat (CC-10)"). */
const Totals = {
  started: Count,
  selfService: Count,
  queued: Count,
  answered: Count,
  abandoned: Count,
  requestsLeft: Count,
  inProgress: Count,
  answeredWithin60s: Count,
  averageWaitSeconds: Nullable(Type.Integer()),
  longestWaitSeconds: Nullable(Type.Integer()),
  ratings: Count,
  averageRating: Nullable(Type.Number()),
};

export const ChatSummarySchema = Type.Object(
  { date: Type.String({ format: 'date' }), ...Totals },
  { $id: 'ChatSummary', additionalProperties: false },
);

/** A report period's chats (MR-2: answer time per request type on the chat channel). */
export const ChatFiguresSchema = Type.Object(
  {
    ...Totals,
    tickets: Count,
    byTopic: Type.Array(
      Type.Object(
        {
          topic: Topic,
          started: Count,
          queued: Count,
          answered: Count,
          averageWaitSeconds: Nullable(Type.Integer()),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const ChatParams = Type.Object(
  { id: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);
export const AfterQuery = Type.Object({ after: After }, { additionalProperties: false });
export const TokenHeaders = Type.Object({
  'x-chat-token': Type.String({ minLength: 20, maxLength: 100, description: 'The token given at the start' }),
});

export const StartBody = Type.Object(
  { message: Text('The first message'), language: Type.Optional(Language) },
  { additionalProperties: false },
);
export const SayBody = Type.Object(
  { message: Text('The message'), after: After },
  { additionalProperties: false },
);
export const StepBody = Type.Object({ after: After }, { additionalProperties: false });
export const DocumentBody = Type.Object(
  {
    filename: Type.String({ minLength: 1, maxLength: 255, description: 'e.g. ricetta.pdf' }),
    contentType: Type.String({
      minLength: 3,
      maxLength: 255,
      description: 'e.g. application/pdf, image/jpeg',
    }),
    content: Type.String({ minLength: 1, description: 'The file, base64-encoded' }),
    after: After,
  },
  { additionalProperties: false },
);
export const DocumentParams = Type.Object(
  { id: Type.String({ format: 'uuid' }), seq: Type.Integer({ minimum: 1, maximum: 1_000_000 }) },
  { additionalProperties: false },
);
export const LeaveBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 200, description: 'Where to answer' }),
    message: Type.Optional(
      Type.String({ maxLength: 1000, description: 'The request, if not written already' }),
    ),
    after: After,
  },
  { additionalProperties: false },
);
export const CloseBody = Type.Object(
  {
    rating: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, description: '1 (poor) to 5 (very good)' })),
    after: After,
  },
  { additionalProperties: false },
);
export const TicketBody = Type.Object(
  {
    queue: Type.String({ minLength: 1, maxLength: 60, description: 'The help-desk queue of competence' }),
    subject: Type.String({ minLength: 3, maxLength: 200 }),
    after: After,
  },
  { additionalProperties: false },
);
export const SummaryQuery = Type.Object(
  { date: Type.Optional(Type.String({ format: 'date', description: 'A Rome day; today by default' })) },
  { additionalProperties: false },
);
