import { AppError } from '../../../platform/errors.ts';
import type { OutboundFailure } from '../../telephony/index.ts';
import { endCall, hangUp, newCall } from './calls.ts';
import { connect } from './conversation.ts';
import type { EngineCore } from './core.ts';
import { type LineRuntime, normaliseNumber } from './lines.ts';
import { prompts } from './prompts.ts';
import type { Agent, Call, EntryOwner, QueueRuntime, WaitingEntry } from './state.ts';
import { cancel, type Timer } from './timers.ts';
import { backInLine } from './waiting.ts';

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
  /** 'storing': requested, its request not yet stored (not confirmed to the caller, not served). */
  state: 'storing' | 'scheduled' | 'waiting' | 'offered' | 'dialling' | 'done';
  /** While storing: the caller still on the line, and the place they had in the queue. */
  caller: { call: Call; entry: WaitingEntry | null } | null;
  /** The dialled attempt is stored and the switch told to dial (false while its record is stored). */
  originated: boolean;
  storeTimer: Timer | null;
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
  /**
   * The last attempt was dialled (its callback.dialled stored) but neither answered nor failed when the
   * process stopped: its ring died with the process. It counts as a failed attempt ('interrupted') and is
   * never dialled again as such; the next attempt follows after the retry delay, if one is left.
   */
  attemptInProgress?: boolean;
}

