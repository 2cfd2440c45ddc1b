import { type Static, Type } from '@fastify/type-provider-typebox';
import { PENALTY_INDICATORS } from '../reporting/index.ts';
import { MAX_PLANNED_AGENTS, MAX_ROSTER_BANDS, MAX_STAFFING_SCALE } from './plan/planned-staffing.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Share = (description: string) => Type.Number({ minimum: 0, maximum: 1, description });
const Seconds = (description: string) => Type.Number({ minimum: 0, maximum: 86_400, description });
const HOUR_KEY = '^([01][0-9]|2[0-3])$';

// ---------------------------------------------------------------------------------------------------
// Erlang calculator

export const ErlangQuerySchema = Type.Object(
  {
    model: Type.Union([Type.Literal('b'), Type.Literal('c'), Type.Literal('a')], {
      description:
        'b: lines with blocking (M/M/n/n); c: agents, callers wait (M/M/n); a: agents, callers abandon (M/M/n+M)',
    }),
    calls: Type.Number({ minimum: 0, maximum: 10_000_000, description: 'Calls offered in one period' }),
    period: Type.Number({
      exclusiveMinimum: 0,
      maximum: 31_622_400,
      description: 'Length of the period, seconds',
    }),
    aht: Type.Number({
      exclusiveMinimum: 0,
      maximum: 86_400,
      description: 'Average handling (or holding) time, seconds',
    }),
    agents: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 100_000,
        description: 'Agents (models c and a); omitted: the agents needed',
      }),
    ),
    lines: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 100_000,
        description: 'Lines or channels (model b); omitted: the lines needed',
      }),
    ),
    target: Type.Optional(Seconds('Answer target for the service level, seconds (default 20, MR-5)')),
    patience: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        maximum: 86_400,
        description: 'Mean caller patience, seconds (model a)',
      }),
    ),
    serviceLevel: Type.Optional(
      Share(
        'Share to answer within target, for the agents needed (models c and a; default 0.9, MR-5). ' +
          'Without agents the figures are for the agents needed; with agents, given: agentsNeeded as well',
      ),
    ),
    maxAbandon: Type.Optional(
      Share(
        'Highest share abandoning, for the agents needed (model a; default 0.1, MR-5). With agents, ' +
          'given: agentsNeeded as well',
      ),
    ),
    blocking: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        maximum: 1,
        description:
          'Highest blocking, for the lines needed (model b; default 0.01). Without lines the figures are ' +
          'for the lines needed; with lines, given: linesNeeded as well',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ErlangQuery = Static<typeof ErlangQuerySchema>;

export const ErlangResultSchema = Type.Object({
  model: Type.String(),
  trafficErlangs: Type.Number({ description: 'Offered load: calls per second × AHT' }),
  agents: Type.Optional(Type.Integer({ description: 'Agents the figures are for (given, or else needed)' })),
  lines: Type.Optional(Type.Integer({ description: 'Lines the blocking is for (given, or else needed)' })),
  probabilityOfWaiting: Type.Optional(Type.Number()),
  serviceLevel: Type.Optional(
    Type.Number({ description: 'Share answered within the target (over offered, model a)' }),
  ),
  averageSpeedOfAnswerSeconds: Type.Optional(
    Nullable(Type.Number({ description: 'null: the queue never clears' })),
  ),
  occupancy: Type.Optional(Type.Number()),
  probabilityOfAbandoning: Type.Optional(Type.Number()),
  probabilityOfBlocking: Type.Optional(Type.Number()),
  targetSeconds: Type.Optional(Type.Number()),
  agentsNeeded: Type.Optional(Type.Integer({ description: 'Agents the service-level targets need' })),
  linesNeeded: Type.Optional(Type.Integer({ description: 'Lines the blocking target needs' })),
  serviceLevelTarget: Type.Optional(
    Type.Number({ description: 'With agentsNeeded: the service level sized for (given, or 0.9)' }),
  ),
  maxAbandonTarget: Type.Optional(
    Type.Number({ description: 'With agentsNeeded, model a: the abandonment cap sized for (given, or 0.1)' }),
  ),
  blockingTarget: Type.Optional(
    Type.Number({ description: 'With linesNeeded: the blocking sized for (given, or 0.01)' }),
  ),
});

