// The desk screens' vault: the cases vault (two cases from the benign example, an organisation identity,
// an admin and an analyst) plus what the dashboard plots: three reveals by the admin today, and one report
// sent an hour and a half after detection. That submission row is written straight into the table, with
// no ledger entry, on purpose: verify from the app must name it.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Vault } from '../../main/core/identity';
import { caseBoard, listItems, ReviewSession } from '../../main/core/review';
import type { VaultSeed } from './fixtures';
import { casesSeed, casesVault } from './seed';

export const deskVault = casesVault;

export const deskSeed: VaultSeed = {
  async run(folders) {
    await casesSeed.run(folders);
    const vault = await Vault.unlock(
      join(folders.vaultsRoot, casesVault.name),
      { user: casesVault.user, passphrase: casesVault.passphrase },
      { stateDir: folders.stateDir },
    );
    try {
      const review = new ReviewSession(vault);
      const [first, second] = listItems(vault, 'all', 0, 2).items;
      for (const item of [first, second, first]) if (item) review.reveal(item.id, 'categorise');
      review.flushViews();
      const complete = caseBoard(vault).find((c) => c.title.startsWith('Example'));
      if (!complete) throw new Error('The desk seed found no example case.');
      const finishedAt = new Date(Date.parse(complete.detectedAt) + 90 * 60_000).toISOString();
      vault.db
        .prepare(
          `INSERT INTO submissions (id, case_id, endpoint, state, report_id, report_xml, opened_at, finished_at, created_at, created_by)
           VALUES (?, ?, 'stand-in', 'finished', 4242, '<report/>', ?, ?, ?, ?)`,
        )
        .run(randomUUID(), complete.id, finishedAt, finishedAt, finishedAt, vault.user.id);
    } finally {
      vault.lock();
    }
  },
};
