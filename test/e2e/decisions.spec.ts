// Decisions through every layer: the PDQ-only example case is refused by Submit (naming what the fairness
// gate misses) until one analyst decides and a second agrees blind — who sees only the evidence, never the
// first decision, until theirs is recorded; then it is reported to the local stand-in. An appeal against
// the reported decision, reversed by someone who took no part, shows the follow-up the report needs; an
// admin saves a new gate policy version. The quality screen plots seeded agreement (recharts, under the
// renderer's strict CSP with no violation) and lists the same numbers in tables.
import type { Page } from '@playwright/test';
import { startNcmecServer, type NcmecServer } from '../ncmec-server/server';
import { decisionsSeed, ncmecUser, qualitySeed, team } from './decisions-seed';
import { expect, screenshot, test } from './fixtures';

let ncmec: NcmecServer;

test.beforeAll(async () => {
  ncmec = await startNcmecServer({ users: [ncmecUser] });
});

test.afterAll(async () => {
  await ncmec.close();
});

const caseTitle = /^Example: shared/;

async function openScreen(app: Page, title: string) {
  await app.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: title }).click();
  await expect(app.getByRole('region', { name: title })).toBeVisible();
}

async function lock(app: Page) {
  await app.keyboard.press('Control+L');
  await expect(app.getByRole('button', { name: 'Unlock' })).toBeVisible();
}

async function decide(form: ReturnType<Page['getByRole']>, rationale: string) {
  await form.getByLabel('Category').selectOption('A2');
  await form.getByRole('radio', { name: 'Report to NCMEC' }).check();
  await form.getByRole('radio', { name: 'Remove content' }).check();
  await form.getByLabel('Rationale').fill(rationale);
}

async function submitCase(app: Page) {
  await app.getByRole('navigation', { name: 'Cases' }).getByRole('button', { name: caseTitle }).click();
  await app.getByRole('button', { name: /^Submit to NCMEC/ }).click();
  await app
    .getByRole('dialog', { name: 'Submit to NCMEC: Local stand-in' })
    .getByRole('button', { name: 'Submit to Local stand-in' })
    .click();
}

