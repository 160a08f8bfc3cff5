// The `app` fixture: a page showing the Custody renderer backed by the real core. In the chromium-harness
// project it is Debian's Chromium on the loopback harness; in the electron project it is the real app in
// Electron, or a loud skip when no Electron build is available.
import { test as base, chromium, _electron, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startHarness } from '../harness/server';

export const chromiumPath = process.env.CUSTODY_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export function electronDist(): string | null {
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  return dist && existsSync(dist) ? dist : null;
}

/** Saves a screenshot under test-results/screenshots, named by project and screen. */
export async function screenshot(page: Page, project: string, name: string): Promise<void> {
  const dir = resolve('test-results', 'screenshots');
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${project}-${name}.png`), fullPage: true });
}

export const test = base.extend<{ app: Page }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form for fixtures.
  app: async ({}, use, testInfo) => {
    const scratch = await mkdtemp(join(tmpdir(), 'custody-e2e-'));
    try {
      if (testInfo.project.name === 'electron') {
        const dist = electronDist();
        if (!dist) {
          testInfo.skip(true, 'ELECTRON_OVERRIDE_DIST_PATH is not set: the Electron variant did not run.');
          return;
        }
        const app = await _electron.launch({
          executablePath: join(
            dist,
            process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron',
          ),
          args: ['.', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
          env: { ...process.env, CUSTODY_USER_DATA: scratch },
        });
        try {
          const page = await app.firstWindow();
          await use(page);
        } finally {
          await app.close();
        }
        return;
      }
      const harness = await startHarness({
        rendererRoot: resolve('dist/renderer'),
        vaultsRoot: join(scratch, 'vaults'),
        stateDir: join(scratch, 'state'),
        version: '0.1.0',
      });
      const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
      try {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        page.on('pageerror', (error) => console.error('[renderer]', error));
        await page.goto(harness.url);
        await use(page);
      } finally {
        await browser.close();
        await harness.close();
      }
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  },
});

export { expect } from '@playwright/test';
