import { invalidField } from '../../../platform/errors.ts';

/** Request types (tipologia di richiesta) an IVR assigns and agents confirm in the outcome. */
export const REQUEST_TYPES = [
  'booking',
  'cancellation',
  'availability',
  'information',
  'complaint',
  'certificate',
  'community-health',
  'private-practice',
  'facility-support',
  'regional-service',
] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

/**
 * An IVR flow declared as data (albero IVR): named nodes, starting at `start`. Every path ends in a queue
 * (with a request type and a priority) or in a closing message.
 */
export interface IvrFlow {
  id: string;
  name: string;
  start: string;
  nodes: Record<string, IvrNode>;
}

export type IvrNode = IvrMessage | IvrMenu | IvrQueue | IvrHangUp | IvrSelfCancel;

/** A message, then on to `next`. */
export interface IvrMessage {
  type: 'message';
  text: string;
  next: string;
}

/** A keypad menu. Wrong keys and silence count as failed attempts; after `maxAttempts` go to `onFailure`. */
export interface IvrMenu {
  type: 'menu';
  text: string;
  /** What the menu is, in a few words, for the agent's call card (e.g. 'Menu principale'). */
  label?: string;
  /** What each key means, in a few words, for the agent's call card (e.g. '1': 'Prenotazione'). */
  optionLabels?: Record<string, string>;
  /** Key → node. */
  options: Record<string, string>;
  /** Counted from when the menu starts playing. Default 10. */
  timeoutSeconds?: number;
  /** Default 3. */
  maxAttempts?: number;
  /** A key that replays the menu without counting as a failure. Default '*'. */
  repeatKey?: string;
  invalidText?: string;
  timeoutText?: string;
  onFailure: string;
}

/** Into a queue, with the request type and priority (higher is answered first). */
export interface IvrQueue {
  type: 'queue';
  queue: string;
  requestType: RequestType;
  priority: number;
  text?: string;
}

/**
 * OB-4: the patient cancels a booking alone, at any hour — the booking code typed on the keypad, the
 * birth date as a check, the appointment read back, 1 to cancel; a cancellation number as proof. Wrong
 * entries (up to three), silence or the booking system being unavailable go to `onFailure` (an operator's
 * queue in opening hours). The lookup and the cancellation are the booking system's (a self-service port).
 */
export interface IvrSelfCancel {
  type: 'self-cancel';
  onFailure: string;
}

/** A closing message: the caller was served by the IVR alone. */
export interface IvrHangUp {
  type: 'hang-up';
  text: string;
}

export const MENU_DEFAULTS = {
  timeoutSeconds: 10,
  maxAttempts: 3,
  repeatKey: '*',
  invalidText: 'Scelta non valida.',
  timeoutText: 'Non abbiamo ricevuto alcuna scelta.',
} as const;

const KEYS = '0123456789*#';
const MAX_PRIORITY = 9;

/**
 * Validates a flow; errors name the path (e.g. `ivr.cup.nodes.main.options.7`). Checks that every target
 * exists, keys are keypad keys, queues and request types are known, every node is reachable from the
 * start, every node can reach an ending, and messages do not loop among themselves.
 */
export function validateFlow(flow: IvrFlow, known: { queues: Set<string> }): void {
  const p = `ivr.${flow?.id}`;
  if (typeof flow !== 'object' || flow === null || !flow.id)
    throw invalidField('ivr', 'ivr: every flow needs an id');
  const nodes = flow.nodes ?? {};
  const ids = new Set(Object.keys(nodes));
  if (ids.size === 0) throw invalidField(`${p}.nodes`, `${p}.nodes: a flow needs at least one node`);
  const target = (path: string, id: unknown) => {
    if (typeof id !== 'string' || !ids.has(id)) {
      throw invalidField(path, `${path}: ${JSON.stringify(id)} is not a node of flow ${flow.id}`);
    }
    return id;
  };
  target(`${p}.start`, flow.start);
  const edges = new Map<string, string[]>();
  for (const [id, node] of Object.entries(nodes)) {
    const np = `${p}.nodes.${id}`;
    edges.set(id, nodeEdges(node, np, target, known));
  }
  checkReachable(flow, edges, p);
  checkEndsReachable(nodes, edges, p);
  checkMessageLoops(nodes, p);
}

