import type { Prompt } from '../../telephony/index.ts';
import { callbackAccepted, callbackNumberDigits } from './callback-request.ts';
import { endCall, hangUp } from './calls.ts';
import type { EngineCore, SelfServiceAnswer } from './core.ts';
import { MENU_DEFAULTS, menuChoice, menuKeys } from './ivr.ts';
import { prompts } from './prompts.ts';
import type { Call } from './state.ts';
import { cancel } from './timers.ts';
import { joinQueue, waitingDigits } from './waiting.ts';

/** Walks the IVR from `nodeId`: messages play and move on; a menu waits for a key; a queue or an ending stops. */
export function enterNode(core: EngineCore, call: Call, nodeId: string): void {
  const flow = call.flow!;
  call.phase = 'ivr';
  for (;;) {
    const node = flow.nodes[nodeId]!;
    const promptId = `ivr:${flow.id}/${nodeId}`;
    switch (node.type) {
      case 'message':
        core.play(call.id, prompts.message(promptId, node.text));
        nodeId = node.next;
        continue;
      case 'menu':
        call.menu = { id: `${flow.id}/${nodeId}`, node };
        call.attempts = 0;
        playMenu(core, call);
        return;
      case 'queue': {
        if (node.text) core.play(call.id, prompts.message(promptId, node.text));
        call.menu = null;
        joinQueue(core, call, core.queues.get(node.queue)!, node.requestType, node.priority);
        return;
      }
      case 'hang-up':
        core.play(call.id, prompts.message(promptId, node.text));
        hangUp(core, call, 'normal');
        endCall(core, call, 'self-service');
        return;
      case 'self-cancel':
        call.menu = null;
        startSelfCancel(core, call, node.onFailure);
        return;
    }
  }
}

function playMenu(core: EngineCore, call: Call): void {
  const { id, node } = call.menu!;
  core.play(call.id, { id: `ivr:${id}`, text: node.text, input: { keys: menuKeys(node), maxDigits: 1 } });
  call.awaiting = 'menu';
  cancel(call.inputTimer);
  call.inputTimer = core.after(node.timeoutSeconds ?? MENU_DEFAULTS.timeoutSeconds, () => {
    call.inputTimer = null;
    core.emit({
      type: 'ivr.choice',
      at: core.now,
      callId: call.id,
      menu: id,
      digits: null,
      result: 'timeout',
    });
    menuFailed(core, call, node.timeoutText ?? MENU_DEFAULTS.timeoutText);
  });
}

function menuFailed(core: EngineCore, call: Call, message: string): void {
  const { node } = call.menu!;
  call.attempts++;
  if (call.attempts >= (node.maxAttempts ?? MENU_DEFAULTS.maxAttempts)) {
    call.awaiting = null;
    enterNode(core, call, node.onFailure);
    return;
  }
  core.play(call.id, prompts.message('ivr-retry', message));
  playMenu(core, call);
}

/** Keypad digits from the caller, interpreted by what the call is waiting for. */
export function callDigits(core: EngineCore, call: Call, digits: string): void {
  switch (call.awaiting) {
    case 'menu': {
      const { id, node } = call.menu!;
      cancel(call.inputTimer);
      call.inputTimer = null;
      const choice = menuChoice(node, digits);
      if (choice.kind === 'repeat') {
        playMenu(core, call);
        return;
      }
      const ok = choice.kind === 'go';
      core.emit({
        type: 'ivr.choice',
        at: core.now,
        callId: call.id,
        menu: id,
        digits,
        result: ok ? 'ok' : 'invalid',
      });
      call.awaiting = null;
      if (choice.kind === 'go') enterNode(core, call, choice.node);
      else menuFailed(core, call, node.invalidText ?? MENU_DEFAULTS.invalidText);
      return;
    }
    case 'ooh-callback':
      if (digits === '2' && call.line.config.outOfHoursSelfCancel) {
        cancel(call.inputTimer);
        call.inputTimer = null;
        call.awaiting = null;
        startSelfCancel(core, call, null);
        return;
      }
      if (digits !== '1' || !call.callbackOffered) return;
      cancel(call.inputTimer);
      call.inputTimer = null;
      call.awaiting = null;
      callbackAccepted(core, call, 'after-opening');
      return;
    case 'callback-offer':
      waitingDigits(core, call, digits);
      return;
    case 'callback-number':
    case 'callback-confirm':
      callbackNumberDigits(core, call, digits);
      return;
    case 'self-cancel-code':
    case 'self-cancel-birth':
    case 'self-cancel-confirm':
      selfCancelDigits(core, call, digits);
      return;
    case 'self-cancel-lookup':
    case 'self-cancel-cancelling':
    case 'callback-storing':
    case null:
      return;
  }
}

