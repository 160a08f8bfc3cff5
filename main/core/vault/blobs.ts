// The blob store: every stored object (originals and derivatives) as one encrypted file under blobs/,
// named by a random id (never by a content hash, which would reveal what the vault holds), with its own
// random key wrapped under the data key in the database. Writing goes through staging/ (temp file, fsync,
// rename); a writer may leave the fsyncs to syncBlobs, which a batch of blobs awaits before the transaction
// that records them: a recorded blob is always durable. A writer may also leave its blob in staging/
// ('staged'), encrypted, until placeStagedBlob moves it into blobs/: what an importer writes before it has
// checked everything (staging/ is swept at every unlock). Shredding destroys the wrapped key, so the object is
// gone even from backups of blobs/.
import { constants } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { open as openSealed, packSealed, seal, unpackSealed, AeadOpenError } from '../crypto';
import { NotFoundError, TamperDetectedError } from '../errors';
import { fsyncDirectory } from '../fs-atomic';
import {
  blobMagic,
  chunkBytes,
  headerBytes,
  noncePrefixBytes,
  openChunk,
  sealChunkParts,
  sealedChunkBytes,
} from './blob-format';
import type { VaultDatabase } from './database';
import type { VaultLayout } from './layout';

/** What a blob operation needs from an unlocked vault. */
export interface BlobContext {
  layout: VaultLayout;
  db: VaultDatabase;
  dataKey(): Buffer;
}

export interface StoredBlob {
  id: string;
  wrappedKey: Buffer;
  size: number;
}

function keyAad(blobId: string): Buffer {
  return Buffer.from(`custody-blob-key/1\n${blobId}`);
}

export function blobPath(layout: VaultLayout, blobId: string): string {
  return join(layout.blobs, blobId.slice(0, 2), blobId);
}

/** Where a blob is written, and where it stays while it is staged. */
function stagedPath(layout: VaultLayout, blobId: string): string {
  return join(layout.staging, `${blobId}.blob`);
}

/** Shard folders (blobs/<2 hex>/) known to exist, per vault, so each is created once. */
const knownShards = new Map<string, Set<string>>();

/** Moves a finished blob file from staging/ into its shard folder (fsynced there with 'now'). */
async function placeFile(layout: VaultLayout, blobId: string, from: string, sync: BlobSync): Promise<void> {
  const shard = join(layout.blobs, blobId.slice(0, 2));
  const known = knownShards.get(layout.blobs) ?? new Set<string>();
  knownShards.set(layout.blobs, known);
  if (!known.has(shard)) {
    await mkdir(shard, { recursive: true, mode: 0o700 });
    known.add(shard);
  }
  await rename(from, blobPath(layout, blobId));
  if (sync === 'now') await fsyncDirectory(shard);
}

/** Moves a blob finished with 'staged' into blobs/; the caller then awaits syncBlobs and records it. */
export async function placeStagedBlob(layout: VaultLayout, blobId: string): Promise<void> {
  await placeFile(layout, blobId, stagedPath(layout, blobId), 'deferred');
}

/** Writes every byte of `parts` at the file's position (writev may write only some of them). */
async function writeAll(handle: FileHandle, parts: Buffer[]): Promise<void> {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  let { bytesWritten } = await handle.writev(parts);
  if (bytesWritten === total) return;
  const rest = Buffer.concat(parts).subarray(bytesWritten);
  while (bytesWritten < total) {
    const done = (await handle.write(rest, bytesWritten - (total - rest.length))).bytesWritten;
    if (done === 0) throw new Error('The disk accepted no more bytes of a blob.');
    bytesWritten += done;
  }
}

/**
 * Bytes written between two fdatasyncs started while a large blob is still being written, so the disk
 * writes it as it is sealed instead of all at once when it is finished (the kernel would otherwise keep it
 * dirty in memory until then).
 */
const syncEveryBytes = 16 * 1024 * 1024;

/**
 * Whether finish() fsyncs the blob before returning ('now'), or leaves that to syncBlobs before it is
 * recorded ('deferred'), or leaves it unsynced in staging/ for placeStagedBlob and then syncBlobs ('staged').
 */
export type BlobSync = 'now' | 'deferred' | 'staged';

