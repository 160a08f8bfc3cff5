// Submitting to NCMEC, through every layer: an admin points the vault at the local NCMEC stand-in (the
// production choice needs an explicit confirmation, which is looked at but not saved), opens the complete
// example case, confirms the submission naming where it goes, watches its steps, and gets the receipt.
// The stand-in, in the test process, then holds exactly that one finished report with its four files.
import { startNcmecServer, type NcmecServer } from '../ncmec-server/server';
import { expect, screenshot, test } from './fixtures';
import { casesSeed, casesVault, seededCases } from './seed';

test.use({ seed: casesSeed });

const ncmecUser = { username: 'esp-test', password: 'stand-in password' };

let ncmec: NcmecServer;

test.beforeAll(async () => {
  ncmec = await startNcmecServer({ users: [ncmecUser] });
});

test.afterAll(async () => {
  await ncmec.close();
});

test('set up the local stand-in, submit the complete case and read the receipt', async ({
  app,
  unlock,
}, testInfo) => {
  const project = testInfo.project.name;
  await unlock(casesVault);

  // Open the complete example: before any settings, Submit says why it cannot run.
  await app
    .getByRole('navigation', { name: 'Cases' })
    .getByRole('button', { name: /^Example: shared/ })
    .click();
  await expect(app.getByRole('heading', { level: 2, name: seededCases.complete })).toBeFocused();
  const submit = app.getByRole('button', { name: /^Submit to NCMEC/ });
  await expect(submit).toBeDisabled();
  await expect(app.locator('#report-submit-reason')).toContainText('NCMEC is not set up');
  // No outbox while nothing waits.
  await expect(app.getByRole('navigation', { name: 'Outbox' })).toHaveCount(0);

  // N opens the NCMEC settings.
  await app.keyboard.press('n');
  const settings = app.getByRole('dialog', { name: 'NCMEC settings' });
  await expect(settings).toBeVisible();
  await screenshot(app, project, 'submission-01-settings');

  // Production asks for an explicit confirmation before it can be saved (looked at, never saved here).
  await settings.getByRole('radio', { name: 'Production' }).check();
  const save = settings.getByRole('button', { name: /^Save/ });
  await settings.getByLabel('Username').fill(ncmecUser.username);
  await settings.getByLabel('Password').fill(ncmecUser.password);
  await expect(save).toBeDisabled();
  await settings.getByLabel('I understand reports will go to NCMEC for real').check();
  await expect(save).toBeEnabled();
  await expect(save).toHaveText(/send to production/);
  await screenshot(app, project, 'submission-02-production-confirmation');

  // The local stand-in, with the server's base URL.
  await settings.getByRole('radio', { name: 'Local stand-in' }).check();
  await expect(settings.getByLabel('I understand reports will go to NCMEC for real')).toHaveCount(0);
  await settings.getByLabel('Endpoint').fill(ncmec.baseUrl);
  await save.click();
  await expect(settings).toHaveCount(0);
  await expect(app.getByRole('button', { name: 'NCMEC settings: local' })).toContainText('Local stand-in');

  // Ctrl+Enter asks first, naming where the report goes.
  await expect(submit).toBeEnabled();
  await app.keyboard.press('Control+Enter');
  const confirm = app.getByRole('dialog', { name: 'Submit to NCMEC: Local stand-in' });
  await expect(confirm).toBeVisible();
  await expect(confirm).toContainText(ncmec.baseUrl);
  await expect(confirm).toContainText('4 files');
  await screenshot(app, project, 'submission-03-confirm');
  await confirm.getByRole('button', { name: 'Submit to Local stand-in' }).click();

  // Progress while it runs (if the stand-in is slower than the screenshot), then the receipt.
  const status = app.getByRole('status', { name: 'Submission status' });
  const progress = app.getByRole('region', { name: 'Submission progress' });
  if (await progress.isVisible()) await screenshot(app, project, 'submission-04-progress');
  const receipt = app.getByRole('region', { name: 'Submission receipt' });
  await expect(receipt).toBeVisible();
  await expect(status).toHaveText(/^Reported as CyberTipline report \d+, with 4 files\.$/);
  const reportId = Number(/report (\d+)/.exec((await status.textContent()) ?? '')?.[1]);
  expect(reportId).toBeGreaterThan(0);
  await expect(receipt.getByRole('heading')).toHaveText(
    `Reported to NCMEC as CyberTipline report ${reportId}`,
  );
  const rows = receipt.getByRole('table', { name: 'Files sent' }).getByRole('row');
  await expect(rows).toHaveCount(5);
  await expect(receipt.getByText('✓ matches')).toHaveCount(4);
  await expect(app.getByText(`Reported as CyberTipline report ${reportId}`, { exact: true })).toBeVisible();
  await expect(submit).toBeDisabled();
  await expect(app.locator('#report-submit-reason')).toContainText('never submitted twice');
  await screenshot(app, project, 'submission-05-receipt');

  // The stand-in holds exactly that one finished report, with the four files and their MD5s.
  expect(ncmec.reports.size).toBe(1);
  const report = ncmec.reports.get(reportId);
  expect(report?.state).toBe('finished');
  expect(report?.username).toBe(ncmecUser.username);
  expect(report?.files).toHaveLength(4);
  for (const file of report?.files ?? []) {
    await expect(receipt.getByRole('row').filter({ hasText: file.fileId })).toContainText(file.md5);
  }

  // Opening the case again shows the receipt from the vault.
  await app.keyboard.press('Escape');
  await app
    .getByRole('navigation', { name: 'Cases' })
    .getByRole('button', { name: /^Example: shared/ })
    .click();
  await expect(app.getByRole('region', { name: 'Submission receipt' })).toContainText(String(reportId));
  await expect(app.getByRole('navigation', { name: 'Outbox' })).toHaveCount(0);
});

