import type {
  OutboundTag,
  Prompt,
  Scheduler,
  SwitchEvent,
  TelephonyCommand,
  TelephonyPort,
} from '../port/telephony.port.ts';
import type { Random } from './random.ts';

/** A simulated call as the caller model sees it. */
export interface SimulatedCall {
  readonly id: string;
  readonly callerId: string;
  readonly dialledNumber: string;
  readonly direction: 'inbound' | 'outbound';
  /** For outbound calls, what the engine dialled for. */
  readonly tag: OutboundTag | null;
  /** 0 for a first attempt, 1 for the first redial, … */
  readonly redials: number;
}

/** A key press (or a typed number) the caller makes after a delay. */
export interface KeyPress {
  digits: string;
  afterSeconds: number;
}

/** Why a caller may call again. */
export type RedialReason = 'abandoned' | 'busy';

/**
 * How simulated people behave. The contact-centre simulator builds one from a scenario; tests build
 * tiny ones. Every decision draws from the switch's seeded random source, so runs are reproducible.
 */
export interface CallerBehaviour {
  /** Seconds a caller waits on hold before hanging up; Infinity for a caller who never gives up. */
  patienceSeconds(call: SimulatedCall, random: Random): number;
  /** The caller's answer to a prompt that collects digits; null for no input at all. */
  respond(call: SimulatedCall, prompt: Prompt, random: Random): KeyPress | null;
  /** Seconds before calling again, or null for a caller who does not call back. */
  redialAfterSeconds(call: SimulatedCall, reason: RedialReason, random: Random): number | null;
  /** Whether an outbound call (callback, survey) is picked up, and after how long it rings. */
  answerOutbound(call: SimulatedCall, random: Random): { answered: boolean; afterSeconds: number };
}

/** Where inbound calls come from: the first arrival strictly after `after` (epoch ms), or null. */
export interface ArrivalSource {
  next(after: number): { at: number; dialledNumber: string; callerId?: string } | null;
}

interface LiveCall extends SimulatedCall {
  state: 'ringing' | 'connected' | 'bridged';
  /** Bumped whenever pending caller actions must be forgotten (bridge, hang-up). */
  generation: number;
  holdStarted: boolean;
}

/**
 * The simulated switch ("simulazione"): plays the callers. It generates inbound calls from an arrival
 * source, abandons after the caller's patience once on hold, presses keys in menus, accepts or ignores
 * callback offers, answers callbacks and surveys, and redials after abandoning or meeting busy.
 * It runs on any Scheduler: a virtual event list for simulations, timers for live demonstrations.
 */
