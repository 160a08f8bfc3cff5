import { randomBytes } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NotFoundError, TamperDetectedError } from '../../main/core/errors';
import { chunkBytes, headerBytes, sealedChunkBytes } from '../../main/core/vault/blob-format';
import {
  BlobWriter,
  blobPath,
  readBlobFully,
  recordBlob,
  shredBlobKey,
  sweepOrphans,
} from '../../main/core/vault/blobs';
import { Vault } from '../../main/core/identity';
import { passphrases, useTempDirs } from '../support/temp';

const tempDir = useTempDirs();

async function vaultWithBlob(data: Buffer) {
  const root = await tempDir();
  const vault = await Vault.create(
    join(root, 'v'),
    { user: 'ana', passphrase: passphrases.ana },
    { stateDir: join(root, 's') },
  );
  const writer = await BlobWriter.create(vault);
  for (let i = 0; i < data.length; i += 10_000) await writer.write(data.subarray(i, i + 10_000));
  const blob = await writer.finish();
  recordBlob(vault.db, blob, new Date().toISOString());
  return { vault, blob, file: blobPath(vault.layout, blob.id) };
}

describe('blob store', () => {
  it.each([0, 1, chunkBytes - 1, chunkBytes, chunkBytes + 1, 3 * chunkBytes, 200_003])(
    'round-trips %i bytes',
    async (size) => {
      const data = randomBytes(size);
      const { vault, blob, file } = await vaultWithBlob(data);
      expect(blob.size).toBe(size);
      expect(await readBlobFully(vault, blob.id)).toEqual(data);
      expect((await readFile(file)).length).toBe(
        headerBytes + Math.max(1, Math.ceil(size / chunkBytes)) * 16 + size,
      );
      vault.lock();
    },
  );

  it('names files by random ids, never by content', async () => {
    const data = Buffer.from('same content');
    const a = await vaultWithBlob(data);
    const b = await vaultWithBlob(data);
    expect(a.blob.id).not.toBe(b.blob.id);
    expect(a.blob.id).toMatch(/^[0-9a-f]{32}$/);
    a.vault.lock();
    b.vault.lock();
  });

  const tampering: Array<[string, (bytes: Buffer) => Buffer, RegExp]> = [
    ['a flipped ciphertext byte', (b) => flip(b, headerBytes + 100), /damaged or truncated at chunk 0/],
    ['a flipped tag byte', (b) => flip(b, headerBytes + sealedChunkBytes - 1), /chunk 0/],
    ['a flipped header byte', (b) => flip(b, 2), /damaged header/],
    ['a flipped nonce prefix', (b) => flip(b, 9), /chunk 0/],
    ['truncation at a chunk boundary', (b) => b.subarray(0, headerBytes + 2 * sealedChunkBytes), /chunk 1/],
    ['truncation mid-chunk', (b) => b.subarray(0, b.length - 10), /chunk 2/],
    [
      'an appended chunk',
      (b) => Buffer.concat([b, b.subarray(headerBytes, headerBytes + sealedChunkBytes)]),
      /chunk/,
    ],
    [
      'two chunks swapped',
      (b) =>
        Buffer.concat([
          b.subarray(0, headerBytes),
          b.subarray(headerBytes + sealedChunkBytes, headerBytes + 2 * sealedChunkBytes),
          b.subarray(headerBytes, headerBytes + sealedChunkBytes),
          b.subarray(headerBytes + 2 * sealedChunkBytes),
        ]),
      /chunk 0/,
    ],
    ['an emptied file', () => Buffer.alloc(0), /damaged header/],
  ];

  it.each(tampering)('detects %s and names the blob', async (_label, change, where) => {
    const { vault, blob, file } = await vaultWithBlob(randomBytes(2 * chunkBytes + 500));
    await writeFile(file, change(await readFile(file)));
    const error = await readBlobFully(vault, blob.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TamperDetectedError);
    expect((error as Error).message).toContain(blob.id);
    expect((error as Error).message).toMatch(where);
    vault.lock();
  });

  it('detects a blob file replaced by another blob of the vault', async () => {
    const { vault, blob, file } = await vaultWithBlob(randomBytes(1000));
    const other = await BlobWriter.create(vault);
    await other.write(randomBytes(1000));
    const second = await other.finish();
    recordBlob(vault.db, second, new Date().toISOString());
    await writeFile(file, await readFile(blobPath(vault.layout, second.id)));
    await expect(readBlobFully(vault, blob.id)).rejects.toBeInstanceOf(TamperDetectedError);
    vault.lock();
  });

  it('crypto-shreds: without its key row the blob is gone, even from a copy of its file', async () => {
    const { vault, blob, file } = await vaultWithBlob(randomBytes(5000));
    const copy = await readFile(file);
    shredBlobKey(vault.db, blob.id, new Date().toISOString());
    await writeFile(file, copy);
    await expect(readBlobFully(vault, blob.id)).rejects.toBeInstanceOf(NotFoundError);
    vault.lock();
  });

  it('sweeps staging files and unrecorded blobs left by a crash', async () => {
    const { vault, blob } = await vaultWithBlob(randomBytes(100));
    const unrecorded = await BlobWriter.create(vault);
    await unrecorded.write(randomBytes(100));
    const orphan = await unrecorded.finish();
    const staged = await BlobWriter.create(vault);
    await staged.write(randomBytes(100));
    expect(await sweepOrphans(vault)).toEqual({ staging: 1, blobs: 1, skipped: [] });
    const shard = await readdir(join(vault.layout.blobs, orphan.id.slice(0, 2))).catch(() => []);
    expect(shard).not.toContain(orphan.id);
    expect(await readBlobFully(vault, blob.id)).toHaveLength(100);
    vault.lock();
  });
});

function flip(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = (copy[at] ?? 0) ^ 0x01;
  return copy;
}
