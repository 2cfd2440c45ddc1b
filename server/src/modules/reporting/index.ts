// Public surface of the reporting module (issue 12, MR-2, MR-3, MR-5): the contract's service levels and
// penalties as data, the one fold of contact events into them (used by the planning what-if on simulated
// events and by the month's evaluation on stored ones), and the month's evaluation.

export { projectCallFacts } from './facts/facts.service.ts';
export { type WaitingTimesRow, waitingTimes, waitingTimesCsv } from './figures/waiting-times.service.ts';
export { WEEKS as WHEN_TO_CALL_WEEKS, type WhenToCall } from './figures/when-to-call.service.ts';
export { decidedCalls, serviceLevel } from './indicators/service-level.ts';
export {
  StatsCollector,
  type StatsPart,
  type StatsReport,
  type StatsRow,
  simulationStatistics,
} from './indicators/stats.ts';
export { callFactsJob, hourCountsJob, reportsJob } from './reporting.jobs.ts';
export { reportingRoutes } from './reporting.routes.ts';
export { reportData } from './reports/report-data.service.ts';
export { makeDueReports } from './reports/reports.service.ts';
export { evaluateSlaMonth, NOT_MEASURED, romeMonth, type SlaMonth } from './reports/sla.service.ts';
export { type HelpdeskCase, type HelpdeskLevel, helpdeskLevels } from './rules/helpdesk-levels.ts';
export { type LineOccupancy, OccupancyFold, type OccupancyPart, occupancySink } from './rules/occupancy.ts';
export {
  assessPenalties,
  type ContactOutcome,
  type EndedCall,
  PENALTY_INDICATORS,
  type PenaltyIndicator,
  PenaltyMeasures,
  type PenaltyRule,
  type PenaltyTable,
  type RulePenalty,
  rulesFor,
  TENDER_PENALTIES,
  validatePenaltyTable,
} from './rules/penalties.ts';
export { FOLD_EVENT_TYPES, type FoldEvent, PenaltyFold } from './rules/penalty-fold.ts';
export { formatReport, type SimulateArgs, type SimulateRun, simulateCommand } from './simulate.cli.ts';
export { foldSettledHours } from './wallboard/hour-counts.service.ts';
export { type Wallboard, wallboard } from './wallboard/wallboard.service.ts';