function nodeEdges(
  node: IvrNode,
  np: string,
  target: (path: string, id: unknown) => string,
  known: { queues: Set<string> },
): string[] {
  const text = (t: unknown, path: string) => {
    if (typeof t !== 'string' || t.trim() === '')
      throw invalidField(path, `${path} must be a non-empty text`);
  };
  switch (node?.type) {
    case 'message':
      text(node.text, `${np}.text`);
      return [target(`${np}.next`, node.next)];
    case 'hang-up':
      text(node.text, `${np}.text`);
      return [];
    case 'queue':
      if (!known.queues.has(node.queue)) {
        throw invalidField(
          `${np}.queue`,
          `${np}.queue: ${JSON.stringify(node.queue)} is not a declared queue`,
        );
      }
      if (!(REQUEST_TYPES as readonly string[]).includes(node.requestType)) {
        throw invalidField(
          `${np}.requestType`,
          `${np}.requestType must be one of ${REQUEST_TYPES.join(', ')} (got ${JSON.stringify(node.requestType)})`,
        );
      }
      if (!Number.isInteger(node.priority) || node.priority < 0 || node.priority > MAX_PRIORITY) {
        throw invalidField(`${np}.priority`, `${np}.priority must be an integer 0–${MAX_PRIORITY}`);
      }
      return [];
    case 'menu': {
      text(node.text, `${np}.text`);
      const keys = Object.keys(node.options ?? {});
      if (keys.length === 0)
        throw invalidField(`${np}.options`, `${np}.options: a menu needs at least one option`);
      const repeat = node.repeatKey ?? MENU_DEFAULTS.repeatKey;
      const out: string[] = [];
      for (const key of keys) {
        if (key.length !== 1 || !KEYS.includes(key)) {
          throw invalidField(`${np}.options.${key}`, `${np}.options.${key}: a key is one of 0–9, * or #`);
        }
        if (key === repeat) {
          throw invalidField(
            `${np}.options.${key}`,
            `${np}.options.${key}: the key is the menu's repeat key`,
          );
        }
        out.push(target(`${np}.options.${key}`, node.options[key]));
      }
      if (repeat.length !== 1 || !KEYS.includes(repeat)) {
        throw invalidField(`${np}.repeatKey`, `${np}.repeatKey must be one keypad key`);
      }
      const timeout = node.timeoutSeconds ?? MENU_DEFAULTS.timeoutSeconds;
      if (!(timeout > 0 && timeout <= 120)) {
        throw invalidField(`${np}.timeoutSeconds`, `${np}.timeoutSeconds must be in (0, 120]`);
      }
      const attempts = node.maxAttempts ?? MENU_DEFAULTS.maxAttempts;
      if (!Number.isInteger(attempts) || attempts < 1 || attempts > 9) {
        throw invalidField(`${np}.maxAttempts`, `${np}.maxAttempts must be an integer 1–9`);
      }
      out.push(target(`${np}.onFailure`, node.onFailure));
      return out;
    }
    case 'self-cancel':
      return [target(`${np}.onFailure`, node.onFailure)];
    default:
      throw invalidField(`${np}.type`, `${np}.type must be message, menu, queue, hang-up or self-cancel`);
  }
}