test.describe('the fairness gate, four-eyes review and appeals', () => {
  test.use({ seed: decisionsSeed(() => ncmec.baseUrl) });

  test('a PDQ-only case cannot be submitted until a blind second reviewer agrees', async ({
    app,
    unlock,
  }, testInfo) => {
    const project = testInfo.project.name;
    const vault = { name: 'Decisions' };
    const firstRationale = 'Near copy of a banked image, resized.';

    // Submit refuses, naming what the gate misses; nothing reaches NCMEC.
    await unlock({ ...vault, ...team.ana });
    await submitCase(app);
    const refused = app.locator('.submission').getByRole('alert');
    await expect(refused).toContainText('The report was not submitted.');
    await expect(refused).toContainText('the fairness gate (policy version 0) is not satisfied');
    await expect(refused).toContainText('Item upload-2.png: matched only by PDQ and no decision is recorded');
    expect(ncmec.reports.size).toBe(0);
    await screenshot(app, project, 'decisions-01-submit-refused');
    await lock(app);

    // Ben decides on the case: alone it does not pass the gate.
    await unlock({ ...vault, ...team.ben });
    await openScreen(app, 'Case decisions');
    await app.getByRole('list', { name: 'Cases to decide' }).getByRole('button', { name: caseTitle }).click();
    const gate = app.getByRole('status', { name: 'Fairness gate' });
    await expect(gate).toContainText('matched only by PDQ');
    const caseForm = app.getByRole('form', { name: 'Record a decision on this case' });
    await decide(caseForm, firstRationale);
    await caseForm.getByRole('button', { name: 'Record the case decision' }).click();
    await expect(gate).toContainText('the decision by ben needs a second reviewer who agrees');
    await expect(app.getByRole('listitem', { name: 'Decision by ben' })).toContainText(firstRationale);
    await screenshot(app, project, 'decisions-02-first-decision');

    // The item panel carries the item's decision panel.
    await app.getByRole('button', { name: /^All items, \d+ items$/ }).click();
    await app.getByRole('grid', { name: 'Review grid: All items' }).getByRole('gridcell').first().click();
    await app.keyboard.press('Enter');
    const itemDecisions = app
      .getByRole('region', { name: 'Item panel' })
      .getByRole('region', { name: 'Decisions on this item' });
    await expect(app.getByRole('region', { name: 'Matches' })).toContainText('near-copies');
    await expect(itemDecisions).toContainText('No decision recorded yet.');
    await itemDecisions.scrollIntoViewIfNeeded();
    await expect(itemDecisions.getByRole('form', { name: 'Record a decision on this item' })).toBeVisible();
    await screenshot(app, project, 'decisions-03-item-panel');
    await lock(app);

    // Cy reviews blind: the case shows the decision as blind, the queue shows only the evidence.
    await unlock({ ...vault, ...team.cy });
    await openScreen(app, 'Case decisions');
    await app.getByRole('list', { name: 'Cases to decide' }).getByRole('button', { name: caseTitle }).click();
    await expect(app.getByRole('listitem', { name: 'Decision by ben' })).toContainText(
      'Blind: this decision is shown once you have recorded your own review.',
    );
    await expect(app.getByText(firstRationale)).toHaveCount(0);
    await openScreen(app, 'Second review');
    const entry = app.getByRole('listitem', { name: /^Second review of Example: shared/ });
    await expect(entry).toContainText('upload-2.png: PDQ distance 8 in near-copies 1');
    await expect(app.getByText(firstRationale)).toHaveCount(0);
    await expect(entry).not.toContainText('Remove content ·');
    await screenshot(app, project, 'decisions-04-blind-queue');
    await decide(entry.getByRole('form'), 'Same picture as the bank entry, smaller.');
    await entry.getByRole('button', { name: 'Record my review' }).click();
    const result = entry.getByRole('status', { name: 'Review recorded' });
    await expect(result).toContainText('you agree with the decision by ben');
    await expect(result).toContainText(firstRationale);
    await screenshot(app, project, 'decisions-05-review-recorded');
    await lock(app);

    // Now the gate is satisfied and the report goes.
    await unlock({ ...vault, ...team.ana });
    await openScreen(app, 'Case decisions');
    await app.getByRole('list', { name: 'Cases to decide' }).getByRole('button', { name: caseTitle }).click();
    await expect(app.getByRole('status', { name: 'Fairness gate' })).toContainText(
      'is satisfied: the case may be reported',
    );
    await submitCase(app);
    await expect(app.getByRole('region', { name: 'Submission receipt' })).toBeVisible();
    const reportId = [...ncmec.reports.values()].find((r) => r.state === 'finished')?.reportId;
    expect(reportId).toBeGreaterThan(0);
    await screenshot(app, project, 'decisions-06-reported');

    // An appeal against the reported decision, reversed by the admin (who took no part): the follow-up.
    await openScreen(app, 'Case decisions');
    await app.getByRole('list', { name: 'Cases to decide' }).getByRole('button', { name: caseTitle }).click();
    const decision = app.getByRole('listitem', { name: 'Decision by ben' });
    await decision.getByRole('button', { name: 'Enter an appeal' }).click();
    await decision
      .getByLabel('What the account holder says')
      .fill('The account holder says it is their own drawing.');
    await decision.getByRole('button', { name: 'Enter the appeal' }).click();
    await openScreen(app, 'Appeals');
    const appeal = app.getByRole('listitem', { name: /^Appeal on Example: shared/ });
    await appeal.getByRole('radio', { name: 'Reverse the decision' }).check();
    await appeal.getByLabel('Rationale').fill('On review the match is a false positive.');
    await appeal.getByRole('button', { name: 'Record the outcome' }).click();
    await expect(appeal.getByRole('note', { name: 'Report follow-up' })).toContainText(
      `Follow-up (supplemental): CyberTipline report ${reportId} is finished and NCMEC cannot retract it`,
    );
    await screenshot(app, project, 'decisions-07-appeal-reversed');

    // The admin's gate editor: a new version with its reason.
    await openScreen(app, 'Fairness gate');
    const policy = app.getByRole('form', { name: 'Fairness-gate policy' });
    await policy.getByLabel('Largest PDQ distance that may stand alone').fill('4');
    await policy.getByLabel('Reason for the change').fill('Tighter after the appeal.');
    await policy.getByRole('button', { name: 'Save a new version' }).click();
    await expect(policy.getByRole('status')).toHaveText('Saved as version 1.');
    const versions = app.getByRole('table', { name: 'Policy versions' }).getByRole('row');
    await expect(versions).toHaveCount(3);
    await expect(versions.nth(1)).toContainText('Tighter after the appeal.');
    await expect(versions.nth(1)).toContainText('distance ≤ 4');
    await screenshot(app, project, 'decisions-08-gate-policy');
  });
});