// ---------------------------------------------------------------------------------------------------
// Forecast, plan, what-if requests

const HourTable = Type.Record(Type.String({ pattern: HOUR_KEY }), Type.Number({ minimum: 0 }), {
  description: "Percentages of a day's calls by hour: '08' is 08:00–09:00",
});

export const CurvesSchema = Type.Object(
  {
    yearlyCalls: Type.Number({
      minimum: 0,
      maximum: 100_000_000,
      description: 'Calls in opening hours per year',
    }),
    monthly: Type.Array(Type.Number({ minimum: 0 }), {
      minItems: 12,
      maxItems: 12,
      description: '12 percentages, January first',
    }),
    weekday: Type.Object(
      Object.fromEntries(
        ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [
          d,
          Type.Optional(Type.Number({ minimum: 0 })),
        ]),
      ),
      { additionalProperties: false, description: "Percentages of a week's calls by weekday" },
    ),
    hourly: Type.Object(
      { weekday: HourTable, saturday: HourTable, sunday: Type.Optional(HourTable) },
      { additionalProperties: false },
    ),
  },
  {
    additionalProperties: false,
    description: 'Traffic curves replacing the scenario’s (the tender’s tables)',
  },
);

const HandlingSchema = Type.Object(
  {
    talkSeconds: Type.Optional(Seconds('Mean talk time')),
    afterCallWorkSeconds: Type.Optional(Seconds('Mean after-call work (holds an agent, not a channel)')),
    greetingSeconds: Type.Optional(Seconds('Welcome message and operator code (tender: 7 s)')),
    ivrSeconds: Type.Optional(Seconds('IVR menu and choice (assumption: 15 s)')),
    surveySeconds: Type.Optional(Seconds('Hot survey call back (tender: 90 s)')),
    surveyShare: Type.Optional(Share('Share of handled calls surveyed (CC-8: 0.1)')),
  },
  { additionalProperties: false, description: 'Handling times replacing the scenario’s, seconds' },
);

const ForecastFields = {
  // A string checked by the service: the names come from the contact-centre module, read only on use.
  scenario: Type.String({
    minLength: 1,
    maxLength: 100,
    description:
      'Service line and its data: cup-2013 (CUP, seed 003 §2.1.4–2.1.5) or regional-2013 (§2.2.4–2.2.5)',
  }),
  month: Type.Optional(
    Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'A month, YYYY-MM' }),
  ),
  year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100, description: 'A whole year' })),
  from: Type.Optional(Type.String({ format: 'date', description: 'First day (with to), YYYY-MM-DD' })),
  to: Type.Optional(Type.String({ format: 'date', description: 'Last day, inclusive' })),
  intervalMinutes: Type.Optional(
    Type.Union([Type.Literal(15), Type.Literal(30), Type.Literal(60)], {
      description: 'Interval length (default 30)',
    }),
  ),
  yearlyCalls: Type.Optional(
    Type.Number({ minimum: 0, maximum: 100_000_000, description: 'Replaces the yearly volume only' }),
  ),
  curves: Type.Optional(CurvesSchema),
  handling: Type.Optional(HandlingSchema),
  queueSeconds: Type.Optional(
    Seconds('Queueing per call assumed in the forecast’s channel holding time (default 20)'),
  ),
  detail: Type.Optional(
    Type.Union([Type.Literal('intervals'), Type.Literal('days')], {
      description: "'days' leaves the interval rows out of the answer (default 'intervals')",
    }),
  ),
};

