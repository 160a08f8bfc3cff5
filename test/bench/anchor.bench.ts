// Anchor benchmark: what the anchor check adds to unlock. Unlock (Argon2id, open, anchor check, sweep) is
// timed whole, and the anchor check alone on the same vault in the same run; unlock without the check is
// their difference. Also: the check when the store lags 10,000 entries, and verify's check of every anchor.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Vault } from '../../main/core/identity';
import { anchorLedger, anchorStorePath, verifyAnchors } from '../../main/core/ledger';
import { fmt, quick, table, timed } from './support';

const total = quick ? 50_000 : 200_000;
const rounds = 5;
const credentials = { user: 'bench', passphrase: 'benchmark passphrase' };

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

function append(vault: Vault, count: number): void {
  for (let done = 0; done < count; done += 1000) {
    vault.db.transaction(() => {
      for (let i = 0; i < 1000; i++) vault.record('item.view', [`item-${done + i}`], { n: done + i });
    })();
  }
}

/** A state directory holding exactly `store` as this vault's anchor store. */
async function stateWith(root: string, vaultId: string, store: string): Promise<string> {
  const stateDir = await mkdtemp(join(root, 'state-'));
  const file = anchorStorePath(stateDir, vaultId);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, store);
  return stateDir;
}

const root = await mkdtemp(join(tmpdir(), 'custody-bench-anchor-'));
try {
  const dir = join(root, 'v');
  const stateDir = join(root, 's');
  const created = await Vault.create(dir, credentials, { stateDir });
  append(created, total);
  created.lock();

  const unlocks: number[] = [];
  const checks: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const unlock = await timed(() => Vault.unlock(dir, credentials, { stateDir }));
    unlocks.push(unlock.seconds);
    const vault = unlock.value;
    // The same check unlock just ran, on the same vault and store: the store's latest anchor is the last
    // lock's checkpoint and the ledger is one entry (this unlock) longer.
    const store = await readFile(anchorStorePath(stateDir, vault.id), 'utf8');
    const copy = await stateWith(root, vault.id, store);
    checks.push((await timed(() => anchorLedger(vault.ledger, copy, vault.id))).seconds);
    anchorLedger(vault.ledger, stateDir, vault.id);
    vault.lock();
  }

  // A store 10,000 entries behind (a crash, or a vault used on another workstation meanwhile).
  const vault = await Vault.unlock(dir, credentials, { stateDir });
  const behind = await readFile(anchorStorePath(stateDir, vault.id), 'utf8');
  append(vault, 10_000);
  const lagging: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const copy = await stateWith(root, vault.id, behind);
    lagging.push((await timed(() => anchorLedger(vault.ledger, copy, vault.id))).seconds);
  }
  vault.lock();

  const reopened = await Vault.unlock(dir, credentials, { stateDir });
  const all = await timed(() => verifyAnchors(reopened.ledger, stateDir, reopened.id));
  const size = reopened.ledger.size;
  reopened.lock();

  const withCheck = median(unlocks);
  const check = median(checks);
  table(`Anchors (${quick ? 'quick: ' : ''}ledger of ${fmt(size, 0)} entries, medians of ${rounds})`, [
    { measure: 'unlock with the anchor check', figure: `${fmt(withCheck * 1000, 1)} ms` },
    { measure: 'the anchor check alone (store 1 entry behind)', figure: `${fmt(check * 1000, 2)} ms` },
    {
      measure: 'unlock without the anchor check (difference)',
      figure: `${fmt((withCheck - check) * 1000, 1)} ms`,
    },
    { measure: 'share of unlock spent on the check', figure: `${fmt((check / withCheck) * 100, 2)} %` },
    {
      measure: 'the anchor check, store 10,000 entries behind',
      figure: `${fmt(median(lagging) * 1000, 2)} ms`,
    },
    {
      measure: `verify: all ${fmt(all.value.anchorsChecked, 0)} anchors in the store`,
      figure: `${fmt(all.seconds * 1000, 1)} ms`,
    },
  ]);
} finally {
  await rm(root, { recursive: true, force: true });
}
