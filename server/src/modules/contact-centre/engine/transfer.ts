import { invalidField, notFound } from '../../../platform/errors.ts';
import { connectedCall, leaveCall } from './conversation.ts';
import type { EngineCore } from './core.ts';
import { prompts } from './prompts.ts';
import type { Agent } from './state.ts';
import { joinQueue } from './waiting.ts';

/** Transfer to another queue (the call waits again, keeping its priority) or to an outside number. */
export function transfer(core: EngineCore, agent: Agent, to: { queueId: string } | { number: string }): void {
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
  leaveCall(core, call, agent, false);
  if (queue) {
    core.play(call.id, prompts.transferring());
    joinQueue(core, call, queue, call.requestType ?? 'information', call.priority, true);
  } else {
    call.phase = 'transferred';
    core.command({ type: 'transfer', callId: call.id, to: (to as { number: string }).number });
    core.surveys.consider(call, agent);
  }
}
