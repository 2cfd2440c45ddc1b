import type { Scheduler, TelephonyCommand, TelephonyPort } from '../../telephony/index.ts';
import type { ContactCentreEngine, EngineInput } from './engine.ts';

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
    let commands: TelephonyCommand[];
    try {
      commands = this.engine.handle(input);
    } catch (error) {
      this.execute(this.engine.drainCommands());
      throw error;
    }
    this.execute(commands);
  }

  private execute(commands: TelephonyCommand[]): void {
    for (const command of commands) this.port.execute(command);
    this.arm();
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
