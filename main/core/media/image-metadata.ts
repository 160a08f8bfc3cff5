// Reads an image's metadata with sharp, without changing what was hashed: EXIF is kept verbatim as
// evidence (and never used to rotate anything). Decoding is bounded against decompression bombs.
import sharp from 'sharp';

/** sharp refuses inputs with more pixels than this (about 268 megapixels, sharp's own default). */
export const maxInputPixels = 0x3fff * 0x3fff;

export interface ImageMetadata {
  format?: string;
  width?: number;
  height?: number;
  pages?: number;
  space?: string;
  channels?: number;
  hasAlpha?: boolean;
  orientation?: number;
  density?: number;
  /** The raw EXIF block, base64, exactly as found in the file. */
  exif?: string;
  /** Set when sharp could not read the image; the item is still ingested and shown as a placeholder. */
  decodeError?: string;
}

export async function readImageMetadata(bytes: Buffer): Promise<ImageMetadata> {
  try {
    const m = await sharp(bytes, { limitInputPixels: maxInputPixels, failOn: 'none' }).metadata();
    const out: ImageMetadata = {};
    if (m.format) out.format = m.format;
    if (m.width) out.width = m.width;
    if (m.height) out.height = m.height;
    if (m.pages) out.pages = m.pages;
    if (m.space) out.space = m.space;
    if (m.channels) out.channels = m.channels;
    if (m.hasAlpha !== undefined) out.hasAlpha = m.hasAlpha;
    if (m.orientation) out.orientation = m.orientation;
    if (m.density) out.density = m.density;
    if (m.exif) out.exif = m.exif.toString('base64');
    return out;
  } catch (error) {
    return { decodeError: error instanceof Error ? error.message : String(error) };
  }
}
