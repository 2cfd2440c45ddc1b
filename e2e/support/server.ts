import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The first start of a fresh embedded database seeds the demo region (about a minute on CI). */
const SEED_TIMEOUT_MS = 300_000;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export async function waitForHealth(url: string, child: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + SEED_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}; see ${log}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet: the first start seeds the demo region
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`the server did not answer within ${SEED_TIMEOUT_MS / 1000} s; see ${log}`);
}

/** `sportello start` with this environment, its output in `log`; resolves once /health answers. */
export async function startServer(env: NodeJS.ProcessEnv, baseUrl: string, log: string) {
  const out = createWriteStream(log);
  const child = spawn(process.execPath, [path.join(ROOT, 'server/bin/sportello.js'), 'start'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  try {
    await waitForHealth(baseUrl, child, log);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  return {
    child,
    async stop(): Promise<void> {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      out.end();
    },
  };
}
