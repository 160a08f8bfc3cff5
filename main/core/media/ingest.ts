// Ingest: reads each source file exactly once as a stream, computing SHA-256, SHA-1 and MD5 of the
// original bytes before any decoding, while encrypting them into a new blob. Each item lands atomically
// (blob renamed into place, then one transaction for its rows and its ledger entry); the same SHA-256
// twice is one item with two sources, stored once. A file that cannot be read is reported and the rest
// go on. Nothing is decoded before it is hashed, and decoding never changes what was hashed. The item's
// records are review's and its PDQ hash and matches are matching's: ingest hands them over through their
// verbs, all in the item's one transaction.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { requireRole, type Vault } from '../identity';
import {
  hasLiveBanks,
  Matcher,
  PdqWorkerPool,
  recordItemPdq,
  shownFirst,
  type PdqFileResult,
} from '../matching';
import { itemWithSha256, recordItemSource, recordNewItem, setOrderRank, type NewDisplay } from '../review';
import { BlobWriter, recordBlob, removeBlobFile } from '../vault';
import { storeDerivatives, type DerivativeOutcome } from './derivatives';
import { readImageMetadata, type ImageMetadata } from './image-metadata';
import { SideHasher } from './side-hashes';
import { isImageMime, sniffBytes, sniffMime } from './sniff';
import { walkSources } from './walk';

/** Images up to this size are kept in memory during the single read, for sharp's metadata. */
export const imageMetadataLimitBytes = 256 * 1024 * 1024;

export interface OriginalHashes {
  sha256: string;
  sha1: string;
  md5: string;
}

export type IngestOutcome =
  | { kind: 'ingested'; path: string; itemId: string; hashes: OriginalHashes; size: number; mime: string }
  | { kind: 'duplicate'; path: string; itemId: string; hashes: OriginalHashes; size: number; mime: string }
  | { kind: 'failed'; path: string; reason: string };

export interface IngestProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  currentPath: string | null;
}

export interface IngestOptions {
  /** Called once per source, after its item is committed (or it failed). */
  onOutcome?: (outcome: IngestOutcome) => void;
  onProgress?: (progress: IngestProgress) => void;
  signal?: AbortSignal;
  /** Files read at once (default 3); outcomes arrive in the order items commit. */
  concurrency?: number;
}

export interface IngestSummary {
  ingested: number;
  duplicates: number;
  failed: number;
  bytes: number;
  outcomes: IngestOutcome[];
}

interface ReadResult {
  hashes: OriginalHashes;
  size: number;
  mime: string;
  blob: Awaited<ReturnType<BlobWriter['finish']>>;
  bytes: Buffer | null;
}

async function readSource(
  vault: Vault,
  path: string,
  side: SideHasher,
  onBytes: (n: number) => void,
): Promise<ReadResult> {
  const sha256 = createHash('sha256');
  const sideHashes = side.start();
  const writer = await BlobWriter.create(vault);
  let head: Buffer | null = null;
  let kept: Buffer[] | null = [];
  let keptBytes = 0;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
      const data = chunk as Buffer;
      sideHashes.update(data);
      sha256.update(data);
      await writer.write(data);
      if (!head) head = data.subarray(0, sniffBytes);
      if (kept) {
        keptBytes += data.length;
        if (keptBytes > imageMetadataLimitBytes) kept = null;
        else kept.push(data);
      }
      onBytes(data.length);
    }
    const mime = sniffMime(head ?? Buffer.alloc(0));
    const [blob, { sha1, md5 }] = await Promise.all([writer.finish(), sideHashes.digest()]);
    return {
      hashes: { sha256: sha256.digest('hex'), sha1, md5 },
      size: writer.size,
      mime,
      blob,
      bytes: kept && isImageMime(mime) ? Buffer.concat(kept) : null,
    };
  } catch (error) {
    sideHashes.abort();
    await writer.abort();
    throw error;
  }
}

function isoOrNull(date: Date): string | null {
  return Number.isNaN(date.getTime()) || date.getTime() === 0 ? null : date.toISOString();
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'it no longer exists';
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'EIO') return 'the disk reported a read error';
  return error instanceof Error ? error.message : String(error);
}

