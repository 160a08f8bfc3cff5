// End-to-end tests: the built renderer driven in Debian's Chromium against the real core through the
// loopback harness, and the same tests in Electron when ELECTRON_OVERRIDE_DIST_PATH points at a build.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'test/e2e',
  tsconfig: './test/e2e/tsconfig.json',
  outputDir: 'test-results/playwright',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list']],
  globalSetup: './test/e2e/global-setup.ts',
  projects: [{ name: 'chromium-harness' }, { name: 'electron' }],
});
