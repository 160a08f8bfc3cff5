// Derivatives for display, rendered by the core with sharp: a blurred thumbnail (~256 px) and a blurred
// preview (~1280 px) anyone signed in may see, and an unblurred preview kept encrypted like everything
// else and served only after a recorded reveal. Display copies are turned upright from EXIF; what was
// hashed is never touched. Input is bounded against decompression bombs; the first frame of animations.
import sharp from 'sharp';
import { BlobWriter, type StoredBlob } from '../vault/blobs';
import type { Vault } from '../vault/vault';
import { maxInputPixels } from './image-metadata';

export const derivativeVariants = ['thumbnail', 'preview', 'clear'] as const;
export type DerivativeVariant = (typeof derivativeVariants)[number];

/** Longest side and Gaussian blur sigma of each variant; sigma 0 is unblurred. */
const specs: Record<DerivativeVariant, { size: number; sigma: number }> = {
  thumbnail: { size: 256, sigma: 7 },
  preview: { size: 1280, sigma: 24 },
  clear: { size: 1280, sigma: 0 },
};

export interface StoredDerivative {
  variant: DerivativeVariant;
  blob: StoredBlob;
  width: number;
  height: number;
  mime: 'image/webp';
}

export type DerivativeOutcome = { ok: true; derivatives: StoredDerivative[] } | { ok: false; reason: string };

async function render(
  bytes: Buffer,
  variant: DerivativeVariant,
): Promise<{ data: Buffer; width: number; height: number }> {
  const { size, sigma } = specs[variant];
  let image = sharp(bytes, { limitInputPixels: maxInputPixels, failOn: 'error', pages: 1 })
    .rotate()
    .resize({ width: size, height: size, fit: 'inside', withoutEnlargement: true });
  if (sigma > 0) image = image.blur(sigma);
  const { data, info } = await image.webp({ quality: 80 }).toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Renders and stores the three variants; the caller records them in the item's transaction. */
export async function storeDerivatives(vault: Vault, bytes: Buffer): Promise<DerivativeOutcome> {
  const rendered: Array<{ variant: DerivativeVariant; data: Buffer; width: number; height: number }> = [];
  try {
    for (const variant of derivativeVariants) rendered.push({ variant, ...(await render(bytes, variant)) });
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
  const stored: StoredDerivative[] = [];
  for (const r of rendered) {
    const writer = await BlobWriter.create(vault);
    try {
      await writer.write(r.data);
      stored.push({
        variant: r.variant,
        blob: await writer.finish(),
        width: r.width,
        height: r.height,
        mime: 'image/webp',
      });
    } catch (error) {
      await writer.abort();
      throw error;
    }
  }
  return { ok: true, derivatives: stored };
}