export async function ingestPaths(
  vault: Vault,
  paths: readonly string[],
  options: IngestOptions = {},
): Promise<IngestSummary> {
  requireRole(vault, 'item.ingest');
  const { files, problems } = await walkSources(paths);
  const summary: IngestSummary = { ingested: 0, duplicates: 0, failed: 0, bytes: 0, outcomes: [] };
  const progress: IngestProgress = {
    filesDone: 0,
    filesTotal: files.length,
    bytesDone: 0,
    bytesTotal: files.reduce((sum, f) => sum + f.size, 0),
    currentPath: null,
  };
  const emit = (outcome: IngestOutcome) => {
    summary.outcomes.push(outcome);
    if (outcome.kind === 'ingested') summary.ingested++;
    else if (outcome.kind === 'duplicate') summary.duplicates++;
    else summary.failed++;
    options.onOutcome?.(outcome);
  };
  for (const problem of problems) emit({ kind: 'failed', path: problem.path, reason: problem.reason });

  // A few files at a time: their fsyncs and renames overlap, while each item still commits on its own.
  const side = new SideHasher();
  const tools: IngestTools = { side, pdq: null, matcher: hasLiveBanks(vault) ? new Matcher(vault) : null };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const file = files[next++] as { path: string; size: number };
      options.signal?.throwIfAborted();
      progress.currentPath = file.path;
      options.onProgress?.({ ...progress });
      try {
        emit(await ingestFile(vault, file.path, tools, (n) => (summary.bytes += n)));
      } catch (error) {
        emit({ kind: 'failed', path: file.path, reason: describe(error) });
      }
      progress.filesDone++;
      progress.bytesDone += file.size;
    }
  };
  try {
    // Every worker ends before the tools close: on a cancel, the files already being read finish first.
    const ended = await Promise.allSettled(
      Array.from({ length: Math.min(options.concurrency ?? 3, files.length) }, worker),
    );
    const stopped = ended.find((result) => result.status === 'rejected');
    if (stopped) throw stopped.reason;
  } finally {
    await side.close();
    await tools.pdq?.close();
  }
  progress.currentPath = null;
  options.onProgress?.({ ...progress });
  return summary;
}

interface IngestTools {
  side: SideHasher;
  /** Started on the first image. */
  pdq: PdqWorkerPool | null;
  /** Present when the vault has banks to match against. */
  matcher: Matcher | null;
}

async function ingestFile(
  vault: Vault,
  path: string,
  tools: IngestTools,
  onBytes: (n: number) => void,
): Promise<IngestOutcome> {
  // File times are taken before reading, so the read itself (atime) cannot change what is recorded.
  const times = await stat(path);
  const read = await readSource(vault, path, tools.side, onBytes);
  let pdq: PdqFileResult | null = null;
  let metadata: ImageMetadata | Record<string, never> = {};
  if (read.bytes) {
    tools.pdq ??= new PdqWorkerPool();
    [metadata, pdq] = await Promise.all([
      readImageMetadata(read.bytes),
      tools.pdq.hashBytes(path, read.bytes),
    ]);
  }
  const known = itemWithSha256(vault, read.hashes.sha256) !== null;
  const derived: DerivativeOutcome | null =
    read.bytes && !known ? await storeDerivatives(vault, read.bytes) : null;
  const derivedBlobs = derived?.ok ? derived.derivatives.map((d) => d.blob.id) : [];
  const display: NewDisplay = derived?.ok
    ? {
        ok: true,
        derivatives: derived.derivatives.map((d) => ({
          variant: d.variant,
          blobId: d.blob.id,
          width: d.width,
          height: d.height,
          mime: d.mime,
        })),
      }
    : derived;
  const now = new Date().toISOString();
  const commit = vault.db.transaction((): { itemId: string; duplicate: boolean } => {
    const existing = itemWithSha256(vault, read.hashes.sha256);
    const itemId = existing ?? randomUUID();
    if (!existing) {
      recordBlob(vault.db, read.blob, now);
      if (derived?.ok) for (const d of derived.derivatives) recordBlob(vault.db, d.blob, now);
      recordNewItem(
        vault,
        {
          id: itemId,
          ...read.hashes,
          size: read.size,
          mime: read.mime,
          originalBlob: read.blob.id,
          metadata,
          displayName: basename(path),
          ingestedAt: now,
        },
        display,
      );
      if (pdq) recordItemPdq(vault, itemId, pdq);
    }
    const sourceId = randomUUID();
    recordItemSource(vault, {
      id: sourceId,
      itemId,
      originalPath: path,
      fileName: basename(path),
      modifiedAt: isoOrNull(times.mtime),
      changedAt: isoOrNull(times.ctime),
      createdAt: isoOrNull(times.birthtime),
      ingestedAt: now,
    });
    vault.record('item.ingest', [itemId], {
      source: sourceId,
      path,
      size: read.size,
      mime: read.mime,
      sha256: read.hashes.sha256,
      sha1: read.hashes.sha1,
      md5: read.hashes.md5,
      duplicate: Boolean(existing),
    });
    return { itemId, duplicate: Boolean(existing) };
  });
  let result: { itemId: string; duplicate: boolean };
  try {
    result = commit();
  } catch (error) {
    for (const blob of [read.blob.id, ...derivedBlobs]) await removeBlobFile(vault.layout, blob);
    throw error;
  }
  // A duplicate's content is already stored: its new blobs were never recorded and are removed.
  if (result.duplicate)
    for (const blob of [read.blob.id, ...derivedBlobs]) await removeBlobFile(vault.layout, blob);
  else if (tools.matcher) {
    const matcher = tools.matcher;
    const item = { id: result.itemId, ...read.hashes };
    vault.db.transaction(() => setOrderRank(vault, item.id, shownFirst(matcher.matchItem(item))))();
  }
  return {
    kind: result.duplicate ? 'duplicate' : 'ingested',
    path,
    itemId: result.itemId,
    hashes: read.hashes,
    size: read.size,
    mime: read.mime,
  };
}
