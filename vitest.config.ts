import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // test/renderer: the renderer's pure modules and stores, in Node with a stand-in for window.custody.
    // test/fuzz: the fuzz suite's short seeded pass (200 inputs per target; `npm run fuzz` runs 10,000).
    include: [
      'test/unit/**/*.test.ts',
      'test/integration/**/*.test.ts',
      'test/renderer/**/*.test.ts',
      'test/fuzz/**/*.fuzz.ts',
    ],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
