// Ingest: reads each source file exactly once as a stream, computing SHA-256, SHA-1 and MD5 of the
// original bytes before any decoding, while encrypting them into a new blob. Each item lands atomically
// (its blobs made durable, then one savepoint for its rows and its ledger entry, in a transaction shared
// with the other items ready at that moment: see commit-batch.ts); the same SHA-256
// twice is one item with two sources, stored once. A file that cannot be read is reported and the rest
// go on. Nothing is decoded before it is hashed, and decoding never changes what was hashed. The item's
// records are review's and its PDQ hash and matches are matching's: ingest hands them over through their
// verbs, all in the item's one transaction: a new item is matched against the banks in the transaction
// that records it, so no crash can leave it in the vault unmatched.
import { createHash, randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { requireRole, type Vault } from '../identity';
import {
  hasLiveBanks,
  Matcher,
  PdqWorkerPool,
  recordItemDihedral,
  recordItemPdq,
  recordItemPdqFrames,
  recordItemVpdq,
  shownFirst,
} from '../matching';
import { itemWithSha256, recordItemSource, recordNewItem, setOrderRank } from '../review';
import { BlobWriter, recordBlob, removeBlobFile, type StoredBlob } from '../vault';
import { CommitBatch, type CommitTicket } from './commit-batch';
import { describeImage, type ImageFacts } from './describe-image';
import { maxDecodePixels, WeightedBudget } from './decode-budget';
import { DecodeCopy, decodeCopyLimitBytes, type DecodeCopyResult } from './decode-copy';
import type { ChildLimits } from '../video';
import { hashInPlace, inPlaceBytes, SideHasher } from './side-hashes';
import { isImageMime, sniffBytes, sniffMime } from './sniff';
import { openSource, type ExaminedFile, type OpenedSource } from './source-file';
import { describeVideo, isVideoMime, recordVideoKeyframes, videoBlobs, type VideoItem } from './video-item';
import { ingestVideoVpdq } from './video-vpdq';
import { walkSources } from './walk';
import { displayOf } from './derivatives';

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
  /**
   * Files read at once (default 6, of which at most three large ones); outcomes arrive in the order items
   * commit.
   */
  concurrency?: number;
  /** The folder every file must still be inside when it is opened (a case import's case folder). */
  within?: string;
  /** Time and memory each video may take to probe and render (default VIDEO_INGEST_LIMITS). */
  videoLimits?: ChildLimits;
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
  /**
   * The blob, being moved into place while the image is decoded (its fsyncs are the commit batch's); it
   * settles (and, if it fails, the writer is aborted) whether or not anyone waits for it.
   */
  stored: Promise<StoredBlob>;
  /** For an image: the bytes to decode it from, or why there are none. */
  image: DecodeCopyResult | null;
}

/** Bytes read from a source at a time: large reads mean fewer calls and fewer messages to the side hasher. */
const readChunkBytes = 4 * 1024 * 1024;
/** Bytes the files being ingested at once may hold in memory: three images kept whole for decoding. */
const maxInFlightBytes = 3 * (decodeCopyLimitBytes + readChunkBytes);
/** The smallest read, so a file that grows while it is read is still read in reasonable steps. */
const minReadBytes = 64 * 1024;
/** Items committed together; an item waits at most a second for its batch. */
const batchLimits = { maxItems: 32, minWaitMs: 50, maxWaitMs: 1000 } as const;

/**
 * Reads the opened source once, through its descriptor: the next read is already under way while this one
 * is hashed (SHA-256 here, SHA-1 and MD5 on the side hasher) and sealed into the blob.
 */
