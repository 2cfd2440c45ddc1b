import { createHash } from 'node:crypto';
import {
  copyFileSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Worker threads start from plain JavaScript. Loading a worker's TypeScript through tsx costs each
 * worker about two seconds (it transpiles the whole import graph, including modules the worker never
 * calls), which ate the gain of a second core. So a worker's entry is bundled once per process with
 * esbuild (tsx's own compiler), tree-shaken to what it reaches, and started from that file: a few
 * hundred milliseconds. The bundle lives under node_modules/.cache, beside the packages it imports, in
 * a folder of this process that is removed at exit. When that cannot be written, null: the caller
 * falls back to the tsx loader.
 *
 * Bundling costs about 0.3 s, so the bundle is also kept for the next process (`sportello simulate`
 * runs once per process): under the hash of every source file it was made from (their contents, as
 * listed by esbuild's metafile) and of Node's and esbuild's versions. A process links the kept bundle
 * into its own folder, so replacing the kept one never pulls a file from under a running process.
 */
const SERVER_ROOT = fileURLToPath(new URL('../../', import.meta.url));
// SPORTELLO_WORKER_CACHE: another folder (the tests' own).
const WORKERS =
  process.env.SPORTELLO_WORKER_CACHE ?? path.join(SERVER_ROOT, 'node_modules', '.cache', 'sportello-workers');
const CACHE = path.join(WORKERS, String(process.pid));
const KEPT = path.join(WORKERS, 'kept');

const bundles = new Map<string, Promise<URL | null>>();

export function bundledWorker(entry: URL): Promise<URL | null> {
  const key = entry.href;
  let bundle = bundles.get(key);
  if (!bundle) {
    bundle = build(entry);
    bundles.set(key, bundle);
  }
  return bundle;
}

/**
 * Our files do nothing when imported (CODE_STYLE rule 11), so a file whose exports the
 * worker does not use is dropped whole; without this, a module's index.ts would pull its HTTP routes and
 * their packages into every worker.
 */
const RESOLVING = Symbol('resolving');
const sourcesWithoutSideEffects = {
  name: 'sources-without-side-effects',
  setup(b: import('esbuild').PluginBuild) {
    b.onResolve({ filter: /^\.\.?\// }, async (args) => {
      if (args.pluginData === RESOLVING) return undefined;
      const resolved = await b.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: RESOLVING,
      });
      return resolved.errors.length > 0 ? resolved : { ...resolved, sideEffects: false };
    });
  },
};

async function build(entry: URL): Promise<URL | null> {
  try {
    const esbuild = await import('esbuild');
    if (bundles.size === 1) {
      mkdirSync(CACHE, { recursive: true });
      process.once('exit', () => rmSync(CACHE, { recursive: true, force: true }));
      removeFoldersOfGoneProcesses();
    }
    const source = fileURLToPath(entry);
    const name = path.basename(source).replace(/\.[cm]?ts$/, '');
    const outfile = path.join(CACHE, `${name}-${bundles.size}.mjs`);
    // Kept bundles are named by the entry's file name and a hash of its path.
    const prefix = `${name}-${createHash('sha256').update(source).digest('hex').slice(0, 12)}`;
    const kept = keptBundle(source, prefix, esbuild.version);
    if (kept) {
      linkOrCopy(kept, outfile);
      return pathToFileURL(outfile);
    }
    const began = Date.now();
    const result = await esbuild.build({
      entryPoints: [source],
      outfile,
      absWorkingDir: SERVER_ROOT,
      bundle: true,
      // Packages stay imports, resolved from the server's node_modules as usual.
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: `node${process.versions.node.split('.')[0]}`,
      logLevel: 'silent',
      metafile: true,
      plugins: [sourcesWithoutSideEffects],
    });
    keep(source, prefix, esbuild.version, Object.keys(result.metafile.inputs), outfile, began);
    return pathToFileURL(outfile);
  } catch {
    return null;
  }
}

/** What a kept bundle is valid for: the entry, Node's and esbuild's versions, each source's content. */
function keyOf(source: string, esbuildVersion: string, inputs: string[]): string {
  const hash = createHash('sha256').update(`${source}\0${process.versions.node}\0${esbuildVersion}`);
  for (const input of inputs) hash.update(`\0${input}\0`).update(readFileSync(path.join(SERVER_ROOT, input)));
  return hash.digest('hex').slice(0, 32);
}

interface Manifest {
  key: string;
  inputs: string[];
}

/** The kept bundle of `source`, if one was made from the sources as they are now. */
function keptBundle(source: string, prefix: string, esbuildVersion: string): string | null {
  try {
    const manifest = JSON.parse(readFileSync(path.join(KEPT, `${prefix}.json`), 'utf8')) as Manifest;
    if (keyOf(source, esbuildVersion, manifest.inputs) !== manifest.key) return null;
    const file = path.join(KEPT, `${prefix}-${manifest.key}.mjs`);
    statSync(file);
    return file;
  } catch {
    return null;
  }
}

/**
 * Keeps a fresh bundle for the next process, unless a source changed while it was made (its content
 * might not be the bundle's). Written under a temporary name and renamed, so a reader never sees half.
 */
function keep(
  source: string,
  prefix: string,
  esbuildVersion: string,
  inputs: string[],
  outfile: string,
  began: number,
) {
  try {
    if (inputs.some((input) => statSync(path.join(SERVER_ROOT, input)).mtimeMs >= began)) return;
    const key = keyOf(source, esbuildVersion, inputs);
    mkdirSync(KEPT, { recursive: true });
    const file = `${prefix}-${key}.mjs`;
    const temporary = path.join(KEPT, `.${process.pid}-${file}`);
    copyFileSync(outfile, temporary);
    renameSync(temporary, path.join(KEPT, file));
    const manifest = path.join(KEPT, `${prefix}.json`);
    writeFileSync(`${manifest}.${process.pid}`, JSON.stringify({ key, inputs } satisfies Manifest));
    renameSync(`${manifest}.${process.pid}`, manifest);
    // Older bundles of this entry: processes that started from them hold their own links.
    for (const f of readdirSync(KEPT)) {
      const ours = f.startsWith(`${prefix}-`) && f.endsWith('.mjs') && f.length === file.length;
      if (ours && f !== file) rmSync(path.join(KEPT, f), { force: true });
    }
  } catch {
    // Not kept: the next process bundles again.
  }
}

/**
 * A process killed before its exit left its folder: removed once that process is gone and the folder is
 * a day old (a process of another PID namespace sharing these files would look gone).
 */
function removeFoldersOfGoneProcesses(): void {
  const dayAgo = Date.now() - 86_400_000;
  for (const f of readdirSync(WORKERS)) {
    if (!/^\d+$/.test(f) || Number(f) === process.pid || alive(Number(f))) continue;
    const folder = path.join(WORKERS, f);
    if (statSync(folder).mtimeMs < dayAgo) rmSync(folder, { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function linkOrCopy(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}
