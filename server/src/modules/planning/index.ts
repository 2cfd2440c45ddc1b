// Public surface of the planning module (WF-1): queueing formulas, the traffic forecast, the required and
// the planned staffing (a share, a cap or a roster), channels, the what-if of the planned agents on the
// contact-centre simulator with the contract's penalties, and their API and CLI.

export {
  type ChannelPlan,
  type ChannelRules,
  type ChannelTraffic,
  hasConsecutiveSaturation,
  planChannels,
  type SaturatedBand,
  saturatedBands,
} from './maths/channels.ts';
export {
  agentsForServiceLevel,
  agentsForTargets,
  type ErlangAInput,
  type ErlangAMetrics,
  type ErlangATargetsInput,
  type ErlangCInput,
  type ErlangCMetrics,
  erlangAMetrics,
  erlangB,
  erlangC,
  erlangCMetrics,
  linesForBlocking,
  type ServiceLevelTargetInput,
} from './maths/erlang.ts';
export { type Estimate, estimate, studentT975 } from './maths/estimates.ts';
export {
  channelHoldingSeconds,
  type Forecast,
  type ForecastDay,
  type ForecastInput,
  type ForecastInterval,
  forecastTraffic,
  type HandlingTimes,
  INTERVAL_MINUTES,
  type IntervalMinutes,
  monthPeriod,
  type PlanningPeriod,
  periodDays,
  type ServiceProfile,
  serviceProfile,
  serviceProfiles,
  type TrafficCurves,
  validateCurves,
  validateHandling,
  yearPeriod,
} from './plan/forecast.ts';
export {
  MAX_PLANNED_AGENTS,
  MAX_ROSTER_BANDS,
  MAX_STAFFING_SCALE,
  type PlannedAgents,
  type PlannedStaffing,
  plannedAgentsRule,
  type RosterBand,
  type StaffingInput,
  validateStaffing,
} from './plan/planned-staffing.ts';
export {
  belowTargets,
  type FteFigures,
  fteFor,
  type PlannedDay,
  type PlannedInterval,
  planStaffing,
  type QueueFigures,
  type QueueModel,
  queueFiguresAt,
  type StaffingPlan,
  type StaffingTargets,
  type SummaryFigures,
  staffInterval,
  type WorkforceRules,
} from './plan/staffing.ts';
export {
  describeStaffing,
  type ErlangCommandOptions,
  erlangCommand,
  formatErlang,
  formatPlan,
  formatWhatIf,
  type PlanCommandOptions,
  planCommand,
  registerPlanningCommands,
} from './planning.cli.ts';
export { planningRoutes } from './planning.routes.ts';
export type { ErlangQuery, ForecastBody, PlanBody, WhatIfBody } from './planning.schemas.ts';
export {
  ERLANG_DEFAULT_TARGETS,
  type ErlangFigures,
  erlangFigures,
  forecastFor,
  MAX_PLAN_DAYS,
  MAX_REPLICATIONS,
  MAX_SIMULATED_CALLS,
  MAX_WHAT_IF_DAYS,
  planFor,
  requestedPeriod,
  whatIfFor,
} from './planning.service.ts';
export { erlangStaffing, simulateScenario } from './whatif/scenario-run.ts';
export { type StretchesReport, simulateInStretches } from './whatif/stretches.ts';
export {
  planScenario,
  runWhatIf,
  type ScheduledInterval,
  type WhatIfFigures,
  type WhatIfInput,
  type WhatIfReport,
  type WhatIfRule,
  withMean,
} from './whatif/whatif.ts';
