// Peers' holds through every layer: a field laptop (on this roster with the counsel role) places a legal
// hold on one of its items and categorises another; taking its bundle in shows the categorisation refused
// with the reason (counsel may not categorise here), and the Legal holds screen shows the laptop's hold with
// its origin, standing, with no release offered here.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Vault } from '../../main/core/identity';
import { ingestPaths } from '../../main/core/media';
import { placeHold } from '../../main/core/preservation';
import { categorizeItems } from '../../main/core/review';
import { addToRoster, exportBundle, syncCard } from '../../main/core/sync';
import { patternImage } from '../support/media';
import { expect, screenshot, test, type VaultSeed } from './fixtures';

const homeVault = { name: 'Home', user: 'ana', passphrase: 'correct horse battery staple' };

const seed: VaultSeed = {
  async run(folders) {
    const vault = await Vault.create(join(folders.vaultsRoot, homeVault.name), homeVault, {
      stateDir: folders.stateDir,
    });
    const dir = join(folders.userData, 'laptop');
    const laptop = await Vault.create(
      join(dir, 'vault'),
      { user: 'field', passphrase: 'a field laptop far from base' },
      { stateDir: join(dir, 'state') },
    );
    try {
      addToRoster(vault, (await syncCard(laptop)).card, 'counsel');
      addToRoster(laptop, (await syncCard(vault)).card, 'admin');
      const images = [];
      for (const n of [41, 42]) {
        const file = join(folders.userData, `field-${n}.png`);
        await writeFile(file, await patternImage(n));
        images.push(file);
      }
      const ingested = await ingestPaths(laptop, images);
      const [held, categorised] = ingested.outcomes.map((o) => (o as { itemId: string }).itemId);
      placeHold(laptop, {
        matter: 'State v. Field',
        scope: [{ kind: 'item', target: held ?? '' }],
        reason: 'Preservation letter from the prosecutor',
      });
      categorizeItems(laptop, [categorised ?? ''], 'B1', []);
      await exportBundle(laptop, join(folders.userData, 'laptop-bundle.age'));
    } finally {
      vault.lock();
      laptop.lock();
    }
  },
};

test.use({ seed });

test("a peer's hold is shown with its origin; an act its role here does not allow is refused with why", async ({
  app,
  unlock,
  folders,
}, testInfo) => {
  const project = testInfo.project.name;
  await unlock(homeVault);
  await app.getByRole('button', { name: 'Sync' }).click();
  const screen = app.getByRole('region', { name: 'Sync' });
  const take = screen.getByRole('form', { name: 'Take in a bundle' });
  await take.getByLabel('Bundle file').fill(join(folders.userData, 'laptop-bundle.age'));
  await take.getByRole('button', { name: 'Verify and import' }).click();
  const summary = screen.getByRole('status', { name: 'Bundle imported' });
  await expect(summary).toContainText('2 new item(s)', { timeout: 60_000 });
  const refused = summary.getByRole('list', { name: 'Entries refused' });
  await expect(refused.getByRole('listitem')).toHaveCount(1);
  await expect(refused).toContainText('item.categorize');
  await expect(refused).toContainText('holds the role counsel');
  await screenshot(app, project, 'sync-holds-01-refused-shown');

  await app.getByRole('button', { name: 'Legal holds' }).click();
  const holds = app.getByRole('region', { name: 'Legal holds' });
  const row = holds.getByRole('table', { name: 'Holds' }).getByRole('row', { name: /State v\. Field/ });
  await expect(row).toContainText('custody/');
  await expect(row).toContainText('only the workstation that placed it can release it');
  await expect(row.getByRole('button', { name: 'Release…' })).toHaveCount(0);
  await screenshot(app, project, 'sync-holds-02-peer-hold');
});
