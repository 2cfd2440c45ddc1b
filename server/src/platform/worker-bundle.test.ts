import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { bundledWorker } from './worker-bundle.ts';

const ENTRY = new URL('../../test/fixtures/worker-bundle/entry.ts', import.meta.url);

function firstMessage(url: URL): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(url);
    worker.once('message', (m) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

describe('bundledWorker', () => {
  it('bundles a TypeScript worker entry into JavaScript that starts without a loader', async () => {
    const url = await bundledWorker(ENTRY);
    expect(url).not.toBeNull();
    expect(fileURLToPath(url!)).toMatch(/node_modules\/\.cache\/sportello-workers\/\d+\/entry-\d+\.mjs$/);
    expect(await firstMessage(url!)).toEqual({ sum: 6, typed: true });
  });

  it('leaves out a file whose exports the worker does not use, even when re-exported', async () => {
    const url = await bundledWorker(ENTRY);
    const code = readFileSync(url!, 'utf8');
    expect(code).toContain('reduce');
    expect(code).not.toContain('UNUSED-FILE-MARKER');
  });

  it('bundles each entry once per process', async () => {
    expect(await bundledWorker(ENTRY)).toBe(await bundledWorker(ENTRY));
  });
});

describe("the what-if's worker through tsx (the fallback when no bundle can be written)", () => {
  it('starts and says it is ready', async () => {
    const fallback = new URL('../modules/planning/whatif/replication-worker.mjs', import.meta.url);
    expect(await firstMessage(fallback)).toEqual({ type: 'ready' });
  });
});
