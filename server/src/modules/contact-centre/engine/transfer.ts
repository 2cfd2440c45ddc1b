import { invalidField, notFound } from '../../../platform/errors.ts';
import { OFFER_TIMEOUT_REASON } from './config.ts';
import { agentHangsUp, connectedCall, leaveCall } from './conversation.ts';
import type { EngineCore } from './core.ts';
import { prompts } from './prompts.ts';
import type { Agent } from './state.ts';
import { joinQueue } from './waiting.ts';

/** Transfer to another queue (the call waits again, keeping its priority) or to an outside number. */
export function transfer(
  core: EngineCore,
  agent: Agent,
  to: { queueId: string } | { number: string },
  then?: { state: 'paused'; reason: string },
): void {
  const call = connectedCall(agent);
  const queue = 'queueId' in to ? core.queues.get(to.queueId) : undefined;
  if ('queueId' in to && !queue) throw notFound('queue', 'queueId');
  if ('number' in to && !/^\+?\d{3,15}$/.test(to.number))
    throw invalidField('number', 'not a telephone number');
  core.emit({
    type: 'call.transferred',
    at: core.now,
    callId: call.id,
    agentId: agent.id,
    toQueueId: queue?.id ?? null,
    toNumber: 'number' in to ? to.number : null,
  });
  call.transfers++;
  leaveCall(core, call, agent, false, then);
  if (queue) {
    core.play(call.id, prompts.transferring());
    joinQueue(core, call, queue, call.requestType ?? 'information', call.priority, true);
  } else {
    call.phase = 'transferred';
    core.command({ type: 'transfer', callId: call.id, to: (to as { number: string }).number });
    core.surveys.consider(call, agent);
  }
}

/**
 * A real switch: the agent's phone left the call. Hung up after talking, it is the agent hanging up;
 * never answered, the caller goes back to the queue (at the head, as a transfer) and the agent is
 * paused as for an offer not answered, so that the next caller does not ring a dead phone.
 */
export function agentPhoneLeft(core: EngineCore, callId: string, answered: boolean): void {
  const call = core.calls.get(callId);
  const agent = call?.agent;
  if (!call || !agent || agent.call !== call || agent.state !== 'on-call' || call.phase !== 'connected')
    return;
  const queue = call.queue;
  if (answered || !queue) {
    agentHangsUp(core, agent);
    return;
  }
  transfer(core, agent, { queueId: queue.id }, { state: 'paused', reason: OFFER_TIMEOUT_REASON });
}