const RosterBandSchema = Type.Object(
  {
    from: Type.String({
      pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
      description: "Local start of the band, 'HH:mm', inclusive",
    }),
    to: Type.String({
      pattern: '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$',
      description: "Local end, 'HH:mm' (24:00 for midnight), exclusive; after from",
    }),
    agents: Type.Integer({
      minimum: 0,
      maximum: MAX_PLANNED_AGENTS,
      description: 'Agents on the phones during the band',
    }),
    weekdays: Type.Optional(
      Type.Array(Type.Union(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => Type.Literal(d))), {
        minItems: 1,
        maxItems: 7,
        description: 'Days the band applies to; absent: every day the line is open',
      }),
    ),
  },
  { additionalProperties: false },
);

export const RosterSchema = Type.Array(RosterBandSchema, {
  minItems: 1,
  maxItems: MAX_ROSTER_BANDS,
  description:
    'Agents present by time band. Overlapping bands add up; a band covering part of an interval counts ' +
    'pro rata and the interval’s sum is rounded down; an interval no band covers has no agents',
});

export const StaffingSchema = Type.Object(
  {
    scale: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        maximum: MAX_STAFFING_SCALE,
        description: 'A share of the requirement: planned = ceil(required × scale); 0.85 plans 85%',
      }),
    ),
    maxAgents: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_PLANNED_AGENTS,
        description: 'A cap: planned = min(required, maxAgents) in every interval',
      }),
    ),
    roster: Type.Optional(RosterSchema),
  },
  {
    additionalProperties: false,
    description:
      'The staffing to evaluate: exactly one of scale, maxAgents or roster. Absent: the required agents ' +
      'in every interval. The interval figures, the totals and the what-if are for the planned agents',
  },
);

const PlanFields = {
  ...ForecastFields,
  model: Type.Optional(
    Type.Union([Type.Literal('c'), Type.Literal('a')], { description: 'Erlang C or Erlang A (default c)' }),
  ),
  serviceLevel: Type.Optional(Share('Share answered within targetSeconds (default 0.9, MR-5)')),
  targetSeconds: Type.Optional(Seconds('Answer target from the start of the call (default 20, MR-5)')),
  preQueueSeconds: Type.Optional(
    Seconds(
      "From the start of the call to the queue (greeting, menus, the caller's choice): the queue is sized for targetSeconds minus this (default: the service's IVR as the simulator models it, 4 s)",
    ),
  ),
  maxAbandonment: Type.Optional(Share('Highest share abandoning, Erlang A (default 0.1, MR-5)')),
  patienceSeconds: Type.Optional(
    Type.Number({
      exclusiveMinimum: 0,
      maximum: 86_400,
      description: 'Mean patience for Erlang A (default the scenario’s)',
    }),
  ),
  maxOccupancy: Type.Optional(
    Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'Cap on agent occupancy' }),
  ),
  minAgents: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 10_000, description: 'Agents in every open interval' }),
  ),
  shrinkage: Type.Optional(
    Type.Number({
      minimum: 0,
      maximum: 0.95,
      description: 'Share of paid time off the phones (default 0.3)',
    }),
  ),
  contractHoursPerWeek: Type.Optional(
    Type.Number({
      exclusiveMinimum: 0,
      maximum: 168,
      description: 'Full-time weekly hours (default 40, CCNL TLC)',
    }),
  ),
  blocking: Type.Optional(
    Type.Number({
      exclusiveMinimum: 0,
      maximum: 1,
      description: 'Channel blocking target per interval (default 0.01)',
    }),
  ),
  channels: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 100_000,
      description: 'Channels in place (default the CC-5 minimum: 60 CUP, 30 regional)',
    }),
  ),
  staffing: Type.Optional(StaffingSchema),
};

export const ForecastBodySchema = Type.Object(ForecastFields, { additionalProperties: false });
export type ForecastBody = Static<typeof ForecastBodySchema>;

export const PlanBodySchema = Type.Object(PlanFields, { additionalProperties: false });
export type PlanBody = Static<typeof PlanBodySchema>;

const PenaltyRuleSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 100 }),
    description: Type.String({ maxLength: 500 }),
    indicator: Type.Union(PENALTY_INDICATORS.map((i) => Type.Literal(i))),
    comparison: Type.Union([Type.Literal('at-least'), Type.Literal('at-most')]),
    threshold: Share('Threshold share (0.9 = 90%)'),
    targetSeconds: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, description: 'For the time indicators' }),
    ),
    services: Type.Optional(
      Type.Array(Type.String(), { description: "Line services ('cup', 'regionale'); absent: all" }),
    ),
    penaltyPerPoint: Share('Share of the period’s service value per percentage point (0.005 = 0.5%)'),
  },
  { additionalProperties: false },
);

export const PenaltyTableSchema = Type.Object(
  {
    source: Type.String({ maxLength: 500 }),
    period: Type.Literal('month'),
    points: Type.Union([Type.Literal('whole'), Type.Literal('started'), Type.Literal('exact')], {
      description:
        "A fraction of a point: 'whole' ignores it (tender), 'started' counts it, 'exact' pro rata",
    }),
    waitMeasuredFrom: Type.Union([Type.Literal('arrival'), Type.Literal('queue')], {
      description: "The answer wait starts at the call's start (tender) or at its entry into a queue",
    }),
    lostCallsMeasuredByDuration: Type.Boolean({
      description:
        'A caller who hung up counts within the wait threshold when the whole call was shorter (tender)',
    }),
    maxTotalShare: Nullable(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
    rules: Type.Array(PenaltyRuleSchema, { minItems: 1, maxItems: 50 }),
  },
  { additionalProperties: false, description: 'Penalty rules (MR-5); default the tender’s (seed 003 §6.1)' },
);

export const WhatIfBodySchema = Type.Object(
  {
    ...PlanFields,
    replications: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 20,
        description: 'Simulation runs with seeds seed, seed+1, … (default 5)',
      }),
    ),
    seed: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 2_147_483_647, description: 'First seed (default 1)' }),
    ),
    serviceValueEuros: Type.Optional(
      Type.Number({
        minimum: 0,
        description: 'Value of the service in the period, to express penalties in euros',
      }),
    ),
    penalties: Type.Optional(PenaltyTableSchema),
  },
  { additionalProperties: false },
);
export type WhatIfBody = Static<typeof WhatIfBodySchema>;

// ---------------------------------------------------------------------------------------------------
// Answers

const IntervalBase = {
  start: Type.String({ format: 'date-time', description: 'Interval start, Europe/Rome offset' }),
  date: Type.String({ format: 'date' }),
  time: Type.String({ description: "Local 'HH:mm'" }),
  weekday: Type.String(),
  calls: Type.Number({ description: 'Expected offered calls' }),
  ahtSeconds: Type.Number({ description: 'Talk + after-call work' }),
  channelHoldingSeconds: Type.Number({
    description: 'Greeting + IVR + queueing + talk + survey share (no ACW)',
  }),
};

const PeriodAnswer = {
  scenario: Type.String(),
  lineNumber: Type.String(),
  from: Type.String({ format: 'date' }),
  to: Type.String({ format: 'date' }),
  days: Type.Integer(),
  intervalMinutes: Type.Integer(),
};

const HandlingAnswer = Type.Object({
  talkSeconds: Type.Number(),
  afterCallWorkSeconds: Type.Number(),
  greetingSeconds: Type.Number(),
  ivrSeconds: Type.Number(),
  surveySeconds: Type.Number(),
  surveyShare: Type.Number(),
  ahtSeconds: Type.Number(),
  queueSeconds: Type.Number(),
});

export const ForecastSchema = Type.Object({
  ...PeriodAnswer,
  timeZone: Type.String(),
  yearlyCalls: Type.Number(),
  handling: HandlingAnswer,
  totalCalls: Type.Number(),
  byDay: Type.Array(
    Type.Object({ date: Type.String(), weekday: Type.String(), open: Type.Boolean(), calls: Type.Number() }),
  ),
  intervals: Type.Array(Type.Object(IntervalBase)),
});

