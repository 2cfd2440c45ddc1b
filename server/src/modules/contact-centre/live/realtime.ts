import {
  type ArrivalSource,
  type CallerBehaviour,
  type Scheduler,
  SeededRandom,
  SimulatedSwitch,
} from '../../telephony/index.ts';
import type { ContactCentreConfig } from '../engine/config.ts';
import {
  type AgentAction,
  ContactCentreEngine,
  type EngineClock,
  type EngineSnapshot,
} from '../engine/engine.ts';
import { type ContactEvent, ContactEventHub } from '../engine/events.ts';
import { ContactCentreRuntime } from '../engine/runtime.ts';

/** Wall-clock scheduling with setTimeout; `stop()` cancels everything still pending. */
export class WallClockScheduler implements Scheduler {
  private readonly pending = new Set<ReturnType<typeof setTimeout>>();

  now(): number {
    return Date.now();
  }

  at(time: number, action: () => void): void {
    const handle = setTimeout(
      () => {
        this.pending.delete(handle);
        action();
      },
      Math.max(0, time - Date.now()),
    );
    this.pending.add(handle);
  }

  stop(): void {
    for (const handle of this.pending) clearTimeout(handle);
    this.pending.clear();
  }
}

export interface RealtimeOptions {
  config: ContactCentreConfig;
  /** How simulated callers behave (patience, keys, callbacks, surveys). */
  behaviour: CallerBehaviour;
  seed: number;
  onError?: (error: unknown) => void;
}

/**
 * The engine in real time (live demonstrations and training): the simulated switch places calls on the
 * wall clock while people work in the console. A REST / WebSocket layer calls `act` for agent actions,
 * `injectCall` to place a call by hand, `subscribe` for events and `snapshot` for the wallboard.
 */
export class RealtimeDriver {
  readonly hub = new ContactEventHub();
  readonly engine: ContactCentreEngine;
  readonly phone: SimulatedSwitch;
  private readonly scheduler = new WallClockScheduler();
  private readonly runtime: ContactCentreRuntime;

  constructor(options: RealtimeOptions) {
    const clock: EngineClock = {
      now: () => new Date(this.scheduler.now()),
      nowMs: () => this.scheduler.now(),
    };
    this.engine = new ContactCentreEngine({
      config: options.config,
      clock,
      random: new SeededRandom(options.seed, 1),
      sink: this.hub,
    });
    this.phone = new SimulatedSwitch(
      this.scheduler,
      options.behaviour,
      new SeededRandom(options.seed, 2),
      'live',
    );
    this.runtime = new ContactCentreRuntime(this.engine, this.phone, this.scheduler, (error) =>
      (options.onError ?? (() => {}))(error),
    );
  }

  /** Calls from an arrival source until `until` (epoch ms). */
  startTraffic(source: ArrivalSource, until: number): void {
    this.phone.startTraffic(source, until);
  }

  /** Places one simulated call now; returns its id. */
  injectCall(input: { dialledNumber: string; callerId?: string }): string {
    return this.phone.offerCall(input);
  }

  /** An agent's action; throws AppError (404/409/422) when it is not possible now. */
  act(action: AgentAction): void {
    this.runtime.dispatch(action);
  }

  subscribe(listener: (event: ContactEvent) => void): () => void {
    return this.hub.subscribe(listener);
  }

  snapshot(): EngineSnapshot {
    return this.engine.snapshot();
  }

  stop(): void {
    this.scheduler.stop();
  }
}
