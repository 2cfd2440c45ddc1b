import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { bundledWorker } from '../../../platform/worker-bundle.ts';
import type { Replication, ReplicationInput } from './replication.ts';
import type { StretchInput, StretchResult } from './stretch.ts';

/** What a worker is sent: one replication of a what-if, or one stretch of a long run. */
export type PoolJob = { input: ReplicationInput; seed: number } | { stretch: StretchInput };

/** Progress of a task: its fraction done, and for a stretch the calls simulated so far. */
type Progress = { onProgress?: (fraction: number, calls?: number) => void };

type FromWorker =
  | { type: 'ready' }
  | { type: 'progress'; id: number; fraction: number; calls?: number }
  | { type: 'failed'; id: number; message: string }
  | { type: 'done'; id: number; result: unknown };

interface Pending extends Progress {
  job: PoolJob;
  id: number;
  resolve: (r: unknown) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  task: Pending | null;
  idleTimer: NodeJS.Timeout | null;
}

const stopped = () => new Error('simulation worker stopped');

/**
 * The simulation's worker threads (a what-if's replications, a long run's stretches), shared by the whole
 * process and kept warm between runs.
 * A worker costs about half a second to start and its first replication half as much again (its JIT is
 * cold), so a planner trying one staffing after another would pay that every time; and two planners
 * at once would each start their own, more threads than cores. Here at most `size` workers run, tasks
 * wait their turn in order, and a worker left idle for `idleMs` is stopped (its memory given back).
 * An idle worker does not keep the process alive (a CLI run ends when its what-if does).
 */
export class ReplicationPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private startedCount = 0;
  private entryUrl: Promise<URL> | null = null;

  constructor(
    private readonly entry: () => Promise<URL>,
    readonly size: number,
    private readonly idleMs: number,
    /** Each worker's young generation (V8's default when absent): see SIMULATION_YOUNG_GENERATION_MB. */
    readonly youngGenerationMb?: number,
  ) {}

  /** Workers started since the pool was made (a warm pool starts none for the next what-if). */
  get started(): number {
    return this.startedCount;
  }

  /** Workers alive now, busy or idle. */
  get workers(): number {
    return this.slots.size;
  }

  run(task: { input: ReplicationInput; seed: number } & Progress): Promise<Replication>;
  run(task: { stretch: StretchInput } & Progress): Promise<StretchResult>;
  run({ onProgress, ...job }: PoolJob & Progress): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job, ...(onProgress ? { onProgress } : {}), id: this.nextId++, resolve, reject });
      this.kick();
    });
  }

  /** Stops every worker; tasks waiting or running fail. */
  async close(): Promise<void> {
    for (const t of this.queue.splice(0)) t.reject(stopped());
    await Promise.all([...this.slots].map((s) => this.stop(s, stopped())));
  }

  private kick(): void {
    this.pump().catch((e: Error) => {
      for (const t of this.queue.splice(0)) t.reject(e);
    });
  }

  private async pump(): Promise<void> {
    this.entryUrl ??= this.entry();
    const entry = await this.entryUrl;
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.ready && !slot.task) this.give(slot, this.queue.shift()!);
    }
    const starting = [...this.slots].filter((s) => !s.ready).length;
    const wanted = Math.min(this.queue.length - starting, this.size - this.slots.size);
    for (let i = 0; i < wanted; i++) this.start(entry);
  }

  private start(entry: URL): void {
    const limits = this.youngGenerationMb ? { maxYoungGenerationSizeMb: this.youngGenerationMb } : {};
    const worker = new Worker(entry, { resourceLimits: limits });
    const slot: Slot = { worker, ready: false, task: null, idleTimer: null };
    this.startedCount++;
    this.slots.add(slot);
    slot.worker.on('message', (m: FromWorker) => this.onMessage(slot, m));
    slot.worker.on('error', (e) => void this.stop(slot, e));
    slot.worker.on(
      'exit',
      (code) => void this.stop(slot, new Error(`simulation worker stopped (exit code ${code})`)),
    );
  }

  private onMessage(slot: Slot, m: FromWorker): void {
    if (m.type === 'ready') {
      slot.ready = true;
      this.idle(slot);
      return;
    }
    const task = slot.task;
    if (!task || task.id !== m.id) return;
    if (m.type === 'progress') {
      task.onProgress?.(m.fraction, m.calls);
      return;
    }
    slot.task = null;
    if (m.type === 'failed') task.reject(new Error(m.message));
    else task.resolve(m.result);
    this.idle(slot);
  }

  /** A free worker takes the next task, or waits `idleMs` for one before it stops. */
  private idle(slot: Slot): void {
    const next = this.queue.shift();
    if (next) {
      this.give(slot, next);
      return;
    }
    slot.worker.unref();
    slot.idleTimer = setTimeout(() => void this.stop(slot, null), this.idleMs);
    slot.idleTimer.unref();
  }

  private give(slot: Slot, task: Pending): void {
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    slot.task = task;
    // A worker at work keeps the process alive until its answer is in.
    slot.worker.ref();
    slot.worker.postMessage({ id: task.id, ...task.job });
  }

  private async stop(slot: Slot, error: Error | null): Promise<void> {
    if (!this.slots.delete(slot)) return;
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    if (slot.task) slot.task.reject(error ?? stopped());
    slot.task = null;
    await slot.worker.terminate();
    if (this.queue.length === 0) return;
    // A worker that could not even start would fail again: the waiting tasks fail with it.
    if (!slot.ready) for (const t of this.queue.splice(0)) t.reject(error ?? stopped());
    // Else the tasks still waiting get a new worker.
    else this.kick();
  }
}

/** Idle workers are stopped after this (a planner's next try usually comes sooner). */
const WORKER_IDLE_MS = 2 * 60_000;

/**
 * A simulation allocates about 10 KB a call, nearly all of it dead within simulated minutes. With V8's
 * default young generation (48 MB) a worker collected it every few hundred calls and garbage collection
 * took about a fifth of its time. Measured 2026-12-06 on two cores, alternating runs of the same code
 * (docs/performance.md): with warm workers a year in months 3.95–4.4 s against 5.3–5.7 s with the
 * default, and 4.9–5.6 s against 6.4–6.9 s in a busier spell (CPU −20 %); the next what-if (a month, 10
 * replications) 3.4–3.6 s against 3.9–4.7 s; 128 MB gave about half of that, 384 MB no more. The
 * costs: memory while the workers live (the process's resident size about 950 MB against 530 MB) and a
 * process's first run, when that memory is first touched (the first what-if 6.9 s against 6.1 s).
 */
export const SIMULATION_YOUNG_GENERATION_MB = 256;

const WORKER = new URL('./replication-worker.ts', import.meta.url);
const WORKER_THROUGH_TSX = new URL('./replication-worker.mjs', import.meta.url);

let shared: ReplicationPool | null = null;

/** The process's simulation workers, one per core (made on first use). */
export function replicationPool(): ReplicationPool {
  shared ??= new ReplicationPool(
    async () => (await bundledWorker(WORKER)) ?? WORKER_THROUGH_TSX,
    availableParallelism(),
    WORKER_IDLE_MS,
    SIMULATION_YOUNG_GENERATION_MB,
  );
  return shared;
}
