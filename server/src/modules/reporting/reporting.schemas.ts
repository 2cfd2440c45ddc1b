import { Type } from '@fastify/type-provider-typebox';
import { ChatFiguresSchema } from '../chat/index.ts';
import { RatingFiguresSchema } from '../portal/index.ts';

// The reporting API's shapes (issue 12).

const Share = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]);

export const AvailabilitySchema = Type.Object(
  {
    source: Type.String(),
    measuredFrom: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
      description: "The period's start, or when the centre's heartbeats began if later; null: not measured",
    }),
    ivr: Type.Object(
      {
        measured: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], {
          description: 'Share of the time (maintenance out) the IVR answered, 24/7',
        }),
        threshold: Type.Number(),
        met: Type.Union([Type.Boolean(), Type.Null()]),
        points: Type.Integer({ minimum: 0 }),
        penaltyShare: Type.Number({ description: "Share of the service's value" }),
      },
      { additionalProperties: false },
    ),
    downMinutes: Type.Integer({ minimum: 0 }),
    maintenanceMinutes: Type.Integer({ minimum: 0 }),
    technical: Type.Object(
      {
        downWorkingMinutes: Type.Integer({
          minimum: 0,
          description: "Minutes down within the lines' opening hours",
        }),
        workingHours: Type.Integer({ minimum: 0, description: 'Working hours begun while down' }),
        penaltyEuro: Type.Number({ description: '€5,000 per working hour (tender)' }),
      },
      { additionalProperties: false },
    ),
    outages: Type.Array(
      Type.Object(
        { from: Type.String({ format: 'date-time' }), to: Type.String({ format: 'date-time' }) },
        { additionalProperties: false },
      ),
      { description: 'The first 100 outages' },
    ),
  },
  { additionalProperties: false },
);

export const OutboundSchema = Type.Object(
  {
    calls: Type.Integer({
      minimum: 0,
      description: "Contacts of the agents' campaigns closed in the period",
    }),
    positive: Type.Integer({ minimum: 0 }),
    positiveShare: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]),
    met: Type.Union([Type.Boolean(), Type.Null()], { description: 'At least 50% positive' }),
    points: Type.Integer({ minimum: 0 }),
    positivePenaltyShare: Type.Number({ description: '1% of the outbound value per whole point below' }),
    batches: Type.Array(
      Type.Object(
        {
          campaignId: Type.String({ format: 'uuid' }),
          campaign: Type.String(),
          batch: Type.Integer({ minimum: 1 }),
          startedAt: Type.String({ format: 'date-time' }),
          finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
          operatingHours: Type.Number({ description: "Hours within the campaign's allowed hours" }),
          lateHours: Type.Integer({ minimum: 0, description: 'Hours begun beyond 24 operating hours' }),
        },
        { additionalProperties: false },
      ),
      { description: 'Batches of 100 finished in the period (or open now and late)' },
    ),
    lateHours: Type.Integer({ minimum: 0 }),
    latePenaltyShare: Type.Number({ description: '3% of the outbound value per hour late' }),
    penaltyShare: Type.Number(),
    penaltyEuro: Type.Union([Type.Number(), Type.Null()]),
  },
  { additionalProperties: false },
);

const SlaDefinitions = Type.Object(
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
);

const SlaServices = Type.Array(
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
);

const NotMeasured = Type.Array(
  Type.Object(
    { id: Type.String(), description: Type.String(), why: Type.String() },
    { additionalProperties: false },
  ),
);

export const SlaTodaySchema = Type.Object(
  {
    date: Type.String({ format: 'date', description: 'Today (Rome)' }),
    from: Type.String({ format: 'date-time' }),
    to: Type.String({ format: 'date-time', description: 'Now: the calls ended by now are measured' }),
    source: Type.String(),
    definitions: SlaDefinitions,
    services: SlaServices,
  },
  { $id: 'SlaToday', additionalProperties: false },
);

export const TurnoverSchema = Type.Object(
  {
    from: Type.String({ format: 'date', description: '1 January of the year' }),
    to: Type.String({ format: 'date', description: 'The last day counted: the period’s end, or today' }),
    final: Type.Boolean({ description: 'The calendar year is over: the penalty, if any, is due' }),
    leavers: Type.Integer({
      minimum: 0,
      description: 'Periods in service whose last day fell in [from, to]',
    }),
    hires: Type.Integer({ minimum: 0 }),
    averageHeadcount: Type.Number({ description: 'Mean over the days of the operators in service' }),
    rate: Type.Union([Type.Number(), Type.Null()], { description: 'leavers ÷ averageHeadcount' }),
    threshold: Type.Number({ description: '0.15 (seed 003 §6)' }),
    met: Type.Union([Type.Boolean(), Type.Null()]),
    penaltyShare: Type.Number({
      description: '0.005 of the supply’s value, once final and above the threshold',
    }),
    penaltyEuro: Type.Union([Type.Number(), Type.Null()], { description: 'With contractValue given' }),
  },
  { additionalProperties: false },
);