const PlannedIntervalSchema = Type.Object({
  ...IntervalBase,
  requiredAgents: Type.Integer({ description: 'Agents the targets require (at least minAgents)' }),
  plannedAgents: Type.Integer({
    description: 'Agents the staffing puts on the phones (the required ones without staffing)',
  }),
  agents: Type.Integer({ description: 'The same as plannedAgents: the agents the figures are for' }),
  belowTarget: Type.Boolean({
    description:
      'The planned agents miss the targets (MR-5 by default): service level short or, Erlang A, abandonment over',
  }),
  trafficErlangs: Type.Number({ description: 'Offered load in Erlangs: calls per second × AHT' }),
  serviceLevel: Type.Number({ description: 'Model service level at the planned agents' }),
  probabilityOfWaiting: Type.Number({ description: 'At the planned agents' }),
  probabilityOfAbandoning: Type.Number({ description: 'At the planned agents (0 with Erlang C)' }),
  averageSpeedOfAnswerSeconds: Nullable(
    Type.Number({ description: 'At the planned agents; null: the queue never clears' }),
  ),
  occupancy: Type.Number({ description: 'At the planned agents' }),
  queueSeconds: Type.Union([Type.Number(), Type.Null()], {
    description:
      'Mean time in queue per offered call, at the planned agents; null when the queue never clears',
  }),
  channelTrafficErlangs: Type.Number({
    description:
      'Channel load with the queueing of the required staffing (what the line needs when the targets are met)',
  }),
  channelsNeeded: Type.Integer({ description: 'Erlang B channels at the blocking target for that load' }),
});

const Maybe = Nullable(Type.Number());

export const PlanSchema = Type.Object({
  ...PeriodAnswer,
  targets: Type.Object({
    model: Type.String(),
    serviceLevel: Type.Number(),
    targetSeconds: Type.Number({ description: 'From the start of the call (MR-5)' }),
    preQueueSeconds: Type.Number({ description: 'From the start of the call to the queue' }),
    queueTargetSeconds: Type.Number({
      description:
        'What the queue was sized for: targetSeconds − preQueueSeconds, 0 when the IVR takes the whole target (then only callers answered at once are within it)',
    }),
    maxAbandonment: Type.Number(),
    patienceSeconds: Maybe,
    maxOccupancy: Type.Optional(Type.Number()),
    minAgents: Type.Optional(Type.Integer()),
  }),
  // Exactly one rule, as the body's StaffingSchema requires (checked by the service, named by field there).
  staffing: Type.Union(
    [
      Type.Object({ scale: Type.Number() }),
      Type.Object({ maxAgents: Type.Integer() }),
      Type.Object({ roster: RosterSchema }),
      Type.Null(),
    ],
    { description: 'The staffing rule applied; null: the required agents in every interval' },
  ),
  handling: HandlingAnswer,
  totals: Type.Object({
    calls: Type.Number(),
    agentHours: Type.Number({ description: 'Planned agent hours on the phones' }),
    paidHours: Type.Number({ description: 'Planned agent hours / (1 − shrinkage)' }),
    fte: Type.Number({
      description: 'FTE planned: paid hours over a full-timer’s contract hours in the period',
    }),
    shrinkage: Type.Number(),
    contractHoursPerWeek: Type.Number(),
    periodDays: Type.Integer(),
    peakAgents: Type.Integer({ description: 'Planned agents at the peak' }),
    serviceLevel: Nullable(Type.Number({ description: 'Call-weighted model service level, planned agents' })),
    abandonment: Maybe,
    averageSpeedOfAnswerSeconds: Nullable(
      Type.Number({ description: 'Over answered calls; null: some interval’s queue never clears' }),
    ),
    openIntervals: Type.Integer(),
    intervalsBelowTarget: Type.Integer({ description: 'Intervals whose planned agents miss the targets' }),
    required: Type.Object(
      {
        agentHours: Type.Number(),
        paidHours: Type.Number(),
        fte: Type.Number({ description: 'FTE needed for the targets' }),
        shrinkage: Type.Number(),
        contractHoursPerWeek: Type.Number(),
        periodDays: Type.Integer(),
        peakAgents: Type.Integer(),
        serviceLevel: Maybe,
        abandonment: Maybe,
        averageSpeedOfAnswerSeconds: Maybe,
      },
      { description: 'The same figures for the required agents' },
    ),
  }),
  channels: Type.Object({
    minimum: Type.Integer({ description: 'CC-5 minimum for the line' }),
    blockingTarget: Type.Number(),
    peakTrafficErlangs: Type.Number(),
    sized: Type.Integer({ description: 'Erlang B at the peak interval' }),
    recommended: Type.Integer({ description: 'max(minimum, sized)' }),
    provisioned: Type.Integer(),
    cc5: Type.Object({
      saturatedBands: Type.Array(
        Type.Object({ date: Type.String(), band: Type.String(), blocking: Type.Number() }),
      ),
      consecutiveSaturation: Type.Boolean({
        description: 'Two consecutive hour bands saturated: +20% channels',
      }),
      steps: Type.Array(Type.Integer()),
      channelsAfterRule: Type.Integer(),
    }),
  }),
  byDay: Type.Array(
    Type.Object({
      date: Type.String(),
      weekday: Type.String(),
      open: Type.Boolean(),
      calls: Type.Number(),
      agentHours: Type.Number({ description: 'Planned' }),
      peakAgents: Type.Integer({ description: 'Planned' }),
      peakAt: Nullable(Type.String({ description: 'First interval with the planned peak' })),
      requiredAgentHours: Type.Number(),
      requiredPeakAgents: Type.Integer(),
      serviceLevel: Nullable(
        Type.Number({ description: 'Call-weighted model service level, planned agents' }),
      ),
      intervalsBelowTarget: Type.Integer(),
      channelsNeeded: Type.Integer(),
    }),
  ),
  intervals: Type.Array(PlannedIntervalSchema),
});

