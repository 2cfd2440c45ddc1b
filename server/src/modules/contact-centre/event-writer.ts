import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import type { Db } from '../../platform/db.ts';
import type { Logger } from '../../platform/logger.ts';
import { INSERT_CHUNK, insertContactEvents, type NewContactEvent } from './contact-centre.repository.ts';
import type { ContactEvent } from './engine/events.ts';
import type { StorageHealth } from './live/live-centre.ts';

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
export function toStoredEvent(
  event: ContactEvent | ServiceEvent,
  source: string,
  eventKey: string | null = null,
): NewContactEvent {
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
    eventKey,
  };
}

/**
 * Events written at once instead of at the next tick: an answered callback, so that a restart never
 * takes back one already answered (the engine itself waits for the store of a request and an attempt).
 */
const WRITE_AT_ONCE: ReadonlySet<string> = new Set(['callback.answered']);

/** How the writer stands (reported on /health and the wallboard). */
export type WriterHealth = StorageHealth;

export interface WriterOptions {
  /** How often buffered events are written (ms). */
  everyMs?: number;
  /** Events kept in memory while the database is unreachable; beyond it they go to the spill file. */
  maxBuffered?: number;
  /** The spill file (in DATA_DIR); without one, events past the bound stay in memory and health is failing. */
  spillPath?: string | null;
  /** Prefix of every event key (the run id): keys never repeat across runs. */
  keyPrefix?: string;
  /** The wall clock for `since` (only reported, never used in rules). */
  now?: () => number;
}

/**
 * Writes contact events to the database in emission order: the engine's sink only appends to a buffer
 * (the engine never waits for the database); a flush every `everyMs` inserts what is there. Flushes never
 * overlap, so ids follow emission order, and every event carries a unique key, so a batch written again
 * is stored once. `persist()` is what the engine's durable writes (a callback request, a dial attempt)
 * and the console's actions wait on: it resolves once every event so far is in the database or, when the
 * database is unreachable, appended and fsync'ed to the spill file in DATA_DIR. While the database is
 * down, memory holds at most `maxBuffered` events, the rest go to the file; when it is back, the file is
 * replayed (before anything newer) and removed. A file left by a crash is replayed by `recover()` at the
 * next start, before anything else reads contact_event.
 */
export class ContactEventWriter {
  private buffer: NewContactEvent[] = [];
  private chain: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setInterval> | null = null;
  private failures = 0;
  private failingSince: number | null = null;
  private spillFailed = false;
  private spilled = 0;
  private seq = 0;
  private readonly everyMs: number;
  private readonly maxBuffered: number;
  private readonly spillPath: string | null;
  private readonly keyPrefix: string;
  private readonly now: () => number;
  written = 0;

  constructor(
    private readonly db: Db,
    private readonly source: string,
    private readonly log: Logger,
    options: WriterOptions = {},
  ) {
    this.everyMs = options.everyMs ?? 200;
    this.maxBuffered = options.maxBuffered ?? 10_000;
    this.spillPath = options.spillPath ?? null;
    this.keyPrefix = options.keyPrefix ?? `${Date.now().toString(36)}`;
    this.now = options.now ?? Date.now;
  }

  /** Events waiting to be written (in memory and in the spill file). */
  get pending(): number {
    return this.buffer.length + this.spilled;
  }

  health(): WriterHealth {
    const down = this.failingSince !== null || this.spilled > 0;
    return {
      state: this.spillFailed ? 'failing' : down ? 'degraded' : 'ok',
      buffered: this.buffer.length,
      spilled: this.spilled,
      since: this.failingSince,
    };
  }

