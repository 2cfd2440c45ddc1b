import type { Scheduler, TelephonyPort } from '../../telephony/index.ts';
import type { EngineCommand, SelfServiceAnswer, SelfServiceRequest } from './core.ts';
import type { ContactCentreEngine, EngineInput } from './engine.ts';

/** Where the events the engine emitted so far are made durable (the live centre's event writer). */
export interface DurableStore {
  /** Resolves once every event emitted so far is stored; rejects when they could not be. */
  persist(): Promise<void>;
}

/** OB-4: the booking system as the self-service cancellation sees it (the live centre's). */
export interface SelfServicePort {
  handle(request: SelfServiceRequest): Promise<SelfServiceAnswer>;
}

/**
 * Drives the engine with a switch and a scheduler: switch events and agent actions go in, commands go to
 * the switch, and a tick is scheduled for the engine's next timer. The same runtime serves the virtual
 * clock of the simulator and the wall clock of live operation; only the Scheduler differs.
 */
export class ContactCentreRuntime {
  private readonly backlog: EngineInput[] = [];
  private busy = false;
  private armedAt = Number.POSITIVE_INFINITY;

  constructor(
    readonly engine: ContactCentreEngine,
    readonly port: TelephonyPort,
    readonly scheduler: Scheduler,
    private readonly onError: (error: unknown, input: EngineInput) => void = (error) => {
      throw error;
    },
    /** Without one (the simulator), a write the engine waits on is acknowledged at once. */
    private readonly store?: DurableStore,
    /** Without one (the simulator), the self-service cancellation is unavailable: callers go to an agent. */
    private readonly selfService?: SelfServicePort,
  ) {
    port.connect((event) => this.dispatch(event));
  }

  /**
   * Hands one input to the engine and carries out its commands. Errors of a direct call (an invalid
   * agent action) are thrown to the caller; inputs arriving while the engine is busy are queued and run
   * in order right after, their errors going to `onError`.
   */
  dispatch(input: EngineInput): void {
    if (this.busy) {
      this.backlog.push(input);
      return;
    }
    this.busy = true;
    try {
      this.run(input);
    } finally {
      this.drainBacklog();
    }
  }

  private drainBacklog(): void {
    try {
      while (this.backlog.length > 0) {
        const next = this.backlog.shift()!;
        try {
          this.run(next);
        } catch (error) {
          this.onError(error, next);
        }
      }
    } finally {
      this.busy = false;
    }
  }

  private run(input: EngineInput): void {
    let commands: readonly EngineCommand[];
    try {
      commands = this.engine.handle(input);
    } catch (error) {
      this.execute(this.engine.drainCommands());
      throw error;
    }
    this.execute(commands);
  }

  private execute(commands: readonly EngineCommand[]): void {
    // Made only when needed: most inputs give neither (this runs for every input of a simulation).
    let stored: string[] | null = null;
    let unavailable: string[] | null = null;
    for (const command of commands) {
      if (command.type === 'self-service') {
        if (this.selfService) this.askSelfService(command.callId, command.request, this.selfService);
        else {
          unavailable ??= [];
          unavailable.push(command.callId);
        }
      } else if (command.type !== 'persist') this.port.execute(command);
      else if (!this.store) {
        stored ??= [];
        stored.push(command.ref);
      } else this.persist(command.ref, this.store);
    }
    if (unavailable)
      for (const callId of unavailable)
        this.run({ type: 'self-service.answer', callId, answer: { kind: 'unavailable' } });
    // Without storage, answered now, before the next timer is armed: the same as if no write was asked.
    if (stored) for (const ref of stored) this.run({ type: 'persisted', ref });
    this.arm();
  }

  private askSelfService(callId: string, request: SelfServiceRequest, port: SelfServicePort): void {
    port.handle(request).then(
      (answer) => this.dispatch({ type: 'self-service.answer', callId, answer }),
      () => this.dispatch({ type: 'self-service.answer', callId, answer: { kind: 'unavailable' } }),
    );
  }

  private persist(ref: string, store: DurableStore): void {
    store.persist().then(
      () => this.dispatch({ type: 'persisted', ref }),
      () => this.dispatch({ type: 'persist-failed', ref }),
    );
  }

  private arm(): void {
    const next = this.engine.nextTimerAt();
    if (next === null || next >= this.armedAt) return;
    this.armedAt = next;
    this.scheduler.at(next, () => {
      if (this.armedAt === next) this.armedAt = Number.POSITIVE_INFINITY;
      this.dispatch({ type: 'tick' });
    });
  }
}