// OB-4: the self-service cancellation, at any hour. The booking system is asked through a command
// (`self-service`) and answers with an input (`self-service.answer`), as durable writes are.

/** Seconds to key a code or a date; wrong entries or silences before going to `onFailure`. */
const ENTRY_SECONDS = 25;
const MAX_TRIES = 3;

/** The birth date keyed as DDMMYYYY, as YYYY-MM-DD if it is a real date in the past, else null. */
export function keyedBirthDate(keyed: string, now: number): string | null {
  const m = /^(\d{2})(\d{2})(\d{4})$/.exec(keyed);
  if (!m) return null;
  const [, d, mo, y] = m;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  const ok =
    date.getUTCFullYear() === Number(y) &&
    date.getUTCMonth() === Number(mo) - 1 &&
    date.getUTCDate() === Number(d) &&
    Number(y) >= 1900 &&
    date.getTime() <= now;
  return ok ? `${y}-${mo}-${d}` : null;
}

/** Starts the self-service cancellation; `onFailure` is the flow's node, or null out of hours. */
export function startSelfCancel(core: EngineCore, call: Call, onFailure: string | null): void {
  call.phase = 'ivr';
  call.selfCancel = { onFailure, tries: 0, keypad: null, birthDate: null, ref: null };
  ask(core, call, 'self-cancel-code');
}

function ask(core: EngineCore, call: Call, what: 'self-cancel-code' | 'self-cancel-birth'): void {
  call.awaiting = what;
  core.play(call.id, what === 'self-cancel-code' ? prompts.selfCancelCode() : prompts.selfCancelBirthDate());
  armEntry(core, call, what === 'self-cancel-code' ? 'code' : 'birth-date');
}

function armEntry(core: EngineCore, call: Call, step: 'code' | 'birth-date' | 'confirm'): void {
  cancel(call.inputTimer);
  call.inputTimer = core.after(ENTRY_SECONDS, () => {
    call.inputTimer = null;
    selfCancelEvent(core, call, step, 'timeout');
    tryAgain(core, call, null);
  });
}

function selfCancelEvent(
  core: EngineCore,
  call: Call,
  step: 'code' | 'birth-date' | 'lookup' | 'confirm' | 'cancel',
  result: 'ok' | 'invalid' | 'timeout' | 'not-found' | 'unavailable' | 'kept' | 'cancelled',
): void {
  core.emit({ type: 'ivr.self-cancel', at: core.now, callId: call.id, step, result });
}

/** A wrong entry, a silence or no booking found: from the code again, up to MAX_TRIES; then onFailure. */
function tryAgain(core: EngineCore, call: Call, message: Prompt | null): void {
  const st = call.selfCancel!;
  if (++st.tries >= MAX_TRIES) {
    selfCancelFailed(core, call);
    return;
  }
  if (message) core.play(call.id, message);
  st.keypad = null;
  st.birthDate = null;
  ask(core, call, 'self-cancel-code');
}

