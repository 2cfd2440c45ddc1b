import { AppError, invalidField } from '../../../platform/errors.ts';
import type { Prompt } from '../../telephony/index.ts';
import { endCall, hangUp } from './calls.ts';
import type { EngineCore } from './core.ts';
import type { AgentState } from './events.ts';
import { REQUEST_TYPES } from './ivr.ts';
import { prompts } from './prompts.ts';
import type { Agent, Call } from './state.ts';
import { cancel } from './timers.ts';

/** The agent takes the call: operator code to the caller first (CC-2), then the bridge. */
export function connect(core: EngineCore, call: Call, agent: Agent, greeting?: Prompt): void {
  const first = !call.answered;
  call.phase = 'connected';
  call.agent = agent;
  call.connectedAt = core.now;
  call.answered = true;
  agent.call = call;
  core.agents.setState(agent, 'on-call', null, call.id);
  if (greeting) core.play(call.id, greeting);
  core.play(call.id, prompts.operatorCode(agent.code));
  core.command({ type: 'bridge', callId: call.id, agentId: agent.id });
  // A callback's first answer is reported as callback.answered; after a transfer it is a call like any other.
  if (call.direction === 'inbound' || !first) {
    core.emit({
      type: 'call.answered',
      at: core.now,
      callId: call.id,
      line: call.line.number,
      agentId: agent.id,
      operatorCode: agent.code,
      queueId: call.queue!.id,
      service: call.queue!.config.service,
      requestType: call.requestType!,
      waitMs: core.now - call.waitingSince,
      transferred: !first || call.transfers > 0,
    });
  }
}

export function connectedCall(agent: Agent): Call {
  if (agent.state !== 'on-call' || !agent.call || agent.call.phase !== 'connected') {
    throw new AppError('INVALID_STATE', `agent ${agent.id} is not talking to a caller`);
  }
  return agent.call;
}

export function agentHangsUp(core: EngineCore, agent: Agent): void {
  const call = connectedCall(agent);
  hangUp(core, call, 'normal');
  leaveCall(core, call, agent, true);
}

/** The caller hung up, whatever the call was doing. */
export function callerHungUp(core: EngineCore, call: Call): void {
  const at = core.now;
  const abandoned = (stage: 'ivr' | 'queue' | 'offered', position: number | null) =>
    core.emit({
      type: 'call.abandoned',
      at,
      callId: call.id,
      line: call.line.number,
      queueId: call.queue?.id ?? null,
      stage,
      waitMs: stage === 'ivr' ? 0 : at - call.waitingSince,
      position,
      waiting: stage === 'ivr' ? null : call.queue!.waiting,
      transferred: call.answered,
    });
  switch (call.phase) {
    case 'ivr':
      abandoned('ivr', null);
      endCall(core, call, 'abandoned');
      return;
    case 'closing':
      endCall(core, call, call.closingOutcome);
      return;
    case 'waiting': {
      const entry = call.entry!;
      const position = entry.queue.position(entry);
      core.router.withdraw(entry);
      abandoned('queue', position);
      endCall(core, call, 'abandoned');
      return;
    }
    case 'offered': {
      const agent = call.agent!;
      abandoned('offered', 1);
      endCall(core, call, 'abandoned');
      core.router.cancelOffer(agent);
      return;
    }
    case 'connected':
      leaveCall(core, call, call.agent!, true);
      return;
    case 'transferred':
      endCall(core, call, 'answered');
      return;
    case 'ended':
      return;
  }
}

/**
 * The agent's part of the conversation ends (and the call with it when `ends`, before the agent can be
 * offered anything else); the agent moves to wrap-up, or straight to ready without wrap-up.
 */
export function leaveCall(
  core: EngineCore,
  call: Call,
  agent: Agent,
  ends: boolean,
  /** Straight to this state, with no wrap-up (a call that never reached the agent's phone). */
  then?: { state: 'paused'; reason: string },
): void {
  call.talkMs += core.now - call.connectedAt;
  call.agent = null;
  agent.call = null;
  agent.lastCall = call;
  if (ends) {
    endCall(core, call, 'answered');
    // A campaign's call is ours, not the patient's request: nothing to rate.
    if (!call.campaignId) core.surveys.consider(call, agent);
  }
  if (then) {
    core.agents.setState(agent, then.state, then.reason, call.id);
    return;
  }
  const wrap = core.config.agents.wrapUpSeconds;
  if (wrap === 0) {
    call.queue?.recordHandling(core.now - call.connectedAt);
    core.agents.setState(agent, 'ready', null, null);
    core.router.serveAgent(agent);
    return;
  }
  core.agents.setState(agent, 'wrap-up', null, call.id);
  if (wrap !== null) {
    agent.wrapTimer = core.after(wrap, () => {
      agent.wrapTimer = null;
      endWrapUp(core, agent, call.resume?.state ?? 'ready', call.resume?.reason ?? null);
    });
  }
}

/** Wrap-up ends (by the agent, or when its time is up): the handling time feeds the wait estimate. */
export function endWrapUp(core: EngineCore, agent: Agent, to: AgentState, reason: string | null): void {
  cancel(agent.wrapTimer);
  agent.wrapTimer = null;
  const call = agent.lastCall;
  if (call) call.queue?.recordHandling(core.now - call.connectedAt);
  core.agents.setState(agent, to, reason, null);
  if (to === 'ready') core.router.serveAgent(agent);
}

export interface OutcomeInput {
  callId: string;
  requestType: string;
  resolvedFirstContact: boolean;
  escalated: boolean;
  note?: string | null;
  /** The registry patient the call was for, when the operator served one (the patient's contact history). */
  patientId?: string | null;
}

/** The agent's classification of the call they are on or have just finished (esito). */
export function setOutcome(core: EngineCore, agent: Agent, input: OutcomeInput): void {
  const call = [agent.call, agent.lastCall].find((c) => c?.id === input.callId);
  if (!call?.queue)
    throw new AppError(
      'INVALID_STATE',
      `call ${input.callId} is not agent ${agent.id}'s current or last call`,
    );
  if (!(REQUEST_TYPES as readonly string[]).includes(input.requestType)) {
    throw invalidField('requestType', `requestType must be one of ${REQUEST_TYPES.join(', ')}`);
  }
  if (typeof input.resolvedFirstContact !== 'boolean' || typeof input.escalated !== 'boolean') {
    throw invalidField('resolvedFirstContact', 'resolvedFirstContact and escalated are booleans');
  }
  if (call.outcomeRecorded)
    throw new AppError('INVALID_STATE', `the outcome of call ${call.id} is recorded already`);
  call.outcomeRecorded = true;
  core.emit({
    type: 'call.outcome',
    at: core.now,
    callId: call.id,
    callbackId: call.callbackId,
    agentId: agent.id,
    queueId: call.queue.id,
    requestType: input.requestType,
    resolvedFirstContact: input.resolvedFirstContact,
    escalated: input.escalated,
    note: input.note ?? null,
    ...(input.patientId ? { patientId: input.patientId } : {}),
  });
}