export const HelpdeskLevelsSchema = Type.Array(
  Type.Object(
    {
      id: Type.Union(
        (
          ['risposta-contatti-scritti', 'risolte-secondo-livello', 'tempo-soluzione-secondo-livello'] as const
        ).map((x) => Type.Literal(x)),
      ),
      description: Type.String(),
      measured: Type.Integer({ minimum: 0, description: 'The cases measured (the base)' }),
      met: Type.Integer({ minimum: 0 }),
      excluded: Type.Integer({
        minimum: 0,
        description:
          'Left out: written contacts still open within 24 h; cases passed outside the centre (third level)',
      }),
      share: Share,
      threshold: Type.Number(),
      points: Type.Integer({ minimum: 0, description: 'Whole percentage points below the threshold' }),
      penaltyShare: Type.Number({ description: "A share of the service's value in the month" }),
      penaltyEuro: Type.Union([Type.Number(), Type.Null()], { description: 'With serviceValue given' }),
      byQueue: Type.Array(
        Type.Object({ queue: Type.String(), measured: Type.Integer(), met: Type.Integer() }),
      ),
    },
    { additionalProperties: false },
  ),
  {
    description:
      "MR-5, the help desk's levels from the month's tickets on the business clock (waiting on the citizen not counted): written contacts closed within 24 h (the tender gives no share: all of them), second-level cases resolved (≥ 90%), resolved within 4 h (80%)",
  },
);

export const SlaMonthSchema = Type.Object(
  {
    month: Type.String({ pattern: '^\\d{4}-\\d{2}$' }),
    from: Type.String({ format: 'date-time' }),
    to: Type.String({ format: 'date-time' }),
    source: Type.String({ description: 'Where the levels come from (the tender, or a region’s table)' }),
    definitions: SlaDefinitions,
    services: SlaServices,
    notMeasured: NotMeasured,
    availability: AvailabilitySchema,
    outbound: OutboundSchema,
    turnover: TurnoverSchema,
    helpdesk: HelpdeskLevelsSchema,
    reportDelivery: Type.Object(
      {
        deadline: Type.String({ format: 'date', description: 'The 15th of the next month (Rome)' }),
        deliveredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
          description: "When the month's report was first made; null: not yet",
        }),
        lateWorkingDays: Type.Integer({
          minimum: 0,
          description: 'Working days after the deadline (so far)',
        }),
        penaltyEuro: Type.Number({ description: '€500 per working day late' }),
      },
      { additionalProperties: false },
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

const Int = Type.Integer({ minimum: 0 });
/** MR-2's indicators of one slice (docs/indicators.md). */
const TrafficRow = {
  arrived: Int,
  offered: Int,
  answered: Int,
  answeredWithinTarget: Int,
  abandoned: Int,
  abandonedShort: Int,
  abandonedLong: Int,
  abandonedInIvr: Int,
  busy: Int,
  turnedAway: Int,
  outOfHours: Int,
  callbacksRequested: Int,
  callbacksAnswered: Int,
  callbackAverageSpeedOfAnswerSeconds: Nullable,
  serviceLevel: Nullable,
  probabilityOfWaiting: Nullable,
  averageSpeedOfAnswerSeconds: Nullable,
  abandonRate: Nullable,
  averageTalkSeconds: Nullable,
  averageHandlingSeconds: Nullable,
  occupancy: Nullable,
  averageWaitingInQueue: Nullable,
  averageInIvr: Nullable,
  averageActiveAgents: Nullable,
};
const Strict = { additionalProperties: false } as const;

export const ReportKindSchema = Type.Union([Type.Literal('weekly'), Type.Literal('monthly')]);

const ReportData = Type.Object(
  {
    kind: ReportKindSchema,
    period: Type.String({ description: "'YYYY-MM' or 'YYYY-Www' (ISO week), Rome time" }),
    from: Type.String({ format: 'date-time' }),
    to: Type.String({ format: 'date-time' }),
    sources: Type.Array(Type.String(), {
      description: "Where the period's events came from; 'simulazione': the simulated switch",
    }),
    traffic: Type.Object(
      {
        targetSeconds: Type.Number(),
        total: Type.Object(TrafficRow, Strict),
        byDay: Type.Array(Type.Object({ date: Type.String({ format: 'date' }), ...TrafficRow }, Strict)),
        byHour: Type.Array(
          Type.Object({ hour: Type.Integer({ minimum: 0, maximum: 23 }), ...TrafficRow }, Strict),
        ),
        byQueue: Type.Array(Type.Object({ queueId: Type.String(), ...TrafficRow }, Strict)),
        byRequestType: Type.Array(Type.Object({ requestType: Type.String(), ...TrafficRow }, Strict)),
        byLine: Type.Array(Type.Object({ line: Type.String(), ...TrafficRow }, Strict)),
        outcomes: Type.Object(
          { recorded: Int, firstContactResolution: Nullable, escalated: Nullable },
          Strict,
        ),
        surveys: Type.Object({ dialled: Int, completed: Int, answers: Int, averageScore: Nullable }, Strict),
      },
      Strict,
    ),
    sla: Type.Object(
      {
        source: Type.String(),
        definitions: SlaDefinitions,
        services: SlaServices,
        notMeasured: NotMeasured,
        availability: Type.Optional(AvailabilitySchema),
        outbound: Type.Optional(OutboundSchema),
        turnover: Type.Optional(TurnoverSchema),
        helpdesk: Type.Optional(HelpdeskLevelsSchema),
      },
      Strict,
    ),
    occupancy: Type.Array(
      Type.Object(
        {
          line: Type.String(),
          channels: Int,
          peak: Int,
          arrived: Int,
          busy: Int,
          bands: Type.Array(
            Type.Object(
              {
                start: Type.String({ description: "The 30-minute band's start, ISO with Rome's offset" }),
                peak: Int,
                arrived: Int,
                busy: Int,
                saturated: Type.Boolean({ description: 'Every channel was in use at some moment of it' }),
              },
              Strict,
            ),
          ),
          saturatedBands: Int,
          consecutiveSaturations: Type.Array(Type.String(), {
            description: 'Starts of the saturated bands that followed a saturated band',
          }),
          recommendation: Type.Union([
            Type.Object(
              {
                from: Int,
                channels: Type.Integer({ description: '+20%, never below the service minimum (CC-5)' }),
                pairs: Int,
                firstPair: Type.String(),
              },
              Strict,
            ),
            Type.Null(),
          ]),
        },
        Strict,
      ),
    ),
    chat: Type.Optional(ChatFiguresSchema),
    portalRatings: Type.Optional(RatingFiguresSchema),
    reminders: Type.Optional(
      Type.Object(
        {
          appointments: Type.Integer({
            description: "The period's appointments still booked at their start",
          }),
          bookedLate: Type.Integer({
            description: 'Booked after their deadline day (not counted against the CUP)',
          }),
          onTime: Type.Integer({ description: 'Reached at least two working days before (OB-7)' }),
          late: Type.Integer({ description: 'Reached later, before the appointment' }),
          noReceipt: Type.Optional(
            Type.Integer({
              description:
                'Not reached, but an SMS was accepted by the SMSC before the start with no delivery receipt (absent from reports made before)',
            }),
          ),
          notReached: Type.Integer({
            description: 'A message sent or a call placed, nothing reached the patient (failed, unanswered)',
          }),
          notTried: Type.Integer({ description: 'Nothing sent or called (no usable contact, or a refusal)' }),
          coverage: Type.Union([Type.Number(), Type.Null()], {
            description: 'onTime / (appointments − bookedLate)',
          }),
        },
        { ...Strict, description: 'OB-1, OB-7: reminders two working days before (docs/indicators.md)' },
      ),
    ),
  },
  Strict,
);

export const ReportSummarySchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    kind: ReportKindSchema,
    period: Type.String(),
    from: Type.String({ format: 'date-time' }),
    to: Type.String({ format: 'date-time' }),
    version: Type.Integer({ minimum: 1, description: 'A period regenerated keeps its earlier versions' }),
    generatedAt: Type.String({ format: 'date-time' }),
    generatedBy: Type.Union([Type.String(), Type.Null()], { description: 'null: the scheduled job' }),
  },
  { $id: 'ReportSummary', additionalProperties: false },
);

