import type { HangUpCause } from '../../telephony/index.ts';
import type { Agent } from './agents.ts';
import { callerHungUpWhileConnected } from './conversation.ts';
import type { EngineCore } from './core.ts';
import type { CallOutcome } from './events.ts';
import type { IvrFlow, IvrMenu } from './ivr.ts';
import { type LineRuntime, normaliseNumber } from './lines.ts';
import type { QueueRuntime, WaitingEntry } from './queues.ts';
import { cancel, type Timer } from './timers.ts';

/**
 * A caller's leg as the engine follows it: an inbound call from arrival to end, or (direction 'outbound')
 * a callback once the person called back has answered and talks to an agent.
 */
export interface Call {
  readonly id: string;
  readonly direction: 'inbound' | 'outbound';
  readonly callbackId: string | null;
  /** The remote party's number. */
  readonly callerId: string;
  readonly line: LineRuntime;
  readonly arrivedAt: number;
  phase: 'ivr' | 'closing' | 'waiting' | 'offered' | 'connected' | 'transferred' | 'ended';
  /** What a key press means right now. */
  awaiting: null | 'menu' | 'callback-offer' | 'callback-number' | 'ooh-callback';
  /** How the call ends if the caller hangs up during a closing message. */
  closingOutcome: CallOutcome;
  flow: IvrFlow | null;
  menu: { id: string; node: IvrMenu } | null;
  attempts: number;
  inputTimer: Timer | null;
  announceTimer: Timer | null;
  entry: WaitingEntry | null;
  queue: QueueRuntime | null;
  requestType: string | null;
  priority: number;
  /** When the current wait in a queue began. */
  waitingSince: number;
  agent: Agent | null;
  /** Start of the current conversation with an agent. */
  connectedAt: number;
  talkMs: number;
  answered: boolean;
  transfers: number;
  callbackOffered: boolean;
}

export function newCall(
  core: EngineCore,
  init: {
    id: string;
    direction: Call['direction'];
    callbackId: string | null;
    callerId: string;
    line: LineRuntime;
  },
): Call {
  const call: Call = {
    id: init.id,
    direction: init.direction,
    callbackId: init.callbackId,
    callerId: init.callerId,
    line: init.line,
    arrivedAt: core.now,
    phase: 'ivr',
    awaiting: null,
    closingOutcome: 'self-service',
    flow: null,
    menu: null,
    attempts: 0,
    inputTimer: null,
    announceTimer: null,
    entry: null,
    queue: null,
    requestType: null,
    priority: 0,
    waitingSince: core.now,
    agent: null,
    connectedAt: 0,
    talkMs: 0,
    answered: false,
    transfers: 0,
    callbackOffered: false,
  };
  core.calls.set(call.id, call);
  return call;
}

/** A caller id good enough to call back. */
export const dialable = (n: string) => /^\+?\d{6,15}$/.test(normaliseNumber(n));

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
      callerHungUpWhileConnected(core, call);
      return;
    case 'transferred':
      endCall(core, call, 'answered');
      return;
    case 'ended':
      return;
  }
}

export function hangUp(core: EngineCore, call: Call, cause: HangUpCause): void {
  core.command({ type: 'hang-up', callId: call.id, cause });
}

/**
 * The one place a call ends: timers stop, the channel is released, and exactly one call.ended (or, for a
 * callback leg, outbound.ended) is emitted. A call once answered ends 'answered' whatever happens later.
 */
export function endCall(core: EngineCore, call: Call, outcome: CallOutcome, holdsChannel = true): void {
  if (call.phase === 'ended') return;
  call.phase = 'ended';
  call.awaiting = null;
  cancel(call.inputTimer);
  cancel(call.announceTimer);
  call.inputTimer = null;
  call.announceTimer = null;
  core.calls.delete(call.id);
  const at = core.now;
  if (call.direction === 'inbound') {
    core.emit({
      type: 'call.ended',
      at,
      callId: call.id,
      line: call.line.number,
      outcome: call.answered ? 'answered' : outcome,
      queueId: call.queue?.id ?? null,
      requestType: call.requestType,
      durationMs: at - call.arrivedAt,
      talkMs: call.talkMs,
    });
  } else {
    core.emit({
      type: 'outbound.ended',
      at,
      legId: call.id,
      line: call.line.number,
      tag: 'callback',
      answered: true,
      talkMs: call.talkMs,
    });
  }
  if (holdsChannel) core.callbacks.releaseChannel(call.line);
}
