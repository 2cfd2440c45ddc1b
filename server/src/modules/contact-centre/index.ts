// Public surface of the contact-centre module: the engine (CC-1…CC-9), its contact events, the live
// driver, and the simulator with its scenarios and statistics.
export {
  basilicataCentre,
  CUP_FLOW,
  singleQueueCentre,
  TOSCANA_FLOW,
  toscanaCentre,
} from './builtin-config.ts';
export { BUILTIN_SCENARIOS } from './builtin-scenarios.ts';
export { OpeningCalendar, type OpeningHours, STANDARD_HOURS, type Weekday } from './calendar.ts';
export type { RestoredCallback } from './callbacks.ts';
export { scenarioCallers } from './callers.ts';
export {
  type AgentRules,
  type AnnouncementRules,
  type CallbackRules,
  type ContactCentreConfig,
  DEFAULT_RULES,
  type ResolvedConfig,
  resolveConfig,
  type SurveyRules,
} from './config.ts';
export {
  type AgentAction,
  type AgentView,
  type CallbackRestore,
  ContactCentreEngine,
  type EngineClock,
  type EngineInput,
  type EngineOptions,
  type EngineSnapshot,
} from './engine.ts';
export type * from './events.ts';
export { ContactEventHub, ContactEventLog } from './events.ts';
export { type IvrFlow, type IvrNode, REQUEST_TYPES, type RequestType, validateFlow } from './ivr.ts';
export { type LineConfig, MIN_CHANNELS, normaliseNumber } from './lines.ts';
export {
  type QueueConfig,
  ROUTING_STRATEGIES,
  type RoutingStrategy,
  type SkillRequirement,
} from './queues.ts';
export { RealtimeDriver, type RealtimeOptions, WallClockScheduler } from './realtime.ts';
export { ContactCentreRuntime } from './runtime.ts';
export {
  type CallerSpec,
  type HandlingSpec,
  type Scenario,
  type Staffing,
  scenarioCentre,
  type TrafficSpec,
  validateScenario,
} from './scenario.ts';
export {
  loadScenario,
  runSimulation,
  type SimulateArgs,
  type SimulationOptions,
  type SimulationReport,
  simulateCommand,
} from './simulate.ts';
export { Simulation, staffingAt, VirtualScheduler } from './simulator.ts';
export { type LineStats, StatsCollector, type StatsReport, type StatsRow } from './stats.ts';
export { TrafficModel } from './traffic.ts';

/** The live centre in the server (appended): persisted events, console, wallboard, stream. */
export const CONTACT_CENTRE_API = '/api/v1/contact-centre';
export { contactCentreRoutes } from './contact-centre.routes.ts';
export {
  LiveContactCentre,
  type LiveContactCentreOptions,
  startLiveContactCentre,
} from './contact-centre.service.ts';
export type { StreamMessage } from './contact-centre.stream.ts';
export { type LiveSnapshot, SIMULATION_LABEL } from './live-centre.ts';
export { SimulatedAgents } from './simulated-agents.ts';
export type { Wallboard } from './wallboard.ts';
