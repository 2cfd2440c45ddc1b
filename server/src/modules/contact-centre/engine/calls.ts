import type { HangUpCause } from '../../telephony/index.ts';
import type { EngineCore } from './core.ts';
import type { CallOutcome } from './events.ts';
import { type LineRuntime, normaliseNumber } from './lines.ts';
import type { Call } from './state.ts';
import { cancel } from './timers.ts';

export function newCall(
  core: EngineCore,
  init: {
    id: string;
    direction: Call['direction'];
    callbackId: string | null;
    campaignId?: string;
    resume?: Call['resume'];
    callerId: string;
    line: LineRuntime;
  },
): Call {
  const call: Call = {
    id: init.id,
    direction: init.direction,
    callbackId: init.callbackId,
    campaignId: init.campaignId ?? null,
    resume: init.resume ?? null,
    callerId: init.callerId,
    line: init.line,
    arrivedAt: core.now,
    phase: 'ivr',
    awaiting: null,
    callbackKind: null,
    callbackNumber: null,
    numberTries: 0,
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
    selfCancel: null,
  };
  core.calls.set(call.id, call);
  return call;
}

/** A caller id good enough to call back. */
export const dialable = (n: string) => /^\+?\d{6,15}$/.test(normaliseNumber(n));

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
      tag: call.campaignId ? 'campaign' : 'callback',
      answered: true,
      talkMs: call.talkMs,
    });
  }
  if (holdsChannel) core.callbacks.releaseChannel(call.line);
}
