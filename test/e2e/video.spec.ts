// A video in review, through every layer (issue 16): its keyframe strip is blurred until a recorded reveal;
// the reveal unblurs the one keyframe shown and no other; playback comes only after it, muted, and
// unmuting is its own recorded choice. Screenshots: the strip blurred, one keyframe revealed, playback.
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { Vault } from '../../main/core/identity';
import { parseEntry } from '../../main/core/ledger/entry';
import { ingestPaths } from '../../main/core/media/ingest';
import { patternVideo } from '../support/video';
import { expect, screenshot, test, type VaultSeed } from './fixtures';

const videoVault = { name: 'Video', user: 'ana', passphrase: 'correct horse battery staple' };
const fileName = 'pattern-clip.webm';

const videoSeed: VaultSeed = {
  async run(folders) {
    const vault = await Vault.create(
      join(folders.vaultsRoot, videoVault.name),
      { user: videoVault.user, passphrase: videoVault.passphrase },
      { stateDir: folders.stateDir },
    );
    const source = await mkdtemp(join(folders.userData, 'source-'));
    try {
      const video = patternVideo(source, fileName, { format: 'webm', width: 480, height: 270 });
      const summary = await ingestPaths(vault, [video.path]);
      if (summary.ingested !== 1) throw new Error(`The video seed ingested ${summary.ingested} of 1 file.`);
    } finally {
      vault.lock();
      await rm(source, { recursive: true, force: true });
    }
  },
};

test.use({ seed: videoSeed });

const unblurred = /\/media\/clear\//;
const played = /\/media\/video\//;

/** What the test reads of an <img> and a <video> in the page (the test's types have no DOM). */
interface Picture {
  naturalWidth: number;
}
interface Player {
  currentTime: number;
  muted: boolean;
  controls: boolean;
}

function networkLog(page: Page): string[] {
  const log: string[] = [];
  page.on('request', (request) => log.push(request.url()));
  return log;
}

test('a video is reviewed as a blurred keyframe strip; one keyframe revealed, then muted playback', async ({
  app,
  folders,
}, testInfo) => {
  const project = testInfo.project.name;
  const log = networkLog(app);
  await app.getByLabel('Passphrase').fill(videoVault.passphrase);
  await app.getByRole('button', { name: 'Unlock' }).click();
  const grid = app.getByRole('grid', { name: 'Review grid: All items' });
  await expect(grid.getByRole('gridcell')).toHaveCount(1);

  // The panel shows the strip, every keyframe blurred; nothing unblurred was asked for.
  await app.keyboard.press('Enter');
  const panel = app.getByRole('region', { name: 'Item panel' });
  const strip = panel.getByRole('list', { name: 'Keyframes' });
  await expect(strip.getByRole('button')).toHaveCount(10);
  await expect(panel.getByRole('img', { name: `${fileName}, keyframe 1, blurred` })).toBeVisible();
  await expect(panel.getByRole('button', { name: /Play muted/ })).toBeDisabled();
  await expect
    .poll(() =>
      strip
        .locator('img.blurred')
        .evaluateAll((images) => images.filter((i) => (i as unknown as Picture).naturalWidth > 0).length),
    )
    .toBe(10);
  await screenshot(app, project, 'video-01-strip-blurred');

  // Step with the keyboard to the third keyframe; P does nothing before a reveal.
  await app.keyboard.press('.');
  await app.keyboard.press('.');
  await expect(panel.getByRole('img', { name: `${fileName}, keyframe 3, blurred` })).toBeVisible();
  await app.keyboard.press('p');
  await expect(app.getByRole('status', { name: 'Announcements' })).toContainText('Reveal a keyframe first');
  expect(log.filter((url) => unblurred.test(url) || played.test(url))).toEqual([]);

  // Hold R, give a reason: the third keyframe, and only it, is unblurred.
  await app.keyboard.down('r');
  const picker = app.getByRole('dialog', { name: 'Why reveal this item?' });
  await expect(picker).toBeVisible();
  await app.keyboard.up('r');
  await app.keyboard.press('Enter');
  const revealed = panel.getByRole('img', { name: `${fileName}, keyframe 3, revealed` });
  await expect(revealed).toBeVisible();
  await expect
    .poll(() => revealed.evaluate((i) => (i as unknown as Picture).naturalWidth))
    .toBeGreaterThan(0);
  await expect(strip.locator('img.revealed')).toHaveCount(1);
  const clear = log.filter((url) => unblurred.test(url));
  expect(clear).toHaveLength(1);
  expect(clear[0]).toMatch(/\/media\/clear\/[0-9a-f-]{36}\/2$/);
  await expect(panel.getByRole('region', { name: 'History' })).toContainText('keyframe 3 revealed');
  await screenshot(app, project, 'video-02-keyframe-revealed');

  // The next keyframe is still blurred: the reveal covered one keyframe.
  await app.keyboard.press('.');
  await expect(panel.getByRole('img', { name: `${fileName}, keyframe 4, blurred` })).toBeVisible();
  expect(log.filter((url) => unblurred.test(url))).toHaveLength(1);
  await app.keyboard.press(',');
  await expect(revealed).toBeVisible();

  // P plays the revealed video, muted, without the browser's controls.
  await app.keyboard.press('p');
  const player = panel.locator('video');
  await expect(player).toHaveAttribute('aria-label', 'Video playing, muted');
  await expect.poll(() => player.evaluate((v) => (v as unknown as Player).currentTime)).toBeGreaterThan(0.5);
  expect(
    await player.evaluate((v) => ({
      muted: (v as unknown as Player).muted,
      controls: (v as unknown as Player).controls,
    })),
  ).toEqual({
    muted: true,
    controls: false,
  });
  await screenshot(app, project, 'video-03-playback');

  // M unmutes, once the core recorded it.
  await app.keyboard.press('m');
  await expect(player).toHaveAttribute('aria-label', 'Video playing with sound');
  expect(await player.evaluate((v) => (v as unknown as Player).muted)).toBe(false);

  // Every step is in the ledger.
  await app.keyboard.press('Control+L');
  await expect(app.getByRole('button', { name: 'Unlock' })).toBeVisible();
  const vault = await Vault.unlock(
    join(folders.vaultsRoot, videoVault.name),
    { user: videoVault.user, passphrase: videoVault.passphrase },
    { stateDir: folders.stateDir },
  );
  try {
    const entries = vault.ledger.leaves(0, vault.ledger.size).map((leaf) => parseEntry(leaf));
    const actions = entries
      .filter((e) => ['item.reveal', 'item.unmute'].includes(e.action) || e.details.variant === 'playback')
      .map((e) => [e.action, e.details.keyframe ?? e.details.variant ?? null]);
    expect(actions).toEqual([
      ['item.reveal', 2],
      ['item.view', 'playback'],
      ['item.unmute', null],
    ]);
  } finally {
    vault.lock();
  }
});