async function readSource(
  vault: Vault,
  source: OpenedSource,
  side: SideHasher,
  onBytes: (n: number) => void,
): Promise<ReadResult> {
  const sha256 = createHash('sha256');
  const expected = Number(source.stats.size);
  const sideHashes = expected <= inPlaceBytes ? hashInPlace() : side.start();
  const writer = await BlobWriter.create(vault);
  const readAt = (position: number): Promise<Buffer> => {
    const length = Math.min(readChunkBytes, Math.max(minReadBytes, expected - position + 1));
    const buffer = Buffer.allocUnsafeSlow(length);
    const read = source.handle
      .read(buffer, 0, length, position)
      .then(({ bytesRead }) => (bytesRead === length ? buffer : buffer.subarray(0, bytesRead)));
    // Handled here too, so a read left in flight by a failure elsewhere is never an unhandled rejection.
    read.catch(() => undefined);
    return read;
  };
  let mime: string | null = null;
  let image: DecodeCopy | null = null;
  try {
    let position = 0;
    let next = readAt(0);
    for (;;) {
      const data = await next;
      if (data.length === 0) break;
      position += data.length;
      next = readAt(position);
      if (mime === null) {
        mime = sniffMime(data.subarray(0, sniffBytes));
        if (isImageMime(mime)) image = new DecodeCopy(mime);
      }
      sha256.update(data);
      const written = writer.write(data);
      const kept = image?.add(data) ?? false;
      onBytes(data.length);
      // Bytes not kept are moved to the side hasher, not copied: nothing here touches them again.
      sideHashes.update(data, !kept);
      await written;
    }
    const { sha1, md5 } = await sideHashes.digest();
    const stored = writer.finish('deferred').catch(async (error: unknown) => {
      await writer.abort();
      throw error;
    });
    stored.catch(() => undefined);
    return {
      hashes: { sha256: sha256.digest('hex'), sha1, md5 },
      size: writer.size,
      mime: mime ?? sniffMime(Buffer.alloc(0)),
      stored,
      image: image?.finish() ?? null,
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

  // Several files at a time: their reads, decodes and fsyncs overlap, and the items ready together commit
  // together (each in its own savepoint). Large files only a few at a time: what each may hold in memory
  // (its decode copy) is counted.
  const side = new SideHasher();
  const concurrency = Math.max(1, options.concurrency ?? 6);
  const batch = new CommitBatch(vault, { ...batchLimits, maxPreparing: concurrency });
  const tools: IngestTools = {
    side,
    pdq: null,
    matcher: new Matcher(vault),
    batch,
    videoLimits: options.videoLimits,
  };
  const memory = new WeightedBudget(maxInFlightBytes, Number.MAX_SAFE_INTEGER);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const file = files[next++] as ExaminedFile;
      await memory.run(Math.min(file.size, decodeCopyLimitBytes) + readChunkBytes, () => ingestOne(file));
    }
  };
  const ingestOne = async (file: ExaminedFile): Promise<void> => {
    options.signal?.throwIfAborted();
    const ticket = await tools.batch.begin();
    // A file whose turn came after a cancel is not read.
    if (options.signal?.aborted) {
      ticket.close();
      options.signal.throwIfAborted();
    }
    progress.currentPath = file.path;
    options.onProgress?.({ ...progress });
    try {
      emit(await ingestFile(vault, file, options.within, tools, ticket, (n) => (summary.bytes += n)));
    } catch (error) {
      emit({ kind: 'failed', path: file.path, reason: describe(error) });
    } finally {
      ticket.close();
    }
    progress.filesDone++;
    progress.bytesDone += file.size;
  };
  try {
    // Every worker ends before the tools close: on a cancel, the files already being read finish first.
    // Besides the files being read, as many again as a batch holds wait for their commit.
    const ended = await Promise.allSettled(
      Array.from({ length: Math.min(concurrency + batchLimits.maxItems, files.length) }, worker),
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
  /** Matches each new item, in its transaction, whenever the vault then has banks to match against. */
  matcher: Matcher;
  /** Records the items ready together in one transaction. */
  batch: CommitBatch;
  videoLimits: ChildLimits | undefined;
}

async function ingestFile(
  vault: Vault,
  file: ExaminedFile,
  within: string | undefined,
  tools: IngestTools,
  ticket: CommitTicket,
  onBytes: (n: number) => void,
): Promise<IngestOutcome> {
  const path = file.path;
  // Opened once: the bytes, the size and the times all come from this descriptor. Its times are taken
  // before reading, so the read itself (atime) cannot change what is recorded.
  const source = await openSource(file, within);
  const times = source.stats;
  let read: ReadResult;
  try {
    read = await readSource(vault, source, tools.side, onBytes);
  } finally {
    await source.handle.close();
  }
  // A known SHA-256 is a duplicate: nothing of it is decoded, its item already has everything.
  const known = itemWithSha256(vault, read.hashes.sha256) !== null;
  let image: ImageFacts | null = null;
  if (read.image && !known) {
    tools.pdq ??= new PdqWorkerPool({ maxPixels: maxDecodePixels });
    try {
      image = await describeImage(vault, path, read.image, tools.pdq, 'deferred');
    } catch (error) {
      await read.stored.then((blob) => removeBlobFile(vault.layout, blob.id)).catch(() => undefined);
      throw error;
    }
  }
  const video: VideoItem | null =
    isVideoMime(read.mime) && !known ? await describeVideo(vault, path, times, tools.videoLimits) : null;
  // A new video's vPDQ (video-vpdq.ts): hashed before the commit, recorded in the item's transaction.
  const vpdq = known ? null : await ingestVideoVpdq(path, read.mime, times);
  const metadata = image?.metadata ?? video?.metadata ?? {};
  const derived = image?.derived ?? video?.derived ?? null;
  const derivedBlobs = video
    ? videoBlobs(video)
    : derived?.ok
      ? derived.derivatives.map((d) => d.blob.id)
      : [];
  let blob: StoredBlob;
  try {
    blob = await read.stored;
  } catch (error) {
    for (const id of derivedBlobs) await removeBlobFile(vault.layout, id);
    throw error;
  }
  const display = displayOf(derived);
  // Runs in the batch's transaction, in its own savepoint, after the blobs are durable.
  const record = (): { itemId: string; duplicate: boolean } => {
    const now = new Date().toISOString();
    const existing = itemWithSha256(vault, read.hashes.sha256);
    const itemId = existing ?? randomUUID();
    if (!existing) {
      recordBlob(vault.db, blob, now);
      if (derived?.ok) for (const d of derived.derivatives) recordBlob(vault.db, d.blob, now);
      recordNewItem(
        vault,
        {
          id: itemId,
          ...read.hashes,
          size: read.size,
          mime: read.mime,
          originalBlob: blob.id,
          metadata,
          displayName: basename(path),
          ingestedAt: now,
        },
        display,
      );
      if (video) recordVideoKeyframes(vault, itemId, video, now);
      if (image) recordItemPdq(vault, itemId, image.pdq);
      if (image?.frames) recordItemPdqFrames(vault, itemId, image.pdq, image.frames);
      if (image?.pdq.ok && image.pdq.pdq.dihedral) recordItemDihedral(vault, itemId, image.pdq.pdq.dihedral);
      if (vpdq) recordItemVpdq(vault, itemId, vpdq);
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
    // Banks are read inside this transaction, so a bank imported meanwhile either is matched here or
    // queued this item for re-matching: never neither.
    if (!existing && hasLiveBanks(vault)) {
      setOrderRank(vault, itemId, shownFirst(tools.matcher.matchItem({ id: itemId, ...read.hashes })));
    }
    return { itemId, duplicate: Boolean(existing) };
  };
  let result: { itemId: string; duplicate: boolean };
  try {
    result = await ticket.commit([blob.id, ...derivedBlobs], record);
  } catch (error) {
    for (const id of [blob.id, ...derivedBlobs]) await removeBlobFile(vault.layout, id);
    throw error;
  }
  // A duplicate's content is already stored: its new blobs were never recorded and are removed.
  if (result.duplicate) for (const id of [blob.id, ...derivedBlobs]) await removeBlobFile(vault.layout, id);
  return {
    kind: result.duplicate ? 'duplicate' : 'ingested',
    path,
    itemId: result.itemId,
    hashes: read.hashes,
    size: read.size,
    mime: read.mime,
  };
}
