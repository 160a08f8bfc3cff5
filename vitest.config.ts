import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // test/renderer: the renderer's pure modules and stores, in Node with a stand-in for window.custody.
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/renderer/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
