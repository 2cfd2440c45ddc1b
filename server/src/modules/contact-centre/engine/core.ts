import type { Prompt, Random, TelephonyCommand } from '../../telephony/index.ts';
import type { ResolvedConfig } from './config.ts';
import type { AgentState, ContactEvent, ContactEventSink } from './events.ts';
import type { IvrFlow } from './ivr.ts';
import type { LineRuntime } from './lines.ts';
import type { Agent, AgentPool, Call, EntryOwner, QueueRuntime, WaitingEntry } from './state.ts';
import { type Timer, TimerQueue } from './timers.ts';

// What the parts of the engine ask of one another through the core. Declared here, below the parts, so
// that no part imports another's file to call it back: engine.ts plugs the implementations in
// (agents.ts, routing.ts, callbacks.ts, survey.ts) and keeps their full types for itself.

/** The agent registry (agents.ts). */
export interface AgentStates {
  readonly byId: ReadonlyMap<string, Agent>;
  setState(agent: Agent, to: AgentState, reason: string | null, callId: string | null): void;
  bestIdle(pools: readonly AgentPool[]): Agent | undefined;
}

/** Routing of waiting entries to idle agents (routing.ts). */
export interface Routing {
  add(entry: WaitingEntry): void;
  withdraw(entry: WaitingEntry): boolean;
  serveEntry(entry: WaitingEntry): boolean;
  serveAgent(agent: Agent): boolean;
  rebalance(): void;
  cancelOffer(agent: Agent): void;
}

/** Callback requests and the channels their outbound legs hold (callbacks.ts). */
export interface Callbacks {
  requestInQueue(call: Call, number: string): void;
  requestAfterOpening(call: Call, number: string): void;
  releaseChannel(line: LineRuntime): void;
}

/**
 * The engine asks its driver to make every event emitted so far durable (principle: events in, commands
 * out). The driver answers with `{ type: 'persisted', ref }` once they are stored, or
 * `{ type: 'persist-failed', ref }`; a driver without storage (the simulator) answers at once.
 */
export interface PersistCommand {
  type: 'persist';
  /** What waits on it: `callback:<callbackId>` (a request to confirm) or `dial:<legId>` (an attempt). */
  ref: string;
}

/**
 * OB-4: a request to the booking system for a caller in the self-service cancellation. The driver
 * answers with a `self-service.answer` input for the call; a driver without a booking system (the
 * simulator) answers `unavailable` at once.
 */
export interface SelfServiceCommand {
  type: 'self-service';
  callId: string;
  request: SelfServiceRequest;
}

export type SelfServiceRequest =
  | { kind: 'find'; keypad: string; birthDate: string }
  | { kind: 'cancel'; ref: string }
  /**
   * OB-3: the answer given to the virtual operator, for the booking `ref` the call was placed for; the
   * call was a recall or (OB-7) a reminder.
   */
  | { kind: 'recall'; ref: string; choice: 'confirm' | 'cancel'; purpose: 'recall' | 'reminder' };

export type SelfServiceAnswer =
  /** What to read back: "<service> on <day> at <time> in <facility>"; `ref` names it for the cancel. */
  | { kind: 'found'; ref: string; description: string }
  | { kind: 'not-found' }
  | { kind: 'cancelled'; number: string }
  /** The recall's choice carried out: confirmed, or cancelled with its number. */
  | { kind: 'confirmed' }
  | { kind: 'unavailable' };

/** What the engine gives its driver: commands for the switch, and requests for durable writes. */
export type EngineCommand = TelephonyCommand | PersistCommand | SelfServiceCommand;

/** Post-call surveys (survey.ts). */
export interface Surveys {
  consider(call: Call, agent: Agent): void;
}

/**
 * The engine's state and the few primitives every part uses: the current time (set once per input),
 * the commands produced for the switch, events, timers and the seeded random source. The parts of the
 * engine (calls, routing, callbacks, surveys) are functions and small classes over this one object.
 */
export class EngineCore {
  now = 0;
  commands: EngineCommand[] = [];
  readonly timers = new TimerQueue();
  readonly lines = new Map<string, LineRuntime>();
  readonly flows = new Map<string, IvrFlow>();
  readonly queues = new Map<string, QueueRuntime>();
  readonly calls = new Map<string, Call>();
  agents!: AgentStates;
  router!: Routing;
  callbacks!: Callbacks;
  surveys!: Surveys;
  callEntries!: EntryOwner;
  private seq = 0;

  constructor(
    readonly config: ResolvedConfig,
    readonly sink: ContactEventSink,
    readonly random: Random,
  ) {}

  emit(event: ContactEvent): void {
    this.sink.emit(event);
  }

  command(command: TelephonyCommand): void {
    this.commands.push(command);
  }

  /** Asks the driver to store every event emitted so far; the answer comes back as an input for `ref`. */
  persist(ref: string): void {
    this.commands.push({ type: 'persist', ref });
  }

  selfService(callId: string, request: SelfServiceRequest): void {
    this.commands.push({ type: 'self-service', callId, request });
  }

  play(callId: string, prompt: Prompt): void {
    this.commands.push({ type: 'play', callId, prompt });
  }

  after(seconds: number, fire: () => void): Timer {
    return this.timers.set(this.now + Math.round(seconds * 1000), fire);
  }

  /** Place-in-line numbers: strictly increasing, so FIFO order is the order of these. */
  nextSeq(): number {
    return ++this.seq;
  }
}
