import type { OutboundFailure } from '../telephony/index.ts';
import type { Agent } from './agents.ts';
import { type Call, newCall } from './calls.ts';
import { connect } from './conversation.ts';
import type { EngineCore } from './core.ts';
import type { LineRuntime } from './lines.ts';
import { prompts } from './prompts.ts';
import type { EntryOwner, QueueRuntime, WaitingEntry } from './queues.ts';
import { cancel, type Timer } from './timers.ts';

/** A callback request (richiamata, CC-3). */
export interface Callback {
  readonly id: string;
  readonly originCallId: string;
  readonly number: string;
  readonly line: LineRuntime;
  readonly queue: QueueRuntime;
  readonly requestType: string;
  readonly priority: number;
  readonly requestedAt: number;
  readonly notBefore: number;
  readonly expiresAt: number;
  attempts: number;
  state: 'scheduled' | 'waiting' | 'offered' | 'dialling' | 'done';
  entry: WaitingEntry;
  agent: Agent | null;
  legId: string | null;
  expiryTimer: Timer | null;
  releaseTimer: Timer | null;
}

/**
 * Callbacks keep the caller's place: an in-hours request takes over the caller's entry in the queue
 * (same priority and place in line); an out-of-hours one joins the queue at opening. When its turn comes
 * the agent accepts it and the engine dials; a failed attempt is retried at the same place after a
 * delay, until the attempts or the time run out. Outbound legs need a free channel of their line.
 */
export class CallbackDesk implements EntryOwner {
  private readonly byId = new Map<string, Callback>();
  private readonly byLeg = new Map<string, Callback>();
  private readonly blockedLines = new Set<LineRuntime>();

  constructor(private readonly core: EngineCore) {}

  /** Callbacks not yet dialled successfully, expired or failed. */
  get pending(): number {
    return this.byId.size;
  }

  requestInQueue(call: Call, number: string): void {
    const old = call.entry!;
    const cb = this.create(call, number, old.queue, call.requestType!, old.priority, this.core.now);
    cb.entry.seq = old.seq;
    cb.entry.enqueuedAt = old.enqueuedAt;
    cb.entry.stage = old.stage;
    this.core.router.withdraw(old);
    call.entry = null;
    this.core.router.add(cb.entry);
    cb.state = 'waiting';
    this.requested(cb, false);
    this.core.router.serveEntry(cb.entry);
  }

  requestAfterOpening(call: Call): void {
    const target = call.line.config.outOfHoursCallback!;
    const opening = call.line.calendar.nextOpening(this.core.now) ?? this.core.now;
    const cb = this.create(
      call,
      call.callerId,
      this.core.queues.get(target.queue)!,
      target.requestType,
      target.priority,
      opening,
    );
    this.requested(cb, true);
    cb.releaseTimer = this.core.timers.set(opening, () => {
      cb.releaseTimer = null;
      cb.entry.seq = this.core.nextSeq();
      cb.entry.enqueuedAt = this.core.now;
      this.enqueue(cb);
    });
  }

  private create(
    call: Call,
    number: string,
    queue: QueueRuntime,
    requestType: string,
    priority: number,
    notBefore: number,
  ): Callback {
    const id = `${call.id}-cb`;
    const cb: Callback = {
      id,
      originCallId: call.id,
      number,
      line: call.line,
      queue,
      requestType,
      priority,
      requestedAt: this.core.now,
      notBefore,
      expiresAt: notBefore + this.core.config.callbacks.expirySeconds * 1000,
      attempts: 0,
      state: 'scheduled',
      entry: {
        id,
        kind: 'callback',
        queue,
        priority,
        seq: 0,
        enqueuedAt: notBefore,
        stage: 0,
        heapIndex: -1,
        overflowTimer: null,
        owner: this,
      },
      agent: null,
      legId: null,
      expiryTimer: null,
      releaseTimer: null,
    };
    this.byId.set(id, cb);
    cb.expiryTimer = this.core.timers.set(cb.expiresAt, () => this.expire(cb));
    return cb;
  }

  private requested(cb: Callback, outOfHours: boolean): void {
    this.core.emit({
      type: 'callback.requested',
      at: this.core.now,
      callbackId: cb.id,
      callId: cb.originCallId,
      line: cb.line.number,
      number: cb.number,
      queueId: cb.queue.id,
      requestType: cb.requestType,
      priority: cb.priority,
      outOfHours,
      notBefore: cb.notBefore,
      expiresAt: cb.expiresAt,
      waiting: cb.queue.waiting,
    });
  }

  private enqueue(cb: Callback): void {
    cb.state = 'waiting';
    this.core.router.add(cb.entry);
    this.core.emit({
      type: 'callback.queued',
      at: this.core.now,
      callbackId: cb.id,
      queueId: cb.queue.id,
      position: cb.queue.position(cb.entry),
      waiting: cb.queue.waiting,
    });
    this.core.router.serveEntry(cb.entry);
  }

  canPresent(entry: WaitingEntry): boolean {
    const cb = this.byId.get(entry.id);
    if (!cb) return false;
    if (cb.line.hasFreeChannel) return true;
    this.blockedLines.add(cb.line);
    return false;
  }

