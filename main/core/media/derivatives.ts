// Derivatives for display, rendered by the core with sharp: a blurred thumbnail (~256 px) and a blurred
// preview (~1280 px) anyone signed in may see, and an unblurred preview kept encrypted like everything
// else and served only after a recorded reveal. Display copies are turned upright from EXIF; what was
// hashed is never touched. Input is bounded against decompression bombs; the first frame of animations.
import sharp, { type Sharp } from 'sharp';
import type { Vault } from '../identity';
import { decodeHeif, needsHeifDecoder } from '../matching';
import type { DerivativeVariant, NewDisplay } from '../review';
import { BlobWriter, removeBlobFile, type BlobSync, type StoredBlob } from '../vault';
import { maxDecodePixels } from './decode-budget';

/** Longest side of the unblurred preview, which the blurred preview matches. */
const previewSize = 1280;
const thumbnailSize = 256;
/** Blur of the thumbnail, in thumbnail pixels. */
const thumbnailSigma = 7;
/**
 * The blurred preview is blurred at 1/8 scale (sigma 3 there, about 24 at full size) and scaled back up:
 * the same look as a full-size Gaussian blur at a fraction of the cost, with no detail left to recover.
 */
const previewBlurScale = 8;
const previewSigmaAtScale = 3;

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
async function source(bytes: Buffer): Promise<Sharp> {
  const options = { limitInputPixels: maxDecodePixels, failOn: 'error', pages: 1 } as const;
  if (needsHeifDecoder(await sharp(bytes, options).metadata())) {
    const { data, width, height, channels } = await decodeHeif(bytes, maxDecodePixels);
    return sharp(data, { raw: { width, height, channels: channels as 4 } });
  }
  return sharp(bytes, options).rotate();
}

/** Decodes once (first frame, bounded, upright), then renders the three variants from the pixels. */
async function renderAll(bytes: Buffer): Promise<RenderedDerivative[]> {
  const base = await (
    await source(bytes)
  )
    .resize({ width: previewSize, height: previewSize, fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#14171c' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, height, channels } = base.info;
  const pixels = () => sharp(base.data, { raw: { width, height, channels } });
  const encode = async (
    variant: DerivativeVariant,
    image: ReturnType<typeof pixels>,
  ): Promise<RenderedDerivative> => {
    // JPEG: four times faster to encode than WebP here, and blurred pictures need no more.
    const { data, info } = await image.jpeg({ quality: 80 }).toBuffer({ resolveWithObject: true });
    return { variant, data, width: info.width, height: info.height };
  };
  // The blurred preview takes two steps (blur small, scale back up): the other variants render meanwhile.
  const preview = async (): Promise<RenderedDerivative> => {
    const small = await pixels()
      .resize({
        width: Math.max(1, Math.round(width / previewBlurScale)),
        height: Math.max(1, Math.round(height / previewBlurScale)),
      })
      .blur(previewSigmaAtScale)
      .raw()
      .toBuffer({ resolveWithObject: true });
    return encode(
      'preview',
      sharp(small.data, {
        raw: { width: small.info.width, height: small.info.height, channels: small.info.channels },
      }).resize({
        width,
        height,
        fit: 'fill',
      }),
    );
  };
  return Promise.all([
    encode(
      'thumbnail',
      pixels()
        .resize({ width: thumbnailSize, height: thumbnailSize, fit: 'inside', withoutEnlargement: true })
        .blur(thumbnailSigma),
    ),
    preview(),
    encode('clear', pixels()),
  ]);
}

/** Renders the three variants in memory, or says why the image could not be rendered. */
export async function renderDerivatives(
  bytes: Buffer,
): Promise<{ ok: true; rendered: RenderedDerivative[] } | { ok: false; reason: string }> {
  try {
    return { ok: true, rendered: await renderAll(bytes) };
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
