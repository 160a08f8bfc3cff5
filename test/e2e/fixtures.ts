// The `app` fixture: a page showing the Custody renderer backed by the real core. In the chromium-harness
// project it is Debian's Chromium on the loopback harness; in the electron project it is the real app in
// Electron, or a loud skip when no Electron build is available. A test can ask for a seeded vault with
// `test.use({ seed })`: the seed runs in the test process on the folders the app will use (the harness's
// vaults root, or Electron's <CUSTODY_USER_DATA>/vaults), before the page first lists the vaults.
import { test as base, chromium, _electron, expect, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startHarness } from '../harness/server';
import { requireTool } from '../support/tools';

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

/** Where the app keeps its vaults and workstation state; the same layout in both projects. */
export interface VaultFolders {
  /** Electron's CUSTODY_USER_DATA. */
  userData: string;
  /** A vault named N lives in `<vaultsRoot>/N`. */
  vaultsRoot: string;
  stateDir: string;
}

/** Builds vaults before the app starts, with the core's own functions (Vault.create, ingestPaths…). */
export interface VaultSeed {
  run(folders: VaultFolders): Promise<void>;
}

/** Signs in through the open-a-vault form, as a person does, and waits until the session shows the user. */
export type Unlock = (who: { name: string; user: string; passphrase: string }) => Promise<void>;

export const test = base.extend<{
  app: Page;
  folders: VaultFolders;
  seed: VaultSeed | null;
  unlock: Unlock;
}>({
  seed: [null, { option: true }],
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form for fixtures.
  folders: async ({}, use) => {
    const scratch = await mkdtemp(join(tmpdir(), 'custody-e2e-'));
    try {
      await use({ userData: scratch, vaultsRoot: join(scratch, 'vaults'), stateDir: join(scratch, 'state') });
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  },
  app: async ({ folders, seed }, use, testInfo) => {
    if (testInfo.project.name === 'electron') {
      const dist = electronDist();
      if (!dist) {
        testInfo.skip(true, 'ELECTRON_OVERRIDE_DIST_PATH is not set: the Electron variant did not run.');
        return;
      }
      await seed?.run(folders);
      const app = await _electron.launch({
        executablePath: join(
          dist,
          process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron',
        ),
        args: ['.', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
        env: { ...process.env, CUSTODY_USER_DATA: folders.userData },
      });
      try {
        const page = await app.firstWindow();
        await use(page);
      } finally {
        await app.close();
      }
      return;
    }
    await seed?.run(folders);
    const harness = await startHarness({
      rendererRoot: resolve('dist/renderer'),
      vaultsRoot: folders.vaultsRoot,
      stateDir: folders.stateDir,
      version: '0.1.0',
    });
    const browser = await chromium.launch({ executablePath: requireTool('chromium'), args: chromiumArgs });
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
  },
  unlock: async ({ app }, use) => {
    await use(async ({ name, user, passphrase }) => {
      await expect(app.getByLabel('Vault', { exact: true })).toHaveValue(name);
      await app.getByLabel('User', { exact: true }).selectOption(user);
      await app.getByLabel('Passphrase').fill(passphrase);
      await app.getByRole('button', { name: 'Unlock' }).click();
      await expect(app.getByLabel('Session')).toContainText(`Signed in as ${user}`);
    });
  },
});

export { expect };
