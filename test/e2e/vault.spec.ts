// The first vertical slice, through every layer: renderer -> window.custody -> router -> core -> vault; and
// the page's confinement: the CSP it is served refuses every other origin, and it sees only the contract.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { harnessCsp, rendererCsp } from '../../main/core/renderer-policy';
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

test('the page reaches no other origin, under the CSP it was served, and sees only the contract', async ({
  app,
}, testInfo) => {
  // Another origin on loopback, counting every request that reaches it; it would answer anyone.
  const reached: string[] = [];
  const other = createServer((req, res) => {
    reached.push(req.url ?? '');
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'text/plain' }).end('reached');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  const elsewhere = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  try {
    const attempt = await app.evaluate(async (base) => {
      const page = globalThis as unknown as {
        document: {
          addEventListener(
            type: 'securitypolicyviolation',
            listener: (event: {
              effectiveDirective: string;
              blockedURI: string;
              originalPolicy: string;
            }) => void,
          ): void;
        };
        Image: new () => { src: string; onload: (() => void) | null; onerror: (() => void) | null };
      };
      const violations: { directive: string; blocked: string; policy: string }[] = [];
      const bothReported = new Promise<void>((resolve) =>
        page.document.addEventListener('securitypolicyviolation', (event) => {
          violations.push({
            directive: event.effectiveDirective,
            blocked: event.blockedURI,
            policy: event.originalPolicy,
          });
          if (violations.length === 2) resolve();
        }),
      );
      const fetched = await fetch(`${base}/fetch`).then(
        async (response) => `reached: ${await response.text()}`,
        () => 'refused',
      );
      const image = await new Promise<string>((resolve) => {
        const img = new page.Image();
        img.onload = () => resolve('loaded');
        img.onerror = () => resolve('refused');
        img.src = `${base}/image.png`;
      });
      // Both reports come as soon as the refusals; the bound only keeps a page without a CSP from hanging.
      await Promise.race([bothReported, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      return { fetched, image, violations };
    }, elsewhere);
    expect(attempt.fetched).toBe('refused');
    expect(attempt.image).toBe('refused');
    expect(reached, 'requests that reached the other origin').toEqual([]);
    const policy = testInfo.project.name === 'electron' ? rendererCsp : harnessCsp;
    expect(attempt.violations.map(({ directive, blocked }) => [directive, blocked]).sort()).toEqual([
      ['connect-src', `${elsewhere}/fetch`],
      ['img-src', `${elsewhere}/image.png`],
    ]);
    for (const violation of attempt.violations) expect(violation.policy).toBe(policy);
  } finally {
    await new Promise((resolve) => other.close(resolve));
  }

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
