// Luminance and the 64x64 Jarosz downsample of PDQ, ported from the reference C++ (facebook/ThreatExchange,
// pdq/cpp/downscaling) in IEEE float32 and in the reference's order of operations, so every value matches
// bit for bit. It never decodes, resizes or colour-manages: it sees pixels already decoded at full size.

/** Side of the square the image is reduced to before the DCT. */
export const DOWNSAMPLE_SIDE = 64;

// The reference's `const float` luma coefficients (Rec. 601), rounded to float32 as the C++ compiler does.
const LUMA_FROM_R = Math.fround(0.299);
const LUMA_FROM_G = Math.fround(0.587);
const LUMA_FROM_B = Math.fround(0.114);

// float32(coefficient * value) for every 8-bit value: the products the reference computes per pixel.
const LUMA_R_TABLE = Float32Array.from({ length: 256 }, (_, value) => LUMA_FROM_R * value);
const LUMA_G_TABLE = Float32Array.from({ length: 256 }, (_, value) => LUMA_FROM_G * value);
const LUMA_B_TABLE = Float32Array.from({ length: 256 }, (_, value) => LUMA_FROM_B * value);

/**
 * Float32 luminance, row-major, from interleaved 8-bit pixels. One or two channels (grey, grey + alpha)
 * take the grey value as is (the reference's fillFloatLumaFromGrey); three or four (RGB, RGBA) take
 * `0.299f*R + 0.587f*G + 0.114f*B` (fillFloatLumaFromRGB). Alpha is ignored, never composited.
 */
export function lumaFromPixels(
  data: Uint8Array,
  width: number,
  height: number,
  channels: number,
  into = new Float32Array(width * height),
): Float32Array {
  const count = width * height;
  if (channels < 3) {
    for (let i = 0, p = 0; i < count; i++, p += channels) {
      into[i] = data[p] ?? 0;
    }
    return into;
  }
  for (let i = 0, p = 0; i < count; i++, p += channels) {
    const red = LUMA_R_TABLE[data[p] ?? 0] ?? 0;
    const green = LUMA_G_TABLE[data[p + 1] ?? 0] ?? 0;
    const blue = LUMA_B_TABLE[data[p + 2] ?? 0] ?? 0;
    into[i] = Math.fround(red + green) + blue;
  }
  return into;
}

/** The reference's computeJaroszFilterWindowSize for a 64-wide target: ceil(dimension / 128). */
export function jaroszWindowSize(dimension: number): number {
  return Math.trunc((dimension + 2 * DOWNSAMPLE_SIDE - 1) / (2 * DOWNSAMPLE_SIDE));
}

/**
 * The reference's box1DFloat, applied to `lanes` vectors at once: element i of lane k is at
 * `start + k * laneStride + i * step`. Each lane sees exactly the reference's sequence of float32
 * operations (a running sum over a window that grows, slides, then shrinks, divided by its current size);
 * advancing the lanes together keeps independent sums in flight and memory read in order. `sums` holds
 * one running sum per lane.
 */
function boxLanes(
  input: Float32Array,
  output: Float32Array,
  start: number,
  length: number,
  step: number,
  lanes: number,
  laneStride: number,
  window: number,
  sums: Float32Array,
): void {
  const half = Math.trunc((window + 2) / 2);
  sums.fill(0, 0, lanes);
  let right = start;
  let left = start;
  let out = start;
  let size = 0;
  // Phase 1: accumulate the first half window, writing nothing.
  for (let i = 0; i < half - 1; i++, right += step) {
    for (let k = 0, at = 0; k < lanes; k++, at += laneStride)
      sums[k] = (sums[k] ?? 0) + (input[right + at] ?? 0);
    size++;
  }
  // Phase 2: write while the window grows to its full size.
  for (let i = 0; i < window - half + 1; i++, right += step, out += step) {
    size++;
    for (let k = 0, at = 0; k < lanes; k++, at += laneStride) {
      const sum = Math.fround((sums[k] ?? 0) + (input[right + at] ?? 0));
      sums[k] = sum;
      output[out + at] = sum / size;
    }
  }
  // Phase 3: slide the full window, adding on the right and then subtracting on the left.
  for (let i = 0; i < length - window; i++, right += step, left += step, out += step) {
    for (let k = 0, at = 0; k < lanes; k++, at += laneStride) {
      const sum = Math.fround(
        Math.fround((sums[k] ?? 0) + (input[right + at] ?? 0)) - (input[left + at] ?? 0),
      );
      sums[k] = sum;
      output[out + at] = sum / size;
    }
  }
  // Phase 4: write while the window shrinks at the end.
  for (let i = 0; i < half - 1; i++, left += step, out += step) {
    size--;
    for (let k = 0, at = 0; k < lanes; k++, at += laneStride) {
      const sum = Math.fround((sums[k] ?? 0) - (input[left + at] ?? 0));
      sums[k] = sum;
      output[out + at] = sum / size;
    }
  }
}

/** Rows filtered together by the row pass: enough independent sums to hide float latency. */
const ROWS_AT_ONCE = 8;

/**
 * The reference's jaroszFilterFloat with two passes (a tent filter): rows then columns, twice. `luma` holds
 * the result; `scratch` is a buffer of the same size.
 */
export function jaroszFilter(
  luma: Float32Array,
  scratch: Float32Array,
  numRows: number,
  numCols: number,
): void {
  const windowAlongRows = jaroszWindowSize(numCols);
  const windowAlongCols = jaroszWindowSize(numRows);
  const sums = new Float32Array(Math.max(numCols, ROWS_AT_ONCE));
  for (let pass = 0; pass < 2; pass++) {
    // The reference's boxAlongRowsFloat (luma to scratch), then boxAlongColsFloat (scratch to luma).
    for (let row = 0; row < numRows; row += ROWS_AT_ONCE) {
      const lanes = Math.min(ROWS_AT_ONCE, numRows - row);
      boxLanes(luma, scratch, row * numCols, numCols, 1, lanes, numCols, windowAlongRows, sums);
    }
    boxLanes(scratch, luma, 0, numRows, numCols, numCols, 1, windowAlongCols, sums);
  }
}

/** The reference's decimateFloat to 64x64: sample the pixel under each target cell's centre. */
export function decimateTo64(luma: Float32Array, numRows: number, numCols: number): Float32Array {
  const out = new Float32Array(DOWNSAMPLE_SIDE * DOWNSAMPLE_SIDE);
  for (let outRow = 0; outRow < DOWNSAMPLE_SIDE; outRow++) {
    const inRow = Math.trunc(((outRow + 0.5) * numRows) / DOWNSAMPLE_SIDE);
    for (let outCol = 0; outCol < DOWNSAMPLE_SIDE; outCol++) {
      const inCol = Math.trunc(((outCol + 0.5) * numCols) / DOWNSAMPLE_SIDE);
      out[outRow * DOWNSAMPLE_SIDE + outCol] = luma[inRow * numCols + inCol] ?? 0;
    }
  }
  return out;
}