test('a credential NCMEC refuses stops the submission with what NCMEC said and what to do', async ({
  app,
  unlock,
}, testInfo) => {
  const project = testInfo.project.name;
  await unlock(casesVault);
  await app.getByRole('button', { name: 'Keys ?' }).focus();
  await app.keyboard.press('n');
  const settings = app.getByRole('dialog', { name: 'NCMEC settings' });
  await settings.getByRole('radio', { name: 'Local stand-in' }).check();
  await settings.getByLabel('Endpoint').fill(ncmec.baseUrl);
  await settings.getByLabel('Username').fill(ncmecUser.username);
  await settings.getByLabel('Password').fill('not the password');
  await settings.getByRole('button', { name: /^Save/ }).click();
  await expect(settings).toHaveCount(0);

  const before = ncmec.reports.size;
  const finished = () => [...ncmec.reports.values()].filter((r) => r.state === 'finished').length;
  const finishedBefore = finished();
  await app
    .getByRole('navigation', { name: 'Cases' })
    .getByRole('button', { name: /^Example: shared/ })
    .click();
  await app.getByRole('button', { name: /^Submit to NCMEC/ }).click();
  await app
    .getByRole('dialog', { name: 'Submit to NCMEC: Local stand-in' })
    .getByRole('button', { name: 'Submit to Local stand-in' })
    .click();
  const alert = app.locator('.submission').getByRole('alert');
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(/retract|settings/);
  await expect(app.getByRole('region', { name: 'Submission receipt' })).toHaveCount(0);
  await expect(app.getByText(/^Reported as CyberTipline report/)).toHaveCount(0);
  expect(ncmec.reports.size).toBe(before);
  await expect(alert).toContainText('submit the case again');
  await screenshot(app, project, 'submission-06-stopped');

  // The way out the advice names works: fix the password, submit again, and one report is finished.
  await app.keyboard.press('n');
  await settings.getByLabel('Password').fill(ncmecUser.password);
  await settings.getByRole('button', { name: /^Save/ }).click();
  await expect(settings).toHaveCount(0);
  await app.getByRole('button', { name: /^Submit to NCMEC/ }).click();
  await app
    .getByRole('dialog', { name: 'Submit to NCMEC: Local stand-in' })
    .getByRole('button', { name: 'Submit to Local stand-in' })
    .click();
  await expect(app.getByRole('region', { name: 'Submission receipt' })).toBeVisible();
  expect(finished()).toBe(finishedBefore + 1);
});
