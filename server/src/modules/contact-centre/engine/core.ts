import type { Prompt, Random, TelephonyCommand } from '../../telephony/index.ts';
import type { AgentRegistry } from './agents.ts';
import type { CallbackDesk } from './callbacks.ts';
import type { Call } from './calls.ts';
import type { ResolvedConfig } from './config.ts';
import type { ContactEvent, ContactEventSink } from './events.ts';
import type { IvrFlow } from './ivr.ts';
import type { LineRuntime } from './lines.ts';
import type { EntryOwner, QueueRuntime } from './queues.ts';
import type { Router } from './routing.ts';
import type { SurveyDesk } from './survey.ts';
import { type Timer, TimerQueue } from './timers.ts';

/**
 * The engine's state and the few primitives every part uses: the current time (set once per input),
 * the commands produced for the switch, events, timers and the seeded random source. The parts of the
 * engine (calls, routing, callbacks, surveys) are functions and small classes over this one object.
 */
export class EngineCore {
  now = 0;
  commands: TelephonyCommand[] = [];
  readonly timers = new TimerQueue();
  readonly lines = new Map<string, LineRuntime>();
  readonly flows = new Map<string, IvrFlow>();
  readonly queues = new Map<string, QueueRuntime>();
  readonly calls = new Map<string, Call>();
  agents!: AgentRegistry;
  router!: Router;
  callbacks!: CallbackDesk;
  surveys!: SurveyDesk;
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
