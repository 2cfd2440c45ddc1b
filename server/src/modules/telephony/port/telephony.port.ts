/**
 * The port between the contact-centre engine and a telephone switch (centralino). The engine imports only
 * this file from the telephony module: the simulated switch and a real one (Asterisk ARI) are adapters
 * behind it. Events flow in, commands flow out; a switch never holds business rules.
 */

/** Something the caller hears. `id` is stable (for recordings and simulated callers); `text` is Italian. */
export interface Prompt {
  id: string;
  text: string;
  /** When present the switch collects keypad digits after (or while) playing the prompt. */
  input?: PromptInput;
  /**
   * Its words carry this call's data (the operator's code, a position, a number keyed): a real switch
   * synthesises them each time and never stores them; the others are fixed, recorded or cached.
   */
  variable?: true;
}

export interface PromptInput {
  /** Keys that make sense here, e.g. '12345' (the engine still validates what arrives). */
  keys: string;
  /** 1 for a single key press; more for a number typed by the caller. */
  maxDigits: number;
  /** A key that ends a longer entry, e.g. '#' (cancelletto). */
  terminator?: string;
}

/** Events a switch delivers to the engine. Never delivered from inside `execute` (no re-entrancy). */
export type SwitchEvent =
  | { type: 'call-offered'; callId: string; callerId: string; dialledNumber: string }
  | { type: 'digits'; callId: string; digits: string }
  /** The remote party hung up (a hang-up the engine ordered is not reported back). */
  | { type: 'hang-up'; callId: string }
  /**
   * The agent's own phone left the call it was bridged to (a real switch): hung up after answering, or
   * never answered (switched off, unplugged, rang out).
   */
  | { type: 'agent-hang-up'; callId: string; answered: boolean }
  | { type: 'outbound-answered'; callId: string }
  | { type: 'outbound-failed'; callId: string; reason: OutboundFailure };

export type OutboundFailure = 'no-answer' | 'busy' | 'unreachable';

/** Why the engine hangs a call up; a switch maps it to its signalling (e.g. SIP 486 for busy). */
export type HangUpCause = 'normal' | 'busy' | 'rejected' | 'unallocated';

/**
 * Commands the engine gives a switch. Prompts queue on a call in order, and a bridge, a transfer or a
 * hang-up takes effect once the prompts queued before it have played (so "message, then hang up" works).
 */
export type TelephonyCommand =
  | { type: 'answer'; callId: string }
  | { type: 'play'; callId: string; prompt: Prompt }
  /** Music on hold: the caller now waits in a queue (attesa). */
  | { type: 'hold'; callId: string }
  | { type: 'bridge'; callId: string; agentId: string }
  /** Blind transfer to an outside number; the switch reports the end of our leg as a hang-up. */
  | { type: 'transfer'; callId: string; to: string }
  /** Outbound call from one of our lines: callbacks (richiamata), surveys, campaign calls, recall calls. */
  | { type: 'originate'; callId: string; to: string; from: string; tag: OutboundTag }
  | { type: 'hang-up'; callId: string; cause: HangUpCause };

/** What an outbound leg is for; 'recall' is the virtual operator's call (OB-3), 'campaign' an agent's (OB-5). */
export type OutboundTag = 'callback' | 'survey' | 'campaign' | 'recall';

/** What an adapter offers: a place to send commands and a listener for its events. */
export interface TelephonyPort {
  /** Shown wherever calls are listed, e.g. "simulazione" for the simulated switch. */
  readonly label: string;
  connect(listener: (event: SwitchEvent) => void): void;
  execute(command: TelephonyCommand): void;
}

/**
 * Time and deferred work for adapters and drivers: virtual (a discrete-event list) or wall-clock
 * (setTimeout). Times are epoch milliseconds. Actions scheduled for the same time run in order.
 */
export interface Scheduler {
  now(): number;
  at(time: number, action: () => void): void;
}
