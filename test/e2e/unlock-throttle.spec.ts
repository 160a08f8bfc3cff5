// Unlock throttling as a person meets it (finding 17): after three wrong passphrases the core hears the
// next attempt only after a wait, which the Welcome screen says and counts down on the Unlock button; once
// it has passed, the right passphrase opens the vault.
import { join } from 'node:path';
import { Vault } from '../../main/core/identity';
import { expect, screenshot, test } from './fixtures';

const vault = { name: 'Throttled', user: 'ana', passphrase: 'correct horse battery staple' };

test.use({
  seed: {
    async run({ vaultsRoot, stateDir }) {
      const created = await Vault.create(
        join(vaultsRoot, vault.name),
        { user: vault.user, passphrase: vault.passphrase },
        { stateDir },
      );
      created.lock();
    },
  },
});

test('wrong passphrases make the next attempt wait, counted down on the Unlock button', async ({
  app,
}, testInfo) => {
  const project = testInfo.project.name;
  const passphrase = app.getByLabel('Passphrase');
  const attempt = async (text: string) => {
    await passphrase.fill(text);
    await app.getByRole('button', { name: 'Unlock' }).click();
    await expect(passphrase).toHaveValue('');
  };
  await expect(app.getByLabel('Vault', { exact: true })).toHaveValue(vault.name);
  for (const wrong of ['first try', 'second try', 'third try']) {
    await attempt(wrong);
    await expect(app.getByRole('alert')).toHaveText(
      'The passphrase for user "ana" is wrong. Nothing was changed.',
    );
  }
  await attempt('fourth try');
  await expect(app.getByRole('alert')).toHaveText(
    /^Too many wrong passphrases for user "ana" on this workstation\. Try again in 1 s\.$/,
  );
  await passphrase.fill('fourth try');
  await expect(app.getByRole('button', { name: 'Unlock' })).toBeEnabled({ timeout: 5_000 });
  await app.getByRole('button', { name: 'Unlock' }).click();
  await expect(app.getByRole('alert')).toHaveText(/is wrong/);

  await attempt('fifth try');
  await expect(app.getByRole('alert')).toHaveText(/Try again in [12] s\.$/);
  await passphrase.fill(vault.passphrase);
  const waiting = app.getByRole('button', { name: /^Try again in [12] s$/ });
  await expect(waiting).toBeDisabled();
  await screenshot(app, project, 'unlock-throttled');
  await expect(app.getByRole('button', { name: 'Unlock' })).toBeEnabled({ timeout: 5_000 });
  await expect(app.getByRole('alert')).toHaveCount(0);
  await app.getByRole('button', { name: 'Unlock' }).click();
  await expect(app.getByLabel('Session')).toContainText('Signed in as ana (admin)');
});
