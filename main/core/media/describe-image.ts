// What ingest decodes from one new image, under the process's decoding budget: its metadata (header only),
// its PDQ hash, the hashes of its later frames (animations), and its display copies. An image whose frame
// declares more pixels than the budget, or whose decode copy could not be made, is not decoded at all: it
// gets the reason instead, recorded as its PDQ error and its display failure, so the reviewer sees why.
import { ImageDecodeError, type PdqFileResult, type PdqFramesResult, type PdqWorkerPool } from '../matching';
import type { Vault } from '../identity';
import type { BlobSync } from '../vault';
import {
  decodeBudget,
  framePixelsHashed,
  maxDecodePixels,
  maxFramesHashed,
  tooLargeToDecode,
} from './decode-budget';
import type { DecodeCopyResult } from './decode-copy';
import { renderDerivatives, storeDerivatives, type DerivativeOutcome } from './derivatives';
import { readImageHeader, type ImageMetadata } from './image-metadata';

export interface ImageFacts {
  metadata: ImageMetadata | Record<string, never>;
  pdq: PdqFileResult;
  /** The later frames' hashes, for an image with more than one frame. */
  frames: PdqFramesResult | null;
  derived: DerivativeOutcome;
}

/** How an image will be decoded within the budget, or why it will not be. */
type DecodePlan =
  | {
      ok: true;
      bytes: Buffer;
      metadata: ImageMetadata;
      heif: boolean | undefined;
      pixels: number;
      laterFrames: number;
    }
  | { ok: false; metadata: ImageFacts['metadata']; reason: string };

/** Reads the image's header (never its pixels) and checks what it declares against the budget. */
export async function planDecode(copy: DecodeCopyResult): Promise<DecodePlan> {
  if (!copy.ok) return { ok: false, metadata: {}, reason: copy.reason };
  const { metadata, heif } = await readImageHeader(copy.bytes);
  const width = metadata.width;
  const height = metadata.pageHeight ?? metadata.height;
  const over = width && height ? tooLargeToDecode(width, height) : null;
  if (over) return { ok: false, metadata, reason: over };
  // A header sharp cannot read declares nothing: its decode is weighed as the largest allowed.
  const pixels = width && height ? width * height : maxDecodePixels;
  const pages = metadata.pages ?? 1;
  const laterFrames = Math.max(
    0,
    Math.min(pages - 1, maxFramesHashed - 1, Math.floor(framePixelsHashed / pixels) - 1),
  );
  if (laterFrames + 1 < pages) metadata.framesHashed = laterFrames + 1;
  return { ok: true, bytes: copy.bytes, metadata, heif, pixels, laterFrames };
}

/** The PDQ outcome of an image that is not decoded, naming why. */
export function notHashed(name: string, reason: string): PdqFileResult {
  return { path: name, ok: false, error: new ImageDecodeError(name, 'too-large', reason) };
}

/** PDQ of the first frame and of the later ones, each decode waiting its turn in the budget. */
export async function hashPlanned(
  name: string,
  plan: Extract<DecodePlan, { ok: true }>,
  pool: PdqWorkerPool,
): Promise<{ pdq: PdqFileResult; frames: PdqFramesResult | null }> {
  const { bytes, pixels, laterFrames } = plan;
  const [pdq, frames] = await Promise.all([
    decodeBudget.run(pixels, () => pool.hashBytes(name, bytes, { dihedral: true })),
    laterFrames > 0
      ? decodeBudget.run(pixels * laterFrames, () =>
          pool.hashFrames(name, bytes, { from: 1, count: laterFrames }),
        )
      : null,
  ]);
  return { pdq, frames };
}

/** Decodes a new image within the budget; `name` (its path) appears in errors. */
export async function describeImage(
  vault: Vault,
  name: string,
  copy: DecodeCopyResult,
  pool: PdqWorkerPool,
  sync: BlobSync = 'now',
): Promise<ImageFacts> {
  const plan = await planDecode(copy);
  if (!plan.ok)
    return {
      metadata: plan.metadata,
      pdq: notHashed(name, plan.reason),
      frames: null,
      derived: { ok: false, reason: plan.reason },
    };
  const [hashed, rendered] = await Promise.all([
    hashPlanned(name, plan, pool),
    decodeBudget.run(plan.pixels, () => renderDerivatives(plan.bytes, plan.heif)),
  ]);
  const derived: DerivativeOutcome = rendered.ok
    ? { ok: true, derivatives: await storeDerivatives(vault, rendered.rendered, sync) }
    : rendered;
  return { metadata: plan.metadata, ...hashed, derived };
}
