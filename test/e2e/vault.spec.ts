// The first vertical slice, through every layer: renderer -> window.custody -> router -> core -> vault.
import { channels } from '../../shared/contract';
import { expect, screenshot, test } from './fixtures';

const passphrase = 'correct horse battery staple';

test('create a vault, lock it, refuse a wrong passphrase, unlock it', async ({ app }, testInfo) => {
  const project = testInfo.project.name;
  await expect(app.getByRole('heading', { name: 'Custody' })).toBeVisible();
  await expect(app.getByText(/version 0\.1\.0/)).toBeVisible();
  await expect(app.getByRole('tab', { name: 'Create a vault' })).toHaveAttribute('aria-selected', 'true');
  await screenshot(app, project, '01-welcome-create');

  await app.getByLabel('Vault name').fill('Casework');
  await app.getByLabel('Your user name').fill('Ana');
  await app.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await app.getByLabel('Repeat passphrase').fill(passphrase);
  await app.getByRole('button', { name: 'Create vault' }).click();
  await expect(app.getByText(/lower-case letters/i).last()).toBeVisible();
  await screenshot(app, project, '02-create-invalid-user');

  await app.getByLabel('Your user name').fill('ana');
  await app.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await app.getByLabel('Repeat passphrase').fill(passphrase);
  await app.getByRole('button', { name: 'Create vault' }).click();
  await expect(app.getByLabel('Session')).toContainText('Signed in as ana (admin)');
  await expect(app.getByLabel('Session')).toContainText('Casework');
  await screenshot(app, project, '03-workspace');

  await app.keyboard.press('Control+L');
  await expect(app.getByRole('tab', { name: 'Open a vault' })).toHaveAttribute('aria-selected', 'true');
  await expect(app.getByLabel('Vault', { exact: true })).toHaveValue('Casework');
  await expect(app.getByLabel('User', { exact: true })).toHaveValue('ana');

  await app.getByLabel('Passphrase').fill('not the passphrase');
  await app.getByRole('button', { name: 'Unlock' }).click();
  await expect(app.getByRole('alert')).toHaveText(
    'The passphrase for user "ana" is wrong. Nothing was changed.',
  );
  await expect(app.getByLabel('Passphrase')).toHaveValue('');
  await screenshot(app, project, '04-wrong-passphrase');

  await app.getByLabel('Passphrase').fill(passphrase);
  await app.getByRole('button', { name: 'Unlock' }).click();
  await expect(app.getByLabel('Session')).toContainText('Signed in as ana (admin)');
});

test('the page cannot reach anything but its own origin and the contract', async ({ app }) => {
  // No Node, no Electron internals, and only the contract's channels (and `on` for its events) on window.custody.
  const exposed = await app.evaluate(() => ({
    require: typeof (globalThis as unknown as { require?: unknown }).require,
    process: typeof (globalThis as unknown as { process?: unknown }).process,
    channels: Object.keys((globalThis as unknown as { custody: object }).custody).sort(),
  }));
  expect(exposed.require).toBe('undefined');
  expect(exposed.process).toBe('undefined');
  expect(exposed.channels).toEqual([...channels, 'on'].sort());
  // An unknown channel and a malformed payload are refused by the router with typed errors.
  const refused = await app.evaluate(async () => {
    const api = (globalThis as unknown as { custody: Record<string, (r: unknown) => Promise<unknown>> })
      .custody;
    return [
      await api['vault.unlock']!({ vault: '../x', user: 'ana', passphrase: 'x' }),
      await api['vault.lock']!({}),
    ];
  });
  expect(refused).toMatchObject([
    { ok: false, error: { code: 'BAD_REQUEST' } },
    { ok: false, error: { code: 'VAULT_LOCKED' } },
  ]);
});
