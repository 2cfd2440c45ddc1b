import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// V8's flags cannot be read back, so the test asks V8 itself: with --trace-pretenuring-statistics it
// prints a "pretenuring:" line each time it weighs an allocation site's survival, and none when off.
const MODULE = fileURLToPath(new URL('./garbage-collector.ts', import.meta.url));
const SERVER = fileURLToPath(new URL('../..', import.meta.url));

function pretenuringLines(turnOff: boolean): number {
  const script = `
    ${turnOff ? `(await import(${JSON.stringify(MODULE)})).keepYoungObjectsYoung();` : ''}
    // Objects that mostly survive their first collections, as a simulation's calls in progress do.
    const kept = [];
    for (let i = 0; i < 2_000_000; i++) {
      kept.push({ i, at: i * 2 });
      if (kept.length > 300_000) kept.splice(0, 100_000);
    }
    console.log('kept', kept.length);
  `;
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--trace-pretenuring-statistics', '--input-type=module', '-e', script],
    { cwd: SERVER, encoding: 'utf8' },
  );
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout).toContain('kept');
  return run.stdout.split('\n').filter((l) => l.includes('pretenuring:')).length;
}

describe('keepYoungObjectsYoung', () => {
  it('stops V8 weighing allocation sites for pretenuring, which it does otherwise', () => {
    expect(pretenuringLines(false)).toBeGreaterThan(0);
    expect(pretenuringLines(true)).toBe(0);
  });
});
