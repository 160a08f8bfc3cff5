// Decoding an image file or buffer for PDQ with sharp, at full resolution, as the reference ports do: no
// resize, no EXIF rotation, no colour management, alpha kept apart. It never hashes, and it refuses what it
// cannot decode safely (unknown formats, vector formats, decompression bombs) with an ImageDecodeError.
// HEIC (HEVC-coded HEIF), which sharp's libvips cannot decode, goes to libheif (heif.ts).
import { readFile, stat } from 'node:fs/promises';
import sharp, { type Metadata, type SharpOptions } from 'sharp';
import { CustodyError } from '../../errors';
import { decodeHeif, HeifDecodeError, needsHeifDecoder } from './heif';
import type { PdqPixels } from './pdq';

/**
 * Largest image decoded by default, in pixels: 200 megapixels covers the largest phone sensors (16320 x
 * 12240). Hashing needs about 11 bytes a pixel (8-bit RGB plus two float32 planes), so 2.2 GB at the limit;
 * an image declaring more is far more likely a decompression bomb than a photograph.
 */
export const DEFAULT_MAX_PIXELS = 200_000_000;

/** Raster formats PDQ accepts. Vector and document formats (SVG, PDF) are rendered, not decoded: refused. */
const RASTER_FORMATS: ReadonlySet<string> = new Set([
  'jpeg',
  'png',
  'webp',
  'gif',
  'tiff',
  'heif',
  'jp2',
  'jxl',
]);

/** Colour spaces decoded as one grey channel, so luma is the grey value itself, as in the reference. */
const GREY_SPACES: ReadonlySet<string> = new Set(['b-w', 'grey16']);

export type ImageDecodeFailure = 'empty' | 'unreadable' | 'unsupported' | 'too-large' | 'corrupt';

/** An input could not be decoded for hashing. `file` names it (a path, or the caller's label for a buffer). */
export class ImageDecodeError extends CustodyError {
  constructor(
    readonly file: string,
    readonly reason: ImageDecodeFailure,
    /** The cause in a sentence, without the file name. */
    readonly detail: string,
  ) {
    super('INVALID_INPUT', `Cannot decode "${file}" for PDQ: ${detail}`);
  }
}

export interface DecodeOptions {
  /** Refuse images with more pixels than this (width x height). Default DEFAULT_MAX_PIXELS. */
  maxPixels?: number;
  /** How errors name the input; defaults to the path, or "image buffer" for a buffer. */
  name?: string;
}

