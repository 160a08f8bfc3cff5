// The workstation's own screens, by role: an admin ingests by path, imports a case file, runs cases
// (assign, close, reopen), imports and removes a bank, manages people and sees the organisation's
// certificate, reads, exports and verifies the ledger, searches the grid and makes a case from a
// selection, and reads the dashboard (no CSP violation); an analyst sees only what the policy gives them.
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { writeExampleCase } from '../../main/core/review/case-example';
import { shapesImage } from '../support/media';
import { expect, screenshot, test } from './fixtures';
import { deskSeed, deskVault } from './desk-seed';

test.use({ seed: deskSeed });

const admin = { name: deskVault.name, user: deskVault.user, passphrase: deskVault.passphrase };
const analyst = { name: deskVault.name, ...deskVault.analyst };

/** Records every CSP violation the page reports from now on (the page's own code, as text). */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(`(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
  })()`);
  return () => page.evaluate('window.cspViolations') as Promise<string[]>;
}

async function openScreen(app: Page, title: string) {
  await app.getByRole('complementary', { name: 'Sidebar' }).getByRole('button', { name: title }).click();
  return app.getByRole('region', { name: title });
}

test('an admin ingests by path, imports a case file and runs the cases', async ({
  app,
  unlock,
  folders,
}, info) => {
  const project = info.project.name;
  const source = await mkdtemp(join(folders.userData, 'drop-'));
  await writeFile(join(source, 'one.png'), await shapesImage(101));
  await writeFile(join(source, 'two.png'), await shapesImage(102));
  const caseFile = await writeExampleCase(join(folders.userData, 'incoming-case'));
  await unlock(admin);

  const intake = await openScreen(app, 'Ingest');
  await intake
    .getByLabel('Files or folders to ingest (one path a line)')
    .fill(`${source}\n${join(source, 'missing.png')}`);
  await intake.getByRole('button', { name: 'Ingest', exact: true }).click();
  const summary = intake.getByRole('region', { name: 'Ingest summary' });
  await expect(summary.getByRole('row', { name: /New items/ })).toContainText('2');
  await expect(summary.getByRole('row', { name: /Failed/ })).toContainText('1');
  await expect(summary.getByRole('list', { name: 'Failures' })).toContainText('it does not exist');
  await intake.getByRole('button', { name: 'Choose files…' }).click();
  await expect(intake.getByText('This workstation has no file dialog here')).toBeVisible();
  await intake.getByRole('textbox', { name: 'Case file' }).fill(caseFile);
  await intake.getByRole('button', { name: 'Import case' }).click();
  // The example's media are in the vault already (the seed imported the same example).
  const listed = (JSON.parse(await readFile(caseFile, 'utf8')) as { files: unknown[] }).files.length;
  await expect(summary.getByRole('row', { name: /Duplicates/ })).toContainText(String(listed));
  await expect(summary).toContainText('The case was created');
  await screenshot(app, project, 'desk-01-ingest');

  const cases = await openScreen(app, 'Cases');
  const table = cases.getByRole('table', { name: 'Cases' });
  await expect(table.getByRole('row')).toHaveCount(4);
  const overdue = table.getByRole('row').nth(1);
  await expect(overdue).toContainText('overdue by');
  const title = (await overdue.getByRole('rowheader').innerText()).trim();
  await cases.getByLabel(`Reviewer of ${title}`).selectOption(deskVault.analyst.user);
  await expect(cases.getByLabel(`Reviewer of ${title}`)).toHaveValue(deskVault.analyst.user);
  await cases.getByLabel(`Reason to close ${title}`).fill('duplicate of another case');
  await cases.getByRole('row', { name: title }).getByRole('button', { name: 'Close' }).click();
  await expect(cases.getByRole('row', { name: title })).toContainText('closed');
  await screenshot(app, project, 'desk-02-cases');
  await cases.getByLabel(`Reason to reopen ${title}`).fill('closed by mistake');
  await cases.getByRole('row', { name: title }).getByRole('button', { name: 'Reopen' }).click();
  await expect(cases.getByRole('row', { name: title })).toContainText('open');

  // The ledger holds each step.
  const audit = await openScreen(app, 'Audit');
  for (const action of ['case.assign', 'case.close', 'case.reopen']) {
    await audit.getByLabel('Action').selectOption(action);
    await audit.getByRole('button', { name: 'Filter' }).click();
    await expect(audit.getByRole('status', { name: 'Ledger count' })).toHaveText('1 entries match');
    await expect(audit.getByRole('table', { name: 'Ledger' }).getByRole('row').nth(1)).toContainText('valid');
  }
});

