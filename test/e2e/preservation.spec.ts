// Counsel's preservation screens, through every layer: place a legal hold on a case and release it with a
// reason; the retention calendar with an expired item shredded only once its list's digest is typed; and a
// preservation package exported with its verification summary and listed among the packages delivered.
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { addUser, generateSelfSignedIdentity, installIdentity, Vault } from '../../main/core/identity';
import { importCase } from '../../main/core/media';
import { installPolicy } from '../../main/core/preservation';
import { writeExampleCase } from '../../main/core/review';
import { expect, screenshot, test, type VaultSeed } from './fixtures';

const preservationVault = {
  name: 'Preservation',
  user: 'cleo',
  passphrase: 'counsel keeps the evidence safe',
};

/** The example case, an organisation identity, counsel "cleo", and one item ingested 40 days ago under a
 * policy keeping unreported material 30 days: it is expired, the others are not. */
const preservationSeed: VaultSeed = {
  async run(folders) {
    const vault = await Vault.create(
      join(folders.vaultsRoot, preservationVault.name),
      { user: 'ana', passphrase: 'correct horse battery staple' },
      { stateDir: folders.stateDir },
    );
    const source = await mkdtemp(join(folders.userData, 'case-'));
    try {
      const { caseId } = await importCase(vault, await writeExampleCase(join(source, 'case')));
      installIdentity(
        vault,
        await generateSelfSignedIdentity({
          commonName: 'Custody e2e',
          organisation: 'Example Trust & Safety',
        }),
        'self-signed',
      );
      await addUser(vault, preservationVault.user, preservationVault.passphrase, 'counsel');
      installPolicy(
        vault,
        JSON.stringify({
          format: 'custody-retention-policy/1',
          version: 2,
          name: 'Example policy',
          jurisdictions: ['US'],
          rules: [
            {
              id: 'org-unreported-30d',
              name: 'Unreported material kept 30 days from ingest',
              jurisdiction: 'US',
              applies: 'unreported',
              from: 'ingested',
              days: 30,
            },
          ],
        }),
      );
      const first = vault.db
        .prepare('SELECT item_id FROM case_items WHERE case_id = ? ORDER BY position LIMIT 1')
        .pluck()
        .get(caseId) as string;
      vault.db
        .prepare('UPDATE items SET ingested_at = ? WHERE id = ?')
        .run(new Date(Date.now() - 40 * 86_400_000).toISOString(), first);
    } finally {
      vault.lock();
      await rm(source, { recursive: true, force: true });
    }
  },
};

test.use({ seed: preservationSeed });

test('counsel holds a case, confirms expiry by digest and exports a verified preservation package', async ({
  app,
  unlock,
}, testInfo) => {
  const project = testInfo.project.name;
  await unlock(preservationVault);
  const screensNav = app.getByRole('button', { name: 'Legal holds' });
  await expect(screensNav).toBeVisible();
  await expect(app.getByRole('button', { name: 'Retention' })).toBeVisible();
  await expect(app.getByRole('button', { name: 'Preservation packages' })).toBeVisible();

  await screensNav.click();
  const holds = app.getByRole('region', { name: 'Legal holds' });
  const form = holds.getByRole('form', { name: 'Place a hold' });
  await form.getByLabel('Matter').fill('Doe v. Example');
  await form.getByRole('combobox', { name: /^Case/ }).selectOption({ index: 1 });
  await form.getByLabel('Reason (optional)').fill('Litigation hold letter of 1 March');
  await form.getByRole('button', { name: 'Place hold' }).click();
  const table = holds.getByRole('table', { name: 'Holds' });
  await expect(table.getByRole('row', { name: /Doe v\. Example.*cleo.*Active/ })).toBeVisible();
  await screenshot(app, project, 'preservation-01-hold-placed');
  await table.getByRole('button', { name: 'Release…' }).click();
  await table.getByLabel('Why release Doe v. Example').fill('Matter settled');
  await table.getByRole('button', { name: 'Confirm release' }).click();
  await expect(table.getByRole('row', { name: /Released .* by cleo: Matter settled/ })).toBeVisible();
  await screenshot(app, project, 'preservation-02-hold-released');

  await app.getByRole('button', { name: 'Retention' }).click();
  const retention = app.getByRole('region', { name: 'Retention' });
  const expiry = retention.getByRole('region', { name: 'Expired items' });
  await expect(expiry.getByRole('heading', { name: '1 item(s) past retention' })).toBeVisible();
  await expect(expiry).toContainText('under org-unreported-30d');
  const calendar = retention.getByRole('table', { name: 'Retention calendar' });
  // A header and one row per item, the case's chat transcript among them.
  await expect(calendar.getByRole('row')).toHaveCount(6);
  await expect(calendar).toContainText('Unreported material kept 30 days from ingest');
  await screenshot(app, project, 'preservation-03-retention-calendar');
  const shred = expiry.getByRole('button', { name: 'Shred expired items' });
  await expect(shred).toBeDisabled();
  const digest = (await expiry.locator('code.hash').textContent()) ?? '';
  await expiry.getByLabel('Digest').fill(digest.slice(0, 12));
  await shred.click();
  await expect(retention.getByRole('status')).toHaveText(/Shredded 1 expired item\(s\)/);
  await expect(calendar.getByRole('row')).toHaveCount(5);
  await screenshot(app, project, 'preservation-04-expired-shredded');

  await app.getByRole('button', { name: 'Preservation packages' }).click();
  const packages = app.getByRole('region', { name: 'Preservation packages' });
  const exportForm = packages.getByRole('form', { name: 'Export a preservation package' });
  await exportForm.getByRole('combobox', { name: /^Case/ }).selectOption({ index: 1 });
  await exportForm.getByLabel('For (agency or counsel)').fill('Example Police Service');
  await exportForm.getByRole('button', { name: 'Export package' }).click();
  const verification = packages.getByRole('region', { name: 'Package verification' });
  await expect(verification).toContainText('every checksum matches', { timeout: 60_000 });
  await expect(verification).toContainText('Example Trust & Safety');
  await expect(
    packages
      .getByRole('table', { name: 'Packages delivered' })
      .getByRole('row', { name: /Example Police Service/ }),
  ).toBeVisible();
  await screenshot(app, project, 'preservation-05-package-exported');
});