test.describe('review quality', () => {
  test.use({ seed: qualitySeed });

  test('plots the seeded agreement and tables the same numbers, with no CSP violation', async ({
    app,
    unlock,
  }, testInfo) => {
    await unlock({ name: 'Quality', ...team.ana });
    await app.evaluate(() => {
      const page = globalThis as unknown as {
        cspViolations: string[];
        document: {
          addEventListener(
            type: string,
            listener: (event: { effectiveDirective: string; blockedURI: string }) => void,
          ): void;
        };
      };
      page.cspViolations = [];
      page.document.addEventListener('securitypolicyviolation', (event) => {
        page.cspViolations.push(`${event.effectiveDirective} ${event.blockedURI}`);
      });
    });
    await openScreen(app, 'Review quality');
    const byReviewer = app.getByRole('table', { name: 'Agreement per reviewer, as numbers' });
    const rowsOf = (table: typeof byReviewer) => table.getByRole('row');
    await expect(rowsOf(byReviewer)).toHaveCount(3);
    await expect(rowsOf(byReviewer).nth(1).getByRole('cell')).toHaveText([
      /^\d{4}-\d{2}-\d{2}$/,
      'ben',
      '3',
      '2',
      '67%',
    ]);
    await expect(rowsOf(byReviewer).nth(2).getByRole('cell')).toHaveText([
      /^\d{4}-\d{2}-\d{2}$/,
      'cy',
      '2',
      '2',
      '100%',
    ]);
    const byCategory = app.getByRole('table', { name: 'Agreement per category, as numbers' });
    await expect(rowsOf(byCategory).nth(1).getByRole('cell')).toHaveText([/./, 'A1', '3', '2', '67%']);
    await expect(rowsOf(byCategory).nth(2).getByRole('cell')).toHaveText([/./, 'B2', '2', '2', '100%']);
    // The plot draws one line per reviewer, at the same rates: ben's point (67%) below cy's (100%).
    const region = app.getByRole('region', { name: 'Agreement per reviewer' });
    const plot = region.locator('.recharts-wrapper > svg.recharts-surface');
    await expect(plot).toBeVisible();
    const lines = plot.locator('.recharts-line');
    await expect(lines).toHaveCount(2);
    await expect(region.locator('.recharts-legend-wrapper')).toContainText('ben');
    // Each line's dot carries its line's colour: ben is the first key (--accent), cy the second (--amber).
    const dotHeight = async (colour: string) =>
      Number(await plot.locator(`.recharts-line-dot[stroke="var(${colour})"]`).getAttribute('cy'));
    expect(await dotHeight('--accent')).toBeGreaterThan(await dotHeight('--amber'));
    const axis = await plot.locator('.recharts-cartesian-axis-tick-value').allTextContents();
    expect(axis).toEqual(expect.arrayContaining(['0%', '100%']));
    await screenshot(app, testInfo.project.name, 'decisions-09-quality');
    const violations = await app.evaluate(
      () => (globalThis as unknown as { cspViolations: string[] }).cspViolations,
    );
    expect(violations).toEqual([]);
  });
});
