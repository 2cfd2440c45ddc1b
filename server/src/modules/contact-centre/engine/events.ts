import type {
  CallAbandoned,
  CallAnswered,
  CallArrived,
  CallBusy,
  CallEnded,
  CallOutcomeSet,
  CallOutOfHours,
  CallOverflowed,
  CallPresented,
  CallQueued,
  CallRequeued,
  CallTransferred,
  CallTurnedAway,
  IvrChoice,
  IvrSelfCancel,
} from './call-events.ts';
import type {
  CallbackAnswered,
  CallbackCancelled,
  CallbackDialled,
  CallbackExpired,
  CallbackFailed,
  CallbackQueued,
  CallbackRequested,
  CallbackRestored,
  CampaignAnswered,
  CampaignDialled,
  CampaignFailed,
  OutboundEnded,
  SurveyAnswer,
  SurveyDialled,
  SurveyEnded,
  VirtualDialled,
  VirtualEnded,
} from './outbound-events.ts';

export type * from './call-events.ts';
export type * from './outbound-events.ts';

/**
 * Contact events: every step of every call, callback, survey and agent, as plain objects stamped with `at`
 * (epoch milliseconds). They are the only record the reports need: each MR-2 / MR-4 indicator is a fold
 * over them (see stats.ts for the service-level ones):
 * - inbound/outbound per hour, day, month: call.arrived, callback.dialled, survey.dialled, campaign.dialled,
 *   virtual.dialled;
 * - answered calls, average speed of answer per request type and line (canale): call.answered;
 * - abandoned within 20 s and after: call.abandoned.waitMs; calls that met busy: call.busy;
 * - refused calls (MR-4): call.busy + call.turned-away; calls in queue now and on average: `waiting`
 *   after each queue change (call.queued, call.presented, call.requeued, call.abandoned, callback.*);
 * - calls in the IVR: from call.arrived to call.queued or call.ended;
 * - call duration: call.ended.talkMs; first-contact resolution: call.outcome;
 * - active agents, agent load (occupancy): agent.state with its reason;
 * - channel occupancy per time band (CC-5): channelsInUse on every seizure, call.ended/outbound.ended;
 * - arrival rate per service: call.queued.service.
 * Every call.arrived is followed by exactly one call.ended; every dialled outbound leg by one outbound.ended.
 */
export type ContactEvent =
  | CallArrived
  | CallBusy
  | CallTurnedAway
  | CallOutOfHours
  | IvrChoice
  | IvrSelfCancel
  | CallQueued
  | CallOverflowed
  | CallPresented
  | CallRequeued
  | CallAnswered
  | CallAbandoned
  | CallTransferred
  | CallEnded
  | CallOutcomeSet
  | CallbackRequested
  | CallbackQueued
  | CallbackDialled
  | CallbackAnswered
  | CallbackFailed
  | CallbackExpired
  | CallbackCancelled
  | CallbackRestored
  | OutboundEnded
  | SurveyDialled
  | SurveyAnswer
  | SurveyEnded
  | CampaignDialled
  | CampaignAnswered
  | CampaignFailed
  | VirtualDialled
  | VirtualEnded
  | AgentStateChanged
  | AgentSkillsChanged;

export type ContactEventType = ContactEvent['type'];

/** Agent states (CC-9): stato operatore. */
export type AgentState = 'logged-out' | 'paused' | 'ready' | 'offered' | 'on-call' | 'wrap-up';

export interface AgentStateChanged {
  type: 'agent.state';
  at: number;
  agentId: string;
  from: AgentState;
  to: AgentState;
  /** Pause reason code, or why the engine changed the state (e.g. 'offer-timeout'). */
  reason: string | null;
  callId: string | null;
}

export interface AgentSkillsChanged {
  type: 'agent.skills';
  at: number;
  agentId: string;
  skills: Record<string, number>;
}

/** Where the engine sends its events; persisting them is the owner's job. */
export interface ContactEventSink {
  emit(event: ContactEvent): void;
}

/** Fans events out to subscribers (reporting, wallboard WebSocket, simulated agents, tests). */
export class ContactEventHub implements ContactEventSink {
  private listeners: ((event: ContactEvent) => void)[] = [];

  subscribe(listener: (event: ContactEvent) => void): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  emit(event: ContactEvent): void {
    for (const l of this.listeners) l(event);
  }
}

/** Keeps every event in memory, for tests and short runs. */
export class ContactEventLog implements ContactEventSink {
  readonly events: ContactEvent[] = [];
  emit(event: ContactEvent): void {
    this.events.push(event);
  }
}