export class SimulatedSwitch implements TelephonyPort {
  readonly label = 'simulazione';
  private readonly calls = new Map<string, LiveCall>();
  private listener: ((event: SwitchEvent) => void) | null = null;
  private counter = 0;
  private callerCounter = 0;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly behaviour: CallerBehaviour,
    private readonly random: Random,
    private readonly idPrefix = 'sim',
  ) {}

  connect(listener: (event: SwitchEvent) => void): void {
    this.listener = listener;
  }

  /** Calls in progress on the switch (inbound and outbound). */
  get activeCalls(): number {
    return this.calls.size;
  }

  /** Generates arrivals from `source` until `until` (epoch ms, exclusive). */
  startTraffic(source: ArrivalSource, until: number): void {
    const scheduleNext = (after: number) => {
      const next = source.next(after);
      if (!next || next.at >= until) return;
      this.scheduler.at(next.at, () => {
        this.offerCall({ dialledNumber: next.dialledNumber, callerId: next.callerId });
        scheduleNext(next.at);
      });
    };
    scheduleNext(this.scheduler.now());
  }

  /** A caller dials now; returns the new call's id. Used by traffic and to inject a call by hand. */
  offerCall(input: { dialledNumber: string; callerId?: string | undefined; redials?: number }): string {
    const id = `${this.idPrefix}-${++this.counter}`;
    const call: LiveCall = {
      id,
      callerId: input.callerId ?? this.newCallerId(),
      dialledNumber: input.dialledNumber,
      direction: 'inbound',
      tag: null,
      redials: input.redials ?? 0,
      state: 'ringing',
      generation: 0,
      holdStarted: false,
    };
    this.calls.set(id, call);
    this.emit({
      type: 'call-offered',
      callId: id,
      callerId: call.callerId,
      dialledNumber: call.dialledNumber,
    });
    return id;
  }

  execute(command: TelephonyCommand): void {
    if (command.type === 'originate') {
      this.originate(command.callId, command.to, command.from, command.tag);
      return;
    }
    const call = this.calls.get(command.callId);
    if (!call) return;
    switch (command.type) {
      case 'answer':
        call.state = 'connected';
        return;
      case 'play':
        if (command.prompt.input && call.state !== 'bridged') this.respond(call, command.prompt);
        return;
      case 'hold':
        this.startPatience(call);
        return;
      case 'bridge':
        call.state = 'bridged';
        call.generation++;
        return;
      case 'transfer':
        // Our leg ends once the outside party takes the call.
        call.generation++;
        this.later(0, () => this.remoteHangUp(call, call.generation, null));
        return;
      case 'hang-up':
        this.calls.delete(call.id);
        call.generation++;
        if (command.cause === 'busy') this.maybeRedial(call, 'busy');
        return;
    }
  }

  private originate(callId: string, to: string, from: string, tag: OutboundTag): void {
    const call: LiveCall = {
      id: callId,
      callerId: to,
      dialledNumber: from,
      direction: 'outbound',
      tag,
      redials: 0,
      state: 'ringing',
      generation: 0,
      holdStarted: true,
    };
    this.calls.set(callId, call);
    const { answered, afterSeconds } = this.behaviour.answerOutbound(call, this.random);
    const generation = call.generation;
    this.later(afterSeconds, () => {
      if (this.calls.get(callId) !== call || call.generation !== generation) return;
      if (answered) {
        call.state = 'connected';
        this.emit({ type: 'outbound-answered', callId });
      } else {
        this.calls.delete(callId);
        this.emit({ type: 'outbound-failed', callId, reason: 'no-answer' });
      }
    });
  }

  private respond(call: LiveCall, prompt: Prompt): void {
    const press = this.behaviour.respond(call, prompt, this.random);
    if (!press) return;
    const generation = call.generation;
    this.later(press.afterSeconds, () => {
      if (this.calls.get(call.id) !== call || call.generation !== generation) return;
      this.emit({ type: 'digits', callId: call.id, digits: press.digits });
    });
  }

  /** Patience runs from the first hold: a call put back in the queue keeps its caller's deadline. */
  private startPatience(call: LiveCall): void {
    if (call.holdStarted) return;
    call.holdStarted = true;
    const patience = this.behaviour.patienceSeconds(call, this.random);
    if (!Number.isFinite(patience)) return;
    const generation = call.generation;
    this.later(patience, () => this.remoteHangUp(call, generation, 'abandoned'));
  }

  private remoteHangUp(call: LiveCall, generation: number, redial: 'abandoned' | null): void {
    if (this.calls.get(call.id) !== call || call.generation !== generation) return;
    this.calls.delete(call.id);
    this.emit({ type: 'hang-up', callId: call.id });
    if (redial) this.maybeRedial(call, redial);
  }

  private maybeRedial(call: LiveCall, reason: 'abandoned' | 'busy'): void {
    if (call.direction !== 'inbound') return;
    const after = this.behaviour.redialAfterSeconds(call, reason, this.random);
    if (after === null) return;
    this.later(after, () =>
      this.offerCall({
        dialledNumber: call.dialledNumber,
        callerId: call.callerId,
        redials: call.redials + 1,
      }),
    );
  }

  private newCallerId(): string {
    // Italian mobile-looking numbers, unique per run: '3' + 9 digits.
    return `3${String(100_000_000 + ++this.callerCounter).slice(-9)}`;
  }

  private later(seconds: number, action: () => void): void {
    this.scheduler.at(this.scheduler.now() + Math.max(0, Math.round(seconds * 1000)), action);
  }

  private emit(event: SwitchEvent): void {
    this.listener?.(event);
  }
}