/** Which frames of a multi-frame image (GIF, WebP, APNG, TIFF) to decode: `count` from `from` (0-based). */
export interface FrameRange {
  from: number;
  count: number;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Sort a sharp or file-system failure into a reason and a message a person can act on. */
function classify(file: string, error: unknown, maxPixels: number): ImageDecodeError {
  const detail = describe(error);
  if (/exceeds pixel limit/i.test(detail)) {
    return new ImageDecodeError(
      file,
      'too-large',
      `it declares more than ${maxPixels} pixels and may be a decompression bomb. ` +
        'Raise the pixel limit only for a file you trust.',
    );
  }
  if (/unsupported image format/i.test(detail)) {
    return new ImageDecodeError(file, 'unsupported', 'it is not in an image format Custody can decode.');
  }
  if (/Input file is missing/i.test(detail)) {
    return new ImageDecodeError(file, 'unreadable', `the file cannot be read (${detail}). Check the path.`);
  }
  return new ImageDecodeError(
    file,
    'corrupt',
    `the image data is damaged or truncated (${detail}). Hash a complete copy of the file.`,
  );
}

/** Size of the input in bytes; a path that cannot be read, or is not a regular file, is refused here. */
async function byteLength(file: string, input: string | Uint8Array): Promise<number> {
  if (typeof input !== 'string') return input.length;
  try {
    const info = await stat(input);
    if (info.isFile()) return info.size;
  } catch (error) {
    throw new ImageDecodeError(
      file,
      'unreadable',
      `the file cannot be read (${describe(error)}). Check the path.`,
    );
  }
  throw new ImageDecodeError(file, 'unreadable', 'it is not a regular file.');
}

/**
 * Decode the first frame of an image at full resolution into 8-bit pixels for computePdq: grey images give
 * one channel, everything else RGB or RGBA in the file's own colour values (the embedded ICC profile is kept,
 * never applied). Throws ImageDecodeError naming the input.
 */
export async function decodeForPdq(
  input: string | Uint8Array,
  options: DecodeOptions = {},
): Promise<PdqPixels> {
  const file = options.name ?? (typeof input === 'string' ? input : 'image buffer');
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const sharpOptions: SharpOptions = {
    limitInputPixels: maxPixels,
    failOn: 'warning',
    autoOrient: false,
    page: 0,
    pages: 1,
  };
  if ((await byteLength(file, input)) === 0)
    throw new ImageDecodeError(file, 'empty', 'it is empty (0 bytes).');
  let metadata: Metadata;
  try {
    metadata = await sharp(input, sharpOptions).metadata();
  } catch (error) {
    throw classify(file, error, maxPixels);
  }
  if (!RASTER_FORMATS.has(metadata.format)) {
    throw new ImageDecodeError(
      file,
      'unsupported',
      `${metadata.format.toUpperCase()} is not a raster image format PDQ can hash.`,
    );
  }
  if (needsHeifDecoder(metadata)) {
    try {
      return await decodeHeif(typeof input === 'string' ? await readFile(input) : input, maxPixels);
    } catch (error) {
      if (error instanceof HeifDecodeError) {
        throw new ImageDecodeError(file, error.reason, error.message);
      }
      throw classify(file, error, maxPixels);
    }
  }
  try {
    let pipeline = sharp(input, sharpOptions).keepIccProfile();
    if (GREY_SPACES.has(metadata.space)) pipeline = pipeline.toColourspace('b-w');
    const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, channels: info.channels };
  } catch (error) {
    throw classify(file, error, maxPixels);
  }
}

/**
 * Decode frames of a multi-frame image one PDQ input at a time, as decodeForPdq does the first: several
 * frames per decode when they fit in maxPixels together, never more, each yielded as a view of its rows.
 * Frames past the image's last are not decoded. Throws ImageDecodeError naming the input.
 */
export async function* decodeFramesForPdq(
  input: Uint8Array,
  range: FrameRange,
  options: DecodeOptions = {},
): AsyncGenerator<{ frame: number; pixels: PdqPixels }> {
  const file = options.name ?? 'image buffer';
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const base: SharpOptions = { limitInputPixels: maxPixels, failOn: 'warning', autoOrient: false };
  let metadata: Metadata;
  try {
    metadata = await sharp(input, { ...base, page: 0, pages: 1 }).metadata();
  } catch (error) {
    throw classify(file, error, maxPixels);
  }
  if (!RASTER_FORMATS.has(metadata.format)) {
    throw new ImageDecodeError(
      file,
      'unsupported',
      `${metadata.format.toUpperCase()} is not a raster image format PDQ can hash.`,
    );
  }
  const end = Math.min(range.from + range.count, metadata.pages ?? 1);
  const framePixels = metadata.width * (metadata.pageHeight ?? metadata.height);
  const perDecode = Math.max(1, Math.floor(maxPixels / Math.max(1, framePixels)));
  for (let first = range.from; first < end; first += perDecode) {
    const count = Math.min(perDecode, end - first);
    let decoded: { data: Buffer; info: { width: number; height: number; channels: number } };
    try {
      let pipeline = sharp(input, { ...base, page: first, pages: count }).keepIccProfile();
      if (GREY_SPACES.has(metadata.space)) pipeline = pipeline.toColourspace('b-w');
      decoded = await pipeline.raw().toBuffer({ resolveWithObject: true });
    } catch (error) {
      throw classify(file, error, maxPixels);
    }
    const { width, channels } = decoded.info;
    const height = decoded.info.height / count;
    const frameBytes = width * height * channels;
    for (let i = 0; i < count; i++) {
      yield {
        frame: first + i,
        pixels: {
          data: decoded.data.subarray(i * frameBytes, (i + 1) * frameBytes),
          width,
          height,
          channels,
        },
      };
    }
  }
}
