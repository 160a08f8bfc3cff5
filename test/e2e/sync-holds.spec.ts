// Peers' holds, cases and decisions through every layer: a field laptop (an admin on this roster) places a
// legal hold on one of its items, puts it in a case, records a report decision on it and shreds another
// item; an office workstation (an analyst here) places a hold too. Taking the bundles in shows the office's
// hold refused with the reason; the Legal holds screen shows the laptop's hold with its origin, with no
// release offered here; the item panel shows the laptop's case and decision, and the shredded item's panel
// says it was shredded on the laptop while this workstation keeps its copy.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Vault } from '../../main/core/identity';
import { ingestPaths } from '../../main/core/media';
import { placeHold } from '../../main/core/preservation';
import { recordDecision } from '../../main/core/decisions';
import { createCaseFromItems, shredItem } from '../../main/core/review';
import { addToRoster, exportBundle, syncCard } from '../../main/core/sync';
import { patternImage } from '../support/media';
import { expect, screenshot, test, type VaultSeed } from './fixtures';

const homeVault = { name: 'Home', user: 'ana', passphrase: 'correct horse battery staple' };

const seed: VaultSeed = {
  async run(folders) {
    const vault = await Vault.create(join(folders.vaultsRoot, homeVault.name), homeVault, {
      stateDir: folders.stateDir,
    });
    const peerVault = (name: string) =>
      Vault.create(
        join(folders.userData, name, 'vault'),
        { user: 'field', passphrase: 'a field laptop far from base' },
        { stateDir: join(folders.userData, name, 'state') },
      );
    const laptop = await peerVault('laptop');
    const office = await peerVault('office');
    const ingest = async (peer: Vault, seeds: number[]) => {
      const images = [];
      for (const n of seeds) {
        const file = join(folders.userData, `field-${n}.png`);
        await writeFile(file, await patternImage(n));
        images.push(file);
      }
      const ingested = await ingestPaths(peer, images);
      return ingested.outcomes.map((o) => (o as { itemId: string }).itemId);
    };
    try {
      addToRoster(vault, (await syncCard(laptop)).card, 'admin');
      addToRoster(vault, (await syncCard(office)).card, 'analyst');
      addToRoster(laptop, (await syncCard(vault)).card, 'admin');
      addToRoster(office, (await syncCard(vault)).card, 'admin');
      // The item the laptop will shred is held here too (same bytes): its shred there must not touch it here.
      await ingest(vault, [42]);
      const [held] = await ingest(laptop, [41]);
      const [shredded] = await ingest(laptop, [42]);
      placeHold(laptop, {
        matter: 'State v. Field',
        scope: [{ kind: 'item', target: held ?? '' }],
        reason: 'Preservation letter from the prosecutor',
      });
      createCaseFromItems(laptop, {
        title: 'Field upload 2 Dec',
        itemIds: [held ?? ''],
        detectedAt: '2026-12-02T08:00:00.000Z',
      });
      recordDecision(laptop, 'item', held ?? '', {
        outcome: { category: 'A1', report: 'report', action: 'remove-content', annotations: [] },
        rationale: 'Matches the known bank.',
      });
      await shredItem(laptop, shredded ?? '', 'Duplicate upload, not evidence.');
      await exportBundle(laptop, join(folders.userData, 'laptop-bundle.age'));
      const [officeItem] = await ingest(office, [43]);
      placeHold(office, { matter: 'Office matter', scope: [{ kind: 'item', target: officeItem ?? '' }] });
      await exportBundle(office, join(folders.userData, 'office-bundle.age'));
    } finally {
      vault.lock();
      laptop.lock();
      office.lock();
    }
  },
};

test.use({ seed });

test("peers' holds, cases, decisions and shreds are shown with their origin; a role not granted is refused", async ({
  app,
  unlock,
  folders,
}, testInfo) => {
  const project = testInfo.project.name;
  await unlock(homeVault);
  await app.getByRole('button', { name: 'Sync' }).click();
  const screen = app.getByRole('region', { name: 'Sync' });
  const take = screen.getByRole('form', { name: 'Take in a bundle' });
  const summary = screen.getByRole('status', { name: 'Bundle imported' });
  await take.getByLabel('Bundle file').fill(join(folders.userData, 'laptop-bundle.age'));
  await take.getByRole('button', { name: 'Verify and import' }).click();
  await expect(summary).toContainText('1 new item(s)', { timeout: 60_000 });
  await take.getByLabel('Bundle file').fill(join(folders.userData, 'office-bundle.age'));
  await take.getByRole('button', { name: 'Verify and import' }).click();
  const refused = summary.getByRole('list', { name: 'Entries refused' });
  await expect(refused.getByRole('listitem')).toHaveCount(1, { timeout: 60_000 });
  await expect(refused).toContainText('hold.add');
  await expect(refused).toContainText('holds the role analyst');
  await screenshot(app, project, 'sync-holds-01-refused-shown');

  await app.getByRole('button', { name: 'Legal holds' }).click();
  const holds = app.getByRole('region', { name: 'Legal holds' });
  const table = holds.getByRole('table', { name: 'Holds' });
  await expect(table.getByRole('row')).toHaveCount(2);
  const row = table.getByRole('row', { name: /State v\. Field/ });
  await expect(row).toContainText('custody/');
  await expect(row).toContainText('only the workstation that placed it can release it');
  await expect(row.getByRole('button', { name: 'Release…' })).toHaveCount(0);
  await screenshot(app, project, 'sync-holds-02-peer-hold');

  // The laptop's item: its case and report decision, with their origin. Back on the grid, the queue and its
  // count show what the import brought in, without locking.
  await app.getByRole('button', { name: /^All items, \d+ items?$/ }).click();
  await expect(app.getByRole('button', { name: /^All items, 3 items$/ })).toBeVisible();
  const grid = app.getByRole('grid', { name: 'Review grid: All items' });
  await grid.getByRole('gridcell', { name: /^field-41\.png/ }).click();
  await app.keyboard.press('Enter');
  const peers = app
    .getByRole('region', { name: 'Item panel' })
    .getByRole('region', { name: 'Peer workstations' });
  await expect(peers.getByRole('table', { name: 'Report decisions by workstation' })).toContainText(
    'report; category A1; action remove-content',
  );
  await expect(peers).toContainText('Case “Field upload 2 Dec”');
  await screenshot(app, project, 'sync-holds-03-item-peer-records');
  await app.keyboard.press('Escape');

  // The item the laptop shredded: shown as shredded there, kept here.
  await grid.getByRole('gridcell', { name: /^field-42\.png/ }).click();
  await app.keyboard.press('Enter');
  const shredded = app
    .getByRole('region', { name: 'Item panel' })
    .getByRole('region', { name: 'Peer workstations' });
  await expect(shredded.getByRole('note')).toContainText('Duplicate upload, not evidence.');
  await expect(shredded.getByRole('note')).toContainText('still holds its copy');
  await screenshot(app, project, 'sync-holds-04-shredded-on-peer');
});