/** Streams plaintext into a new encrypted blob in staging/; finish() moves it into blobs/. */
export class BlobWriter {
  readonly #key = randomBytes(32);
  readonly #prefix = randomBytes(noncePrefixBytes);
  /** The chunk being filled; sealed once more data follows it (the last chunk is sealed by finish()). */
  #pending = Buffer.alloc(chunkBytes);
  #pendingLength = 0;
  #index = 0;
  #size = 0;
  #finished = false;
  /** The write in flight (never rejects: a failure is kept in #failure and thrown to the next caller). */
  #inFlight: Promise<void> = Promise.resolve();
  #failure: Error | null = null;
  /** Bytes written since the last early fdatasync was started, and that fdatasync (never rejects). */
  #unsynced = 0;
  #syncing: Promise<void> | null = null;
  /** The header, written with the first sealed chunk (one write fewer for a small blob). */
  #header: Buffer | null = Buffer.concat([blobMagic, this.#prefix]);

  private constructor(
    readonly id: string,
    private readonly context: BlobContext,
    private readonly handle: FileHandle,
    private readonly stagingPath: string,
  ) {}

  /** staging/ exists: the vault is created with it and every unlock's orphan sweep recreates it. */
  static async create(context: BlobContext): Promise<BlobWriter> {
    const id = randomUUID().replaceAll('-', '');
    const path = stagedPath(context.layout, id);
    const handle = await open(path, 'wx', 0o600);
    return new BlobWriter(id, context, handle, path);
  }

  get size(): number {
    return this.#size;
  }

