// The audit screen with a peer's verified entries: a supervisor sees this workstation's ledger by default,
// picks the field office in the origin filter and sees its entries labelled with their origin, then all
// workstations merged by time; a peer's entry opens the local item it merged into; the export says it covers this workstation's own ledger only.
import { auditPeersSeed } from './audit-peers-seed';
import { expect, screenshot, test } from './fixtures';
import { peerTeam } from './peer-team';

test.describe("the audit screen with a peer's entries", () => {
  test.use({ seed: auditPeersSeed });

  test('filters the ledger by origin and labels peer entries', async ({ app, unlock }, testInfo) => {
    const project = testInfo.project.name;
    await unlock({ name: 'Audit team', ...peerTeam.sue });
    await app.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Audit' }).click();
    const screen = app.getByRole('region', { name: 'Audit' });
    const ledger = screen.getByRole('table', { name: 'Ledger' });
    await expect(ledger).toBeVisible();
    await expect(ledger.getByRole('row', { name: /^Entry \d+$/ }).first()).toBeVisible();
    await expect(ledger.getByRole('row', { name: / from / })).toHaveCount(0);
    const origin = screen.getByLabel('Origin');
    const peer =
      (await origin
        .locator('option', { hasText: /^Peer / })
        .first()
        .textContent()) ?? '';
    expect(peer).toMatch(/^Peer /);
    await origin.selectOption({ label: peer });
    await expect(ledger.getByRole('row', { name: / from / }).first()).toBeVisible();
    await expect(ledger.getByRole('row', { name: /^Entry \d+$/ })).toHaveCount(0);
    await expect(ledger).toContainText('item.categorize');
    await screenshot(app, project, 'audit-peers-01-peer');
    // A peer's entry about an item opens the item it merged into on this workstation.
    await ledger
      .getByRole('row', { name: / from / })
      .filter({ hasText: 'item.categorize' })
      .first()
      .getByRole('button', { name: 'Open item' })
      .click();
    const subject = screen.getByRole('region', { name: 'Subject' });
    await expect(subject).toContainText('SHA-256');
    await expect(subject).toContainText(/\d+ ledger entr(y|ies)/);
    await screenshot(app, project, 'audit-peers-01b-peer-item');
    await subject.getByRole('button', { name: 'Close' }).click();
    await origin.selectOption({ label: 'All workstations' });
    await expect(ledger).toContainText('this workstation');
    await expect(ledger).toContainText(peer.toLowerCase());
    await expect(screen.getByText(/own ledger only/)).toBeVisible();
    await screenshot(app, project, 'audit-peers-02-all');
  });
});
