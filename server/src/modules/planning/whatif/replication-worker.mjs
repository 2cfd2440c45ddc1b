// A worker thread of the what-if (see runReplications in whatif.ts): runs the replications it is sent,
// one at a time, and posts back their counts and progress. Plain JavaScript, so that it starts without a
// loader; it registers tsx's (as bin/sportello.js does) before importing the TypeScript.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { replicate } = await import('./replication.ts');
const { rulesFor } = await import('./penalties.ts');

parentPort.on('message', async ({ input, seed, r }) => {
  try {
    const rules = rulesFor(input.penalties, input.lineService);
    const onProgress = (fraction) => parentPort.postMessage({ type: 'progress', r, fraction });
    const replication = await replicate(input, rules, seed, onProgress);
    parentPort.postMessage({ type: 'done', r, replication });
  } catch (error) {
    parentPort.postMessage({ type: 'failed', r, message: error?.message ?? String(error) });
  }
});
parentPort.postMessage({ type: 'ready' });
