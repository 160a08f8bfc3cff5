// Derivatives for display, decoded and encoded by the core with sharp, blurred in blur.ts: a blurred
// thumbnail (~256 px) and a blurred preview (~1280 px) anyone signed in may see, and an unblurred preview
// kept encrypted like everything else and served only after a recorded reveal. Display copies are turned upright from EXIF; what was
// hashed is never touched. Input is bounded against decompression bombs; the first frame of animations.
import sharp, { type Sharp } from 'sharp';
import type { Vault } from '../identity';
import { decodeHeif, needsHeifDecoder } from '../matching';
import type { DerivativeVariant, NewDisplay } from '../review';
import { BlobWriter, removeBlobFile, type BlobSync, type StoredBlob } from '../vault';
import { blurredTo, blurSize, shrunk, type Pixels } from './blur';
import { maxDecodePixels } from './decode-budget';

/** Longest side of the unblurred preview, which the blurred preview matches. */
const previewSize = 1280;
const thumbnailSize = 256;
/** Blur of the thumbnail, in thumbnail pixels, computed at 1/4 of its size (blur.ts). */
const thumbnailSigma = 7;
const thumbnailBlurScale = 4;
/**
 * Blur of the blurred preview, in preview pixels (sigma 3 at 1/8 scale, as it has always looked), computed
 * at 1/8 of its size: the same look as a full-size Gaussian blur at a fraction of the cost, with no detail
 * left to recover.
 */
const previewSigma = 24;
const previewBlurScale = 8;

export interface RenderedDerivative {
  variant: DerivativeVariant;
  data: Buffer;
  width: number;
  height: number;
}

export interface StoredDerivative {
  variant: DerivativeVariant;
  blob: StoredBlob;
  width: number;
  height: number;
  mime: 'image/jpeg';
}

export type DerivativeOutcome = { ok: true; derivatives: StoredDerivative[] } | { ok: false; reason: string };

/** What the item's record says about its display copies: each stored copy's blob and size, or why there are none. */
export function displayOf(derived: DerivativeOutcome | null): NewDisplay {
  if (!derived?.ok) return derived;
  return {
    ok: true,
    derivatives: derived.derivatives.map((d) => ({
      variant: d.variant,
      blobId: d.blob.id,
      width: d.width,
      height: d.height,
      mime: d.mime,
    })),
  };
}

/** The image to render: sharp reads it, apart from HEIC, whose pixels libheif decodes (upright already). */
async function source(bytes: Buffer, heif: boolean | undefined): Promise<Sharp> {
  const options = { limitInputPixels: maxDecodePixels, failOn: 'error', pages: 1 } as const;
  if (heif ?? needsHeifDecoder(await sharp(bytes, options).metadata())) {
    const { data, width, height, channels } = await decodeHeif(bytes, maxDecodePixels);
    return sharp(data, { raw: { width, height, channels: channels as 4 } });
  }
  return sharp(bytes, options).rotate();
}

/**
 * Renders the clear copy (first frame, bounded, upright, flattened) in one sharp pipeline, and decodes the
 * picture a second time straight to the small size the blurred copies are blurred at (JPEG shrinks while
 * it decodes); blur.ts blurs and enlarges those few pixels, and sharp only encodes them. Each sharp
 * pipeline has a cost of its own that dwarfed the work on a small picture.
 */
async function renderAll(bytes: Buffer, heif: boolean | undefined): Promise<RenderedDerivative[]> {
  const image = await source(bytes, heif);
  const encoded = async (variant: DerivativeVariant, pipeline: Sharp): Promise<RenderedDerivative> => {
    // JPEG: four times faster to encode than WebP here, and blurred pictures need no more. Huffman tables
    // are not optimised, which nearly halves the encoding time: a clear copy is 5-45% larger (the smoother,
    // the more), a blurred one about twice as large, tens of kilobytes at most beside a photo's megabytes.
    const { data, info } = await pipeline
      .jpeg({ quality: 80, optimiseCoding: false })
      .toBuffer({ resolveWithObject: true });
    return { variant, data, width: info.width, height: info.height };
  };
  const flattened = (pipeline: Sharp) => pipeline.flatten({ background: '#14171c' });
  const clear = await encoded(
    'clear',
    flattened(
      image
        .clone()
        .resize({ width: previewSize, height: previewSize, fit: 'inside', withoutEnlargement: true }),
    ),
  );
  const size = { width: clear.width, height: clear.height };
  const fit = Math.min(1, thumbnailSize / Math.max(size.width, size.height));
  const thumbnail = {
    width: Math.max(1, Math.round(size.width * fit)),
    height: Math.max(1, Math.round(size.height * fit)),
  };
  const previewSmall = blurSize(size, previewBlurScale);
  const thumbnailSmall = blurSize(thumbnail, thumbnailBlurScale);
  const decoded = await flattened(
    image.resize({
      width: Math.max(previewSmall.width, thumbnailSmall.width),
      height: Math.max(previewSmall.height, thumbnailSmall.height),
      fit: 'fill',
    }),
  )
    .raw()
    .toBuffer({ resolveWithObject: true });
  const small: Pixels = { data: decoded.data, ...decoded.info };
  const blurred = (pixels: Pixels) =>
    sharp(pixels.data, {
      raw: { width: pixels.width, height: pixels.height, channels: pixels.channels as 1 | 2 | 3 | 4 },
    });
  return Promise.all([
    encoded(
      'thumbnail',
      blurred(blurredTo(shrunk(small, thumbnailSmall), thumbnailSigma / thumbnailBlurScale, thumbnail)),
    ),
    encoded(
      'preview',
      blurred(blurredTo(shrunk(small, previewSmall), previewSigma / previewBlurScale, size)),
    ),
    Promise.resolve(clear),
  ]);
}

/** Renders the three variants in memory, or says why the image could not be rendered. */
export async function renderDerivatives(
  bytes: Buffer,
  /** Whether libheif decodes it (needsHeifDecoder of its header), when the caller has read the header. */
  heif?: boolean,
): Promise<{ ok: true; rendered: RenderedDerivative[] } | { ok: false; reason: string }> {
  try {
    return { ok: true, rendered: await renderAll(bytes, heif) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Stores rendered variants as blobs, all at once (their fsyncs overlap, or are left to syncBlobs with
 * 'deferred'); the caller records them.
 */
export async function storeDerivatives(
  vault: Vault,
  rendered: readonly RenderedDerivative[],
  sync: BlobSync = 'now',
): Promise<StoredDerivative[]> {
  const stored = await Promise.allSettled(
    rendered.map(async (r): Promise<StoredDerivative> => {
      const writer = await BlobWriter.create(vault);
      try {
        await writer.write(r.data);
        return {
          variant: r.variant,
          blob: await writer.finish(sync),
          width: r.width,
          height: r.height,
          mime: 'image/jpeg',
        };
      } catch (error) {
        await writer.abort();
        throw error;
      }
    }),
  );
  const failed = stored.find((s) => s.status === 'rejected');
  if (!failed) return stored.map((s) => (s as PromiseFulfilledResult<StoredDerivative>).value);
  for (const s of stored) if (s.status === 'fulfilled') await removeBlobFile(vault.layout, s.value.blob.id);
  throw failed.reason;
}
