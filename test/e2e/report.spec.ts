// The report builder, through every layer: cases in the sidebar with their 24-hour clocks (overdue first),
// a report that cannot be exported until the reporter is filled in through the form, saving with Ctrl+S,
// exporting with Ctrl+E to a folder the person chooses (a cloud-synced one needs a confirmation, and the
// dialog warns that originals are written in clear), and the signed package checked in the test process
// with openssl alone. An
// analyst may edit and save but not export; a JSON editor that does not parse stops the save.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { expect, screenshot, test } from './fixtures';
import { casesSeed, casesVault, seededCases } from './seed';
import { opensslVerifyPackage } from '../support/package';

test.use({ seed: casesSeed });

test('fill what blocks an overdue report, save, export and verify the signed package', async ({
  app,
  folders,
  unlock,
}, testInfo) => {
  const project = testInfo.project.name;
  await unlock(casesVault);

  // The sidebar: the overdue case first, styled urgent; the other with its time left.
  const cases = app.getByRole('navigation', { name: 'Cases' }).getByRole('button');
  await expect(cases).toHaveCount(2);
  await expect(cases.first()).toHaveAccessibleName(
    new RegExp(`^${seededCases.incomplete.replace(/[()]/g, '\\$&')}, overdue by 8 hours`),
  );
  await expect(cases.first().locator('.case-clock')).toHaveText(/^OVERDUE by 8h 0\dm$/);
  await expect(cases.first().locator('.case-clock')).toHaveClass(/is-overdue/);
  await expect(cases.nth(1)).toHaveAccessibleName(
    /^Example: shared images.*, 2[0-2] hours \d+ minutes left$/,
  );
  await expect(cases.nth(1).locator('.case-clock')).toHaveText(/^2[0-2]h \d{2}m left$/);
  // Four media files shared by both cases, and each case's chat transcript.
  await expect(app.getByRole('button', { name: 'Uncategorised, 6 items' })).toBeVisible();
  await expect(app.getByRole('grid', { name: 'Review grid: All items' }).getByRole('gridcell')).toHaveCount(
    6,
  );
  await screenshot(app, project, 'report-01-sidebar-cases');

  // C goes to the cases, Enter opens the first: the builder replaces the grid.
  await app.keyboard.press('c');
  await expect(cases.first()).toBeFocused();
  await app.keyboard.press('Enter');
  const title = app.getByRole('heading', { level: 2, name: seededCases.incomplete });
  await expect(title).toBeFocused();
  await expect(app.getByRole('grid')).toHaveCount(0);
  await expect(cases.first()).toHaveAttribute('aria-current', 'page');
  for (const name of [
    'Incident summary',
    'Internet details',
    'Law enforcement',
    'Reporter',
    'Reported person or user',
    'Intended recipient',
    'Victim',
    'Additional information',
    'Files',
  ]) {
    await expect(app.getByRole('region', { name, exact: true })).toBeVisible();
  }
  // Digits categorise only on the grid: here they do nothing to items nobody can see.
  await app.keyboard.press('1');

  // Pre-filled from the case; the files come from review, read-only.
  const incident = app.getByRole('region', { name: 'Incident summary' });
  await expect(incident.getByLabel('Incident type')).toHaveValue(/^Child Pornography/);
  await expect(incident.getByLabel('Platform')).toHaveValue('Example Social (web and mobile)');
  const user = app.getByRole('group', { name: 'Reported user 1' });
  await expect(user.getByLabel('Screen name')).toHaveValue('example-user-42');
  await expect(user.getByRole('group', { name: 'IP capture event 2' }).getByLabel('Port')).toHaveValue(
    '50123',
  );
  await expect(user.getByLabel('Country')).toHaveValue('US');
  const files = app.getByRole('region', { name: 'Files', exact: true }).getByRole('table');
  await expect(files.getByRole('row')).toHaveCount(5);
  await expect(files).toContainText('IMG_0001.jpg');
  await expect(files).toContainText('Not categorised');

  // Incomplete: export is disabled with its reason, and the blocking list names the reporter.
  const exportButton = app.getByRole('button', { name: /^Export/ });
  await expect(exportButton).toBeDisabled();
  await expect(app.getByText(/^Export is unavailable: Fix the 2 problems/)).toBeVisible();
  const mustFill = app.getByRole('region', { name: 'Must fill' });
  await expect(mustFill.getByRole('button')).toHaveCount(2);
  await expect(mustFill.getByRole('button').first()).toContainText('/report/reporter');
  await expect(mustFill.getByRole('button').first()).toContainText('Required: the reporter.');
  await expect(app.getByRole('button', { name: 'Reporter, 2 to fix' })).toBeVisible();

  // Alt+4 jumps to the reporter, which shows what is missing there.
  const reporter = app.getByRole('region', { name: 'Reporter' });
  await app.keyboard.press('Alt+4');
  await expect(reporter.getByLabel('First name')).toBeFocused();
  await expect(reporter).toContainText('Required: the reporter. Fill it in before export.');
  await screenshot(app, project, 'report-02-incomplete');

  // Each problem leads to its field.
  await mustFill.getByRole('button').nth(1).click();
  await expect(reporter.getByLabel('Email', { exact: true })).toBeFocused();
  await mustFill.getByRole('button').first().click();
  await expect(reporter.getByLabel('First name')).toBeFocused();

  // Fill the reporter through the form; the builder and the sidebar show the unsaved changes.
  await reporter.getByLabel('First name').fill('Sam');
  await reporter.getByLabel('Last name').fill('Example');
  await reporter.getByLabel('Email', { exact: true }).fill('trust-safety@example.com');
  await expect(app.getByLabel('Save state')).toHaveText('Unsaved changes');
  await expect(cases.first()).toContainText('Unsaved changes');
  await expect(app.getByText(/^Export is unavailable: Save your changes first/)).toBeVisible();

  // Ctrl+S saves (while the focus is still in the field); the blocking list clears.
  await app.keyboard.press('Control+s');
  const status = app.getByRole('status', { name: 'Report status' });
  await expect(status).toContainText(/Saved at .*Nothing blocks export\./);
  await expect(app.getByLabel('Save state')).toHaveText('All changes saved');
  await expect(mustFill.getByRole('button')).toHaveCount(0);
  await expect(mustFill).toContainText('Every field NCMEC requires is filled');
  await expect(app.getByRole('region', { name: 'Completeness' })).toContainText('Nothing blocks export');
  const referral = app.getByRole('region', { name: 'Referral estimate' });
  await expect(referral).toContainText('Likely a referral');
  await expect(referral).toContainText('Possible location: an IP address of the reported user.');
  await expect(app.getByRole('region', { name: 'Recommended' })).toContainText('A contact person');
  const xml = app.getByRole('region', { name: 'XML preview' }).getByLabel('report.xml');
  await expect(xml).toContainText('<firstName>Sam</firstName>');
  await expect(xml).toContainText('<email>trust-safety@example.com</email>');
  await expect(exportButton).toBeEnabled();
  await screenshot(app, project, 'report-03-complete');

  // Alt+0: the XML preview, in its wide view.
  await app.keyboard.press('Alt+0');
  await expect(xml).toBeFocused();
  const wide = app.getByRole('button', { name: 'Wide view' });
  await expect(wide).toHaveAttribute('aria-pressed', 'true');
  await screenshot(app, project, 'report-04-xml-preview');
  await wide.click();
  await expect(wide).toHaveAttribute('aria-pressed', 'false');

  // Alt+5 jumps to the reported user.
  await app.keyboard.press('Alt+5');
  await expect(user.getByLabel('Screen name')).toBeFocused();

  // Ctrl+E asks where: the workstation's own folder is offered, and the dialog warns before writing that
  // the originals go out in clear unless the package is encrypted.
  await app.keyboard.press('Control+e');
  const exportDialog = app.getByRole('dialog', { name: 'Export the signed report package' });
  const folderField = exportDialog.getByRole('textbox', { name: 'Folder' });
  await expect(folderField).not.toHaveValue('');
  const offered = await folderField.inputValue();
  expect(offered).not.toMatch(/Documents|Desktop|Dropbox|OneDrive|iCloud|Google Drive/);
  await expect(exportDialog.getByRole('note', { name: 'What is written' })).toContainText(
    'The originals are written in clear.',
  );
  await screenshot(app, project, 'report-05-export-dialog');
  // A folder commonly synced to a cloud is refused until the person confirms it is not synced.
  await folderField.fill(join(homedir(), 'Documents', 'Custody exports'));
  await exportDialog.getByRole('button', { name: 'Export in clear' }).click();
  const syncedWarning = exportDialog.getByRole('group', { name: 'Cloud-synced folder' });
  await expect(syncedWarning).toContainText('is in Documents, a folder commonly synced to a cloud');
  await expect(exportDialog.getByRole('button', { name: 'Export in clear' })).toBeDisabled();
  await screenshot(app, project, 'report-06-export-synced');
  await folderField.fill(offered);
  await expect(syncedWarning).toBeHidden();
  await exportDialog.getByRole('button', { name: 'Export in clear' }).click();
  await expect(exportDialog).toBeHidden();
  await expect(status).toContainText(
    /Exported the signed report package report-[0-9a-f]{8}-\S+ \(10 files\)\./,
  );
  const result = app.getByRole('region', { name: 'Export result' });
  await expect(result).toContainText('openssl cms -verify -binary -inform DER');
  const folder = (await result.locator('dd code').first().textContent()) ?? '';
  await expect(result.locator('dd code').nth(1)).toHaveText(offered);
  const manifestSha256 = (await result.locator('code.hash').textContent()) ?? '';
  expect(manifestSha256).toMatch(/^[0-9a-f]{64}$/);
  await screenshot(app, project, 'report-07-exported');

  if (project === 'chromium-harness') {
    // The package is in the folder the harness offers, owner-only, and verifies with openssl alone.
    expect(offered).toBe(join(folders.stateDir, '..', 'exports'));
    const dir = join(offered, folder);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(existsSync(join(dir, 'manifest-sha256.txt.p7s')), dir).toBe(true);
    const manifest = readFileSync(join(dir, 'manifest-sha256.txt'));
    expect(createHash('sha256').update(manifest).digest('hex')).toBe(manifestSha256);
    expect(opensslVerifyPackage(dir).status).toBe(0);
    execFileSync('sha256sum', ['--check', '--strict', '--quiet', 'manifest-sha256.txt'], { cwd: dir });
    expect(readFileSync(join(dir, 'report.xml'), 'utf8')).toContain(
      '<email>trust-safety@example.com</email>',
    );
  }

  // The help lists the builder's keys (? outside a field: in one it is just a character).
  await title.focus();
  await app.keyboard.press('?');
  const help = app.getByRole('dialog', { name: 'Keyboard' });
  await expect(help.getByRole('region', { name: 'Report builder' })).toContainText('Save the report');
  await expect(help.getByRole('region', { name: 'Report builder' })).toContainText('Alt+1…9');
  await screenshot(app, project, 'report-08-help');
  await app.keyboard.press('Escape');
  await expect(help).toBeHidden();

  // Esc (outside a field) goes back to the grid; nothing was categorised from the builder.
  await expect(title).toBeFocused();
  await app.keyboard.press('Escape');
  await expect(app.getByRole('grid', { name: 'Review grid: All items' })).toBeFocused();
  await expect(app.getByRole('button', { name: 'Categorised, 0 items' })).toBeVisible();
});

