import { callbackAccepted, callbackNumberDigits } from './callback-request.ts';
import { endCall, hangUp } from './calls.ts';
import { connect } from './conversation.ts';
import type { EngineCore } from './core.ts';
import { prompts } from './prompts.ts';
import type { Agent, Call, EntryOwner, QueueRuntime, WaitingEntry } from './state.ts';
import { cancel } from './timers.ts';

/**
 * A caller joins a queue: busy when the queue is full; otherwise straight to an idle agent, or on hold
 * with position and estimated wait, and a callback offer when the wait is long (CC-3).
 */
export function joinQueue(
  core: EngineCore,
  call: Call,
  queue: QueueRuntime,
  requestType: string,
  priority: number,
  transferred = false,
): void {
  const at = core.now;
  const max = queue.config.maxLength;
  if (max !== undefined && queue.waiting >= max) {
    core.emit({
      type: 'call.busy',
      at,
      callId: call.id,
      line: call.line.number,
      reason: 'queue-full',
      queueId: queue.id,
    });
    core.play(call.id, prompts.queueFull());
    hangUp(core, call, 'busy');
    endCall(core, call, 'busy');
    return;
  }
  call.queue = queue;
  call.requestType = requestType;
  call.priority = priority;
  call.phase = 'waiting';
  call.awaiting = null;
  call.waitingSince = at;
  const entry: WaitingEntry = {
    id: call.id,
    kind: 'call',
    queue,
    priority,
    seq: core.nextSeq(),
    enqueuedAt: at,
    stage: 0,
    heapIndex: -1,
    overflowTimer: null,
    owner: core.callEntries,
  };
  call.entry = entry;
  core.router.add(entry);
  const position = queue.positionOfNewest(entry);
  const estimate = queue.estimatedWaitSeconds(position);
  core.emit({
    type: 'call.queued',
    at,
    callId: call.id,
    line: call.line.number,
    queueId: queue.id,
    service: queue.config.service,
    requestType,
    priority,
    position,
    waiting: queue.waiting,
    estimatedWaitSeconds: Number.isFinite(estimate) ? Math.round(estimate) : -1,
    transferred,
  });
  if (core.router.serveEntry(entry)) return;
  core.command({ type: 'hold', callId: call.id });
  announce(core, call, position, estimate);
}

/** Position and estimated wait, then (once) the callback offer when the wait is long; repeats while waiting. */
function announce(core: EngineCore, call: Call, position: number, estimate: number): void {
  core.play(call.id, prompts.position(position, estimate));
  const rules = core.config.callbacks;
  const waited = (core.now - call.waitingSince) / 1000;
  if (
    rules.enabled &&
    !call.callbackOffered &&
    call.direction === 'inbound' &&
    (estimate > rules.thresholdSeconds || waited > rules.thresholdSeconds)
  ) {
    call.callbackOffered = true;
    call.awaiting = 'callback-offer';
    core.play(call.id, prompts.callbackOffer());
  }
  armAnnouncement(core, call);
}

function armAnnouncement(core: EngineCore, call: Call): void {
  const every = core.config.announcements.repeatEverySeconds;
  cancel(call.announceTimer);
  call.announceTimer = null;
  if (every === null) return;
  call.announceTimer = core.after(every, () => {
    call.announceTimer = null;
    if (call.phase !== 'waiting') return;
    const entry = call.entry!;
    const position = entry.queue.position(entry);
    announce(core, call, position, entry.queue.estimatedWaitSeconds(position));
  });
}

/** Keys pressed while waiting: '1' accepts the callback offer; then the number dialogue (CC-3). */
export function waitingDigits(core: EngineCore, call: Call, digits: string): void {
  if (call.phase !== 'waiting') return;
  if (call.awaiting === 'callback-offer') {
    if (digits === '1') callbackAccepted(core, call, 'in-queue');
    return;
  }
  if (call.awaiting === 'callback-number' || call.awaiting === 'callback-confirm') {
    callbackNumberDigits(core, call, digits);
  }
}

/**
 * A caller whose callback request could not be stored is back at their place in line (the entry they
 * had), on hold, with the announcements again; the offer is not repeated.
 */
export function backInLine(core: EngineCore, call: Call, entry: WaitingEntry): void {
  call.phase = 'waiting';
  call.awaiting = null;
  call.closingOutcome = 'self-service';
  call.entry = entry;
  core.router.add(entry);
  if (core.router.serveEntry(entry)) return;
  armAnnouncement(core, call);
}

/** Routing's view of callers on hold: the entry's id is the call's id. */
export function callEntryOwner(core: EngineCore): EntryOwner {
  const callOf = (entry: WaitingEntry) => {
    const call = core.calls.get(entry.id);
    return call && call.entry === entry ? call : null;
  };
  return {
    canPresent: () => true,
    presented(entry: WaitingEntry, agent: Agent) {
      const call = callOf(entry);
      if (!call) return;
      call.phase = 'offered';
      call.agent = agent;
      call.awaiting = null;
      cancel(call.inputTimer);
      cancel(call.announceTimer);
      call.inputTimer = null;
      call.announceTimer = null;
    },
    accepted(entry: WaitingEntry, agent: Agent) {
      const call = callOf(entry);
      if (call) connect(core, call, agent);
    },
    returned(entry: WaitingEntry) {
      const call = callOf(entry);
      if (!call) return;
      call.phase = 'waiting';
      call.agent = null;
      armAnnouncement(core, call);
    },
  };
}
