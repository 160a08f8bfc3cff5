import { execFileSync, spawnSync } from 'node:child_process';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WrongPassphraseError } from '../../main/core/errors';
import { signCheckpoint, parseCheckpoint } from '../../main/core/ledger/checkpoint';
import { parseEntry } from '../../main/core/ledger/entry';
import { verifyLedgerExport } from '../../main/core/ledger/export';
import { generateSignerKey, parseNote, parseSignerKey } from '../../main/core/ledger/note';
import { LedgerVerificationError } from '../../main/core/ledger/verify';
import { addUser, exportLedger, Vault, verifyLedger } from '../../main/core/identity';
import { passphrases, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();

async function setup() {
  const root = await tempDir();
  const dir = join(root, 'vault');
  const stateDir = join(root, 'state');
  const vault = await Vault.create(dir, { user: 'ana', passphrase: passphrases.ana }, { stateDir });
  return { root, dir, stateDir, vault };
}

function actions(vault: Vault): string[] {
  return vault.ledger.leaves(0, vault.ledger.size).map((leaf) => parseEntry(leaf).action);
}

describe('ledger in the vault', () => {
  it('records vault creation, users, unlocks and failed unlocks (at the next successful unlock)', async () => {
    const { dir, stateDir, vault } = await setup();
    await addUser(vault, 'ben', passphrases.ben, 'analyst');
    vault.lock();
    await expect(
      Vault.unlock(dir, { user: 'ben', passphrase: 'not it at all' }, { stateDir }),
    ).rejects.toBeInstanceOf(WrongPassphraseError);
    const again = await Vault.unlock(dir, { user: 'ana', passphrase: passphrases.ana }, { stateDir });
    expect(actions(again)).toEqual([
      'vault.create',
      'user.add',
      'vault.unlock',
      'user.add',
      'vault.unlock_failed',
      'vault.unlock',
    ]);
    const failed = parseEntry(again.ledger.leaves(4, 5)[0] as Buffer);
    expect(failed.details).toMatchObject({ attemptedUser: 'ben', reason: 'wrong-passphrase' });
    again.lock();
    const third = await Vault.unlock(dir, { user: 'ana', passphrase: passphrases.ana }, { stateDir });
    expect(actions(third).filter((a) => a === 'vault.unlock_failed')).toHaveLength(1);
    third.lock();
  });

  it('verifies fully, then incrementally checks only what is new', async () => {
    const { vault } = await setup();
    expect(await verifyLedger(vault, 'full')).toMatchObject({ mode: 'full', size: 3 });
    vault.db.transaction(() => {
      for (let i = 0; i < 1500; i++) vault.record('item.view', [`item-${i}`], { n: i });
    })();
    vault.ledger.checkpoint();
    const incremental = await verifyLedger(vault, 'incremental');
    expect(incremental.size).toBe(1503);
    expect(incremental.entries).toBeLessThan(1503);
    expect(incremental.mode).toBe('incremental');
    vault.lock();
  });

  it.each([
    [
      'a changed entry',
      `UPDATE ledger_entries SET leaf = CAST(replace(CAST(leaf AS TEXT), '"n":5}', '"n":6}') AS BLOB) WHERE seq = 8`,
      /entry 8/,
    ],
    ['a deleted entry', 'DELETE FROM ledger_entries WHERE seq = 5', /entry 5/],
    ['deleted tail entries', 'DELETE FROM ledger_entries WHERE seq >= 6', /deleted/],
  ])('names the first bad entry after %s', async (_label, sql, message) => {
    const { vault } = await setup();
    vault.db.transaction(() => {
      for (let i = 0; i < 10; i++) vault.record('item.view', [`item-${i}`], { n: i });
    })();
    vault.ledger.checkpoint();
    vault.db.pragma('foreign_keys = OFF');
    vault.db.exec(sql);
    await expect(verifyLedger(vault, 'full')).rejects.toThrow(message);
    vault.lock();
  });
});

describe('ledger export', () => {
  async function exported() {
    const { root, vault } = await setup();
    vault.db.transaction(() => {
      for (let i = 0; i < 40; i++)
        vault.record(i % 2 ? 'item.view' : 'item.reveal', [`item-${i}`], { n: i, reason: 'test' });
    })();
    vault.ledger.checkpoint();
    const out = join(root, 'export');
    await exportLedger(vault, out);
    vault.lock();
    return { root, out };
  }

  it('verifies without the vault, from the four files alone', async () => {
    const { out } = await exported();
    const result = await verifyLedgerExport(out);
    expect(result.entries).toBe(45);
    expect(result.checkpoints).toBeGreaterThanOrEqual(2);
    const lines = (await readFile(join(out, 'entries.jsonl'), 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(45);
    expect((await readFile(join(out, 'keys.txt'), 'utf8')).trim().split('\n')).toHaveLength(2);
  });

  it('verifies with openssl and python3 alone (docs/verify-ledger-export.sh), and fails on a changed entry', async () => {
    const { out } = await exported();
    const script = join('docs', 'verify-ledger-export.sh');
    const ok = execFileSync('bash', [script, out], { encoding: 'utf8' });
    expect(ok).toContain('entries: all 45 signatures verify');
    expect(ok).toContain('tree: 45 entries make the signed root');
    const path = join(out, 'entries.jsonl');
    await writeFile(path, (await readFile(path, 'utf8')).replace('"n":7,', '"n":8,'));
    const bad = spawnSync('bash', [script, out], { encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/entry \d+: the signature does not verify/);
  });

  it.each(['entries.jsonl', 'proofs.json', 'checkpoint', 'keys.txt'])(
    'fails, naming what broke, when any byte of %s is flipped',
    async (file) => {
      const { root, out } = await exported();
      const original = await readFile(join(out, file));
      const positions = new Set<number>();
      const step = Math.max(1, Math.floor(original.length / 60));
      for (let at = 0; at < original.length; at += step) positions.add(at);
      positions.add(original.length - 1);
      const copy = join(root, 'tampered');
      await cp(out, copy, { recursive: true });
      for (const at of positions) {
        const bytes = Buffer.from(original);
        bytes[at] = (bytes[at] ?? 0) ^ 0x20;
        await writeFile(join(copy, file), bytes);
        const error = await verifyLedgerExport(copy).then(
          () => new Error(`a flipped byte at ${at} of ${file} was not detected`),
          (e: unknown) => e,
        );
        expect(error, `byte ${at} of ${file}`).toBeInstanceOf(LedgerVerificationError);
      }
    },
  );

  it('fails when entries are deleted or reordered', async () => {
    const { out } = await exported();
    const path = join(out, 'entries.jsonl');
    const lines = (await readFile(path, 'utf8')).split('\n').slice(0, -1);
    const without = [...lines.slice(0, 10), ...lines.slice(11)];
    await writeFile(path, `${without.join('\n')}\n`);
    await expect(verifyLedgerExport(out)).rejects.toThrow(/entries/);
    const swapped = [...lines];
    [swapped[3], swapped[4]] = [swapped[4] as string, swapped[3] as string];
    await writeFile(path, `${swapped.join('\n')}\n`);
    await expect(verifyLedgerExport(out)).rejects.toThrow(/entry 3/);
  });

  it('fails when the checkpoint is re-signed with another key', async () => {
    const { out } = await exported();
    const note = await readFile(join(out, 'checkpoint'), 'utf8');
    const checkpoint = parseCheckpoint(parseNote(note).text);
    const impostor = parseSignerKey(generateSignerKey(checkpoint.origin).signerKey);
    await writeFile(join(out, 'checkpoint'), signCheckpoint(checkpoint, impostor));
    await expect(verifyLedgerExport(out)).rejects.toThrow(/not validly signed/);
  });
});
