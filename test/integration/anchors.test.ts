// Checkpoints anchored outside the vault: a vault restored from an older copy, or whose ledger was cut
// back after a checkpoint, is refused at unlock and by `custody verify` (naming the anchored size), while
// crashes and torn anchor files never stop a good vault from opening; witnesses from `log anchor` work.
import { randomBytes } from 'node:crypto';
import { appendFile, copyFile, readdir, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Vault } from '../../main/core/identity';
import { anchorStorePath, LedgerRollbackError } from '../../main/core/ledger';
import { BlobWriter, recordBlob } from '../../main/core/vault';
import { verifyVault } from '../../main/core/verify';
import { runCli } from '../support/cli';
import { snapshotTree } from '../support/snapshot';
import { passphrases, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();
const ana = { user: 'ana', passphrase: passphrases.ana };

async function setup() {
  const root = await tempDir();
  const dir = join(root, 'vault');
  const stateDir = join(root, 'state');
  const vault = await Vault.create(dir, ana, { stateDir });
  return { root, dir, stateDir, vault };
}

const unlock = (dir: string, stateDir: string) => Vault.unlock(dir, ana, { stateDir });

function recordMany(vault: Vault, count: number): void {
  vault.db.transaction(() => {
    for (let i = 0; i < count; i++) vault.record('item.view', [`item-${i}`], { n: i });
  })();
}

async function storeBlob(vault: Vault): Promise<string> {
  const writer = await BlobWriter.create(vault);
  await writer.write(randomBytes(5000));
  const blob = await writer.finish();
  vault.db.transaction(() => {
    recordBlob(vault.db, blob, new Date().toISOString());
    vault.record('item.ingest', [blob.id], { blob: blob.id });
  })();
  return blob.id;
}

async function anchorLines(stateDir: string, vaultId: string): Promise<string[]> {
  return (await readFile(anchorStorePath(stateDir, vaultId), 'utf8')).split('\n').filter(Boolean);
}

/** What ../shared/reviews/security-repro/truncate-ledger.cjs does, with the data key of an unlocked vault. */
function cutBack(vault: Vault, keepAtMost: number): number {
  const db = vault.db;
  const cp = db
    .prepare('SELECT size, peaks FROM checkpoints WHERE size <= ? ORDER BY size DESC LIMIT 1')
    .get(keepAtMost) as { size: number; peaks: Buffer };
  const last = db.prepare('SELECT leaf_hash FROM ledger_entries WHERE seq = ?').get(cp.size - 1) as {
    leaf_hash: Buffer;
  };
  db.transaction(() => {
    db.prepare('DELETE FROM ledger_subjects WHERE seq >= ?').run(cp.size);
    db.prepare('DELETE FROM ledger_entries WHERE seq >= ?').run(cp.size);
    db.prepare('DELETE FROM checkpoints WHERE size > ?').run(cp.size);
    db.prepare(
      'UPDATE ledger_head SET size = ?, peaks = ?, last_leaf_hash = ?, verified_size = 0 WHERE id = 1',
    ).run(cp.size, cp.peaks, last.leaf_hash);
  })();
  return cp.size;
}

async function cliVerify(dir: string, stateDir: string, ...anchors: string[]) {
  const args = ['verify', '--vault', dir, '--user', 'ana'];
  if (anchors.length > 0) args.push('--anchor', ...anchors);
  return runCli(args, { env: { CUSTODY_STATE_DIR: stateDir }, passphrase: passphrases.ana });
}

describe('anchored checkpoints', () => {
  it('refuses a vault restored from an older copy of vault.db, at unlock and in verify, deleting nothing', async () => {
    const { dir, stateDir, vault } = await setup();
    recordMany(vault, 20);
    vault.lock();
    const oldCopy = join(dir, '..', 'vault.db.old');
    await copyFile(join(dir, 'vault.db'), oldCopy);
    const oldSize = 23;

    const again = await unlock(dir, stateDir);
    const newer = await storeBlob(again);
    recordMany(again, 5);
    const anchoredSize = again.ledger.size;
    again.lock();
    expect(await readdir(dir)).not.toContain('vault.db-wal');
    await copyFile(oldCopy, join(dir, 'vault.db'));

    const before = await snapshotTree(dir);
    const refused = unlock(dir, stateDir);
    await expect(refused).rejects.toThrow(LedgerRollbackError);
    await expect(refused).rejects.toThrow(
      new RegExp(
        `ledger has ${oldSize} entries, but the checkpoint this workstation anchored .* ${anchoredSize} entries`,
      ),
    );
    expect(await snapshotTree(dir)).toEqual(before);
    expect(Object.keys(before).some((path) => path.endsWith(newer))).toBe(true);

    const verify = await cliVerify(dir, stateDir);
    expect(verify.code).toBe(1);
    expect(verify.stderr).toContain(`ledger has ${oldSize} entries`);
    expect(verify.stderr).toContain(`checkpoint of ${anchoredSize} entries`);
    expect(verify.stderr).toContain('restored from an older copy');
    expect(await snapshotTree(dir)).toEqual(before);
  });

  it('refuses a ledger cut back after a checkpoint (truncate-ledger.cjs), at unlock and in verify', async () => {
    const { dir, stateDir, vault } = await setup();
    recordMany(vault, 1500);
    vault.lock();
    const opened = await unlock(dir, stateDir);
    const anchoredSize = opened.ledger.size;
    const kept = cutBack(opened, 1200);
    expect(kept).toBe(1000);
    opened.storage.close();

    const refused = unlock(dir, stateDir);
    await expect(refused).rejects.toThrow(LedgerRollbackError);
    await expect(refused).rejects.toThrow(`ledger has 1000 entries`);
    await expect(refused).rejects.toThrow(`checkpoint of ${anchoredSize - 1} entries`);

    const verify = await cliVerify(dir, stateDir);
    expect(verify.code).toBe(1);
    expect(verify.stderr).toContain('ledger has 1000 entries');
    expect(verify.stderr).toContain(`checkpoint of ${anchoredSize - 1} entries`);
  });

  it('refuses a ledger rewritten after the anchored checkpoint, though it is longer', async () => {
    const { dir, stateDir, vault } = await setup();
    recordMany(vault, 30);
    vault.lock();
    const opened = await unlock(dir, stateDir);
    const kept = cutBack(opened, 10);
    expect(kept).toBeLessThan(10);
    recordMany(opened, 100);
    opened.storage.close();
    await expect(unlock(dir, stateDir)).rejects.toThrow(
      /does not extend the signed checkpoint of 33 entries/,
    );
  });

  it('keeps unlocking through lock/unlock cycles, anchoring each checkpoint once', async () => {
    const { dir, stateDir, vault } = await setup();
    const id = vault.id;
    vault.lock();
    for (let i = 0; i < 3; i++) {
      const opened = await unlock(dir, stateDir);
      recordMany(opened, 10);
      opened.lock();
    }
    const lines = await anchorLines(stateDir, id);
    const sizes = lines.map((l) =>
      Number((JSON.parse(l) as { checkpoint: string }).checkpoint.split('\n')[1]),
    );
    expect(sizes).toEqual([...new Set(sizes)].sort((a, b) => a - b));
    expect(sizes.at(-1)).toBe(3 + 3 * 11);
    const file = anchorStorePath(stateDir, id);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(stateDir, 'anchors'))).mode & 0o777).toBe(0o700);
    const { anchoredAt } = JSON.parse(lines[0] as string) as { anchoredAt: string };
    expect(Number.isNaN(Date.parse(anchoredAt))).toBe(false);
  });

  it('unlocks after a crash between storing a checkpoint and anchoring it', async () => {
    const { dir, stateDir, vault } = await setup();
    const id = vault.id;
    vault.lock();
    const opened = await unlock(dir, stateDir);
    const before = await anchorLines(stateDir, id);
    // Inside a transaction the checkpoint is committed but not yet handed to the anchor store...
    opened.db.transaction(() => {
      for (let i = 0; i < 50; i++) opened.record('item.view', ['x'], { i });
      opened.ledger.checkpoint();
    })();
    const stored = opened.ledger.size;
    // ...and the process dies before its next ledger call (no lock).
    opened.storage.close();
    expect(await anchorLines(stateDir, id)).toEqual(before);

    const after = await unlock(dir, stateDir);
    const lines = await anchorLines(stateDir, id);
    expect(lines.at(-1)).toContain(`\\n${stored}\\n`);
    after.lock();
  });

  it('unlocks with a torn last anchor line, warning, and appends the next anchor on a line of its own', async () => {
    const { dir, stateDir, vault } = await setup();
    const id = vault.id;
    vault.lock();
    const file = anchorStorePath(stateDir, id);
    const whole = await readFile(file, 'utf8');
    await appendFile(file, whole.slice(0, 40));
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      const opened = await unlock(dir, stateDir);
      recordMany(opened, 3);
      opened.lock();
      const again = await unlock(dir, stateDir);
      const report = await verifyVault(again);
      expect(report.problems).toEqual([]);
      expect(report.anchors.warnings).toEqual([
        expect.stringMatching(/Line 3 of the anchor store .* ignored/),
      ]);
      again.lock();
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.some((w) => /no newline: an append was interrupted/.test(w))).toBe(true);

    // A store cut in the middle of its only line: still a warning, never a refusal.
    await truncate(file, 30);
    (await unlock(dir, stateDir)).lock();
  });

  it('writes a checkpoint with `log anchor` and checks `verify --anchor` files, naming the one that fails', async () => {
    const { root, dir, stateDir, vault } = await setup();
    recordMany(vault, 10);
    vault.lock();
    const env = { CUSTODY_STATE_DIR: stateDir };
    const opts = { env, passphrase: passphrases.ana };
    const early = join(root, 'early.checkpoint');
    const wrote = await runCli(['log', 'anchor', '--vault', dir, '--user', 'ana', '--out', early], opts);
    expect(wrote).toMatchObject({ code: 0, stderr: '' });
    expect(wrote.stdout).toContain(`Wrote the signed checkpoint of 14 entries to ${early}`);
    expect(await readFile(early, 'utf8')).toMatch(/^custody\/.*\n14\n[A-Za-z0-9+/=]{44}\n\n— custody\//);
    const refusedOverwrite = await runCli(
      ['log', 'anchor', '--vault', dir, '--user', 'ana', '--out', early],
      opts,
    );
    expect(refusedOverwrite.code).toBe(2);
    expect(refusedOverwrite.stderr).toContain('already exists');

    const oldCopy = join(root, 'vault.db.old');
    await copyFile(join(dir, 'vault.db'), oldCopy);
    const opened = await unlock(dir, stateDir);
    recordMany(opened, 10);
    opened.lock();
    const later = join(root, 'later.checkpoint');
    expect((await runCli(['log', 'anchor', '--vault', dir, '--out', later], opts)).code).toBe(0);

    const good = await cliVerify(dir, stateDir, early, later);
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toMatch(
      /anchors: \d+ checked \(store .*anchors.*\.jsonl\); latest anchored checkpoint: \d+ entries\./,
    );

    // The older copy, on a workstation that never saw the later checkpoint: only the later file objects.
    await copyFile(oldCopy, join(dir, 'vault.db'));
    const freshState = join(root, 'other-state');
    const bad = await cliVerify(dir, freshState, early, later);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${later} holds its signed checkpoint of`);
    expect(bad.stderr).not.toContain(early);
    expect(bad.stdout).toContain('anchors: 3 checked');
    expect(bad.stdout).toContain('latest anchored checkpoint: 15 entries');
  });

  it('accepts an export folder, its checkpoint file and a receipt-shaped JSON as witnesses', async () => {
    const { root, dir, stateDir, vault } = await setup();
    recordMany(vault, 5);
    vault.lock();
    const opts = { env: { CUSTODY_STATE_DIR: stateDir }, passphrase: passphrases.ana };
    const out = join(root, 'export');
    expect((await runCli(['log', 'export', '--vault', dir, '--out', out], opts)).code).toBe(0);
    const receipt = join(root, 'receipt.json');
    await writeFile(
      receipt,
      JSON.stringify({ format: 'x', checkpoint: await readFile(join(out, 'checkpoint'), 'utf8') }),
    );
    const garbage = join(root, 'garbage');
    await writeFile(garbage, 'not a checkpoint\n');
    const result = await cliVerify(dir, stateDir, out, join(out, 'checkpoint'), receipt, garbage);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringContaining(`${garbage} does not hold a checkpoint`),
    ]);
  });

  it('keys anchors by vault id: another vault with its own anchors never interferes', async () => {
    const one = await setup();
    const two = await Vault.create(join(one.root, 'two'), ana, { stateDir: one.stateDir });
    recordMany(two, 40);
    two.lock();
    recordMany(one.vault, 3);
    one.vault.lock();
    expect(anchorStorePath(one.stateDir, one.vault.id)).not.toBe(anchorStorePath(one.stateDir, two.id));
    const reopened = await unlock(one.dir, one.stateDir);
    const report = await verifyVault(reopened);
    expect(report.problems).toEqual([]);
    expect(report.anchors.latestAnchoredSize).toBe(reopened.ledger.size - 1);
    reopened.lock();
    // The other vault's witness is not this vault's checkpoint: it is named, not accepted.
    const otherWitness = join(one.root, 'two.checkpoint');
    const lines = await anchorLines(one.stateDir, two.id);
    await writeFile(otherWitness, (JSON.parse(lines.at(-1) as string) as { checkpoint: string }).checkpoint);
    const again = await unlock(one.dir, one.stateDir);
    const crossed = await verifyVault(again, undefined, { anchorFiles: [otherWitness] });
    expect(crossed.problems).toEqual([
      expect.stringContaining(
        `${otherWitness} does not hold a checkpoint signed by this vault's workstation key`,
      ),
    ]);
    again.lock();
  });
});
