// The sync screen through every layer: the roster with its fingerprints and roles, a third workstation
// added from its card after its fingerprint is shown, a bundle written for the roster, and a field
// laptop's bundle verified and taken in with a summary of what came, per origin.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Vault } from '../../main/core/identity';
import { ingestPaths } from '../../main/core/media';
import { addToRoster, exportBundle, syncCard } from '../../main/core/sync';
import { patternImage } from '../support/media';
import { expect, screenshot, test, type VaultSeed } from './fixtures';

const syncVault = { name: 'Sync', user: 'ana', passphrase: 'correct horse battery staple' };

async function peer(dir: string): Promise<Vault> {
  return Vault.create(
    join(dir, 'vault'),
    { user: 'field', passphrase: 'a field laptop far from base' },
    { stateDir: join(dir, 'state') },
  );
}

/** The app's vault, a field laptop on its roster (and it on the laptop's) with a bundle written for it,
 * and the card of a third workstation to add. */
const syncSeed: VaultSeed = {
  async run(folders) {
    const vault = await Vault.create(join(folders.vaultsRoot, syncVault.name), syncVault, {
      stateDir: folders.stateDir,
    });
    const laptop = await peer(join(folders.userData, 'laptop'));
    const office = await peer(join(folders.userData, 'office'));
    try {
      addToRoster(vault, (await syncCard(laptop)).card, 'supervisor');
      addToRoster(laptop, (await syncCard(vault)).card, 'admin');
      await writeFile(join(folders.userData, 'office.card'), (await syncCard(office)).card);
      const images = [];
      for (const seed of [31, 32]) {
        const file = join(folders.userData, `field-${seed}.png`);
        await writeFile(file, await patternImage(seed));
        images.push(file);
      }
      await ingestPaths(laptop, images);
      await exportBundle(laptop, join(folders.userData, 'laptop-bundle.age'));
    } finally {
      vault.lock();
      laptop.lock();
      office.lock();
    }
  },
};

test.use({ seed: syncSeed });

test('an admin checks a card fingerprint, adds the workstation, writes a bundle and takes one in', async ({
  app,
  unlock,
  folders,
}, testInfo) => {
  const project = testInfo.project.name;
  await unlock(syncVault);
  await app.getByRole('button', { name: 'Sync' }).click();
  const screen = app.getByRole('region', { name: 'Sync' });
  const roster = screen.getByRole('table', { name: 'Roster members' });
  await expect(roster.getByRole('row')).toHaveCount(2);
  await expect(roster).toContainText('field (admin)');
  await expect(roster).toContainText('supervisor');
  await screenshot(app, project, 'sync-01-roster');

  const add = screen.getByRole('form', { name: 'Add a workstation' });
  await add.getByLabel('Card file').fill(join(folders.userData, 'office.card'));
  await add.getByLabel('Role of its users here').selectOption('analyst');
  await add.getByRole('button', { name: 'Check fingerprint' }).click();
  await expect(screen.getByRole('status').filter({ hasText: 'Compare it' })).toContainText(
    /fingerprint [0-9a-f]{4} /,
  );
  await screenshot(app, project, 'sync-02-fingerprint-shown');
  await add.getByRole('button', { name: 'Fingerprints match: add' }).click();
  await expect(roster.getByRole('row')).toHaveCount(3);

  await screen
    .getByRole('form', { name: 'Write a bundle' })
    .getByRole('button', { name: 'Write bundle for the roster' })
    .click();
  await expect(screen.getByRole('status', { name: 'Bundle written' })).toContainText('for 2 workstation(s)', {
    timeout: 60_000,
  });
  await screenshot(app, project, 'sync-03-bundle-written');

  const take = screen.getByRole('form', { name: 'Take in a bundle' });
  await take.getByLabel('Bundle file').fill(join(folders.userData, 'laptop-bundle.age'));
  await take.getByRole('button', { name: 'Verify and import' }).click();
  const summary = screen.getByRole('status', { name: 'Bundle imported' });
  await expect(summary).toContainText('2 original(s)', { timeout: 60_000 });
  await expect(summary).toContainText('2 new item(s), 0 conflict(s)');
  await expect(summary.getByRole('table', { name: 'Entries per origin' }).getByRole('row')).toHaveCount(2);
  await expect(screen.getByRole('table', { name: 'Origins' }).getByRole('row')).toHaveCount(3);
  await screenshot(app, project, 'sync-04-bundle-imported');
});
