import { AppError } from '../../../platform/errors.ts';
import { DECLINED_REASON, OFFER_TIMEOUT_REASON } from './config.ts';
import type { EngineCore } from './core.ts';
import type { Agent } from './state.ts';
import { entryBefore, type WaitingEntry } from './state.ts';
import { cancel } from './timers.ts';

/**
 * Matches waiting entries and idle agents. The invariant after every input: no idle agent qualifies for
 * an entry that can be served (the only exception is a callback whose line has no free channel).
 * A new entry takes the idle agent its queue's strategy prefers; a freed agent takes the most urgent
 * entry of the queues they serve (higher priority first, then first come first served).
 */
export class Router {
  constructor(private readonly core: EngineCore) {}

  /** Puts an entry in its queue (new, or back at its original place) without serving it yet. */
  add(entry: WaitingEntry): void {
    entry.queue.add(entry);
    this.armOverflow(entry);
  }

  /** Takes an entry out of its queue (abandon, expiry, conversion); false when it was not there. */
  withdraw(entry: WaitingEntry): boolean {
    cancel(entry.overflowTimer);
    entry.overflowTimer = null;
    return entry.queue.remove(entry);
  }

  /** Offers the entry to the best idle agent, if any qualifies. */
  serveEntry(entry: WaitingEntry): boolean {
    if (!entry.queue.contains(entry) || !entry.owner.canPresent(entry)) return false;
    const agent = this.core.agents.bestIdle(entry.queue.stages[entry.stage]!.pools);
    if (!agent) return false;
    this.present(entry, agent);
    return true;
  }

  /** Offers a ready agent the most urgent entry they may take. */
  serveAgent(agent: Agent): boolean {
    if (agent.state !== 'ready') return false;
    let best: WaitingEntry | undefined;
    for (const { queue, minStage } of agent.queues) {
      if (queue.waiting === 0) continue;
      const candidate = queue.best(minStage);
      if (candidate && (!best || entryBefore(candidate, best))) best = candidate;
    }
    if (!best) return false;
    this.present(best, agent);
    return true;
  }

  /** Serves every ready agent again: after a channel frees for a blocked callback. */
  rebalance(): void {
    for (const agent of this.core.agents.byId.values()) if (agent.state === 'ready') this.serveAgent(agent);
  }

  accept(agent: Agent): void {
    const entry = agent.offer;
    if (agent.state !== 'offered' || !entry) {
      throw new AppError('INVALID_STATE', `agent ${agent.id} has no call on offer`);
    }
    cancel(agent.offerTimer);
    agent.offerTimer = null;
    agent.offer = null;
    entry.owner.accepted(entry, agent);
  }

  /** The offer rang out or was declined: the entry goes back to its place, the agent is paused. */
  returnOffer(agent: Agent, reason: 'offer-timeout' | 'declined'): void {
    const entry = agent.offer;
    if (agent.state !== 'offered' || !entry) {
      throw new AppError('INVALID_STATE', `agent ${agent.id} has no call on offer`);
    }
    cancel(agent.offerTimer);
    agent.offerTimer = null;
    agent.offer = null;
    const code = reason === 'offer-timeout' ? OFFER_TIMEOUT_REASON : DECLINED_REASON;
    this.core.agents.setState(agent, 'paused', code, entry.id);
    this.add(entry);
    this.core.emit({
      type: 'call.requeued',
      at: this.core.now,
      callId: entry.id,
      kind: entry.kind,
      agentId: agent.id,
      queueId: entry.queue.id,
      reason,
      waiting: entry.queue.waiting,
    });
    entry.owner.returned(entry, agent);
    this.serveEntry(entry);
  }

  /** The entry on offer went away (caller hung up, callback expired): the agent is free again. */
  cancelOffer(agent: Agent): void {
    cancel(agent.offerTimer);
    agent.offerTimer = null;
    agent.offer = null;
    this.core.agents.setState(agent, 'ready', null, null);
    this.serveAgent(agent);
  }

  private present(entry: WaitingEntry, agent: Agent): void {
    const core = this.core;
    this.withdraw(entry);
    core.agents.setState(agent, 'offered', null, entry.id);
    // Only once out of the idle pools may the round-robin key change.
    agent.lastOfferAt = core.now;
    agent.offer = entry;
    agent.offerTimer = core.after(core.config.agents.offerTimeoutSeconds, () => {
      agent.offerTimer = null;
      this.returnOffer(agent, 'offer-timeout');
    });
    core.emit({
      type: 'call.presented',
      at: core.now,
      callId: entry.id,
      kind: entry.kind,
      agentId: agent.id,
      queueId: entry.queue.id,
      waitMs: core.now - entry.enqueuedAt,
      waiting: entry.queue.waiting,
    });
    entry.owner.presented(entry, agent);
  }

  /** Overflow stages count from the first entry into the queue, so a returned entry keeps its progress. */
  private armOverflow(entry: WaitingEntry): void {
    cancel(entry.overflowTimer);
    entry.overflowTimer = null;
    const queue = entry.queue;
    while (entry.stage + 1 < queue.stages.length) {
      const next = entry.stage + 1;
      const at = entry.enqueuedAt + queue.stages[next]!.afterMs;
      if (at > this.core.now) {
        entry.overflowTimer = this.core.timers.set(at, () => {
          entry.overflowTimer = null;
          if (!queue.contains(entry)) return;
          this.widen(entry, next);
          this.armOverflow(entry);
          this.serveEntry(entry);
        });
        return;
      }
      this.widen(entry, next);
    }
  }

  private widen(entry: WaitingEntry, stage: number): void {
    entry.queue.moveToStage(entry, stage);
    this.core.emit({
      type: 'call.overflowed',
      at: this.core.now,
      callId: entry.id,
      queueId: entry.queue.id,
      stage,
      waitMs: this.core.now - entry.enqueuedAt,
    });
  }
}
