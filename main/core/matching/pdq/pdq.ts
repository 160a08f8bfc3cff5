// The PDQ perceptual hash of decoded pixels: hash, quality and the 8 dihedral hashes, equal bit for bit to
// the reference C++ (facebook/ThreatExchange, pdq/cpp/hashing/pdqhashing.cpp), float32 where it uses float.
// It never decodes, rotates or resizes an image: callers hand it full-resolution pixels (see decode.ts).
import { pdqTransforms } from '../../../../shared/pdq-transforms';
import { InvalidInputError } from '../../errors';
import { DOWNSAMPLE_SIDE, decimateTo64, jaroszFilter, lumaFromPixels } from './downscale';

/** Decoded pixels: `width * height` pixels of `channels` interleaved 8-bit samples, row-major. */
export interface PdqPixels {
  data: Uint8Array;
  width: number;
  height: number;
  /** 1 grey, 2 grey + alpha, 3 RGB, 4 RGB + alpha. Alpha is ignored. */
  channels: number;
}

/** The reference's order of the dihedral hashes (stated once, in the shared contract matches cite it in). */
export const DIHEDRAL_TRANSFORMS = pdqTransforms;

export type DihedralTransform = (typeof DIHEDRAL_TRANSFORMS)[number];

export interface PdqDihedral {
  /** The hash of each orientation of the image, in the order of DIHEDRAL_TRANSFORMS. */
  hashes: string[];
  /** Quality on the reference's dihedral path; it differs from `quality` only for 64x64 images. */
  quality: number;
}

export interface PdqResult {
  /** 64 lower-case hex digits, as the reference prints them. */
  hash: string;
  /** 0..100; the reference does not match hashes below 50. */
  quality: number;
  /** Present when the dihedral hashes were asked for. */
  dihedral?: PdqDihedral;
}

/** Images narrower or shorter than this hash to all zeros with quality 0 (the reference's MIN_HASHABLE_DIM). */
export const MIN_HASHABLE_SIDE = 5;

const DCT_ROWS = 16;
const ZERO_HASH = '0'.repeat(64);

/**
 * Rows 1..16 of the 64-point DCT-II matrix, float32, computed as the reference does: the scale factor is a
 * float, the cosine and the product are double, and each entry is rounded to float.
 */
const DCT_MATRIX = (() => {
  const scale = Math.fround(Math.sqrt(2.0 / DOWNSAMPLE_SIDE));
  const matrix = new Float32Array(DCT_ROWS * DOWNSAMPLE_SIDE);
  for (let i = 0; i < DCT_ROWS; i++) {
    for (let j = 0; j < DOWNSAMPLE_SIDE; j++) {
      matrix[i * DOWNSAMPLE_SIDE + j] =
        scale * Math.cos((Math.PI / 2.0 / DOWNSAMPLE_SIDE) * (i + 1) * (2 * j + 1));
    }
  }
  return matrix;
})();

/** The reference's pdqImageDomainQualityMetric: a count of significant gradients in the 64x64 image. */
function qualityOf(buffer64: Float32Array): number {
  let gradientSum = 0;
  for (let i = 0; i < DOWNSAMPLE_SIDE - 1; i++) {
    for (let j = 0; j < DOWNSAMPLE_SIDE; j++) {
      const u = buffer64[i * DOWNSAMPLE_SIDE + j] ?? 0;
      const v = buffer64[(i + 1) * DOWNSAMPLE_SIDE + j] ?? 0;
      gradientSum += Math.abs(Math.trunc(Math.fround(Math.fround(Math.fround(u - v) * 100) / 255)));
    }
  }
  for (let i = 0; i < DOWNSAMPLE_SIDE; i++) {
    for (let j = 0; j < DOWNSAMPLE_SIDE - 1; j++) {
      const u = buffer64[i * DOWNSAMPLE_SIDE + j] ?? 0;
      const v = buffer64[i * DOWNSAMPLE_SIDE + j + 1] ?? 0;
      gradientSum += Math.abs(Math.trunc(Math.fround(Math.fround(Math.fround(u - v) * 100) / 255)));
    }
  }
  return Math.min(100, Math.trunc(gradientSum / 90));
}

/** The reference's dct64To16: B = D A Dt, keeping frequencies 1..16 in each direction, float32 sums. */
function dct64To16(a: Float32Array): Float32Array {
  const t = new Float32Array(DCT_ROWS * DOWNSAMPLE_SIDE);
  for (let i = 0; i < DCT_ROWS; i++) {
    const d = i * DOWNSAMPLE_SIDE;
    for (let j = 0; j < DOWNSAMPLE_SIDE; j++) {
      let sum = 0;
      for (let k = 0; k < DOWNSAMPLE_SIDE; k++) {
        sum = Math.fround(sum + Math.fround((DCT_MATRIX[d + k] ?? 0) * (a[k * DOWNSAMPLE_SIDE + j] ?? 0)));
      }
      t[i * DOWNSAMPLE_SIDE + j] = sum;
    }
  }
  const b = new Float32Array(DCT_ROWS * DCT_ROWS);
  for (let i = 0; i < DCT_ROWS; i++) {
    for (let j = 0; j < DCT_ROWS; j++) {
      let sum = 0;
      for (let k = 0; k < DOWNSAMPLE_SIDE; k++) {
        const product = (t[i * DOWNSAMPLE_SIDE + k] ?? 0) * (DCT_MATRIX[j * DOWNSAMPLE_SIDE + k] ?? 0);
        sum = Math.fround(sum + Math.fround(product));
      }
      b[i * DCT_ROWS + j] = sum;
    }
  }
  return b;
}

