// Inbound call events (see events.ts for what each indicator is computed from).

/** How an inbound call ended, once and only once. */
export type CallOutcome =
  | 'answered'
  | 'abandoned'
  | 'busy'
  | 'callback'
  | 'out-of-hours'
  | 'turned-away'
  /** Served by the IVR alone (a message node that ends the call). */
  | 'self-service';

/** What a waiting entry stands for: a caller on the line, or a callback keeping its place. */
export type EntryKind = 'call' | 'callback';

export interface CallArrived {
  type: 'call.arrived';
  at: number;
  callId: string;
  /** The dialled number (the line, or canale). */
  line: string;
  callerId: string;
  /** Channels of the line in use after this call took one (unchanged when it met busy). */
  channelsInUse: number;
  channels: number;
}

export interface CallBusy {
  type: 'call.busy';
  at: number;
  callId: string;
  line: string;
  reason: 'channels' | 'queue-full';
  queueId: string | null;
}

export interface CallTurnedAway {
  type: 'call.turned-away';
  at: number;
  callId: string;
  line: string;
  /** not-authorised: caller not on the allow-list (CC-6); redirect: discontinued number (CC-7). */
  reason: 'not-authorised' | 'redirect' | 'number-ceased';
}

export interface CallOutOfHours {
  type: 'call.out-of-hours';
  at: number;
  callId: string;
  line: string;
  nextOpening: number | null;
}

export interface IvrChoice {
  type: 'ivr.choice';
  at: number;
  callId: string;
  /** Menu path, e.g. 'cup/main'. */
  menu: string;
  digits: string | null;
  result: 'ok' | 'invalid' | 'timeout';
}

/** OB-4: a step of the self-service cancellation and how it went (no digits: they are personal). */
export interface IvrSelfCancel {
  type: 'ivr.self-cancel';
  at: number;
  callId: string;
  step: 'code' | 'birth-date' | 'lookup' | 'confirm' | 'cancel';
  result: 'ok' | 'invalid' | 'timeout' | 'not-found' | 'unavailable' | 'kept' | 'cancelled';
}

export interface CallQueued {
  type: 'call.queued';
  at: number;
  callId: string;
  line: string;
  queueId: string;
  service: string;
  requestType: string;
  priority: number;
  /** 1 = next to be answered among those the queue holds. */
  position: number;
  /** Entries waiting in the queue after this one joined (callbacks keeping their place included). */
  waiting: number;
  estimatedWaitSeconds: number;
  /** True when an agent transferred the call here (not a new offered call). */
  transferred: boolean;
}

export interface CallOverflowed {
  type: 'call.overflowed';
  at: number;
  callId: string;
  queueId: string;
  /** Overflow stage reached (1 = first widening). */
  stage: number;
  waitMs: number;
}

export interface CallPresented {
  type: 'call.presented';
  at: number;
  /** Call id, or callback id for kind 'callback'. */
  callId: string;
  kind: EntryKind;
  agentId: string;
  queueId: string;
  waitMs: number;
  waiting: number;
}

export interface CallRequeued {
  type: 'call.requeued';
  at: number;
  callId: string;
  kind: EntryKind;
  agentId: string;
  queueId: string;
  reason: 'offer-timeout' | 'declined';
  waiting: number;
}

export interface CallAnswered {
  type: 'call.answered';
  at: number;
  callId: string;
  line: string;
  agentId: string;
  operatorCode: string;
  queueId: string;
  service: string;
  requestType: string;
  /** From entering the queue to the agent answering. */
  waitMs: number;
  transferred: boolean;
}

export interface CallAbandoned {
  type: 'call.abandoned';
  at: number;
  callId: string;
  line: string;
  queueId: string | null;
  /** Where the caller hung up: in the IVR, waiting in queue, or while an agent was being offered the call. */
  stage: 'ivr' | 'queue' | 'offered';
  waitMs: number;
  position: number | null;
  waiting: number | null;
  /** True when the caller had been answered and transferred: not an abandoned offered call. */
  transferred: boolean;
}

export interface CallTransferred {
  type: 'call.transferred';
  at: number;
  callId: string;
  agentId: string;
  toQueueId: string | null;
  toNumber: string | null;
}

export interface CallEnded {
  type: 'call.ended';
  at: number;
  callId: string;
  line: string;
  outcome: CallOutcome;
  queueId: string | null;
  requestType: string | null;
  /** From arrival to end. */
  durationMs: number;
  /** Conversation time with agents (0 when never answered). */
  talkMs: number;
}

export interface CallOutcomeSet {
  type: 'call.outcome';
  at: number;
  /** The conversation: an inbound call id, or a callback's outbound leg id. */
  callId: string;
  callbackId: string | null;
  agentId: string;
  queueId: string;
  requestType: string;
  resolvedFirstContact: boolean;
  /** Passed to the back office (second level). */
  escalated: boolean;
  note: string | null;
  /** The registry patient the call was for (absent when none was served). */
  patientId?: string;
}
