import { dialable, endCall, hangUp, newCall } from './calls.ts';
import type { EngineCore } from './core.ts';
import { MENU_DEFAULTS } from './ivr.ts';
import { enterNode } from './ivr-walk.ts';
import { normaliseNumber } from './lines.ts';
import { prompts } from './prompts.ts';
import type { Call } from './state.ts';

/** A call reaches one of our numbers: channels (CC-5), discontinued numbers (CC-7), allow-list (CC-6), hours (CC-4). */
export function callOffered(
  core: EngineCore,
  ev: { callId: string; callerId: string; dialledNumber: string },
): void {
  const line = core.lines.get(normaliseNumber(ev.dialledNumber));
  if (!line) {
    core.command({ type: 'hang-up', callId: ev.callId, cause: 'unallocated' });
    return;
  }
  if (core.calls.has(ev.callId)) return;
  const seized = line.seize();
  const call = newCall(core, {
    id: ev.callId,
    direction: 'inbound',
    callbackId: null,
    callerId: ev.callerId,
    line,
  });
  const at = core.now;
  core.emit({
    type: 'call.arrived',
    at,
    callId: call.id,
    line: line.number,
    callerId: call.callerId,
    channelsInUse: line.inUse,
    channels: line.config.channels,
  });
  if (!seized) {
    core.emit({
      type: 'call.busy',
      at,
      callId: call.id,
      line: line.number,
      reason: 'channels',
      queueId: null,
    });
    hangUp(core, call, 'busy');
    endCall(core, call, 'busy', false);
    return;
  }
  if (line.redirectUntil !== null) {
    const active = at < line.redirectUntil;
    core.emit({
      type: 'call.turned-away',
      at,
      callId: call.id,
      line: line.number,
      reason: active ? 'redirect' : 'number-ceased',
    });
    if (active) {
      core.command({ type: 'answer', callId: call.id });
      core.play(call.id, prompts.message('redirect', line.config.redirect!.text));
    }
    hangUp(core, call, active ? 'normal' : 'unallocated');
    endCall(core, call, 'turned-away');
    return;
  }
  if (!line.isAuthorised(call.callerId)) {
    core.emit({ type: 'call.turned-away', at, callId: call.id, line: line.number, reason: 'not-authorised' });
    core.command({ type: 'answer', callId: call.id });
    core.play(call.id, prompts.message('not-authorised', line.config.notAuthorisedText!));
    hangUp(core, call, 'rejected');
    endCall(core, call, 'turned-away');
    return;
  }
  core.command({ type: 'answer', callId: call.id });
  if (!line.calendar.isOpen(at)) {
    outOfHours(core, call);
    return;
  }
  call.flow = core.flows.get(line.config.flow!)!;
  enterNode(core, call, call.flow.start);
}

function outOfHours(core: EngineCore, call: Call): void {
  const line = call.line;
  const nextOpening = line.calendar.nextOpening(core.now);
  core.emit({ type: 'call.out-of-hours', at: core.now, callId: call.id, line: line.number, nextOpening });
  core.play(call.id, prompts.outOfHours());
  call.phase = 'closing';
  call.closingOutcome = 'out-of-hours';
  const callback =
    !!line.config.outOfHoursCallback &&
    core.config.callbacks.enabled &&
    nextOpening !== null &&
    // A withheld caller id may key a number when the IVR asks for one (confirmNumber).
    (dialable(call.callerId) || core.config.callbacks.confirmNumber);
  const selfCancel = line.config.outOfHoursSelfCancel === true;
  if (callback || selfCancel) {
    call.callbackOffered = callback;
    // One prompt asking for a key: a caller answers the question they hear, once.
    core.play(
      call.id,
      selfCancel ? prompts.outOfHoursSelfCancelOffer(callback) : prompts.outOfHoursCallbackOffer(),
    );
    call.awaiting = 'ooh-callback';
    call.inputTimer = core.after(MENU_DEFAULTS.timeoutSeconds, () => {
      call.inputTimer = null;
      hangUp(core, call, 'normal');
      endCall(core, call, 'out-of-hours');
    });
    return;
  }
  hangUp(core, call, 'normal');
  endCall(core, call, 'out-of-hours');
}