  /**
   * Seals `data` and queues it for writing. `data` is consumed before this returns its promise (the caller
   * may reuse or transfer it at once); the promise settles when the write before this one is done, so at
   * most one write is in flight while the caller reads and hashes the next bytes.
   */
  async write(data: Buffer): Promise<void> {
    this.#size += data.length;
    const parts: Buffer[] = [];
    let offset = 0;
    while (offset < data.length) {
      if (this.#pendingLength === chunkBytes) {
        parts.push(...this.#seal(false, this.#pending));
        this.#pendingLength = 0;
      }
      if (this.#pendingLength === 0 && data.length - offset > chunkBytes) {
        // A whole chunk with more data after it in the same buffer: sealed in place, never copied.
        parts.push(...this.#seal(false, data.subarray(offset, offset + chunkBytes)));
        offset += chunkBytes;
        continue;
      }
      const take = Math.min(chunkBytes - this.#pendingLength, data.length - offset);
      data.copy(this.#pending, this.#pendingLength, offset, offset + take);
      this.#pendingLength += take;
      offset += take;
    }
    if (parts.length > 0) await this.#queue(parts);
    else this.#throwIfFailed();
  }

  #seal(last: boolean, plain: Buffer): [Buffer, Buffer] {
    return sealChunkParts(this.#key, this.#prefix, this.id, this.#index++, last, plain);
  }

  /** Chains a write behind the one in flight; resolves when that earlier one is done. */
  async #queue(sealed: Buffer[]): Promise<void> {
    const parts = this.#header ? [this.#header, ...sealed] : sealed;
    this.#header = null;
    const previous = this.#inFlight;
    this.#inFlight = previous
      .then(async () => {
        if (this.#failure === null) await writeAll(this.handle, parts);
        this.#unsynced += parts.reduce((sum, part) => sum + part.length, 0);
        if (this.#unsynced >= syncEveryBytes && this.#syncing === null) this.#syncEarly();
      })
      .catch((error: unknown) => {
        this.#failure ??= error instanceof Error ? error : new Error(String(error));
      });
    await previous;
    this.#throwIfFailed();
  }

  /** Starts an fdatasync of what is written so far, beside the writes that follow it. */
  #syncEarly(): void {
    this.#unsynced = 0;
    this.#syncing = this.handle
      .datasync()
      .catch((error: unknown) => {
        this.#failure ??= error instanceof Error ? error : new Error(String(error));
      })
      .finally(() => {
        this.#syncing = null;
      });
  }

  #throwIfFailed(): void {
    if (this.#failure) throw this.#failure;
  }

  /**
   * Seals the last chunk and renames the blob into place; the caller then records it. With 'now' (the
   * default) the file and its folder are fsynced first; with 'deferred' they are not, and the caller must
   * await syncBlobs for it before the transaction that records it; with 'staged' it stays in staging/
   * until placeStagedBlob (or removeBlobFile).
   */
  async finish(sync: BlobSync = 'now'): Promise<StoredBlob> {
    const last = this.#pending.subarray(0, this.#pendingLength);
    await this.#queue(this.#seal(true, last));
    await this.#inFlight;
    await this.#syncing;
    this.#throwIfFailed();
    if (sync === 'now') await this.handle.sync();
    await this.handle.close();
    this.#finished = true;
    if (sync !== 'staged') await placeFile(this.context.layout, this.id, this.stagingPath, sync);
    const wrappedKey = packSealed(seal(this.context.dataKey(), this.#key, keyAad(this.id)));
    this.#key.fill(0);
    this.#pending.fill(0);
    // A staged blob may wait beside many others: its chunk buffer is let go at once.
    this.#pending = Buffer.alloc(0);
    return { id: this.id, wrappedKey, size: this.#size };
  }

  async abort(): Promise<void> {
    await this.#inFlight;
    await this.#syncing;
    this.#key.fill(0);
    this.#pending.fill(0);
    if (!this.#finished) await this.handle.close().catch(() => undefined);
    await rm(this.stagingPath, { force: true });
  }
}

/**
 * fsyncs running at once in syncBlobs: they wait on the disk in libuv's threads (four by default), which
 * sharp decodes in too, so a batch's fsyncs never take them all.
 */
const syncsAtOnce = 2;

async function syncPath(path: string, flags: number): Promise<void> {
  const handle = await open(path, flags | constants.O_NOFOLLOW);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsyncs every path, syncsAtOnce at a time; the first failure is thrown once all have ended. */
async function syncAll(paths: readonly string[], flags: number): Promise<void> {
  let next = 0;
  const runner = async (): Promise<void> => {
    while (next < paths.length) await syncPath(paths[next++] as string, flags);
  };
  const ended = await Promise.allSettled(Array.from({ length: syncsAtOnce }, runner));
  const failed = ended.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
}

/**
 * Makes blobs finished with 'deferred' durable: each file is fsynced (opened without following a link),
 * then each shard folder holding them.
 */
export async function syncBlobs(layout: VaultLayout, blobIds: readonly string[]): Promise<void> {
  await syncAll(
    blobIds.map((id) => blobPath(layout, id)),
    constants.O_RDONLY,
  );
  const shards = new Set(blobIds.map((id) => join(layout.blobs, id.slice(0, 2))));
  await syncAll([...shards], constants.O_RDONLY | constants.O_DIRECTORY);
}

/** Records a finished blob; call inside the transaction that records what the blob is for. */
export function recordBlob(db: VaultDatabase, blob: StoredBlob, now: string): void {
  db.prepare('INSERT INTO blobs (id, wrapped_key, size, created_at) VALUES (?, ?, ?, ?)').run(
    blob.id,
    blob.wrappedKey,
    blob.size,
    now,
  );
}

function unwrapKey(context: BlobContext, blobId: string): Buffer {
  const row = context.db.prepare('SELECT wrapped_key, shredded_at FROM blobs WHERE id = ?').get(blobId) as
    { wrapped_key: Buffer | null; shredded_at: string | null } | undefined;
  if (!row) throw new NotFoundError(`Blob ${blobId} is not in this vault.`);
  if (!row.wrapped_key)
    throw new NotFoundError(`Blob ${blobId} was shredded on ${row.shredded_at ?? 'an unknown date'}.`);
  try {
    return openSealed(context.dataKey(), unpackSealed(row.wrapped_key), keyAad(blobId));
  } catch (error) {
    if (error instanceof AeadOpenError)
      throw new TamperDetectedError(`The key of blob ${blobId} does not open: its row was changed.`);
    throw error;
  }
}

/** Decrypts a blob chunk by chunk, verifying every tag; throws TamperDetectedError naming the blob. */
export async function* readBlob(context: BlobContext, blobId: string): AsyncGenerator<Buffer> {
  yield* readWithKey(blobPath(context.layout, blobId), blobId, unwrapKey(context, blobId));
}

/**
 * Decrypts a blob file written by a BlobWriter but not recorded yet (its key is the one finish() returned),
 * from blobs/ or, finished with 'staged', from staging/, chunk by chunk, verifying every tag: how a received
 * file is read back before the transaction records it.
 */
export async function* readUnrecordedBlob(
  context: BlobContext,
  blob: StoredBlob,
  where: 'placed' | 'staged' = 'placed',
): AsyncGenerator<Buffer> {
  let key: Buffer;
  try {
    key = openSealed(context.dataKey(), unpackSealed(blob.wrappedKey), keyAad(blob.id));
  } catch (error) {
    if (error instanceof AeadOpenError)
      throw new TamperDetectedError(
        `The key of unrecorded blob ${blob.id} does not open with this vault's key.`,
      );
    throw error;
  }
  const path = where === 'staged' ? stagedPath(context.layout, blob.id) : blobPath(context.layout, blob.id);
  yield* readWithKey(path, blob.id, key);
}

async function* readWithKey(path: string, blobId: string, key: Buffer): AsyncGenerator<Buffer> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch {
    key.fill(0);
    throw new TamperDetectedError(`Blob ${blobId} is missing from blobs/.`);
  }
  try {
    const size = (await handle.stat()).size;
    const header = Buffer.alloc(headerBytes);
    const { bytesRead } = await handle.read(header, 0, headerBytes, 0);
    if (bytesRead !== headerBytes || !header.subarray(0, blobMagic.length).equals(blobMagic)) {
      throw new TamperDetectedError(`Blob ${blobId} has a damaged header.`);
    }
    const prefix = header.subarray(blobMagic.length);
    const body = size - headerBytes;
    const chunks = Math.max(1, Math.ceil(body / sealedChunkBytes));
    const buffer = Buffer.alloc(sealedChunkBytes);
    for (let index = 0; index < chunks; index++) {
      const length = Math.min(sealedChunkBytes, body - index * sealedChunkBytes);
      const read =
        length > 0
          ? (await handle.read(buffer, 0, length, headerBytes + index * sealedChunkBytes)).bytesRead
          : 0;
      const plain = openChunk(
        key,
        prefix,
        blobId,
        index,
        index === chunks - 1,
        buffer.subarray(0, Math.max(0, read)),
      );
      if (!plain) throw new TamperDetectedError(`Blob ${blobId} is damaged or truncated at chunk ${index}.`);
      yield plain;
    }
  } finally {
    key.fill(0);
    await handle.close();
  }
}

/** Sealed chunks read from disk at once by readBlobSync: 4 MiB of reads for one system call. */
const syncReadChunks = 64;

/**
 * Decrypts a blob without yielding, for a caller that must not (an index opened inside a transaction),
 * handing each chunk's plaintext to `sink` once its tag verifies; throws TamperDetectedError naming the
 * blob, as readBlob does. Each plaintext chunk is the sink's to keep.
 */
export function readBlobSync(context: BlobContext, blobId: string, sink: (plain: Buffer) => void): void {
  const key = unwrapKey(context, blobId);
  let fd: number;
  try {
    fd = openSync(blobPath(context.layout, blobId), 'r');
  } catch {
    key.fill(0);
    throw new TamperDetectedError(`Blob ${blobId} is missing from blobs/.`);
  }
  try {
    const size = fstatSync(fd).size;
    const header = Buffer.alloc(headerBytes);
    if (
      readSync(fd, header, 0, headerBytes, 0) !== headerBytes ||
      !header.subarray(0, blobMagic.length).equals(blobMagic)
    ) {
      throw new TamperDetectedError(`Blob ${blobId} has a damaged header.`);
    }
    const prefix = header.subarray(blobMagic.length);
    const body = size - headerBytes;
    const chunks = Math.max(1, Math.ceil(body / sealedChunkBytes));
    const buffer = Buffer.alloc(sealedChunkBytes * syncReadChunks);
    for (let first = 0; first < chunks; first += syncReadChunks) {
      const start = first * sealedChunkBytes;
      const want = Math.max(0, Math.min(buffer.length, body - start));
      let got = 0;
      while (got < want) {
        const read = readSync(fd, buffer, got, want - got, headerBytes + start + got);
        if (read === 0) break;
        got += read;
      }
      for (let index = first; index < Math.min(chunks, first + syncReadChunks); index++) {
        const from = (index - first) * sealedChunkBytes;
        const sealed = buffer.subarray(Math.min(from, got), Math.min(from + sealedChunkBytes, got));
        const plain = openChunk(key, prefix, blobId, index, index === chunks - 1, sealed);
        if (!plain)
          throw new TamperDetectedError(`Blob ${blobId} is damaged or truncated at chunk ${index}.`);
        sink(plain);
      }
    }
  } finally {
    key.fill(0);
    closeSync(fd);
  }
}

export async function readBlobFully(context: BlobContext, blobId: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of readBlob(context, blobId)) parts.push(part);
  return Buffer.concat(parts);
}

/** Crypto-shreds a blob: its key row is destroyed, then its file. Call inside the recording transaction. */
export function shredBlobKey(db: VaultDatabase, blobId: string, now: string): void {
  db.prepare('UPDATE blobs SET wrapped_key = NULL, shredded_at = ? WHERE id = ?').run(now, blobId);
}

/** Removes a blob's file, from blobs/ or from staging/ (a blob finished with 'staged'). */
export async function removeBlobFile(layout: VaultLayout, blobId: string): Promise<void> {
  await rm(blobPath(layout, blobId), { force: true });
  await rm(stagedPath(layout, blobId), { force: true });
}

/** The ids of every blob whose key is still held (not shredded), in id order. */
export function liveBlobIds(db: VaultDatabase): string[] {
  return db
    .prepare('SELECT id FROM blobs WHERE wrapped_key IS NOT NULL ORDER BY id')
    .pluck()
    .all() as string[];
}

/** What the orphan sweep removed, and what it found but left alone (named relative to the vault). */
export interface SweepResult {
  staging: number;
  blobs: number;
  /** Entries that are not what Custody writes there (links, stray names); never followed or deleted. */
  skipped: string[];
}

const shardName = /^[0-9a-f]{2}$/;
const blobFileName = /^[0-9a-f]{32}$/;
/** How many skipped entries a sweep names; the rest are counted. */
const skippedNamed = 20;

/**
 * Deletes what a crash can leave behind: temp files in staging/, and files in blobs/ that no database row
 * holds a key for (written but never committed, or shredded before their file was removed). It never
 * follows a symbolic link, and in blobs/ deletes only blob files inside shard folders: anything else
 * (a link planted in place of a shard or a staging file, a stray name) is left where it is and reported.
 */
export async function sweepOrphans(context: BlobContext): Promise<SweepResult> {
  let staging = 0;
  let blobs = 0;
  const skipped: string[] = [];
  const skip = (path: string, why: string): void => {
    skipped.push(`${path} (${why})`);
  };
  await mkdir(context.layout.staging, { recursive: true, mode: 0o700 });
  for (const entry of await readdir(context.layout.staging, { withFileTypes: true })) {
    if (entry.isSymbolicLink()) {
      skip(`staging/${entry.name}`, 'a symbolic link');
      continue;
    }
    await rm(join(context.layout.staging, entry.name), { force: true, recursive: true });
    staging++;
  }
  const live = new Set(liveBlobIds(context.db));
  for (const shard of await readdir(context.layout.blobs, { withFileTypes: true })) {
    if (shard.isSymbolicLink() || !shard.isDirectory() || !shardName.test(shard.name)) {
      skip(`blobs/${shard.name}`, shard.isSymbolicLink() ? 'a symbolic link' : 'not a shard folder');
      continue;
    }
    for (const entry of await readdir(join(context.layout.blobs, shard.name), { withFileTypes: true })) {
      const path = `blobs/${shard.name}/${entry.name}`;
      if (!entry.isFile()) skip(path, entry.isSymbolicLink() ? 'a symbolic link' : 'not a file');
      else if (!blobFileName.test(entry.name) || !entry.name.startsWith(shard.name))
        skip(path, 'not a blob name');
      else if (!live.has(entry.name)) {
        await rm(join(context.layout.blobs, shard.name, entry.name), { force: true });
        blobs++;
      }
    }
  }
  if (skipped.length > skippedNamed) {
    skipped.splice(skippedNamed, Infinity, `and ${skipped.length - skippedNamed} more`);
  }
  return { staging, blobs, skipped };
}

/** The ids of blobs whose key was destroyed (shredded), for `verify` to compare with item.shred entries. */
export function shreddedBlobIds(db: VaultDatabase): Set<string> {
  return new Set(db.prepare('SELECT id FROM blobs WHERE wrapped_key IS NULL').pluck().all() as string[]);
}
