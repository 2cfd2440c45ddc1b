// A worker thread of the simulation pool (see ReplicationPool): runs the what-if replications and the
// stretches of long runs it is sent, one at a time, and posts back their results and progress, tagged
// with the task's id. Started from its esbuild bundle (platform/worker-bundle.ts), or through tsx by
// replication-worker.mjs when no bundle could be made.
import { parentPort } from 'node:worker_threads';
import { rulesFor } from '../../reporting/index.ts';
import { replicate } from './replication.ts';
import type { PoolJob } from './replication-pool.ts';
import { runStretch } from './stretch.ts';

const port = parentPort;
if (!port) throw new Error('replication-worker runs only as a worker thread');

port.on('message', async ({ id, ...job }: PoolJob & { id: number }) => {
  try {
    const onProgress = (fraction: number, calls?: number) =>
      port.postMessage({ type: 'progress', id, fraction, ...(calls === undefined ? {} : { calls }) });
    const result =
      'stretch' in job
        ? await runStretch(job.stretch, onProgress)
        : await replicate(
            job.input,
            rulesFor(job.input.penalties, job.input.lineService),
            job.seed,
            onProgress,
          );
    port.postMessage({ type: 'done', id, result });
  } catch (error) {
    port.postMessage({ type: 'failed', id, message: error instanceof Error ? error.message : String(error) });
  }
});
port.postMessage({ type: 'ready' });