function selfCancelDigits(core: EngineCore, call: Call, digits: string): void {
  cancel(call.inputTimer);
  call.inputTimer = null;
  const st = call.selfCancel!;
  const keyed = digits.replace(/#$/, '');
  if (call.awaiting === 'self-cancel-code') {
    if (!/^\d{8}$/.test(keyed)) {
      selfCancelEvent(core, call, 'code', 'invalid');
      tryAgain(core, call, prompts.selfCancelInvalid());
      return;
    }
    selfCancelEvent(core, call, 'code', 'ok');
    st.keypad = keyed;
    ask(core, call, 'self-cancel-birth');
    return;
  }
  if (call.awaiting === 'self-cancel-birth') {
    const birthDate = keyedBirthDate(keyed, core.now);
    if (!birthDate) {
      selfCancelEvent(core, call, 'birth-date', 'invalid');
      tryAgain(core, call, prompts.selfCancelInvalid());
      return;
    }
    selfCancelEvent(core, call, 'birth-date', 'ok');
    st.birthDate = birthDate;
    call.awaiting = 'self-cancel-lookup';
    core.selfService(call.id, { kind: 'find', keypad: st.keypad!, birthDate });
    return;
  }
  // Confirming: 1 cancels, 2 keeps it; anything else asks again.
  if (keyed === '1') {
    call.awaiting = 'self-cancel-cancelling';
    core.selfService(call.id, { kind: 'cancel', ref: st.ref! });
    return;
  }
  if (keyed === '2') {
    selfCancelEvent(core, call, 'confirm', 'kept');
    core.play(call.id, prompts.selfCancelKept());
    selfCancelDone(core, call);
    return;
  }
  selfCancelEvent(core, call, 'confirm', 'invalid');
  if (++st.tries >= MAX_TRIES) {
    selfCancelFailed(core, call);
    return;
  }
  core.play(call.id, prompts.selfCancelInvalid());
  armEntry(core, call, 'confirm');
}

/** The booking system's answer for a caller in the self-service cancellation. */
export function selfCancelAnswer(core: EngineCore, call: Call, answer: SelfServiceAnswer): void {
  const st = call.selfCancel;
  if (!st) return;
  if (call.awaiting === 'self-cancel-lookup') {
    if (answer.kind === 'found') {
      selfCancelEvent(core, call, 'lookup', 'ok');
      st.ref = answer.ref;
      call.awaiting = 'self-cancel-confirm';
      core.play(call.id, prompts.selfCancelConfirm(answer.description));
      armEntry(core, call, 'confirm');
      return;
    }
    if (answer.kind === 'not-found') {
      selfCancelEvent(core, call, 'lookup', 'not-found');
      tryAgain(core, call, prompts.selfCancelNotFound());
      return;
    }
    selfCancelEvent(core, call, 'lookup', 'unavailable');
    core.play(call.id, prompts.selfCancelUnavailable());
    selfCancelFailed(core, call);
    return;
  }
  if (call.awaiting === 'self-cancel-cancelling') {
    if (answer.kind === 'cancelled') {
      selfCancelEvent(core, call, 'cancel', 'cancelled');
      core.play(call.id, prompts.selfCancelDone(answer.number));
      selfCancelDone(core, call);
      return;
    }
    selfCancelEvent(core, call, 'cancel', 'unavailable');
    core.play(call.id, prompts.selfCancelUnavailable());
    selfCancelFailed(core, call);
  }
}

function selfCancelDone(core: EngineCore, call: Call): void {
  cancel(call.inputTimer);
  call.inputTimer = null;
  call.awaiting = null;
  call.selfCancel = null;
  core.play(call.id, prompts.goodbye());
  hangUp(core, call, 'normal');
  endCall(core, call, 'self-service');
}

/** To an operator (the flow's onFailure node) in opening hours; out of hours, goodbye. */
function selfCancelFailed(core: EngineCore, call: Call): void {
  cancel(call.inputTimer);
  call.inputTimer = null;
  const next = call.selfCancel?.onFailure ?? null;
  call.awaiting = null;
  call.selfCancel = null;
  if (next && call.flow) {
    enterNode(core, call, next);
    return;
  }
  core.play(call.id, prompts.goodbye());
  hangUp(core, call, 'normal');
  endCall(core, call, 'out-of-hours');
}