/** Torben Mogensen's median as the reference implements it (N. Devillard), in float32. */
function torbenMedian(m: Float32Array): number {
  const n = m.length;
  const half = Math.trunc((n + 1) / 2);
  let min = m[0] ?? 0;
  let max = min;
  for (const value of m) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  for (;;) {
    const guess = Math.fround(Math.fround(min + max) / 2);
    let less = 0;
    let greater = 0;
    let equal = 0;
    let maxLessThanGuess = min;
    let minGreaterThanGuess = max;
    for (const value of m) {
      if (value < guess) {
        less++;
        if (value > maxLessThanGuess) maxLessThanGuess = value;
      } else if (value > guess) {
        greater++;
        if (value < minGreaterThanGuess) minGreaterThanGuess = value;
      } else {
        equal++;
      }
    }
    if (less <= half && greater <= half) {
      if (less >= half) return maxLessThanGuess;
      if (less + equal >= half) return guess;
      return minGreaterThanGuess;
    }
    if (less > greater) max = maxLessThanGuess;
    else min = minGreaterThanGuess;
  }
}

/**
 * The reference's pdqBuffer16x16ToBits: bit i*16+j is set when coefficient (i, j) is strictly above the
 * median; the 16-bit words are printed from word 15 down to word 0.
 */
function hashFromDct(dct: Float32Array): string {
  const median = torbenMedian(dct);
  let hex = '';
  for (let word = DCT_ROWS - 1; word >= 0; word--) {
    let bits = 0;
    for (let bit = 0; bit < DCT_ROWS; bit++) {
      if ((dct[word * DCT_ROWS + bit] ?? 0) > median) bits |= 1 << bit;
    }
    hex += bits.toString(16).padStart(4, '0');
  }
  return hex;
}

/**
 * The DCT of each orientation of the image, from the original's (the reference's dct16OriginalTo*): sign
 * flips of odd frequencies, with a transpose for the orientations that swap width and height.
 */
function dihedralDct(a: Float32Array, transform: DihedralTransform): Float32Array {
  const b = new Float32Array(DCT_ROWS * DCT_ROWS);
  for (let i = 0; i < DCT_ROWS; i++) {
    for (let j = 0; j < DCT_ROWS; j++) {
      const value = a[i * DCT_ROWS + j] ?? 0;
      switch (transform) {
        case 'original':
          b[i * DCT_ROWS + j] = value;
          break;
        case 'rotate90':
          b[j * DCT_ROWS + i] = j & 1 ? value : -value;
          break;
        case 'rotate180':
          b[i * DCT_ROWS + j] = (i + j) & 1 ? -value : value;
          break;
        case 'rotate270':
          b[j * DCT_ROWS + i] = i & 1 ? value : -value;
          break;
        case 'flipX':
          b[i * DCT_ROWS + j] = i & 1 ? value : -value;
          break;
        case 'flipY':
          b[i * DCT_ROWS + j] = j & 1 ? value : -value;
          break;
        case 'flipPlus1':
          b[j * DCT_ROWS + i] = value;
          break;
        case 'flipMinus1':
          b[j * DCT_ROWS + i] = (i + j) & 1 ? -value : value;
          break;
      }
    }
  }
  return b;
}

/** Blur (two Jarosz passes, in place) and decimate full-resolution luma to the 64x64 buffer. */
function downsample(luma: Float32Array, numRows: number, numCols: number): Float32Array {
  jaroszFilter(luma, new Float32Array(luma.length), numRows, numCols);
  return decimateTo64(luma, numRows, numCols);
}

function checkPixels(pixels: PdqPixels): void {
  const { data, width, height, channels } = pixels;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new InvalidInputError(`PDQ needs a positive integer width and height, not ${width}x${height}.`);
  }
  if (!Number.isInteger(channels) || channels < 1 || channels > 4) {
    throw new InvalidInputError(`PDQ needs 1 to 4 channels per pixel, not ${channels}.`);
  }
  if (data.length < width * height * channels) {
    throw new InvalidInputError(
      `PDQ was given ${data.length} bytes for ${width}x${height} pixels of ${channels} channels; ` +
        `it needs ${width * height * channels}.`,
    );
  }
}

/**
 * PDQ of full-resolution pixels, as the reference's pdqHash256FromFloatLuma (and, with `dihedral`,
 * pdqDihedralHash256esFromFloatLuma). As in the reference, a 64x64 image is its own downsample on the
 * plain path but is blurred on the dihedral path, so only then can `quality` and `dihedral.quality` differ.
 */
export function computePdq(pixels: PdqPixels, options: { dihedral?: boolean } = {}): PdqResult {
  checkPixels(pixels);
  const { width, height } = pixels;
  if (width < MIN_HASHABLE_SIDE || height < MIN_HASHABLE_SIDE) {
    const result: PdqResult = { hash: ZERO_HASH, quality: 0 };
    if (options.dihedral) result.dihedral = { hashes: DIHEDRAL_TRANSFORMS.map(() => ZERO_HASH), quality: 0 };
    return result;
  }
  const luma = lumaFromPixels(pixels.data, width, height, pixels.channels);
  const is64 = width === DOWNSAMPLE_SIDE && height === DOWNSAMPLE_SIDE;
  const plain = is64 ? luma.slice() : downsample(luma, height, width);
  const result: PdqResult = { hash: hashFromDct(dct64To16(plain)), quality: qualityOf(plain) };
  if (options.dihedral) {
    const blurred = is64 ? downsample(luma, height, width) : plain;
    const dct = dct64To16(blurred);
    result.dihedral = {
      hashes: DIHEDRAL_TRANSFORMS.map((transform) => hashFromDct(dihedralDct(dct, transform))),
      quality: is64 ? qualityOf(blurred) : result.quality,
    };
  }
  return result;
}
