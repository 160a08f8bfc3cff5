// Shared by the preservation tests: a vault holding the example case, reported to the local NCMEC stand-in
// (so it has a finished submission, a receipt and the statutory retention), with the organisation's
// signing identity installed, unlocked by admin "ana".
import { join } from 'node:path';
import { CyberTipClient } from '../../main/core/cybertip/api/client';
import { runSubmission } from '../../main/core/cybertip/submission/run';
import { startSubmission } from '../../main/core/cybertip/submission/submit';
import { installSelfSignedIdentity, type Vault } from '../../main/core/identity';
import { importCase } from '../../main/core/media';
import { writeExampleCase } from '../../main/core/review';
import { startNcmecServer } from '../ncmec-server/server';
import { createTestVault } from './temp';

const ncmecUser = { username: 'esp-test', password: 'stand-in password' };

export interface ExampleVault {
  root: string;
  vault: Vault;
  caseId: string;
  itemIds: string[];
}

/** The example case imported into a new vault, not reported. */
export async function exampleVault(tempDir: () => Promise<string>): Promise<ExampleVault> {
  const { root, vault } = await createTestVault(tempDir);
  const imported = await importCase(vault, await writeExampleCase(join(root, 'case')));
  const itemIds = vault.db
    .prepare('SELECT item_id FROM case_items WHERE case_id = ? ORDER BY position')
    .pluck()
    .all(imported.caseId) as string[];
  return { root, vault, caseId: imported.caseId, itemIds };
}

/** The example case, reported and finished at the NCMEC stand-in; the identity signs the receipt. */
export async function reportedExampleVault(tempDir: () => Promise<string>): Promise<ExampleVault> {
  const example = await exampleVault(tempDir);
  await installSelfSignedIdentity(example.vault, {
    commonName: 'Example Trust & Safety signing',
    organisation: 'Example Trust & Safety',
    email: 'counsel@example.org',
  });
  const ncmec = await startNcmecServer({ users: [ncmecUser], failures: [] });
  try {
    const client = new CyberTipClient({ baseUrl: ncmec.baseUrl, ...ncmecUser });
    const started = await startSubmission(example.vault, example.caseId, ncmec.baseUrl);
    const done = await runSubmission(example.vault, started.id, client, {
      retry: { policy: { initialDelayMs: 5, maxDelayMs: 20 } },
    });
    if (done.state !== 'finished') throw new Error(`the example report did not finish: ${done.state}`);
  } finally {
    await ncmec.close();
  }
  return example;
}

/** Moves every finished report's /finish time back to `finishedAt` (as if reported then). */
export function backdateReports(vault: Vault, finishedAt: string): void {
  vault.db.prepare("UPDATE submissions SET finished_at = ? WHERE state = 'finished'").run(finishedAt);
}
