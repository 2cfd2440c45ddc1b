import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { keepYoungObjectsYoung } from '../src/platform/garbage-collector.ts';

/**
 * Runs the benchmarks (every `*.bench.ts` here, or those named on the command line), prints one JSON
 * document and writes it to bench/results/. Each benchmark measures its own baseline in the same run,
 * so the ratios mean something on any machine.
 */
export interface BenchResult {
  name: string;
  metrics: Record<string, number>;
  notes?: string;
}

// As the product runs (src/main.ts): measured with V8's pretenuring off.
keepYoungObjectsYoung();

const here = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();

const results: BenchResult[] = [];
for (const file of files) {
  process.stderr.write(`bench: ${file}\n`);
  const mod = (await import(path.join(here, file))) as {
    default: () => Promise<BenchResult | BenchResult[]>;
  };
  const r = await mod.default();
  results.push(...(Array.isArray(r) ? r : [r]));
}

const report = {
  at: new Date().toISOString(),
  machine: { node: process.version, cpus: (await import('node:os')).cpus().length },
  results,
};
const json = JSON.stringify(report, null, 2);
mkdirSync(path.join(here, 'results'), { recursive: true });
const out = path.join(here, 'results', `bench-${report.at.replace(/[:.]/g, '-')}.json`);
writeFileSync(out, `${json}\n`);
console.log(json);
process.stderr.write(`bench: written to ${path.relative(process.cwd(), out)}\n`);
