// The sidebar's screens grouped by role, for each of the four roles (screenshots of each), walked with the
// keyboard; and counsel's holds screen putting in front of counsel the hold whose decision was reversed on
// appeal — the reversal, by a supervisor, released nothing.
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Role } from '../../shared/domain';
import { recordAppeal, recordDecision, reviewAppeal } from '../../main/core/decisions';
import { addUser, Vault } from '../../main/core/identity';
import { importCase } from '../../main/core/media';
import { placeHold } from '../../main/core/preservation';
import { writeExampleCase } from '../../main/core/review';
import { expect, screenshot, test, type VaultFolders, type VaultSeed } from './fixtures';

const vaultName = 'Sidebar';
const people: Record<Role, { user: string; passphrase: string }> = {
  admin: { user: 'ana', passphrase: 'correct horse battery staple' },
  analyst: { user: 'ben', passphrase: 'ben analyst passphrase' },
  supervisor: { user: 'dee', passphrase: 'dee supervisor passphrase' },
  counsel: { user: 'cleo', passphrase: 'counsel keeps the evidence safe' },
};

/** The groups each role sees, in order, and a screen of each group it must list. */
const expected: Record<Role, [string, string][]> = {
  analyst: [
    ['Review', 'Second review'],
    ['Supervision', 'Appeals'],
    ['Administration', 'Banks'],
  ],
  supervisor: [
    ['Review', 'Cases'],
    ['Supervision', 'Dashboard'],
    ['Administration', 'Banks'],
  ],
  counsel: [
    ['Review', 'Case decisions'],
    ['Supervision', 'Audit'],
    ['Counsel', 'Legal holds'],
    ['Administration', 'Vault'],
  ],
  admin: [
    ['Review', 'Ingest'],
    ['Supervision', 'Appeals'],
    ['Counsel', 'Retention'],
    ['Administration', 'People'],
  ],
};

async function open(folders: VaultFolders, role: Role): Promise<Vault> {
  return Vault.unlock(join(folders.vaultsRoot, vaultName), people[role], { stateDir: folders.stateDir });
}

/** The example case; ben's decision on one of its items; a hold counsel placed because of it; an appeal
 * the supervisor reversed. */
const seed: VaultSeed = {
  async run(folders) {
    const admin = await Vault.create(join(folders.vaultsRoot, vaultName), people.admin, {
      stateDir: folders.stateDir,
    });
    const source = await mkdtemp(join(folders.userData, 'case-'));
    let caseId: string;
    let itemId: string;
    try {
      const imported = await importCase(admin, await writeExampleCase(join(source, 'case')));
      caseId = imported.caseId;
      itemId = imported.items[0]?.itemId ?? '';
      for (const role of ['analyst', 'supervisor', 'counsel'] as const)
        await addUser(admin, people[role].user, people[role].passphrase, role);
    } finally {
      admin.lock();
      await rm(source, { recursive: true, force: true });
    }
    const ben = await open(folders, 'analyst');
    const decision = recordDecision(ben, 'item', itemId, {
      outcome: { category: 'none', report: 'no-report', action: 'none', annotations: [] },
      rationale: 'Nothing to report.',
    });
    ben.lock();
    const cleo = await open(folders, 'counsel');
    placeHold(cleo, {
      matter: 'Account restoration dispute',
      scope: [{ kind: 'case', target: caseId }],
      decisions: [decision.id],
    });
    const appeal = recordAppeal(
      cleo,
      decision.id,
      'The account holder asks for the decision to be reviewed.',
    );
    cleo.lock();
    const dee = await open(folders, 'supervisor');
    reviewAppeal(dee, appeal.id, 'reversed', 'The decision does not hold up.');
    dee.lock();
  },
};

test.use({ seed });

test('each role sees its screens under group headings, walkable with Tab', async ({
  app,
  unlock,
}, testInfo) => {
  const project = testInfo.project.name;
  for (const role of ['analyst', 'supervisor', 'counsel', 'admin'] as const) {
    await unlock({ name: vaultName, ...people[role] });
    const nav = app.getByRole('navigation', { name: 'Screens' });
    const headings = nav.getByRole('heading', { level: 3 });
    await expect(headings).toHaveText(expected[role].map(([group]) => group));
    for (const [group, screen] of expected[role]) {
      await expect(
        nav.getByRole('list', { name: group }).getByRole('button', { name: screen }),
      ).toBeVisible();
    }
    if (role === 'analyst') {
      await expect(nav.getByRole('button', { name: 'Legal holds' })).toHaveCount(0);
      await expect(nav.getByRole('button', { name: 'People' })).toHaveCount(0);
    }
    // Keyboard: from the first screen button, Tab reaches the next one and Enter opens it.
    const buttons = nav.getByRole('button');
    await buttons.first().focus();
    await app.keyboard.press('Tab');
    await expect(buttons.nth(1)).toBeFocused();
    const title = (await buttons.nth(1).textContent()) ?? '';
    await app.keyboard.press('Enter');
    await expect(app.getByRole('region', { name: title })).toBeVisible();
    await expect(buttons.nth(1)).toHaveAttribute('aria-current', 'page');
    await screenshot(app, project, `sidebar-${role}`);
    await app.keyboard.press('Control+L');
    await expect(app.getByRole('button', { name: 'Unlock' })).toBeVisible();
  }
});

test("a reversal on appeal puts the decision's hold in front of counsel, still active", async ({
  app,
  unlock,
}, testInfo) => {
  await unlock({ name: vaultName, ...people.counsel });
  await app.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Legal holds' }).click();
  const holds = app.getByRole('region', { name: 'Legal holds' });
  const review = holds.getByRole('region', { name: 'Holds to review' });
  await expect(review).toContainText('Account restoration dispute');
  await expect(review).toContainText('was reversed on appeal');
  const table = holds.getByRole('table', { name: 'Holds' });
  await expect(
    table.getByRole('row', { name: /Account restoration dispute.*reversed.*Active, to review/ }),
  ).toBeVisible();
  await screenshot(app, testInfo.project.name, 'sidebar-holds-to-review');
  await table.getByRole('button', { name: 'Release…' }).click();
  await table
    .getByLabel('Why release Account restoration dispute')
    .fill('Decision reversed; nothing else requires it');
  await table.getByRole('button', { name: 'Confirm release' }).click();
  await expect(table.getByRole('row', { name: /Released .* by cleo: Decision reversed/ })).toBeVisible();
  await expect(review).toHaveCount(0);
});
