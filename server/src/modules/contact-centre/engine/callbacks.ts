import { AppError } from '../../../platform/errors.ts';
import type { OutboundFailure } from '../../telephony/index.ts';
import { newCall } from './calls.ts';
import { connect } from './conversation.ts';
import type { EngineCore } from './core.ts';
import { type LineRuntime, normaliseNumber } from './lines.ts';
import { prompts } from './prompts.ts';
import type { Agent, Call, EntryOwner, QueueRuntime, WaitingEntry } from './state.ts';
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

/** What a restart needs to take a pending callback back (CC-3): its request, and its attempts so far. */
export interface RestoredCallback {
  callbackId: string;
  originCallId: string;
  /** The number to call back. */
  number: string;
  line: string;
  queueId: string;
  requestType: string;
  priority: number;
  requestedAt: number;
  notBefore: number;
  expiresAt: number;
  /** Its place in line: when the caller entered the queue (the opening, for out-of-hours requests). */
  enqueuedAt: number;
  /** Attempts already dialled; the next one is attempts + 1, so outbound leg ids never repeat. */
  attempts: number;
  /** When the last attempt failed, if one did: the next waits the retry delay after it. */
  lastFailedAt?: number | null;
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
    return this.build({
      id: `${call.id}-cb`,
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
    });
  }

  /** A callback held by the desk, in state 'scheduled', with its expiry armed; not yet in its queue. */
  private build(
    fields: Pick<
      Callback,
      | 'id'
      | 'originCallId'
      | 'number'
      | 'line'
      | 'queue'
      | 'requestType'
      | 'priority'
      | 'requestedAt'
      | 'notBefore'
      | 'expiresAt'
      | 'attempts'
    >,
  ): Callback {
    const cb: Callback = {
      ...fields,
      state: 'scheduled',
      entry: {
        id: fields.id,
        kind: 'callback',
        queue: fields.queue,
        priority: fields.priority,
        seq: 0,
        enqueuedAt: fields.notBefore,
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
    this.byId.set(cb.id, cb);
    cb.expiryTimer = this.core.timers.set(cb.expiresAt, () => this.expire(cb));
    return cb;
  }

  /**
   * CC-3: takes back a callback pending before a restart, with its id, expiry and attempts. An in-hours
   * request (or an out-of-hours one already past its opening) gets a place in line now, so it stays ahead
   * of every later caller of its priority: restore before new traffic, in the order of `enqueuedAt`. It
   * joins its queue at once, or after the retry delay of its last failed attempt; an out-of-hours request
   * not yet open joins at the opening, like `requestAfterOpening`. A callback whose queue or line is no
   * longer configured, or already past its expiry, expires.
   */
  restore(input: RestoredCallback): void {
    const core = this.core;
    if (this.byId.has(input.callbackId)) {
      throw new AppError('CONFLICT', `callback ${input.callbackId} is already in the engine`);
    }
    const line = core.lines.get(normaliseNumber(input.line));
    const queue = core.queues.get(input.queueId);
    if (!line || !queue || input.expiresAt <= core.now) {
      core.emit({
        type: 'callback.expired',
        at: core.now,
        callbackId: input.callbackId,
        attempts: input.attempts,
        waiting: queue?.waiting ?? null,
      });
      return;
    }
    const cb = this.build({
      id: input.callbackId,
      originCallId: input.originCallId,
      number: input.number,
      line,
      queue,
      requestType: input.requestType,
      priority: input.priority,
      requestedAt: input.requestedAt,
      notBefore: input.notBefore,
      expiresAt: input.expiresAt,
      attempts: input.attempts,
    });
    const keepsPlace = input.notBefore <= core.now;
    let queuedFrom = input.notBefore;
    if (keepsPlace) {
      cb.entry.seq = core.nextSeq();
      cb.entry.enqueuedAt = input.enqueuedAt;
      const retryAt =
        input.lastFailedAt == null
          ? core.now
          : input.lastFailedAt + core.config.callbacks.retryDelaySeconds * 1000;
      queuedFrom = Math.max(core.now, retryAt);
    }
    core.emit({
      type: 'callback.restored',
      at: core.now,
      callbackId: cb.id,
      originCallId: cb.originCallId,
      line: line.number,
      number: cb.number,
      queueId: queue.id,
      requestType: cb.requestType,
      priority: cb.priority,
      requestedAt: cb.requestedAt,
      enqueuedAt: input.enqueuedAt,
      expiresAt: cb.expiresAt,
      attempts: cb.attempts,
      queuedFrom,
      keepsPlace,
    });
    if (queuedFrom <= core.now) {
      this.enqueue(cb);
      return;
    }
    cb.releaseTimer = core.timers.set(queuedFrom, () => {
      cb.releaseTimer = null;
      if (!keepsPlace) {
        cb.entry.seq = core.nextSeq();
        cb.entry.enqueuedAt = core.now;
      }
      this.enqueue(cb);
    });
  }

  /** Whether the desk still holds the callback (not yet answered, expired or finally failed). */
  has(callbackId: string): boolean {
    return this.byId.has(callbackId);
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
      enqueuedAt: cb.entry.enqueuedAt,
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
