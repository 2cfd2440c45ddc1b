// A worker thread of the what-if (see ReplicationPool): runs the replications it is sent, one at a
// time, and posts back their counts and progress, tagged with the task's id. Started from its esbuild bundle
// (platform/worker-bundle.ts), or through tsx by replication-worker.mjs when no bundle could be made.
import { parentPort } from 'node:worker_threads';
import { rulesFor } from '../../reporting/index.ts';
import { type ReplicationInput, replicate } from './replication.ts';

const port = parentPort;
if (!port) throw new Error('replication-worker runs only as a worker thread');

port.on('message', async ({ input, seed, id }: { input: ReplicationInput; seed: number; id: number }) => {
  try {
    const rules = rulesFor(input.penalties, input.lineService);
    const onProgress = (fraction: number) => port.postMessage({ type: 'progress', id, fraction });
    const replication = await replicate(input, rules, seed, onProgress);
    port.postMessage({ type: 'done', id, replication });
  } catch (error) {
    port.postMessage({ type: 'failed', id, message: error instanceof Error ? error.message : String(error) });
  }
});
port.postMessage({ type: 'ready' });
