import type { OutboundFailure, OutboundTag } from '../../telephony/index.ts';

// Callback, survey and outbound-leg events (see events.ts).

export interface CallbackRequested {
  type: 'callback.requested';
  at: number;
  callbackId: string;
  /** The inbound call that asked for it. */
  callId: string;
  line: string;
  number: string;
  queueId: string;
  requestType: string;
  priority: number;
  outOfHours: boolean;
  /** Not dialled before this time (next opening for out-of-hours requests). */
  notBefore: number;
  expiresAt: number;
  /** Its place in line: when the caller entered the queue (the opening, for out-of-hours requests). */
  enqueuedAt: number;
  waiting: number;
}

/**
 * A callback pending before a restart, taken back into the engine (CC-3). Not a new request: a later
 * restart still finds it once, from its callback.requested. Followed by callback.queued when it joins its
 * queue (at once, after the retry delay, or at the line's opening).
 */
export interface CallbackRestored {
  type: 'callback.restored';
  at: number;
  callbackId: string;
  /** The inbound call that asked for it, before the restart. */
  originCallId: string;
  line: string;
  number: string;
  queueId: string;
  requestType: string;
  priority: number;
  requestedAt: number;
  enqueuedAt: number;
  expiresAt: number;
  /** Attempts dialled before the restart. */
  attempts: number;
  /** When it joins its queue. */
  queuedFrom: number;
  /** It keeps its place ahead of later callers; false for an out-of-hours request joining at opening. */
  keepsPlace: boolean;
}

export interface CallbackQueued {
  type: 'callback.queued';
  at: number;
  callbackId: string;
  queueId: string;
  position: number;
  waiting: number;
}

export interface CallbackDialled {
  type: 'callback.dialled';
  at: number;
  callbackId: string;
  legId: string;
  line: string;
  agentId: string;
  attempt: number;
  channelsInUse: number;
}

export interface CallbackAnswered {
  type: 'callback.answered';
  at: number;
  callbackId: string;
  legId: string;
  agentId: string;
  operatorCode: string;
  queueId: string;
  requestType: string;
  sinceRequestMs: number;
}

export interface CallbackFailed {
  type: 'callback.failed';
  at: number;
  callbackId: string;
  legId: string;
  attempt: number;
  /**
   * not-stored: the attempt's record could not be stored, so it was never dialled; interrupted: found in
   * progress after a restart (its ring died with the process).
   */
  reason: OutboundFailure | 'hung-up' | 'not-stored' | 'interrupted';
  /** No attempt left: the callback is over. */
  final: boolean;
}

/** A request that could not be stored: the caller was told so, and it is never dialled (CC-3). */
export interface CallbackCancelled {
  type: 'callback.cancelled';
  at: number;
  callbackId: string;
  reason: 'not-stored';
}

export interface CallbackExpired {
  type: 'callback.expired';
  at: number;
  callbackId: string;
  attempts: number;
  waiting: number | null;
}

export interface OutboundEnded {
  type: 'outbound.ended';
  at: number;
  legId: string;
  line: string;
  tag: OutboundTag;
  answered: boolean;
  talkMs: number;
}

export interface SurveyDialled {
  type: 'survey.dialled';
  at: number;
  surveyId: string;
  /** The handled call being rated. */
  callId: string;
  legId: string;
  line: string;
  channelsInUse: number;
}

export interface SurveyAnswer {
  type: 'survey.answer';
  at: number;
  surveyId: string;
  callId: string;
  agentId: string;
  question: string;
  score: number;
}

export interface SurveyEnded {
  type: 'survey.ended';
  at: number;
  surveyId: string;
  callId: string;
  result: 'completed' | 'partial' | 'no-answer' | 'no-channel';
  answers: number;
}

/** OB-5: an agent's campaign call, dialled (preview or progressive) for a contact of a campaign. */
export interface CampaignDialled {
  type: 'campaign.dialled';
  at: number;
  legId: string;
  campaignId: string;
  agentId: string;
  line: string;
  /** The number dialled. */
  number: string;
  channelsInUse: number;
}

export interface CampaignAnswered {
  type: 'campaign.answered';
  at: number;
  legId: string;
  campaignId: string;
  agentId: string;
  operatorCode: string;
}

/** The campaign call was not answered; the agent is back where they were. */
export interface CampaignFailed {
  type: 'campaign.failed';
  at: number;
  legId: string;
  campaignId: string;
  agentId: string;
  /** cancelled: the agent hung up while it rang. */
  reason: OutboundFailure | 'hung-up' | 'cancelled';
}

/** OB-3: the virtual operator's recall call, dialled. */
export interface VirtualDialled {
  type: 'virtual.dialled';
  at: number;
  legId: string;
  line: string;
  channelsInUse: number;
}

/**
 * How the virtual operator's call ended. confirmed / cancelled: the patient's choice, carried out;
 * no-choice: answered, nothing chosen (the booking is kept); failed: the choice could not be carried out;
 * chosen: a campaign's call answered with one of its keys (`key`).
 */
export interface VirtualEnded {
  type: 'virtual.ended';
  at: number;
  legId: string;
  result: 'confirmed' | 'cancelled' | 'chosen' | 'no-choice' | 'failed' | 'no-channel' | OutboundFailure;
  /** The cancellation number read to the patient. */
  cancellationNumber: string | null;
  /** A campaign's call: the key pressed (its outcome). */
  key?: string;
}
