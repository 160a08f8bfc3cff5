// Reads an image's metadata with sharp, without changing what was hashed: EXIF is kept verbatim as
// evidence (and never used to rotate anything). Only the header is read, whatever size the image declares:
// that size is what the decoding budget is checked against before anything is decoded.
import sharp from 'sharp';
import { needsHeifDecoder } from '../matching';

export interface ImageMetadata {
  format?: string;
  width?: number;
  height?: number;
  pages?: number;
  /** Height of one frame of a multi-frame image (GIF, WebP, APNG, TIFF pages). */
  pageHeight?: number;
  /** Set when only the first frames were hashed for matching (the frame cap of the decoding budget). */
  framesHashed?: number;
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

/** What the header says, and whether libheif rather than sharp decodes the pixels (unknown if unreadable). */
export interface ImageHeader {
  metadata: ImageMetadata;
  heif: boolean | undefined;
}

export async function readImageMetadata(bytes: Buffer): Promise<ImageMetadata> {
  return (await readImageHeader(bytes)).metadata;
}

/** Reads the header once for everything ingest needs from it. */
export async function readImageHeader(bytes: Buffer): Promise<ImageHeader> {
  try {
    const m = await sharp(bytes, { limitInputPixels: false, failOn: 'none' }).metadata();
    const out: ImageMetadata = {};
    if (m.format) out.format = m.format;
    if (m.width) out.width = m.width;
    if (m.height) out.height = m.height;
    if (m.pages) out.pages = m.pages;
    if (m.pages && m.pages > 1 && m.pageHeight) out.pageHeight = m.pageHeight;
    if (m.space) out.space = m.space;
    if (m.channels) out.channels = m.channels;
    if (m.hasAlpha !== undefined) out.hasAlpha = m.hasAlpha;
    if (m.orientation) out.orientation = m.orientation;
    if (m.density) out.density = m.density;
    if (m.exif) out.exif = m.exif.toString('base64');
    return { metadata: out, heif: needsHeifDecoder(m) };
  } catch (error) {
    return {
      metadata: { decodeError: error instanceof Error ? error.message : String(error) },
      heif: undefined,
    };
  }
}