test('an analyst saves but cannot export; a JSON editor that does not parse stops the save', async ({
  app,
  unlock,
}) => {
  await unlock({ name: casesVault.name, ...casesVault.analyst });
  await app
    .getByRole('navigation', { name: 'Cases' })
    .getByRole('button', { name: /^Example: shared images/ })
    .click();
  await expect(app.getByRole('heading', { level: 2, name: seededCases.complete })).toBeVisible();
  await expect(app.getByRole('button', { name: /^Export/ })).toBeDisabled();
  await expect(
    app.getByText(
      'Export is unavailable: Your role (analyst) cannot export report packages: ask a supervisor, counsel or admin.',
    ),
  ).toBeVisible();
  await app.keyboard.press('Control+e');
  await expect(app.getByRole('alert')).toContainText('Not exported: Your role (analyst)');

  // A JSON editor that does not parse: not saved, the editor is focused with its problem.
  const law = app.getByRole('region', { name: 'Law enforcement' });
  const json = law.getByLabel('Other law enforcement fields (JSON)');
  await json.fill('{ "reportedToLe": tru');
  await app.keyboard.press('Control+s');
  await expect(app.getByRole('alert')).toContainText(
    'Not saved: Other law enforcement fields (JSON): Not valid JSON',
  );
  await expect(json).toBeFocused();
  await expect(json).toHaveAttribute('aria-invalid', 'true');

  // Valid JSON saves; the core then says the agency's name is required, and the problem leads to it.
  await json.fill('{ "reportedToLe": true }');
  await app.keyboard.press('Control+s');
  await expect(app.getByRole('status', { name: 'Report status' })).toContainText(
    '1 problem still blocks export.',
  );
  const mustFill = app.getByRole('region', { name: 'Must fill' });
  await expect(mustFill).toContainText('/report/lawEnforcement/agencyName');
  await mustFill.getByRole('button').first().click();
  await expect(law.getByLabel('Agency name')).toBeFocused();
  await expect(law.getByText('Required: the name of the law enforcement agency.')).toBeVisible();

  // Emptying the section removes it again.
  await json.fill('');
  await app.keyboard.press('Control+s');
  await expect(app.getByRole('status', { name: 'Report status' })).toContainText('Nothing blocks export.');
  await expect(mustFill.getByRole('button')).toHaveCount(0);
});