function checkReachable(flow: IvrFlow, edges: Map<string, string[]>, p: string): void {
  const seen = new Set<string>([flow.start]);
  const stack = [flow.start];
  while (stack.length > 0) {
    for (const next of edges.get(stack.pop()!) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  for (const id of edges.keys()) {
    if (!seen.has(id))
      throw invalidField(`${p}.nodes.${id}`, `${p}.nodes.${id} is never reached from the start`);
  }
}

function checkEndsReachable(nodes: Record<string, IvrNode>, edges: Map<string, string[]>, p: string): void {
  const ending = new Set(
    Object.keys(nodes).filter((id) => nodes[id]!.type === 'queue' || nodes[id]!.type === 'hang-up'),
  );
  let grew = true;
  while (grew) {
    grew = false;
    for (const [id, out] of edges) {
      if (!ending.has(id) && out.some((n) => ending.has(n))) {
        ending.add(id);
        grew = true;
      }
    }
  }
  for (const id of edges.keys()) {
    if (!ending.has(id)) {
      throw invalidField(`${p}.nodes.${id}`, `${p}.nodes.${id} can never reach a queue or a closing message`);
    }
  }
}

function checkMessageLoops(nodes: Record<string, IvrNode>, p: string): void {
  for (const [id, node] of Object.entries(nodes)) {
    const visited = new Set<string>([id]);
    let current: IvrNode | undefined = node;
    while (current?.type === 'message') {
      if (visited.has(current.next)) {
        throw invalidField(
          `${p}.nodes.${id}`,
          `${p}.nodes.${id}: messages loop without ever asking for a key`,
        );
      }
      visited.add(current.next);
      current = nodes[current.next];
    }
  }
}

/** What a key press means in a menu. */
export type MenuChoice = { kind: 'go'; node: string } | { kind: 'repeat' } | { kind: 'invalid' };

export function menuChoice(menu: IvrMenu, digits: string): MenuChoice {
  const key = digits.slice(0, 1);
  if (key === (menu.repeatKey ?? MENU_DEFAULTS.repeatKey)) return { kind: 'repeat' };
  const node = digits.length === 1 ? menu.options[key] : undefined;
  return node ? { kind: 'go', node } : { kind: 'invalid' };
}

const keysOfMenu = new WeakMap<IvrMenu, string>();

/** Keys a menu accepts (what a simulated caller may press); read on every visit, so kept per menu. */
export function menuKeys(menu: IvrMenu): string {
  let keys = keysOfMenu.get(menu);
  if (keys === undefined) {
    keys = Object.keys(menu.options).join('') + (menu.repeatKey ?? MENU_DEFAULTS.repeatKey);
    keysOfMenu.set(menu, keys);
  }
  return keys;
}

/** An IVR choice in words, from the flow's labels (the agent's call card, issue 10 §6). */
export interface IvrStepWords {
  /** The menu's label, else the flow's name. */
  menuLabel: string;
  /** What the key pressed means; null for a wrong key, a timeout or a menu without labels. */
  choiceLabel: string | null;
}

/** `menuPath` as in ivr.choice events: '<flow>/<node>'. */
export function describeIvrStep(
  flows: readonly IvrFlow[],
  menuPath: string,
  digits: string | null,
): IvrStepWords {
  const slash = menuPath.indexOf('/');
  const flow = flows.find((f) => f.id === menuPath.slice(0, slash));
  const node = flow?.nodes[menuPath.slice(slash + 1)];
  if (!flow || node?.type !== 'menu') return { menuLabel: menuPath, choiceLabel: null };
  const target = digits !== null ? node.options[digits] : undefined;
  return {
    menuLabel: node.label ?? flow.name,
    choiceLabel: target === undefined ? null : (node.optionLabels?.[digits!] ?? null),
  };
}

/** A caller's first choice on a flow: the key to press (none when the flow queues at once) and its words. */
export interface FirstChoice {
  digits: string;
  label: string;
}

/**
 * The choices of the first menu a caller meets on `flow`, past its messages, in key order: what a trainer
 * picks for a simulated call. A flow that queues at once gives one choice with no key; one that ends or
 * cancels by itself first gives none. Labels are the menu's own words, or the queue's name it leads to.
 */
export function firstChoices(flow: IvrFlow, queueName: (id: string) => string): FirstChoice[] {
  const words = (id: string) => {
    const node = flow.nodes[id];
    return node?.type === 'queue' ? queueName(node.queue) : id;
  };
  let id = flow.start;
  // A valid flow has no cycle of messages; the bound keeps a broken one from looping.
  for (let steps = 0; steps <= Object.keys(flow.nodes).length; steps++) {
    const node = flow.nodes[id];
    if (node?.type === 'message') {
      id = node.next;
      continue;
    }
    if (node?.type === 'queue') return [{ digits: '', label: words(id) }];
    if (node?.type !== 'menu') return [];
    return Object.keys(node.options)
      .sort()
      .map((digits) => ({ digits, label: node.optionLabels?.[digits] ?? words(node.options[digits]!) }));
  }
  return [];
}
