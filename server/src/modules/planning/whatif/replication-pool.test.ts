import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Replication, ReplicationInput } from './replication.ts';
import { ReplicationPool, replicationPool, SIMULATION_YOUNG_GENERATION_MB } from './replication-pool.ts';

/**
 * A stand-in worker speaking the replication worker's protocol, so the pool's own rules are tested on
 * their own: it answers a task with its seed after `seed` milliseconds; seed -1 makes it exit, -2 fail
 * the task. It answers with its thread and its young generation's size as the worker sees it.
 */
const WORKER = new URL(
  `data:text/javascript,${encodeURIComponent(`
import { parentPort, resourceLimits, threadId } from 'node:worker_threads';
parentPort.on('message', ({ id, seed }) => {
  if (seed === -1) process.exit(3);
  if (seed === -2) return parentPort.postMessage({ type: 'failed', id, message: 'no such line' });
  parentPort.postMessage({ type: 'progress', id, fraction: 0.5 });
  setTimeout(() => parentPort.postMessage({ type: 'done', id, result: { seed, threadId, young: resourceLimits.maxYoungGenerationSizeMb } }), seed);
});
parentPort.postMessage({ type: 'ready' });
`)}`,
);
const BROKEN = new URL(`data:text/javascript,${encodeURIComponent('throw new Error("cannot load")')}`);

const input = {} as ReplicationInput;
type Echo = Replication & { seed: number; threadId: number; young: number };

let pools: ReplicationPool[] = [];
const poolOf = (size: number, idleMs = 60_000, entry = WORKER, youngGenerationMb?: number) => {
  const pool = new ReplicationPool(async () => entry, size, idleMs, youngGenerationMb);
  pools.push(pool);
  return pool;
};
afterEach(async () => {
  await Promise.all(pools.map((p) => p.close()));
  pools = [];
});

describe('the what-if workers', () => {
  it('runs no more workers than its size, each task once, in the order given', async () => {
    const pool = poolOf(2);
    const seeds = [30, 5, 20, 1, 10];
    const done = (await Promise.all(seeds.map((seed) => pool.run({ input, seed })))) as Echo[];
    expect(done.map((r) => r.seed)).toEqual(seeds);
    // Two started at once for five tasks; which answers which depends on when each is ready.
    expect(pool.started).toBe(2);
    expect(new Set(done.map((r) => r.threadId)).size).toBeLessThanOrEqual(2);
  });

  it('keeps its workers for the next what-if, and stops them once idle', async () => {
    const pool = poolOf(2, 1_500);
    await Promise.all([1, 2].map((seed) => pool.run({ input, seed })));
    const first = (await pool.run({ input, seed: 1 })) as Echo;
    expect(pool.started).toBe(2);
    expect(pool.workers).toBe(2);
    await vi.waitFor(() => expect(pool.workers).toBe(0), { timeout: 10_000 });
    const later = (await pool.run({ input, seed: 1 })) as Echo;
    expect(pool.started).toBe(3);
    expect(later.threadId).not.toBe(first.threadId);
  });

  it('gives each worker the young generation it is made with (the simulation workers: 256 MB)', async () => {
    expect(SIMULATION_YOUNG_GENERATION_MB).toBe(256);
    expect(replicationPool().youngGenerationMb).toBe(SIMULATION_YOUNG_GENERATION_MB);
    const sized = (await poolOf(1, 60_000, WORKER, 96).run({ input, seed: 1 })) as Echo;
    expect(sized.young).toBe(96);
    // V8's own default otherwise (48 MB on 64-bit Node 20-24), whatever it is: not the one asked above.
    const plain = (await poolOf(1).run({ input, seed: 1 })) as Echo;
    expect(plain.young).not.toBe(96);
  });

  it('passes on the progress of each task', async () => {
    const pool = poolOf(1);
    const seen: number[] = [];
    await pool.run({ input, seed: 1, onProgress: (f) => seen.push(f) });
    expect(seen).toEqual([0.5]);
  });

  it('fails only the task a worker fails, and goes on with the others', async () => {
    const pool = poolOf(1);
    const failing = pool.run({ input, seed: -2 });
    const next = pool.run({ input, seed: 1 });
    await expect(failing).rejects.toThrow('no such line');
    expect(((await next) as Echo).seed).toBe(1);
    expect(pool.started).toBe(1);
  });

  it('fails the task of a worker that stops, and starts another for those waiting', async () => {
    const pool = poolOf(1);
    const crashing = pool.run({ input, seed: -1 });
    const waiting = pool.run({ input, seed: 1 });
    await expect(crashing).rejects.toThrow(/exit code 3/);
    expect(((await waiting) as Echo).seed).toBe(1);
    expect(pool.started).toBe(2);
  });

  it('fails every waiting task when a worker cannot start, rather than trying forever', async () => {
    const pool = poolOf(2, 60_000, BROKEN);
    const all = [1, 2, 3].map((seed) => pool.run({ input, seed }));
    for (const task of all) await expect(task).rejects.toThrow('cannot load');
    await vi.waitFor(() => expect(pool.workers).toBe(0));
    expect(pool.started).toBe(2);
  });

  it('does not keep a process alive with idle workers (a CLI run ends with its what-if)', () => {
    // A process whose only work is one task on a pool that would keep its worker ten minutes.
    const script = `
      import { ReplicationPool } from ${JSON.stringify(fileURLToPath(new URL('./replication-pool.ts', import.meta.url)))};
      const pool = new ReplicationPool(async () => new URL(${JSON.stringify(WORKER.href)}), 1, 600_000);
      const r = await pool.run({ input: {}, seed: 1 });
      console.log('done', r.seed, pool.workers);
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(child.stderr).toBe('');
    expect(child.stdout.trim()).toBe('done 1 1');
    // Not killed by the timeout: it ended by itself.
    expect(child.signal).toBeNull();
    expect(child.status).toBe(0);
  }, 30_000);
});
