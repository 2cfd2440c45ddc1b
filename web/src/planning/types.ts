// The planning API's shapes as this page reads them (server/src/modules/planning/planning.schemas.ts).
// Shares are fractions (0.9 = 90%); times are seconds.

export type ErlangModel = 'b' | 'c' | 'a';
export type QueueModel = 'c' | 'a';
export type Scenario = 'cup-2013' | 'regional-2013';
export type IntervalMinutes = 15 | 30 | 60;

export type ErlangQuery = {
  model: ErlangModel;
  calls: number;
  period: number;
  aht: number;
  agents?: number;
  lines?: number;
  target?: number;
  patience?: number;
  serviceLevel?: number;
  maxAbandon?: number;
  blocking?: number;
};

export interface ErlangResult {
  model: string;
  trafficErlangs: number;
  agents?: number;
  lines?: number;
  probabilityOfWaiting?: number;
  serviceLevel?: number;
  /** null: the queue never clears. */
  averageSpeedOfAnswerSeconds?: number | null;
  occupancy?: number;
  probabilityOfAbandoning?: number;
  probabilityOfBlocking?: number;
  targetSeconds?: number;
  agentsNeeded?: number;
  linesNeeded?: number;
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** Agents present by time band: local 'HH:mm', from inclusive, to exclusive ('24:00' allowed). */
export interface RosterBand {
  from: string;
  to: string;
  agents: number;
  weekdays?: Weekday[];
}

/** The staffing to evaluate: exactly one of the three; absent, the required agents everywhere. */
export type Staffing = { scale: number } | { maxAgents: number } | { roster: RosterBand[] };

export interface PlanBody {
  scenario: Scenario;
  month: string;
  intervalMinutes: IntervalMinutes;
  model: QueueModel;
  serviceLevel: number;
  targetSeconds: number;
  maxAbandonment?: number;
  shrinkage: number;
  staffing?: Staffing;
}

export interface WhatIfBody extends PlanBody {
  replications: number;
  seed: number;
  serviceValueEuros?: number;
}

export interface PlannedInterval {
  start: string;
  date: string;
  /** Local 'HH:mm'. */
  time: string;
  weekday: string;
  calls: number;
  ahtSeconds: number;
  channelHoldingSeconds: number;
  /** Agents the targets require. */
  requiredAgents: number;
  /** Agents the staffing puts on the phones; every figure below is for them. */
  plannedAgents: number;
  /** The same as plannedAgents. */
  agents: number;
  /** The planned agents miss the targets in this interval. */
  belowTarget: boolean;
  /** Offered load in Erlangs: calls × AHT / interval. */
  trafficErlangs: number;
  serviceLevel: number;
  probabilityOfWaiting: number;
  probabilityOfAbandoning: number;
  averageSpeedOfAnswerSeconds: number | null;
  occupancy: number;
  queueSeconds: number | null;
  channelTrafficErlangs: number;
  channelsNeeded: number;
}

export interface PlannedDay {
  date: string;
  weekday: string;
  open: boolean;
  calls: number;
  /** Planned. */
  agentHours: number;
  /** Planned. */
  peakAgents: number;
  peakAt: string | null;
  requiredAgentHours: number;
  requiredPeakAgents: number;
  serviceLevel: number | null;
  intervalsBelowTarget: number;
  channelsNeeded: number;
}

export interface Plan {
  scenario: string;
  lineNumber: string;
  from: string;
  to: string;
  days: number;
  intervalMinutes: number;
  targets: {
    model: string;
    serviceLevel: number;
    targetSeconds: number;
    maxAbandonment: number;
    patienceSeconds: number | null;
  };
  /** null: the required agents everywhere. */
  staffing: Staffing | null;
  handling: { ahtSeconds: number; talkSeconds: number; afterCallWorkSeconds: number };
  /** The planned agents' figures, and `required` the same for the agents the targets require. */
  totals: StaffingFigures & {
    calls: number;
    shrinkage: number;
    contractHoursPerWeek: number;
    periodDays: number;
    openIntervals: number;
    intervalsBelowTarget: number;
    required: StaffingFigures;
  };
  channels: {
    minimum: number;
    blockingTarget: number;
    peakTrafficErlangs: number;
    sized: number;
    recommended: number;
    provisioned: number;
    cc5: {
      saturatedBands: { date: string; band: string; blocking: number }[];
      consecutiveSaturation: boolean;
      steps: number[];
      channelsAfterRule: number;
    };
  };
  byDay: PlannedDay[];
  intervals: PlannedInterval[];
}

export interface StaffingFigures {
  agentHours: number;
  paidHours: number;
  fte: number;
  peakAgents: number;
  serviceLevel: number | null;
  abandonment: number | null;
  /** null: some interval's queue never clears. */
  averageSpeedOfAnswerSeconds: number | null;
}

/** Mean over the replications with its 95% interval; null where there was nothing to measure. */
export interface Estimate {
  mean: number | null;
  low: number | null;
  high: number | null;
  n: number;
}

export interface SimulatedFigures {
  offered: Estimate;
  serviceLevel: Estimate;
  abandonment: Estimate;
  answeredShare: Estimate;
  averageSpeedOfAnswerSeconds: Estimate;
}

export interface PenaltyRuleResult {
  id: string;
  /** The contract's words, in Italian. */
  description: string;
  comparison: string;
  threshold: number;
  measured: Estimate;
  points: Estimate;
  share: Estimate;
  euros: Estimate | null;
}

export interface WhatIfReport {
  label: 'simulazione';
  replications: number;
  seeds: number[];
  targetSeconds: number;
  wallSeconds: number;
  total: SimulatedFigures;
  byDay: ({ date: string } & SimulatedFigures)[];
  intervals: ({
    start: string;
    date: string;
    time: string;
    /** Simulated: the planned agents. */
    agents: number;
    requiredAgents?: number;
    modelServiceLevel?: number;
  } & SimulatedFigures)[];
  penalties: {
    source: string;
    observedDays: number;
    rules: PenaltyRuleResult[];
    share: Estimate;
    euros: Estimate | null;
    probabilityOfPenalty: number;
  };
  line: {
    number: string;
    channels: number;
    busy: Estimate;
    peakChannelsInUse: Estimate;
    cc5Triggered: number;
    suggestedChannels: number;
  };
}

export interface WhatIfResult {
  plan: Plan;
  whatIf: WhatIfReport;
}
