import type { Db } from '../../platform/db.ts';
import type { Logger } from '../../platform/logger.ts';
import { INSERT_CHUNK, insertContactEvents, type NewContactEvent } from './contact-centre.repository.ts';
import type { ContactEvent } from './engine/events.ts';

/** An event the service itself records next to the engine's (e.g. 'centre.started'). */
export interface ServiceEvent {
  type: `centre.${string}`;
  at: number;
  [key: string]: unknown;
}

const text = (e: Record<string, unknown>, key: string): string | null => {
  const v = e[key];
  return typeof v === 'string' ? v : null;
};

/**
 * The columns an event is indexed by. `call_id` is the call the event is about: the inbound call for call
 * and survey events and for callback.requested; the callback id for the other callback events; the leg id
 * for outbound.ended. The whole event is kept in `payload`.
 */
export function toStoredEvent(event: ContactEvent | ServiceEvent, source: string): NewContactEvent {
  const e = event as unknown as Record<string, unknown>;
  return {
    at: new Date(event.at),
    type: event.type,
    source,
    callId: text(e, 'callId') ?? text(e, 'callbackId') ?? text(e, 'legId'),
    line: text(e, 'line'),
    queueId: text(e, 'queueId') ?? text(e, 'toQueueId'),
    agentId: text(e, 'agentId'),
    payload: e,
  };
}

/**
 * Events written at once instead of at the next tick: a callback the caller has just been promised
 * (CC-3), so that a crash right after loses as little as one insert's time of it.
 */
const WRITE_AT_ONCE: ReadonlySet<string> = new Set(['callback.requested']);

/**
 * Writes contact events to the database in batches: the engine's sink only appends to a buffer (the
 * engine never waits for the database), and a flush every `everyMs` inserts what is there, in order;
 * a callback request starts a flush at once. Flushes never overlap, so the table's ids follow the order
 * of emission. A failed insert keeps its events at the head of the buffer for the next flush; `stop()`
 * flushes what is left.
 */
export class ContactEventWriter {
  private buffer: NewContactEvent[] = [];
  private chain: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setInterval> | null = null;
  private failures = 0;
  written = 0;

  constructor(
    private readonly db: Db,
    private readonly source: string,
    private readonly log: Logger,
    private readonly everyMs = 200,
  ) {}

  /** Events waiting to be written. */
  get pending(): number {
    return this.buffer.length;
  }

  push(event: ContactEvent | ServiceEvent): void {
    this.buffer.push(toStoredEvent(event, this.source));
    if (WRITE_AT_ONCE.has(event.type)) {
      this.flush().catch(() => {
        // Logged in write(); the events stay buffered for the next flush.
      });
    }
  }

  /** Resolves when the writes started so far are over (written or failed); starts none. */
  settled(): Promise<void> {
    return this.chain.catch(() => {});
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.buffer.length === 0) return;
      this.flush().catch(() => {
        // Logged in write(); the events stay buffered for the next tick.
      });
    }, this.everyMs);
    this.timer.unref();
  }

  /** Writes everything buffered so far; resolves once it is in the database. */
  flush(): Promise<void> {
    const next = this.chain.catch(() => {}).then(() => this.write());
    this.chain = next;
    return next;
  }

  /** Stops the timer and writes what is left (retrying a failed write a few times). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.flush();
        return;
      } catch (error) {
        if (attempt >= 3) {
          this.log.error(
            { err: error, lost: this.buffer.length },
            'contact events could not be written at shutdown',
          );
          throw error;
        }
      }
    }
  }

  private async write(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer;
      this.buffer = [];
      try {
        // One transaction when the batch takes several INSERTs, so a retry never writes a part twice.
        if (batch.length > INSERT_CHUNK) {
          await this.db.transaction().execute((tx) => insertContactEvents(tx, batch));
        } else {
          await insertContactEvents(this.db, batch);
        }
        this.written += batch.length;
        if (this.failures > 0) this.log.info({ failures: this.failures }, 'contact events written again');
        this.failures = 0;
      } catch (error) {
        // Back at the head, before anything emitted meanwhile: order is kept.
        this.buffer = [...batch, ...this.buffer];
        if (this.failures++ % 50 === 0) {
          this.log.error({ err: error, pending: this.buffer.length }, 'contact events not written; retrying');
        }
        throw error;
      }
    }
  }
}
