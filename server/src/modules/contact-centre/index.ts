// Public surface of the contact-centre module: the engine (CC-1…CC-9), its contact events, the live
// driver, and the simulator with its scenarios (its statistics are the reporting module's).
export {
  basilicataCentre,
  CUP_FLOW,
  singleQueueCentre,
  TOSCANA_FLOW,
  toscanaCentre,
} from './config/builtin-config.ts';
export { agentOnCall } from './console.service.ts';
export { registerPromptCommands } from './contact-centre.cli.ts';
/** The live centre in the server (appended): persisted events, console, wallboard, stream. */
export {
  countPendingCallbacks,
  eventHorizon,
  insertContactEvents,
  type SurveyAnswerRow,
  surveyAnswersAfter,
} from './contact-centre.repository.ts';
export { CONTACT_CENTRE_API, contactCentreRoutes } from './contact-centre.routes.ts';
export {
  ExchangeSchema,
  HistoryEventSchema,
  LabelSchema,
  StorageHealthSchema,
} from './contact-centre.schemas.ts';
export {
  HEARTBEAT_MS,
  LiveContactCentre,
  type LiveContactCentreOptions,
  logOffLine,
  purgeContactEvents,
  startLiveContactCentre,
} from './contact-centre.service.ts';
export type { StreamMessage } from './contact-centre.stream.ts';
export { OpeningCalendar, type OpeningHours, STANDARD_HOURS, type Weekday } from './engine/calendar.ts';
export type { RestoredCallback } from './engine/callbacks.ts';
export type { CampaignDial } from './engine/campaign-calls.ts';
export {
  type AgentRules,
  type AnnouncementRules,
  CAMPAIGN_PAUSE,
  type CallbackRules,
  type ContactCentreConfig,
  DEFAULT_RULES,
  type ResolvedConfig,
  resolveConfig,
  type SurveyRules,
} from './engine/config.ts';
export {
  type AgentAction,
  type AgentView,
  type CallbackRestore,
  ContactCentreEngine,
  type EngineClock,
  type EngineInput,
  type EngineOptions,
  type EngineSnapshot,
} from './engine/engine.ts';
export type * from './engine/events.ts';
export { ContactEventHub, ContactEventLog } from './engine/events.ts';
export { type IvrFlow, type IvrNode, REQUEST_TYPES, type RequestType, validateFlow } from './engine/ivr.ts';
export { type LineConfig, MIN_CHANNELS, normaliseNumber, phoneVariants } from './engine/lines.ts';
export {
  type QueueConfig,
  ROUTING_STRATEGIES,
  type RoutingStrategy,
  type SkillRequirement,
} from './engine/queues.ts';
export { ContactCentreRuntime } from './engine/runtime.ts';
export { campaignCallPrompt, type VirtualCallRequest } from './engine/virtual-operator.ts';
export { storingSink, toStoredEvent } from './event-writer.ts';
export {
  type CentreLabel,
  type LiveSnapshot,
  SIMULATION_LABEL,
  type StorageHealth,
} from './live/live-centre.ts';
export { buildPrompts, listPrompts } from './live/prompt-recordings.ts';
export { RealtimeDriver, type RealtimeOptions, WallClockScheduler } from './live/realtime.ts';
export { BUILTIN_SCENARIOS } from './simulation/builtin-scenarios.ts';
export { scenarioCallers } from './simulation/callers.ts';
export {
  type CallerSpec,
  dialledLines,
  type HandlingSpec,
  type Scenario,
  type Staffing,
  scenarioCentre,
  type TrafficSpec,
  validateScenario,
} from './simulation/scenario.ts';
export {
  loadScenario,
  runSimulation,
  type SimulationOptions,
  type SimulationReport,
  type SimulationStatistics,
  type StatisticsPeriod,
  simulationPeriod,
  simulationReport,
  simulationStaffing,
} from './simulation/simulate.ts';
export {
  type HourlyStaffing,
  type SimulatedStaffing,
  Simulation,
  scenarioLoad,
  staffingAt,
  VirtualScheduler,
} from './simulation/simulator.ts';
export { TrafficModel } from './simulation/traffic.ts';