  presented(entry: WaitingEntry, agent: Agent): void {
    const cb = this.byId.get(entry.id)!;
    cb.state = 'offered';
    cb.agent = agent;
  }

  returned(entry: WaitingEntry): void {
    const cb = this.byId.get(entry.id)!;
    cb.state = 'waiting';
    cb.agent = null;
  }

  /** The agent accepted the callback: dial it while the agent waits on the line. */
  accepted(entry: WaitingEntry, agent: Agent): void {
    const core = this.core;
    const cb = this.byId.get(entry.id)!;
    if (!cb.line.seize()) {
      // The last channel went between offer and acceptance: back to its place, agent free again.
      cb.state = 'waiting';
      cb.agent = null;
      core.router.add(cb.entry);
      core.agents.setState(agent, 'ready', null, null);
      core.router.serveAgent(agent);
      return;
    }
    cb.attempts++;
    cb.state = 'dialling';
    cb.legId = `${cb.id}${cb.attempts}`;
    this.byLeg.set(cb.legId, cb);
    agent.dialling = cb.id;
    core.agents.setState(agent, 'on-call', 'richiamata', cb.id);
    core.command({
      type: 'originate',
      callId: cb.legId,
      to: cb.number,
      from: cb.line.number,
      tag: 'callback',
    });
    core.emit({
      type: 'callback.dialled',
      at: core.now,
      callbackId: cb.id,
      legId: cb.legId,
      line: cb.line.number,
      agentId: agent.id,
      attempt: cb.attempts,
      channelsInUse: cb.line.inUse,
    });
  }

  /** True when the leg was a callback's. */
  outboundAnswered(legId: string): boolean {
    const cb = this.byLeg.get(legId);
    if (!cb) return false;
    const core = this.core;
    const agent = cb.agent!;
    agent.dialling = null;
    this.finish(cb);
    const call = newCall(core, {
      id: legId,
      direction: 'outbound',
      callbackId: cb.id,
      callerId: cb.number,
      line: cb.line,
    });
    call.queue = cb.queue;
    call.requestType = cb.requestType;
    call.priority = cb.priority;
    call.waitingSince = cb.requestedAt;
    core.emit({
      type: 'callback.answered',
      at: core.now,
      callbackId: cb.id,
      legId,
      agentId: agent.id,
      operatorCode: agent.code,
      queueId: cb.queue.id,
      requestType: cb.requestType,
      sinceRequestMs: core.now - cb.requestedAt,
    });
    connect(core, call, agent, prompts.callbackGreeting());
    return true;
  }

  outboundFailed(legId: string, reason: OutboundFailure | 'hung-up'): boolean {
    const cb = this.byLeg.get(legId);
    if (!cb) return false;
    const core = this.core;
    const agent = cb.agent!;
    agent.dialling = null;
    this.byLeg.delete(legId);
    cb.legId = null;
    cb.agent = null;
    core.emit({
      type: 'outbound.ended',
      at: core.now,
      legId,
      line: cb.line.number,
      tag: 'callback',
      answered: false,
      talkMs: 0,
    });
    const rules = core.config.callbacks;
    const retryAt = core.now + rules.retryDelaySeconds * 1000;
    const final = cb.attempts >= rules.maxAttempts || retryAt >= cb.expiresAt;
    core.emit({
      type: 'callback.failed',
      at: core.now,
      callbackId: cb.id,
      legId,
      attempt: cb.attempts,
      reason,
      final,
    });
    if (final) {
      this.finish(cb);
    } else {
      cb.state = 'scheduled';
      // Back at its original place in line once the retry delay is over.
      cb.releaseTimer = core.timers.set(retryAt, () => {
        cb.releaseTimer = null;
        this.enqueue(cb);
      });
    }
    core.agents.setState(agent, 'ready', null, null);
    this.releaseChannel(cb.line);
    core.router.serveAgent(agent);
    return true;
  }

  private expire(cb: Callback): void {
    cb.expiryTimer = null;
    if (cb.state === 'dialling' || cb.state === 'done') return;
    const agent = cb.state === 'offered' ? cb.agent : null;
    this.core.router.withdraw(cb.entry);
    this.finish(cb);
    this.core.emit({
      type: 'callback.expired',
      at: this.core.now,
      callbackId: cb.id,
      attempts: cb.attempts,
      waiting: cb.queue.waiting,
    });
    if (agent) this.core.router.cancelOffer(agent);
  }

  private finish(cb: Callback): void {
    cb.state = 'done';
    cancel(cb.expiryTimer);
    cancel(cb.releaseTimer);
    cb.expiryTimer = null;
    cb.releaseTimer = null;
    if (cb.legId) this.byLeg.delete(cb.legId);
    this.byId.delete(cb.id);
  }

  /** A channel of `line` is free again: a callback skipped for want of one may now be served. */
  releaseChannel(line: LineRuntime): void {
    line.release();
    if (this.blockedLines.delete(line)) this.core.router.rebalance();
  }
}