  push(event: ContactEvent | ServiceEvent): void {
    this.buffer.push(toStoredEvent(event, this.source, `${this.keyPrefix}:${++this.seq}`));
    // The bound: while the database is down, what exceeds it goes to disk at once.
    if (this.failingSince !== null && this.buffer.length >= this.maxBuffered) this.trySpill();
    if (WRITE_AT_ONCE.has(event.type)) {
      this.flush().catch(() => {
        // Logged in write(); the events stay buffered (or spilled) for the next flush.
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
      if (this.pending === 0) return;
      this.flush().catch(() => {
        // Logged in write(); the events stay buffered for the next tick.
      });
    }, this.everyMs);
    this.timer.unref();
  }

  /** Writes everything buffered (and spilled) so far to the database; resolves once it is there. */
  flush(): Promise<void> {
    const next = this.chain.catch(() => {}).then(() => this.write());
    this.chain = next;
    return next;
  }

  /**
   * Makes every event so far durable: in the database, or (database unreachable) in the spill file.
   * Rejects only when neither takes them.
   */
  persist(): Promise<void> {
    const next = this.chain
      .catch(() => {})
      .then(async () => {
        try {
          await this.write();
        } catch (error) {
          if (!this.spillPath || !this.trySpill()) throw error;
        }
      });
    this.chain = next;
    return next;
  }

  /** Replays a spill file left by an earlier run into the database, then removes it. */
  async recover(): Promise<number> {
    const events = this.readSpill();
    if (events.length === 0) return 0;
    this.spilled = events.length;
    await this.flush();
    this.log.warn({ events: events.length }, 'contact events spilled to disk by an earlier run written');
    return events.length;
  }

  /** Stops the timer and writes what is left (retrying a few times, then keeping it on disk). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.flush();
        return;
      } catch (error) {
        if (attempt >= 3) {
          if (this.spillPath && this.trySpill()) {
            this.log.warn({ spilled: this.spilled }, 'contact events kept on disk at shutdown');
            return;
          }
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
    if (this.spilled > 0) await this.replaySpill();
    while (this.buffer.length > 0) {
      const batch = this.buffer;
      this.buffer = [];
      try {
        await this.insert(batch);
        this.written += batch.length;
        this.recovered();
      } catch (error) {
        // Back at the head, before anything emitted meanwhile: order is kept.
        this.buffer = [...batch, ...this.buffer];
        this.failed(error);
        throw error;
      }
    }
  }

  private async insert(batch: NewContactEvent[]): Promise<void> {
    // One transaction when the batch takes several INSERTs, so that a batch is all or nothing.
    if (batch.length > INSERT_CHUNK) {
      await this.db.transaction().execute((tx) => insertContactEvents(tx, batch));
    } else {
      await insertContactEvents(this.db, batch);
    }
  }

  private async replaySpill(): Promise<void> {
    const events = this.readSpill();
    try {
      // Keys make a replay that is interrupted and done again store each event once.
      if (events.length > 0) await this.db.transaction().execute((tx) => insertContactEvents(tx, events));
    } catch (error) {
      this.failed(error);
      throw error;
    }
    rmSync(this.spillPath!, { force: true });
    this.written += events.length;
    this.spilled = 0;
    this.spillFailed = false;
    this.log.info({ events: events.length }, 'contact events spilled to disk written to the database');
    this.recovered();
  }

  private readSpill(): NewContactEvent[] {
    if (!this.spillPath || !existsSync(this.spillPath) || !statSync(this.spillPath).isFile()) return [];
    const lines = readFileSync(this.spillPath, 'utf8').split('\n');
    const events: NewContactEvent[] = [];
    for (const line of lines) {
      if (line.trim() === '') continue;
      try {
        const e = JSON.parse(line) as NewContactEvent & { at: string };
        events.push({ ...e, at: new Date(e.at) });
      } catch {
        // A line cut by a crash in the middle of an append was never acknowledged: skipped.
      }
    }
    return events;
  }

  /** Appends the buffer to the spill file and fsyncs it; false (buffer kept) when the disk refuses. */
  private trySpill(): boolean {
    if (!this.spillPath) {
      this.spillFailed = this.buffer.length >= this.maxBuffered;
      return false;
    }
    if (this.buffer.length === 0) return true;
    try {
      const fd = openSync(this.spillPath, 'a');
      try {
        writeSync(fd, this.buffer.map((e) => `${JSON.stringify(e)}\n`).join(''));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      if (!this.spillFailed) this.log.error({ err: error }, 'contact events could not be spilled to disk');
      this.spillFailed = true;
      return false;
    }
    this.spilled += this.buffer.length;
    this.buffer = [];
    this.spillFailed = false;
    return true;
  }

  private failed(error: unknown): void {
    this.failingSince ??= this.now();
    if (this.failures++ % 50 === 0) {
      this.log.error({ err: error, pending: this.pending }, 'contact events not written; retrying');
    }
  }

  private recovered(): void {
    if (this.failures > 0) this.log.info({ failures: this.failures }, 'contact events written again');
    this.failures = 0;
    this.failingSince = null;
    this.spillFailed = false;
  }
}

/**
 * A simulated period's events stored as the live centre stores its own, labelled 'simulazione' (a month
 * of demo or training history for the reports). Written in chunks as the simulation runs; `done` waits
 * for the last and fails if one failed.
 */
export function storingSink(
  db: Db,
  source: string,
): { emit(e: ContactEvent): void; backpressure(): Promise<void>; done(): Promise<void> } {
  let buffer: NewContactEvent[] = [];
  let writing: Promise<void> = Promise.resolve();
  let failed: unknown = null;
  let queued = 0;
  const flush = () => {
    if (buffer.length === 0) return;
    const batch = buffer;
    buffer = [];
    queued += batch.length;
    writing = writing
      .then(() => insertContactEvents(db, batch))
      .catch((err) => {
        failed ??= err;
      })
      .finally(() => {
        queued -= batch.length;
      });
  };
  return {
    emit(e) {
      buffer.push(toStoredEvent(e, source));
      if (buffer.length >= INSERT_CHUNK * 10) flush();
    },
    /** Waits while more than a few chunks are queued, so memory stays bounded on a long run. */
    async backpressure() {
      if (queued > INSERT_CHUNK * 50) await writing;
    },
    async done() {
      flush();
      await writing;
      if (failed) throw failed;
    },
  };
}
