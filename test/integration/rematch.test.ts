// Matching never lags the vault: a bank import queues every item and the re-match flags the ones that get
// a new known match (they go first in review); a removal clears the bank's matches and puts its items back
// in order at once; a suppressed match shows the allow entry that suppressed it; the app's workstation
// works the queue in the background from unlock, pushing rematch.progress; the PDQ index is kept in the
// vault, read back after a lock, and refused when damaged.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { BankEntry } from '../../main/core/matching';
import { bruteForce, PdqIndex } from '../../main/core/matching/pdq-index';
import { hashImage } from '../../main/core/matching/pdq';
import { openSegments, rematchQueueLength } from '../../main/core/matching';
import {
  importBankAndQueueRematch,
  ingestPaths,
  rematchQueued,
  removeBankAndQueueRematch,
} from '../../main/core/media';
import { itemDetail, listItems } from '../../main/core/review';
import { Vault } from '../../main/core/identity';
import { Workstation } from '../../main/core/workstation';
import { shapesImage } from '../support/media';
import { createTestVault, passphrases, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();

async function* entries(rows: Array<Omit<BankEntry, 'line'>>) {
  let line = 0;
  for (const row of rows) yield { entry: { ...row, line: ++line } };
}

const meta = (name: string, kind: 'known' | 'allow' = 'known') => ({
  name,
  version: '1',
  source: 'generated',
  kind,
  format: 'test',
});

async function vaultWithItems(count = 4) {
  const { root, vault } = await createTestVault(tempDir);
  const src = join(root, 'src');
  await mkdir(src);
  const images = await Promise.all(Array.from({ length: count }, (_, i) => shapesImage(40 + i)));
  await Promise.all(images.map((bytes, i) => writeFile(join(src, `img-${i}.png`), bytes)));
  const summary = await ingestPaths(vault, [src]);
  const ids = images.map((_, i) => {
    const outcome = summary.outcomes.find((o) => o.path.endsWith(`img-${i}.png`));
    if (!outcome || outcome.kind === 'failed') throw new Error(`img-${i}.png was not ingested`);
    return outcome.itemId;
  });
  const pdq = await Promise.all(images.map(async (bytes) => (await hashImage(bytes)).hash));
  return { root, vault, ids, pdq, images };
}

describe('re-matching', () => {
  it('a bank import queues every item; the re-match flags the new matches and puts them first', async () => {
    const { vault, ids, pdq } = await vaultWithItems();
    expect(listItems(vault, 'matched', 0, 10).total).toBe(0);
    await importBankAndQueueRematch(
      vault,
      entries([{ algorithm: 'pdq', value: pdq[1] as string }]),
      meta('new'),
    );
    expect(rematchQueueLength(vault)).toBe(ids.length);
    // Until matched, each item says so.
    expect(itemDetail(vault, ids[1] as string, false).matchPending).toBe(true);
    const progress: Array<{ done: number; total: number; flagged: number }> = [];
    const last = await rematchQueued(vault, { onProgress: (p) => progress.push(p), progressEveryMs: 0 });
    expect(last).toEqual({ done: ids.length, total: ids.length, flagged: 1 });
    expect(progress.at(-1)).toEqual(last);
    expect(rematchQueueLength(vault)).toBe(0);
    const detail = itemDetail(vault, ids[1] as string, false);
    expect(detail.matchPending).toBe(false);
    expect(detail.matches).toHaveLength(1);
    expect(detail.matches[0]?.flaggedAt).toEqual(expect.any(String));
    expect(listItems(vault, 'matched', 0, 10).items.map((i) => i.id)).toEqual([ids[1]]);
    expect(listItems(vault, 'all', 0, 10).items[0]?.match?.flaggedAt).toEqual(expect.any(String));
    // Matching again finds nothing new: the flag keeps its time and nothing more is flagged.
    await importBankAndQueueRematch(
      vault,
      entries([{ algorithm: 'md5', value: 'e'.repeat(32) }]),
      meta('other'),
    );
    expect(await rematchQueued(vault)).toMatchObject({ done: ids.length, flagged: 0 });
    expect(itemDetail(vault, ids[1] as string, false).matches[0]?.flaggedAt).toBe(
      detail.matches[0]?.flaggedAt,
    );
    vault.lock();
  });

  it('removing a bank clears its matches and ranks in the same transaction', async () => {
    const { vault, ids, pdq } = await vaultWithItems(2);
    await importBankAndQueueRematch(
      vault,
      entries([{ algorithm: 'pdq', value: pdq[0] as string }]),
      meta('gone'),
    );
    await rematchQueued(vault);
    expect(listItems(vault, 'matched', 0, 10).total).toBe(1);
    const segmentBlob = vault.db.prepare('SELECT blob_id FROM pdq_segments').pluck().get() as string;
    expect(segmentBlob).toEqual(expect.any(String));
    removeBankAndQueueRematch(vault, 'gone', 'withdrawn by its source');
    expect(vault.db.prepare('SELECT count(*) FROM matches').pluck().get()).toBe(0);
    expect(listItems(vault, 'matched', 0, 10).total).toBe(0);
    expect(itemDetail(vault, ids[0] as string, false).matches).toEqual([]);
    expect(vault.db.prepare('SELECT count(*) FROM pdq_segments').pluck().get()).toBe(0);
    // The segment's blob key is destroyed with the bank.
    expect(
      vault.db.prepare('SELECT wrapped_key FROM blobs WHERE id = ?').pluck().get(segmentBlob),
    ).toBeNull();
    vault.lock();
  });

  it('a suppressed match shows its allow entry; removing the allow bank puts the item first at once', async () => {
    const { vault, ids, pdq, images } = await vaultWithItems(2);
    // A PDQ allow entry suppresses a PDQ known hit; an exact known hit on the other item stays.
    const { createHash } = await import('node:crypto');
    const sha256 = createHash('sha256')
      .update(images[1] as Buffer)
      .digest('hex');
    await importBankAndQueueRematch(
      vault,
      entries([
        { algorithm: 'pdq', value: pdq[0] as string },
        { algorithm: 'sha256', value: sha256 },
      ]),
      meta('known'),
    );
    await importBankAndQueueRematch(
      vault,
      entries([
        { algorithm: 'pdq', value: pdq[0] as string },
        { algorithm: 'pdq', value: pdq[1] as string },
      ]),
      meta('allow', 'allow'),
    );
    await rematchQueued(vault);
    const suppressed = itemDetail(vault, ids[0] as string, false).matches;
    expect(suppressed).toEqual([
      expect.objectContaining({
        bank: 'known',
        suppressedBy: 'allow 1',
        suppressor: { bank: 'allow', bankVersion: '1', algorithm: 'pdq', value: pdq[0], distance: 0 },
      }),
    ]);
    // The exact SHA-256 known hit is never suppressed by a PDQ allow entry.
    expect(itemDetail(vault, ids[1] as string, false).matches).toEqual([
      expect.objectContaining({ algorithm: 'sha256', suppressedBy: null, suppressor: null }),
    ]);
    expect(listItems(vault, 'matched', 0, 10).items.map((i) => i.id)).toEqual([ids[1]]);
    removeBankAndQueueRematch(vault, 'allow', 'too broad');
    expect(listItems(vault, 'matched', 0, 10).total).toBe(2);
    expect(itemDetail(vault, ids[0] as string, false).matches[0]).toMatchObject({
      suppressedBy: null,
      suppressor: null,
    });
    // Both items had a hit in the allow bank: both are matched again.
    expect(rematchQueueLength(vault)).toBe(2);
    await rematchQueued(vault);
    expect(listItems(vault, 'matched', 0, 10).total).toBe(2);
    vault.lock();
  });

  it('keeps the PDQ index in the vault: read back after a lock, same answers as brute force, damage refused', async () => {
    const { root, vault } = await createTestVault(tempDir);
    const random = () =>
      Array.from({ length: 64 }, () => '0123456789abcdef'[Math.floor(Math.random() * 16)]).join('');
    const values = Array.from({ length: 3000 }, random);
    const bank = await importBankAndQueueRematch(
      vault,
      entries(values.map((value) => ({ algorithm: 'pdq' as const, value }))),
      meta('random'),
    );
    vault.lock();
    const reopened = await Vault.unlock(
      join(root, 'vault'),
      { user: 'ana', passphrase: passphrases.ana },
      { stateDir: join(root, 'state') },
    );
    const [segment] = openSegments(reopened, [bank.bank.id]);
    expect(segment?.index.size).toBe(3000);
    const stored = Array.from({ length: 3000 }, (_, i) => segment?.index.hashAt(i) as string);
    expect(new Set(stored)).toEqual(new Set(values));
    for (const query of [values[7] as string, random(), values[2999] as string]) {
      const got = (segment?.index.query(query, 63) ?? []).map((m) => stored[m.id]).sort();
      const want = bruteForce(values, query, 63)
        .map((m) => values[m.id])
        .sort();
      expect(got).toEqual(want);
    }
    reopened.lock();
    const damaged = await Vault.unlock(
      join(root, 'vault'),
      { user: 'ana', passphrase: passphrases.ana },
      { stateDir: join(root, 'state') },
    );
    const blobId = damaged.db
      .prepare('SELECT blob_id FROM pdq_segments WHERE bank_id = ?')
      .pluck()
      .get(bank.bank.id) as string;
    const file = join(root, 'vault', 'blobs', blobId.slice(0, 2), blobId);
    const bytes = await readFile(file);
    bytes[100] = (bytes[100] ?? 0) ^ 1;
    await writeFile(file, bytes);
    expect(() => openSegments(damaged, [bank.bank.id])).toThrow(/damaged/);
    damaged.lock();
    expect(new PdqIndex().size).toBe(0);
  });

  it('the workstation re-matches in the background from unlock and pushes rematch.progress', async () => {
    const root = await tempDir();
    const workstation = new Workstation({
      vaultsRoot: join(root, 'vaults'),
      stateDir: join(root, 'state'),
      exportsRoot: join(root, 'exports'),
    });
    await workstation.createVault('v', { user: 'ana', passphrase: passphrases.ana });
    const vault = workstation.vault();
    const src = join(root, 'src');
    await mkdir(src);
    const image = await shapesImage(77);
    await writeFile(join(src, 'one.png'), image);
    await writeFile(
      join(src, 'two.png'),
      await sharp(await shapesImage(78))
        .png()
        .toBuffer(),
    );
    await ingestPaths(vault, [src]);
    await importBankAndQueueRematch(
      vault,
      entries([{ algorithm: 'pdq', value: (await hashImage(image)).hash }]),
      meta('bg'),
    );
    // Locked before the queue is worked: it waits for the next unlock.
    workstation.lock();
    const events: unknown[] = [];
    workstation.onEvent((event) => {
      if (event.name === 'rematch.progress') events.push(event.payload);
    });
    await workstation.unlock('v', { user: 'ana', passphrase: passphrases.ana });
    await workstation.rematchInBackground();
    expect(events.at(-1)).toEqual({ done: 2, total: 2, flagged: 1 });
    expect(listItems(workstation.vault(), 'matched', 0, 10).total).toBe(1);
    workstation.lock();
  });
});
