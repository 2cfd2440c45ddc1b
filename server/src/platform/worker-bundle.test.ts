import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

const SERVER_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * A new process (as each `sportello simulate` is) bundling `entry` with its cache in `cache`, starting
 * the worker: its answer, whether it bundled, and the inode of the file it started from.
 */
function inNewProcess(entry: string, cache: string): { answer: unknown; ino: number } {
  const script = `
    import { statSync } from 'node:fs';
    import { pathToFileURL, fileURLToPath } from 'node:url';
    import { Worker } from 'node:worker_threads';
    const { bundledWorker } = await import(${JSON.stringify(pathToUrl('src/platform/worker-bundle.ts'))});
    const url = await bundledWorker(pathToFileURL(${JSON.stringify(entry)}));
    const ino = statSync(fileURLToPath(url)).ino;
    const w = new Worker(url);
    w.once('message', (answer) => { console.log(JSON.stringify({ answer, ino })); void w.terminate(); });
  `;
  const run = path.join(path.dirname(cache), 'run.mjs');
  writeFileSync(run, script);
  // Through tsx, as the command line runs; a file, since a worker inherits the flags (no --eval).
  const out = execFileSync(process.execPath, ['--import', 'tsx', run], {
    cwd: SERVER_ROOT,
    env: { ...process.env, SPORTELLO_WORKER_CACHE: cache },
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}
const pathToUrl = (p: string) => new URL(p, `file://${SERVER_ROOT}`).href;

describe('the bundle kept for the next process', () => {
  it('is reused while its sources are unchanged, and made again when one changes', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'worker-bundle-'));
    const cache = path.join(dir, 'cache');
    try {
      cpSync(
        fileURLToPath(new URL('../../test/fixtures/worker-bundle/', import.meta.url)),
        path.join(dir, 'src'),
        {
          recursive: true,
        },
      );
      const entry = path.join(dir, 'src', 'entry.ts');
      const kept = () => readdirSync(path.join(cache, 'kept')).filter((f) => f.endsWith('.mjs'));

      // Folders left by processes killed before their exit (no process has these ids: above Linux's
      // pid_max), one of them two days ago, the other an hour ago (kept: it might be another namespace's).
      const gone = path.join(cache, '4194305');
      mkdirSync(gone, { recursive: true });
      utimesSync(gone, new Date(Date.now() - 2 * 86_400_000), new Date(Date.now() - 2 * 86_400_000));
      const recent = path.join(cache, '4194306');
      mkdirSync(recent, { recursive: true });
      utimesSync(recent, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
      const first = inNewProcess(entry, cache);
      expect(first.answer).toEqual({ sum: 6, typed: true });
      expect(kept()).toHaveLength(1);
      const keptFile = path.join(cache, 'kept', kept()[0]!);

      // The next process starts from the kept bundle itself (a link to it), without bundling.
      const second = inNewProcess(entry, cache);
      expect(second.answer).toEqual({ sum: 6, typed: true });
      expect(second.ino).toBe(statSync(keptFile).ino);

      // A source file changed: the next process bundles again, runs the new code, keeps only that.
      const answer = path.join(dir, 'src', 'answer.ts');
      writeFileSync(answer, readFileSync(answer, 'utf8').replace('[1, 2, 3]', '[1, 2, 3, 4]'));
      const third = inNewProcess(entry, cache);
      expect(third.answer).toEqual({ sum: 10, typed: true });
      expect(kept()).toHaveLength(1);
      expect(kept()[0]).not.toBe(path.basename(keptFile));
      // Each process's own folder went with it, and the old one of the process that was gone too.
      expect(readdirSync(cache).filter((f) => f !== 'kept')).toEqual(['4194306']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the what-if's worker through tsx (the fallback when no bundle can be written)", () => {
  it('starts and says it is ready', async () => {
    const fallback = new URL('../modules/planning/whatif/replication-worker.mjs', import.meta.url);
    expect(await firstMessage(fallback)).toEqual({ type: 'ready' });
  });
});
