import { mkdirSync, rmSync } from 'node:fs';
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
 */
const SERVER_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CACHE = path.join(SERVER_ROOT, 'node_modules', '.cache', 'sportello-workers', String(process.pid));

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
    const { build: esbuild } = await import('esbuild');
    if (bundles.size === 1) {
      mkdirSync(CACHE, { recursive: true });
      process.once('exit', () => rmSync(CACHE, { recursive: true, force: true }));
    }
    const source = fileURLToPath(entry);
    const outfile = path.join(
      CACHE,
      `${path.basename(source).replace(/\.[cm]?ts$/, '')}-${bundles.size}.mjs`,
    );
    await esbuild({
      entryPoints: [source],
      outfile,
      bundle: true,
      // Packages stay imports, resolved from the server's node_modules as usual.
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: `node${process.versions.node.split('.')[0]}`,
      logLevel: 'silent',
      plugins: [sourcesWithoutSideEffects],
    });
    return pathToFileURL(outfile);
  } catch {
    return null;
  }
}
