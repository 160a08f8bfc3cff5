// Contract events reach a real page: in Chromium on the loopback harness, window.custody.on hears an event
// the core emits (under the harness's CSP), gets its payload, stops after unsubscribing, and refuses names
// the contract does not declare. The Electron variant of `on` is the preload's, tested on its bundle.
import { chromium } from '@playwright/test';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventName } from '../../shared/contract';
import { startHarness } from '../harness/server';
import { submissionProgress } from '../support/event-samples';
import { requireTool } from '../support/tools';
import { chromiumArgs, expect, test } from './fixtures';

interface Heard {
  name: string;
  payload: unknown;
}

interface Listening {
  custody: { on(event: string, listener: (payload: unknown) => void): () => void };
  heard: Heard[];
  stop: Record<string, () => void>;
  /** Resolves with everything heard once `count` events have arrived. */
  heardAtLeast(count: number): Promise<Heard[]>;
}

test('a core event reaches window.custody.on in the page, payload and all', async () => {
  test.skip(test.info().project.name !== 'chromium-harness', 'The harness bridge runs only in Chromium.');
  const scratch = await mkdtemp(join(tmpdir(), 'custody-e2e-events-'));
  const rendererRoot = join(scratch, 'renderer');
  await mkdir(rendererRoot);
  await writeFile(join(rendererRoot, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
  const harness = await startHarness({
    rendererRoot,
    vaultsRoot: join(scratch, 'vaults'),
    stateDir: join(scratch, 'state'),
  });
  const browser = await chromium.launch({ executablePath: requireTool('chromium'), args: chromiumArgs });
  try {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    // The bridge opens /events as the page loads; once its answer has started, the core has a listener.
    const connected = page.waitForResponse((r) => new URL(r.url()).pathname === '/events');
    await page.goto(harness.url);
    expect((await connected).status()).toBe(200);

    const names: EventName[] = ['submission.progress', 'session.locked'];
    await page.evaluate((events) => {
      const w = globalThis as unknown as Listening;
      const waiting: Array<() => void> = [];
      w.heard = [];
      w.stop = {};
      w.heardAtLeast = (count: number) =>
        new Promise((resolve) => {
          const check = () => (w.heard.length >= count ? resolve(w.heard) : waiting.push(check));
          check();
        });
      for (const name of events) {
        w.stop[name] = w.custody.on(name, (payload: unknown) => {
          w.heard.push({ name, payload });
          for (const wake of waiting.splice(0)) wake();
        });
      }
    }, names);
    const heardAtLeast = (count: number) =>
      page.evaluate((n) => (globalThis as unknown as Listening).heardAtLeast(n), count);

    harness.core.workstation.emit('submission.progress', submissionProgress);
    expect(await heardAtLeast(1)).toEqual([{ name: 'submission.progress', payload: submissionProgress }]);

    await page.evaluate(() => (globalThis as unknown as Listening).stop['submission.progress']?.());
    harness.core.workstation.emit('submission.progress', { ...submissionProgress, state: 'finished' });
    harness.core.workstation.emit('session.locked', {});
    expect(await heardAtLeast(2)).toEqual([
      { name: 'submission.progress', payload: submissionProgress },
      { name: 'session.locked', payload: {} },
    ]);

    const refusal = await page.evaluate(() => {
      try {
        (globalThis as unknown as Listening).custody.on('vault.unlock', () => {});
        return 'accepted';
      } catch (error) {
        return String(error);
      }
    });
    expect(refusal).toMatch(/no Custody event named "vault\.unlock"/);
    expect(violations).toEqual([]);
  } finally {
    await browser.close();
    await harness.close();
    await rm(scratch, { recursive: true, force: true });
  }
});
