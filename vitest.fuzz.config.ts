// `npm run fuzz`: the fuzz suite at 10,000 inputs per target (CUSTODY_FUZZ_RUNS overrides) and the crash
// campaign at 200 kills (CUSTODY_CRASH_KILLS), figures printed at the end. CI runs the same files through
// vitest.config.ts at 200 inputs and 14 kills.
import { defineConfig } from 'vitest/config';

// Where the targets append their figures (test/fuzz/harness.ts) and the summary reads them
// (test/fuzz/report.ts, vitest's global setup, which runs in this process).
process.env.CUSTODY_FUZZ_FIGURES ??= 'test-results/fuzz/figures.jsonl';

export default defineConfig({
  test: {
    include: ['test/fuzz/**/*.fuzz.ts', 'test/integration/campaign-kill.test.ts'],
    environment: 'node',
    pool: 'forks',
    // Two files at a time: the campaign mostly waits for its child processes.
    maxWorkers: 2,
    testTimeout: 4 * 60 * 60 * 1000,
    hookTimeout: 30 * 60 * 1000,
    globalSetup: ['test/fuzz/report.ts'],
    env: {
      CUSTODY_FUZZ_RUNS: process.env.CUSTODY_FUZZ_RUNS ?? '10000',
      CUSTODY_CRASH_KILLS: process.env.CUSTODY_CRASH_KILLS ?? '200',
      CUSTODY_FUZZ_FIGURES: process.env.CUSTODY_FUZZ_FIGURES,
    },
  },
});