test("a case's chat transcript reads as a conversation under its report, searchable, attachments blurred", async ({
  app,
  unlock,
}, testInfo) => {
  await unlock(casesVault);
  await app
    .getByRole('navigation', { name: 'Cases' })
    .getByRole('button', { name: /^Example: shared images/ })
    .click();
  await app.getByText('Chat transcripts · 1 conversation, 3 messages').click();
  const transcripts = app.getByRole('region', { name: 'Chat transcripts' });
  const conversation = transcripts.getByRole('region', { name: 'Conversation on Example Social Messenger' });
  await expect(conversation).toBeVisible();
  const messages = conversation.getByRole('list', { name: 'Messages' }).getByRole('listitem');
  await expect(messages.filter({ hasText: 'Hi, are you there?' })).toHaveCount(1);
  await expect(conversation.getByRole('status')).toHaveText('3 messages');
  const tile = conversation.getByRole('figure', { name: 'Attachment media/upload-1.jpg (blurred)' });
  await expect(tile.locator('img')).toHaveAttribute('src', /\/media\/thumbnail\//);
  await expect
    .poll(() => tile.locator('img').evaluate((img) => (img as { naturalWidth: number }).naturalWidth))
    .toBeGreaterThan(0);
  await screenshot(app, testInfo.project.name, 'report-transcript-conversation');
  await conversation.getByLabel('Search messages').fill('picture');
  await expect(conversation.getByRole('status')).toHaveText('1 of 3 messages contain “picture”');
  await expect(conversation.getByRole('list', { name: 'Messages' }).locator('> li')).toHaveCount(1);
  // The additional information the transcript gave the report is in the form.
  await expect(app.getByRole('region', { name: 'Intended recipient', exact: true })).toContainText('user-77');
});