export const ReportSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    kind: ReportKindSchema,
    period: Type.String(),
    version: Type.Integer({ minimum: 1 }),
    generatedAt: Type.String({ format: 'date-time' }),
    generatedBy: Type.Union([Type.String(), Type.Null()]),
    data: ReportData,
    decisions: Type.Array(
      Type.Object(
        {
          id: Type.String({ format: 'uuid' }),
          line: Type.String(),
          channelsFrom: Int,
          channelsTo: Int,
          note: Type.String(),
          decidedAt: Type.String({ format: 'date-time' }),
          decidedBy: Type.String(),
        },
        Strict,
      ),
    ),
  },
  { $id: 'Report', additionalProperties: false },
);

const NullableText = Type.Union([Type.String(), Type.Null()]);

export const ContactSearchSchema = Type.Object(
  {
    from: Type.String({ format: 'date' }),
    to: Type.String({ format: 'date' }),
    contacts: Type.Array(
      Type.Object(
        {
          callId: Type.String(),
          arrivedAt: Type.String({ format: 'date-time' }),
          line: Type.String({ description: 'The number dialled (the channel)' }),
          callerId: Type.String(),
          outcome: Type.Union([Type.String(), Type.Null()], {
            description:
              'How the call ended (answered, abandoned, busy, callback, …); null while in progress',
          }),
          requestType: NullableText,
          queueId: NullableText,
          durationSeconds: Type.Union([Type.Integer(), Type.Null()]),
          talkSeconds: Type.Union([Type.Integer(), Type.Null()]),
          agentId: Type.Union([Type.String(), Type.Null()], { description: 'The agent who answered first' }),
          resolvedFirstContact: Type.Union([Type.Boolean(), Type.Null()]),
          escalated: Type.Union([Type.Boolean(), Type.Null()]),
          surveyScore: Type.Union([Type.Number(), Type.Null()], {
            description: "Mean of the hot survey's answers",
          }),
        },
        Strict,
      ),
    ),
    nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as cursor for the next page' }),
  },
  { $id: 'ContactSearch', additionalProperties: false },
);
