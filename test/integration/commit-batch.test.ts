// Ingest's group commit: items ready together are recorded in one transaction, each in its own savepoint
// (one item's failure leaves the others recorded and itself without a row or a ledger entry), a batch waits
// for items still being prepared but never past its limit, and blobs finished without their fsyncs are
// made durable (never through a symbolic link) before the transaction that records them.
import { randomBytes } from 'node:crypto';
import { rm, symlink } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CommitBatch } from '../../main/core/media/commit-batch';
import { BlobWriter, blobPath, readBlobFully, recordBlob } from '../../main/core/vault/blobs';
import { createTestVault, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();
const limits = { maxPreparing: 6, maxItems: 64, minWaitMs: 50, maxWaitMs: 1000 };

async function deferredBlob(vault: Parameters<typeof BlobWriter.create>[0], data: Buffer) {
  const writer = await BlobWriter.create(vault);
  await writer.write(data);
  return writer.finish('deferred');
}

function settled(promise: Promise<unknown>): () => boolean {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  return () => done;
}

describe('ingest commit batch', () => {
  it('records the items ready together, each in its own savepoint', async () => {
    const { vault } = await createTestVault(tempDir);
    const batch = new CommitBatch(vault, { ...limits, minWaitMs: 60_000, maxWaitMs: 60_000 });
    const entriesBefore = vault.ledger.size;
    const blobs = await Promise.all([1, 2, 3].map((n) => deferredBlob(vault, Buffer.alloc(1000, n))));
    const tickets = await Promise.all(blobs.map(() => batch.begin()));
    const transactions: boolean[] = [];
    const record = (i: number) => () => {
      transactions.push(vault.db.inTransaction);
      recordBlob(vault.db, blobs[i]!, new Date().toISOString());
      vault.record('item.ingest', [blobs[i]!.id], { test: i });
      if (i === 1) throw new Error('item 1 fails after writing its rows');
      return i;
    };
    const first = tickets[0]!.commit([blobs[0]!.id], record(0));
    const firstDone = settled(first);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(firstDone(), 'the batch waits for the items still being prepared').toBe(false);
    const second = tickets[1]!.commit([blobs[1]!.id], record(1));
    const third = tickets[2]!.commit([blobs[2]!.id], record(2));
    await expect(first).resolves.toBe(0);
    await expect(second).rejects.toThrow('item 1 fails');
    await expect(third).resolves.toBe(2);
    expect(transactions).toEqual([true, true, true]);
    const ids = vault.db.prepare('SELECT id FROM blobs').pluck().all() as string[];
    expect(ids).toContain(blobs[0]!.id);
    expect(ids).toContain(blobs[2]!.id);
    expect(ids).not.toContain(blobs[1]!.id);
    expect(vault.ledger.size - entriesBefore).toBe(2);
    expect(await readBlobFully(vault, blobs[2]!.id)).toEqual(Buffer.alloc(1000, 3));
    vault.lock();
  });

  it('commits when the other items give up, or when its first item has waited long enough', async () => {
    const { vault } = await createTestVault(tempDir);
    const batch = new CommitBatch(vault, { ...limits, minWaitMs: 200, maxWaitMs: 200 });
    const a = await batch.begin();
    const b = await batch.begin();
    const recorded = a.commit([], () => 'a');
    const aDone = settled(recorded);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(aDone()).toBe(false);
    b.close();
    await expect(recorded).resolves.toBe('a');

    const waiting = await batch.begin();
    const started = Date.now();
    await expect((await batch.begin()).commit([], () => 'c')).resolves.toBe('c');
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    waiting.close();
    vault.lock();
  });

  it('lets only maxPreparing items be prepared at once; a place freed goes to the next', async () => {
    const { vault } = await createTestVault(tempDir);
    const batch = new CommitBatch(vault, { ...limits, maxPreparing: 2 });
    const first = await batch.begin();
    const second = await batch.begin();
    const third = batch.begin();
    const thirdIn = settled(third);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(thirdIn()).toBe(false);
    const recorded = first.commit([], () => 1);
    await expect(third).resolves.toBeDefined();
    second.close();
    (await third).close();
    await expect(recorded).resolves.toBe(1);
    vault.lock();
  });

  it('refuses to fsync a blob replaced by a symbolic link, and records nothing of the batch', async () => {
    const { root, vault } = await createTestVault(tempDir);
    const batch = new CommitBatch(vault, limits);
    const blob = await deferredBlob(vault, randomBytes(5000));
    await rm(blobPath(vault.layout, blob.id));
    await symlink(`${root}/elsewhere`, blobPath(vault.layout, blob.id));
    const committed = (await batch.begin()).commit([blob.id], () =>
      recordBlob(vault.db, blob, new Date().toISOString()),
    );
    await expect(committed).rejects.toMatchObject({ code: 'ELOOP' });
    expect(vault.db.prepare('SELECT COUNT(*) FROM blobs WHERE id = ?').pluck().get(blob.id)).toBe(0);
    vault.lock();
  });

  it('writes a large blob with early fdatasyncs and reads it back whole', async () => {
    const { vault } = await createTestVault(tempDir);
    const data = randomBytes(40 * 1024 * 1024);
    const writer = await BlobWriter.create(vault);
    for (let i = 0; i < data.length; i += 4 * 1024 * 1024)
      await writer.write(data.subarray(i, i + 4 * 1024 * 1024));
    const blob = await writer.finish('deferred');
    await (
      await new CommitBatch(vault, limits).begin()
    ).commit([blob.id], () => recordBlob(vault.db, blob, new Date().toISOString()));
    expect((await readBlobFully(vault, blob.id)).equals(data)).toBe(true);
    vault.lock();
  });
});