test('an admin imports and removes a bank, manages people and sees where the vault lives', async ({
  app,
  unlock,
  folders,
}, info) => {
  const project = info.project.name;
  const bankFile = join(folders.userData, 'hashes.txt');
  await writeFile(bankFile, `${'a'.repeat(64)}\nnot a hash\n${'b'.repeat(64)}\n`);
  await unlock(admin);

  const banks = await openScreen(app, 'Banks');
  const form = banks.getByRole('form', { name: 'Import a bank' });
  await form.getByLabel('Bank file path').fill(bankFile);
  await form.getByLabel('Name').fill('desk-test');
  await form.getByLabel('Version').fill('1');
  await form.getByLabel('Format').selectOption('sha256sum');
  await form.getByRole('button', { name: 'Import' }).click();
  await expect(form.getByRole('list', { name: 'Problems' })).toContainText('Line 2:');
  await expect(banks.getByRole('row', { name: 'desk-test 1' })).toContainText('2');
  await screenshot(app, project, 'desk-03-banks');
  await banks.getByLabel('Reason to remove desk-test 1').fill('imported for a test');
  await banks.getByRole('row', { name: 'desk-test 1' }).getByRole('button', { name: 'Remove' }).click();
  await expect(banks.getByRole('row', { name: 'desk-test 1' })).toHaveCount(0);

  const people = await openScreen(app, 'People');
  const add = people.getByRole('form', { name: 'Add a user' });
  await add.getByLabel('User name').fill('cara');
  await add.getByLabel('First passphrase').fill('cara has a long passphrase');
  await add.getByRole('button', { name: 'Add user' }).click();
  await expect(people.getByRole('row', { name: 'cara' })).toBeVisible();
  await people.getByLabel('Role of cara').selectOption('supervisor');
  await expect(people.getByRole('row', { name: 'cara' }).getByRole('status')).toHaveText('Role changed.');
  await expect(people.getByRole('region', { name: 'Organisation identity' })).toContainText('Custody e2e');
  await screenshot(app, project, 'desk-04-people');
  await people.getByRole('button', { name: 'NCMEC settings…' }).click();
  await expect(app.getByRole('dialog')).toBeVisible();
  await app.keyboard.press('Escape');

  const vault = await openScreen(app, 'Vault');
  await expect(vault.getByLabel('Where the vaults live')).toContainText(folders.vaultsRoot);
  await screenshot(app, project, 'desk-05-vault');
});

test('a supervisor-level audit: filter, open a subject, export with proofs, verify', async ({
  app,
  unlock,
  folders,
}, info) => {
  const project = info.project.name;
  await unlock(admin);
  const audit = await openScreen(app, 'Audit');
  await audit.getByLabel('Action').selectOption('item.reveal');
  await audit.getByRole('button', { name: 'Filter' }).click();
  await expect(audit.getByRole('status', { name: 'Ledger count' })).toHaveText('3 entries match');
  await audit.getByRole('row', { name: /Entry/ }).first().getByRole('button', { name: 'Open item' }).click();
  await expect(audit.getByRole('region', { name: 'Subject' })).toContainText('SHA-256');
  const destination = join(folders.userData, 'reveals-export');
  await audit.getByLabel('Export folder').fill(destination);
  await audit.getByRole('button', { name: 'Export with proofs' }).click();
  await expect(audit.getByText(/Exported 3 entries with proofs/)).toBeVisible();
  expect((await readdir(destination)).sort()).toEqual([
    'checkpoint',
    'entries.jsonl',
    'keys.txt',
    'proofs.json',
    'view.json',
  ]);
  await audit.getByRole('button', { name: 'Verify the vault' }).click();
  const result = audit.getByRole('status', { name: 'Verification result' });
  await expect(result).toContainText('problem(s) found');
  await expect(result).toContainText('submissions');
  await screenshot(app, project, 'desk-06-audit');
});