const EstimateSchema = Type.Object(
  { mean: Maybe, low: Maybe, high: Maybe, n: Type.Integer() },
  { description: 'Mean over replications with its 95% Student t interval' },
);
const Figures = {
  offered: EstimateSchema,
  serviceLevel: EstimateSchema,
  abandonment: EstimateSchema,
  answeredShare: EstimateSchema,
  averageSpeedOfAnswerSeconds: EstimateSchema,
};

export const WhatIfSchema = Type.Object({
  plan: PlanSchema,
  whatIf: Type.Object({
    label: Type.Literal('simulazione'),
    replications: Type.Integer(),
    seeds: Type.Array(Type.Integer()),
    targetSeconds: Type.Number(),
    wallSeconds: Type.Number(),
    total: Type.Object(Figures),
    byDay: Type.Array(Type.Object({ date: Type.String(), ...Figures })),
    intervals: Type.Array(
      Type.Object({
        start: Type.String(),
        date: Type.String(),
        time: Type.String(),
        agents: Type.Integer({ description: 'Agents simulated: the planned agents' }),
        requiredAgents: Type.Optional(Type.Integer({ description: 'Agents the targets require' })),
        modelServiceLevel: Type.Optional(
          Type.Number({ description: 'Model service level at the planned agents' }),
        ),
        ...Figures,
      }),
    ),
    penalties: Type.Object({
      source: Type.String(),
      observedDays: Type.Integer(),
      rules: Type.Array(
        Type.Object({
          id: Type.String(),
          description: Type.String(),
          comparison: Type.String(),
          threshold: Type.Number(),
          measured: EstimateSchema,
          points: EstimateSchema,
          share: EstimateSchema,
          euros: Nullable(EstimateSchema),
        }),
      ),
      share: EstimateSchema,
      euros: Nullable(EstimateSchema),
      probabilityOfPenalty: Type.Number(),
    }),
    line: Type.Object({
      number: Type.String(),
      channels: Type.Integer(),
      busy: EstimateSchema,
      peakChannelsInUse: EstimateSchema,
      cc5Triggered: Type.Number({ description: 'Share of replications where CC-5 saturation happened' }),
      suggestedChannels: Type.Integer(),
    }),
  }),
});