/** Seconds a request or a dial attempt may wait for its record to be stored before it is given up. */
export const STORE_TIMEOUT_SECONDS = 10;

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

  /**
   * CC-3, store first: the callback takes over the caller's place in the queue at once (so the queue
   * keeps its length and order) but is not served, nor confirmed to the caller, until the driver says
   * its request is stored (`persisted`); if it cannot be, the caller is back in line (`notStored`).
   */
  requestInQueue(call: Call, number: string): void {
    const old = call.entry!;
    const cb = this.create(call, number, old.queue, call.requestType!, old.priority, this.core.now);
    cb.entry.seq = old.seq;
    cb.entry.enqueuedAt = old.enqueuedAt;
    cb.entry.stage = old.stage;
    this.core.router.withdraw(old);
    call.entry = null;
    this.core.router.add(cb.entry);
    cb.caller = { call, entry: old };
    this.requested(cb, false);
    this.awaitStore(cb);
  }

  requestAfterOpening(call: Call, number: string): void {
    const target = call.line.config.outOfHoursCallback!;
    const opening = call.line.calendar.nextOpening(this.core.now) ?? this.core.now;
    const cb = this.create(
      call,
      number,
      this.core.queues.get(target.queue)!,
      target.requestType,
      target.priority,
      opening,
    );
    cb.caller = { call, entry: null };
    this.requested(cb, true);
    this.awaitStore(cb);
  }

  private awaitStore(cb: Callback): void {
    cb.state = 'storing';
    this.core.persist(`callback:${cb.id}`);
    cb.storeTimer = this.core.after(STORE_TIMEOUT_SECONDS, () => {
      cb.storeTimer = null;
      this.notStored(cb);
    });
  }

  /** The driver stored what `ref` waited for: a request is confirmed, an attempt dialled. */
  persisted(ref: string): void {
    const cb = this.waitingFor(ref);
    if (!cb) return;
    cancel(cb.storeTimer);
    cb.storeTimer = null;
    if (cb.state === 'dialling') {
      this.originate(cb);
      return;
    }
    const caller = cb.caller!;
    cb.caller = null;
    if (caller.entry) {
      cb.state = 'waiting';
      this.core.router.serveEntry(cb.entry);
    } else {
      cb.state = 'scheduled';
      cb.releaseTimer = this.core.timers.set(cb.notBefore, () => {
        cb.releaseTimer = null;
        cb.entry.seq = this.core.nextSeq();
        cb.entry.enqueuedAt = this.core.now;
        this.enqueue(cb);
      });
    }
    const call = caller.call;
    if (call.phase === 'ended') return;
    call.awaiting = null;
    this.core.play(
      call.id,
      caller.entry ? prompts.callbackConfirmed(cb.number) : prompts.callbackConfirmedAfterOpening(cb.number),
    );
    hangUp(this.core, call, 'normal');
    endCall(this.core, call, call.closingOutcome);
  }

  /** The driver could not store it (or did not answer in time): nothing is promised, nothing dialled. */
  persistFailed(ref: string): void {
    const cb = this.waitingFor(ref);
    if (cb) this.notStored(cb);
  }

  private waitingFor(ref: string): Callback | undefined {
    const [kind, id] = [ref.slice(0, ref.indexOf(':')), ref.slice(ref.indexOf(':') + 1)];
    if (kind === 'callback') {
      const cb = this.byId.get(id);
      return cb?.state === 'storing' ? cb : undefined;
    }
    const cb = kind === 'dial' ? this.byLeg.get(id) : undefined;
    return cb?.state === 'dialling' && !cb.originated ? cb : undefined;
  }

  private notStored(cb: Callback): void {
    const core = this.core;
    cancel(cb.storeTimer);
    cb.storeTimer = null;
    if (cb.state === 'dialling') {
      // The attempt was never dialled: it fails at once, and is retried like a failed one.
      this.attemptFailed(cb, cb.legId!, 'not-stored', false);
      return;
    }
    const caller = cb.caller!;
    cb.caller = null;
    if (caller.entry) core.router.withdraw(cb.entry);
    this.finish(cb);
    // Written after its request, so a restart that finds both takes nothing back.
    core.emit({ type: 'callback.cancelled', at: core.now, callbackId: cb.id, reason: 'not-stored' });
    const call = caller.call;
    if (call.phase === 'ended') return;
    core.play(call.id, prompts.callbackNotStored(caller.entry !== null));
    if (caller.entry) {
      backInLine(core, call, caller.entry);
      return;
    }
    hangUp(core, call, 'normal');
    endCall(core, call, 'out-of-hours');
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
    // Written out, not spread: a spread followed by more fields made each of them a slow property store
    // (about 10 µs a callback).
    const cb: Callback = {
      id: fields.id,
      originCallId: fields.originCallId,
      number: fields.number,
      line: fields.line,
      queue: fields.queue,
      requestType: fields.requestType,
      priority: fields.priority,
      requestedAt: fields.requestedAt,
      notBefore: fields.notBefore,
      expiresAt: fields.expiresAt,
      attempts: fields.attempts,
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
      caller: null,
      originated: false,
      storeTimer: null,
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
    let lastFailedAt = input.lastFailedAt ?? null;
    if (input.attemptInProgress) {
      // Its ring died with the process: a failed attempt, never dialled again under the same leg.
      const rules = core.config.callbacks;
      const final =
        input.attempts >= rules.maxAttempts || core.now + rules.retryDelaySeconds * 1000 >= input.expiresAt;
      core.emit({
        type: 'callback.failed',
        at: core.now,
        callbackId: input.callbackId,
        legId: `${input.callbackId}${input.attempts}`,
        attempt: input.attempts,
        reason: 'interrupted',
        final,
      });
      if (final) return;
      lastFailedAt = core.now;
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
        lastFailedAt == null ? core.now : lastFailedAt + core.config.callbacks.retryDelaySeconds * 1000;
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
    if (!cb || cb.state === 'storing') return false;
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
    cb.originated = false;
    cb.legId = `${cb.id}${cb.attempts}`;
    this.byLeg.set(cb.legId, cb);
    agent.dialling = cb.id;
    core.agents.setState(agent, 'on-call', 'richiamata', cb.id);
    // The attempt is recorded, and stored, before the switch dials: a restart then knows it was made.
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
    core.persist(`dial:${cb.legId}`);
    cb.storeTimer = core.after(STORE_TIMEOUT_SECONDS, () => {
      cb.storeTimer = null;
      if (!cb.originated) this.notStored(cb);
    });
  }

  private originate(cb: Callback): void {
    cb.originated = true;
    this.core.command({
      type: 'originate',
      callId: cb.legId!,
      to: cb.number,
      from: cb.line.number,
      tag: 'callback',
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
    this.attemptFailed(cb, legId, reason, true);
    return true;
  }

  /** An attempt failed (or, `dialled` false, was never dialled): retried at its place after a delay. */
  private attemptFailed(
    cb: Callback,
    legId: string,
    reason: OutboundFailure | 'hung-up' | 'not-stored',
    dialled: boolean,
  ): void {
    const core = this.core;
    const agent = cb.agent!;
    agent.dialling = null;
    this.byLeg.delete(legId);
    cancel(cb.storeTimer);
    cb.storeTimer = null;
    cb.legId = null;
    cb.agent = null;
    if (dialled) {
      core.emit({
        type: 'outbound.ended',
        at: core.now,
        legId,
        line: cb.line.number,
        tag: 'callback',
        answered: false,
        talkMs: 0,
      });
    }
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
  }

  private expire(cb: Callback): void {
    cb.expiryTimer = null;
    if (cb.state === 'dialling' || cb.state === 'done' || cb.state === 'storing') return;
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
    cancel(cb.storeTimer);
    cb.expiryTimer = null;
    cb.releaseTimer = null;
    cb.storeTimer = null;
    if (cb.legId) this.byLeg.delete(cb.legId);
    this.byId.delete(cb.id);
  }

  /** A channel of `line` is free again: a callback skipped for want of one may now be served. */
  releaseChannel(line: LineRuntime): void {
    line.release();
    if (this.blockedLines.delete(line)) this.core.router.rebalance();
  }
}