test('the dashboard plots the seeded deadlines, reports and exposure under the CSP', async ({
  app,
  unlock,
}, info) => {
  const project = info.project.name;
  const violations = await watchCsp(app);
  await unlock(admin);
  const dashboard = await openScreen(app, 'Dashboard');
  await expect(dashboard.getByLabel('Workload')).toContainText('Overdue');
  await expect(dashboard.locator('.recharts-wrapper')).toHaveCount(3);
  await expect(dashboard.locator('.recharts-bar-rectangle').first()).toBeVisible();
  const deadlines = dashboard.getByRole('table', { name: 'Open cases by time left', includeHidden: true });
  await expect(deadlines.getByRole('row', { includeHidden: true })).toHaveCount(3);
  const reports = dashboard.getByRole('table', { name: 'Reports sent per day', includeHidden: true });
  await expect(reports.getByRole('row', { includeHidden: true }).nth(1)).toContainText('1.5');
  const exposure = dashboard.getByRole('table', { name: 'Reviewer exposure per day', includeHidden: true });
  await expect(exposure.getByRole('row', { includeHidden: true }).nth(1)).toContainText(deskVault.user);
  await expect(exposure.getByRole('row', { includeHidden: true }).nth(1)).toContainText('3');
  await expect(dashboard.getByRole('region', { name: 'Wellness settings' })).toBeVisible();
  await screenshot(app, project, 'desk-07-dashboard');
  await dashboard.getByRole('figure', { name: 'Reveals per reviewer per day' }).scrollIntoViewIfNeeded();
  await screenshot(app, project, 'desk-07-dashboard-exposure');
  expect(await violations()).toEqual([]);
  // The watch itself can fail: an inline style sheet is refused by the CSP and reported.
  await app.evaluate(`document.head.appendChild(document.createElement('style')).textContent = 'p {}'`);
  await expect.poll(async () => (await violations()).some((v) => v.startsWith('style-src'))).toBe(true);
});

test('search the grid and make a case from the selection; an analyst sees only their screens', async ({
  app,
  unlock,
}, info) => {
  const project = info.project.name;
  await unlock(analyst);
  const sidebar = app.getByRole('complementary', { name: 'Sidebar' });
  for (const title of ['Ingest', 'Cases', 'Banks', 'Vault'])
    await expect(sidebar.getByRole('button', { name: title })).toBeVisible();
  for (const title of ['People', 'Audit', 'Dashboard'])
    await expect(sidebar.getByRole('button', { name: title })).toHaveCount(0);

  const search = app.getByRole('search', { name: 'Search items' });
  await search.getByLabel('File name').fill('upload-2');
  await search.getByRole('button', { name: 'Search' }).click();
  const grid = app.getByRole('grid', { name: 'Review grid: Search results' });
  await expect(grid.getByRole('gridcell')).toHaveCount(1);
  await screenshot(app, project, 'desk-08-search');
  const newCase = app.getByRole('form', { name: 'New case from the selection' });
  await newCase.getByLabel('Case title').fill('Made from a search');
  await newCase.getByRole('button', { name: 'New case from 1 selected' }).click();
  await expect(app.getByRole('status', { name: 'Announcements' })).toContainText('Made from a search');
  await search.getByRole('button', { name: 'Clear search' }).click();
  await expect(app.getByRole('grid', { name: 'Review grid: All items' })).toBeVisible();

  const cases = await openScreen(app, 'Cases');
  await expect(cases.getByRole('row', { name: 'Made from a search' })).toBeVisible();
  await expect(cases.getByRole('button', { name: 'Close' })).toHaveCount(0);
});
