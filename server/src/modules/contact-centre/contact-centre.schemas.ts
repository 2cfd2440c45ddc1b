import { Type } from '@fastify/type-provider-typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const StorageHealthSchema = Type.Object(
  {
    state: Type.Union([Type.Literal('ok'), Type.Literal('degraded'), Type.Literal('failing')], {
      description:
        'ok: events written to the database; degraded: the database is unreachable, events wait in memory ' +
        '(bounded) and in a spill file on disk, none lost; failing: the disk refuses them too',
    }),
    buffered: Type.Integer({ description: 'Events in memory not yet stored' }),
    spilled: Type.Integer({ description: 'Events in the spill file, waiting for the database' }),
    since: Nullable(Type.Number({ description: 'Since when writes to the database fail (epoch ms)' })),
  },
  { description: 'How contact events are being stored (issue 8 §16)' },
);

export const LabelSchema = Type.Union([Type.Literal('simulazione'), Type.Null()], {
  description:
    "'simulazione': the live centre runs on the simulated switch; null: its calls are real " +
    '(TELEPHONY=asterisk)',
});

export const AgentStateSchema = Type.Union(
  ['logged-out', 'paused', 'ready', 'offered', 'on-call', 'wrap-up'].map((s) => Type.Literal(s)),
);

const Skills = Type.Record(Type.String(), Type.Integer());

export const LiveAgentSchema = Type.Object({
  id: Type.String(),
  code: Type.String({ description: 'Operator code announced to callers (CC-2)' }),
  state: AgentStateSchema,
  reason: Nullable(Type.String()),
  since: Type.Number({ description: 'Epoch ms of the last state change' }),
  callId: Nullable(Type.String()),
  lastCallId: Nullable(Type.String()),
  skills: Skills,
  simulated: Type.Boolean(),
  username: Nullable(Type.String()),
});

export const SnapshotSchema = Type.Object(
  {
    label: LabelSchema,
    at: Type.Number({ description: 'Epoch ms' }),
    runId: Type.String(),
    startedAt: Type.Number(),
    simulation: Type.Object({
      scenario: Type.String(),
      agents: Type.Integer(),
      traffic: Type.Union([Type.Literal('on'), Type.Literal('off')]),
      trafficScale: Nullable(Type.Number()),
    }),
    lines: Type.Array(
      Type.Object({
        number: Type.String(),
        name: Type.String(),
        service: Type.String(),
        channels: Type.Integer(),
        inUse: Type.Integer(),
        open: Type.Boolean(),
        changesAt: Nullable(
          Type.Number({
            description:
              'When `open` next changes (epoch ms, CC-4): the closing when open, the next opening when closed; null when not within a year (a line always open)',
          }),
        ),
        redirectUntil: Nullable(
          Type.String({
            format: 'date',
            description:
              "CC-7: a retired number's last day (Rome date) of the message that gives the new number; after it the number is ceased. Null for a line in service",
          }),
        ),
      }),
    ),
    queues: Type.Array(
      Type.Object({
        id: Type.String(),
        name: Type.String(),
        service: Type.String(),
        waiting: Type.Integer(),
        staffed: Type.Integer(),
        oldestWaitMs: Type.Number(),
        estimatedWaitSeconds: Nullable(Type.Number()),
      }),
    ),
    agents: Type.Array(LiveAgentSchema),
    callsInProgress: Type.Integer(),
    callbacksPending: Type.Integer(),
    recoveredCallbacks: Type.Integer({
      description: 'Callbacks pending at start-up and taken back into the engine (CC-3)',
    }),
    storage: StorageHealthSchema,
  },
  { $id: 'ContactCentreSnapshot' },
);

const PatientMatch = Type.Object({
  id: Type.String(),
  fiscalCode: Type.String(),
  givenName: Type.String(),
  familyName: Type.String(),
  birthDate: Type.String(),
});

export const CallCardSchema = Type.Object({
  callId: Type.String(),
  kind: Type.Union([Type.Literal('call'), Type.Literal('callback'), Type.Literal('campaign')]),
  originCallId: Nullable(Type.String()),
  line: Type.String(),
  callerId: Type.String(),
  ivr: Type.Array(
    Type.Object({
      menu: Type.String(),
      digits: Nullable(Type.String()),
      result: Type.String(),
      menuLabel: Type.String({
        description: "The menu in words (its label in the flow, else the flow's name)",
      }),
      choiceLabel: Nullable(
        Type.String({
          description: 'What the key chosen means, in words; null for a wrong key or a timeout',
        }),
      ),
    }),
  ),
  requestType: Nullable(Type.String()),
  queueId: Nullable(Type.String()),
  queueName: Nullable(Type.String()),
  priority: Nullable(Type.Integer()),
  arrivedAt: Type.Number(),
  waitingSince: Nullable(Type.Number()),
  waitedMs: Nullable(Type.Number()),
  waitedSeconds: Nullable(Type.Number()),
  answeredAt: Nullable(Type.Number()),
  operatorCode: Nullable(Type.String()),
  agentId: Nullable(Type.String()),
  endedAt: Nullable(Type.Number()),
  outcomeAt: Nullable(Type.Number({ description: 'When its outcome was recorded (one per call)' })),
  finished: Type.Boolean(),
  patients: Type.Array(PatientMatch),
});

