import { dialable, endCall, hangUp } from './calls.ts';
import type { EngineCore } from './core.ts';
import { normaliseNumber } from './lines.ts';
import { italianCallbackNumber } from './phone-numbers.ts';
import { prompts } from './prompts.ts';
import type { Call } from './state.ts';
import { cancel } from './timers.ts';

/** Seconds a caller has to confirm or type a callback number. */
const NUMBER_ENTRY_SECONDS = 20;
/** Wrong numbers before the IVR stops asking. */
const MAX_NUMBER_TRIES = 3;

/**
 * CC-3: the caller said yes to a callback (in the queue, or out of hours). With `confirmNumber` the IVR
 * reads the caller id back to be confirmed (1) or replaced; a withheld caller id makes it ask for a
 * number. Then the request goes to the callback desk, which confirms it once it is stored.
 */
export function callbackAccepted(core: EngineCore, call: Call, kind: 'in-queue' | 'after-opening'): void {
  call.callbackKind = kind;
  call.numberTries = 0;
  const own = dialable(call.callerId) ? normaliseNumber(call.callerId) : null;
  if (own && !core.config.callbacks.confirmNumber) {
    request(core, call, own);
  } else if (own) {
    askConfirm(core, call, own);
  } else {
    askNumber(core, call);
  }
}

/** Keys pressed while the IVR asks for or reads back the number: 1 confirms, a number replaces it. */
export function callbackNumberDigits(core: EngineCore, call: Call, digits: string): void {
  cancel(call.inputTimer);
  call.inputTimer = null;
  const keyed = digits.replace(/#$/, '');
  if (call.awaiting === 'callback-confirm' && keyed === '1') {
    request(core, call, call.callbackNumber!);
    return;
  }
  const number = italianCallbackNumber(keyed);
  if (number === null) {
    core.play(call.id, prompts.callbackNumberInvalid());
    if (++call.numberTries >= MAX_NUMBER_TRIES) {
      giveUp(core, call);
    } else if (call.awaiting === 'callback-confirm') {
      askConfirm(core, call, call.callbackNumber!);
    } else {
      askNumber(core, call);
    }
    return;
  }
  if (core.config.callbacks.confirmNumber) askConfirm(core, call, number);
  else request(core, call, number);
}

function askConfirm(core: EngineCore, call: Call, number: string): void {
  call.callbackNumber = number;
  call.awaiting = 'callback-confirm';
  core.play(call.id, prompts.callbackConfirmNumber(number));
  armEntryTimer(core, call);
}

function askNumber(core: EngineCore, call: Call): void {
  call.callbackNumber = null;
  call.awaiting = 'callback-number';
  core.play(call.id, prompts.callbackNumber());
  armEntryTimer(core, call);
}

function armEntryTimer(core: EngineCore, call: Call): void {
  cancel(call.inputTimer);
  call.inputTimer = core.after(NUMBER_ENTRY_SECONDS, () => {
    call.inputTimer = null;
    giveUp(core, call);
  });
}

/** No number: a caller in the queue keeps waiting (and may press 1 again); out of hours, goodbye. */
function giveUp(core: EngineCore, call: Call): void {
  call.callbackNumber = null;
  if (call.callbackKind === 'in-queue') {
    call.awaiting = 'callback-offer';
    return;
  }
  call.awaiting = null;
  core.play(call.id, prompts.goodbye());
  hangUp(core, call, 'normal');
  endCall(core, call, 'out-of-hours');
}

/**
 * Hands the request to the callback desk. The caller hears nothing yet: the desk asks for the request to
 * be stored and confirms it (or says it failed) on the answer. Hanging up meanwhile leaves it standing.
 */
function request(core: EngineCore, call: Call, number: string): void {
  call.awaiting = 'callback-storing';
  call.phase = 'closing';
  call.closingOutcome = call.callbackKind === 'in-queue' ? 'callback' : 'out-of-hours';
  cancel(call.announceTimer);
  call.announceTimer = null;
  if (call.callbackKind === 'in-queue') core.callbacks.requestInQueue(call, number);
  else core.callbacks.requestAfterOpening(call, number);
}
