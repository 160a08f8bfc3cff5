// Originals received from a peer workstation, already re-encrypted into this vault as unrecorded blob files:
// each is read back once, its hashes computed here (a SHA-256 other than the one announced is refused),
// its type sniffed, and an image described by this vault's own pipeline (metadata, PDQ with its
// orientations and later frames, display copies blurred by this core) under the decoding budget, a few at
// a time, what their decode copies hold in memory counted. Display copies are written as blob files beside
// the originals (in blobs/, or left in staging/ when the originals are staged), never fsynced here (the
// caller awaits syncBlobs) and recorded by nobody here: the caller records them in its transaction, or
// removes them. Nothing a peer rendered is ever shown.
import { createHash } from 'node:crypto';
import { TamperDetectedError } from '../errors';
import type { Vault } from '../identity';
import { PdqWorkerPool, type PdqFileResult, type PdqFramesResult } from '../matching';
import type { NewDisplay } from '../review';
import { readUnrecordedBlob, removeBlobFile, type StoredBlob } from '../vault';
import { maxDecodePixels, WeightedBudget } from './decode-budget';
import { DecodeCopy, decodeCopyLimitBytes } from './decode-copy';
import { describeImage, type ImageFacts } from './describe-image';
import { isImageMime, sniffBytes, sniffMime } from './sniff';
import type { OriginalHashes } from './ingest';
import { displayOf } from './derivatives';

export interface ReceivedBlob extends StoredBlob {
  /** The SHA-256 the sender announced and the importer checked. */
  sha256: string;
}

export interface DescribeOptions {
  /** Where the received originals are: placed in blobs/, or still staged (their display copies are staged too). */
  where: 'placed' | 'staged';
  /** Once aborted, no further original is started; the call then removes what it wrote and throws. */
  signal?: AbortSignal;
}

export interface DescribedOriginal {
  blob: StoredBlob;
  hashes: OriginalHashes;
  mime: string;
  metadata: object;
  /** The display copies this core rendered (unrecorded blob files), or why there are none; null for non-images. */
  display: NewDisplay;
  /** The display copies' blobs, to record with the item or remove. */
  derivativeBlobs: StoredBlob[];
  /** For an image: its PDQ outcome and later frames' hashes, to record with the item. */
  pdq: { first: PdqFileResult; frames: PdqFramesResult | null } | null;
}

async function describeOne(
  vault: Vault,
  blob: ReceivedBlob,
  pool: () => PdqWorkerPool,
  where: DescribeOptions['where'],
): Promise<DescribedOriginal> {
  const sha256 = createHash('sha256');
  const sha1 = createHash('sha1');
  const md5 = createHash('md5');
  let mime: string | null = null;
  let copy: DecodeCopy | null = null;
  let size = 0;
  for await (const chunk of readUnrecordedBlob(vault, blob, where)) {
    if (mime === null) {
      mime = sniffMime(chunk.subarray(0, sniffBytes));
      if (isImageMime(mime)) copy = new DecodeCopy(mime);
    }
    sha256.update(chunk);
    sha1.update(chunk);
    md5.update(chunk);
    size += chunk.length;
    copy?.add(chunk);
  }
  const hashes = { sha256: sha256.digest('hex'), sha1: sha1.digest('hex'), md5: md5.digest('hex') };
  if (hashes.sha256 !== blob.sha256 || size !== blob.size)
    throw new TamperDetectedError(
      `The received original ${blob.id} reads back with SHA-256 ${hashes.sha256} (${size} bytes), not the ${blob.sha256} (${blob.size} bytes) it was received as.`,
    );
  const type = mime ?? sniffMime(Buffer.alloc(0));
  if (!copy) return { blob, hashes, mime: type, metadata: {}, display: null, derivativeBlobs: [], pdq: null };
  const sync = where === 'staged' ? 'staged' : 'deferred';
  const image: ImageFacts = await describeImage(vault, hashes.sha256, copy.finish(), pool(), sync);
  const derived = image.derived;
  return {
    blob,
    hashes,
    mime: type,
    metadata: image.metadata,
    display: displayOf(derived),
    derivativeBlobs: derived.ok ? derived.derivatives.map((d) => d.blob) : [],
    pdq: { first: image.pdq, frames: image.frames },
  };
}

/** Originals described at once: their reads, decodes and writes overlap (decodes still wait for the budget). */
const describedAtOnce = 4;
/** What the decode copies of the originals being described may hold in memory together. */
const describingBytes = 2 * decodeCopyLimitBytes;

/**
 * Describes the received originals, a few at a time, in the order given; on any failure waits for the
 * others, removes every display copy written and throws (the received originals themselves stay the
 * caller's to remove). The display copies are not fsynced: the caller awaits syncBlobs before recording.
 */
export async function describeReceivedOriginals(
  vault: Vault,
  blobs: readonly ReceivedBlob[],
  { where, signal }: DescribeOptions = { where: 'placed' },
): Promise<DescribedOriginal[]> {
  let pdq: PdqWorkerPool | null = null;
  const pool = (): PdqWorkerPool => (pdq ??= new PdqWorkerPool({ maxPixels: maxDecodePixels }));
  const memory = new WeightedBudget(describingBytes, describedAtOnce);
  const done: Array<DescribedOriginal | undefined> = new Array(blobs.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < blobs.length && !failed) {
      signal?.throwIfAborted();
      const at = next++;
      const blob = blobs[at] as ReceivedBlob;
      try {
        done[at] = await memory.run(Math.min(blob.size, decodeCopyLimitBytes), () =>
          describeOne(vault, blob, pool, where),
        );
      } catch (error) {
        failed = true;
        throw error;
      }
    }
    signal?.throwIfAborted();
  };
  try {
    const ended = await Promise.allSettled(
      Array.from({ length: Math.min(describedAtOnce, blobs.length) }, worker),
    );
    const stopped = ended.find((result) => result.status === 'rejected');
    if (stopped) throw stopped.reason;
    return done as DescribedOriginal[];
  } catch (error) {
    for (const d of done) for (const b of d?.derivativeBlobs ?? []) await removeBlobFile(vault.layout, b.id);
    throw error;
  } finally {
    await (pdq as PdqWorkerPool | null)?.close();
  }
}