export const AgentConsoleSchema = Type.Object(
  {
    label: LabelSchema,
    agentId: Type.String(),
    code: Nullable(Type.String()),
    state: AgentStateSchema,
    reason: Nullable(Type.String()),
    since: Nullable(Type.Number()),
    secondsInState: Nullable(Type.Number()),
    wrapUpSecondsLeft: Nullable(
      Type.Number({
        description: 'In a timed wrap-up: seconds until the line makes the agent ready by itself',
      }),
    ),
    skills: Skills,
    pauseReasons: Type.Array(Type.String()),
    transferQueues: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
    openedTicket: Type.Optional(
      Nullable(
        Type.Object(
          { id: Type.String(), number: Type.String(), queueName: Type.String() },
          { description: 'The help-desk ticket this outcome opened (passed to the back office, HD-1)' },
        ),
      ),
    ),
    call: Nullable(CallCardSchema),
    logoffPending: Nullable(
      Type.Union([Type.Literal('app-logout'), Type.Literal('session-ended'), Type.Literal('stream-lost')], {
        description:
          'Issue 8 §17: the agent leaves the line at the end of the call in progress (the person logged out ' +
          'of the app, the session ended, or the console was gone longer than the grace period). After it, ' +
          'the state is logged-out with this reason',
      }),
    ),
  },
  { $id: 'ContactCentreAgent' },
);

export const HistoryEventSchema = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  type: Type.String(),
  callId: Nullable(Type.String()),
  line: Nullable(Type.String()),
  queueId: Nullable(Type.String()),
  agentId: Nullable(Type.String()),
  data: Type.Record(Type.String(), Type.Unknown(), { description: 'The event as the engine emitted it' }),
});

export const ExchangeSchema = Type.Object({
  at: Type.String({ format: 'date-time' }),
  direction: Type.Union([Type.Literal('out'), Type.Literal('in')]),
  channel: Type.String({ description: 'sms, email, link' }),
  kind: Type.String({ description: 'Sent: reminder, reoffer, …; received: confirm, cancel, stop, unknown' }),
  text: Type.String(),
  status: Type.String({ description: "The message's state, or what the reply did" }),
});

export const ContactSchema = Type.Object(
  { callId: Type.String(), events: Type.Array(HistoryEventSchema) },
  { $id: 'ContactHistory' },
);

export const PendingCallbackSchema = Type.Object({
  callbackId: Type.String(),
  callId: Type.String(),
  requestedAt: Type.String({ format: 'date-time' }),
  line: Type.String(),
  number: Type.String(),
  queueId: Type.String(),
  requestType: Type.String(),
  priority: Type.Integer(),
  outOfHours: Type.Boolean(),
  notBefore: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  enqueuedAt: Type.String({ format: 'date-time', description: 'Its place in line' }),
  attempts: Type.Integer({ description: 'Attempts dialled before the restart' }),
  lastFailedAt: Nullable(Type.String({ format: 'date-time' })),
  restored: Type.Boolean({
    description:
      'Back in its queue in the engine; false when it expired (queue or line no longer configured)',
  }),
});

/** What changed since the last stream message: the event's type and keys, never the caller's number. */
export const StreamEventSchema = Type.Object({
  type: Type.String(),
  at: Type.Number({ description: 'Epoch ms' }),
  callId: Nullable(Type.String()),
  agentId: Nullable(Type.String()),
  queueId: Nullable(Type.String()),
  state: Nullable(Type.String({ description: 'For agent.state: the new state' })),
});

// OpenAPI cannot describe a WebSocket's messages on its route: published as a shared schema, so clients
// get their type from the description like every other answer.
export const StreamMessageSchema = Type.Union(
  [
    Type.Object({
      type: Type.Literal('snapshot'),
      reason: Type.Union([Type.Literal('connect'), Type.Literal('change')]),
      snapshot: Type.Ref('ContactCentreSnapshot'),
      events: Type.Array(StreamEventSchema),
    }),
    Type.Object({ type: Type.Literal('off'), label: LabelSchema, message: Type.String() }),
  ],
  { $id: 'ContactCentreStreamMessage', description: 'A message of the WebSocket GET stream' },
);

/** Issue 15 §2: a fixed prompt of the IVR, which a region may record for the real switch. */
export const IvrPromptSchema = Type.Object(
  {
    key: Type.String({ description: 'Names these words of this prompt (stable across restarts)' }),
    name: Type.String({ description: "The recording's file name in DATA_DIR/prompts, without .wav/.txt" }),
    id: Type.String({ description: "The prompt's id in the engine (several words may share one)" }),
    text: Type.String({ description: 'The words it says' }),
    recorded: Type.Boolean({ description: "The region's recording plays for it (else the synthesis)" }),
    formerRecordings: Type.Array(Type.String(), {
      description:
        'The words of recordings under its id made before the words changed: never played, kept until removed',
    }),
  },
  { $id: 'IvrPrompt' },
);

/** A recording sent for a prompt: a WAV file, 16-bit PCM mono, 8–48 kHz, base64-encoded. */
export const PromptRecordingBody = Type.Object(
  {
    audio: Type.String({
      minLength: 1,
      maxLength: 8_000_000,
      pattern: '^[A-Za-z0-9+/]+={0,2}$',
      description: 'The WAV file, base64 (at most 6 MB of audio: about three minutes at 16 kHz)',
    }),
  },
  { additionalProperties: false },
);
