import { defineConfig } from 'vitest/config';

// Browser tests: one server (fresh embedded database, seeded once, ~40 s) for the whole run, started in
// the global setup; one Chromium per file; files one after the other, the machine has two cores.
export default defineConfig({
  test: {
    include: ['*.e2e.test.ts'],
    globalSetup: ['support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 360_000,
    // A poll waits for what a busy CI machine may take seconds to show (a list loading, a focus landing);
    // vitest's default of one second failed the agenda editor's facility list in CI.
    expect: { poll: { timeout: 15_000 } },
  },
});
