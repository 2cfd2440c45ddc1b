import { callbackAccepted, callbackNumberDigits } from './callback-request.ts';
import { endCall, hangUp } from './calls.ts';
import type { EngineCore } from './core.ts';
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
      if (digits !== '1') return;
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
    case 'callback-storing':
    case null:
      return;
  }
}
