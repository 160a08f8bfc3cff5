// The blurring of the display copies, in plain code on small decoded pixels: shrinking by area, a Gaussian
// blur whose kernel reaches three sigmas, and bilinear enlarging. Each step only averages pixels, so it can only
// remove detail; the reviewer's protection rests on that. It never decodes or encodes an image (sharp does).

export interface Size {
  width: number;
  height: number;
}

/** Interleaved 8-bit pixels, row by row. */
export interface Pixels extends Size {
  data: Buffer;
  channels: number;
}

/**
 * For each of `count` output positions along one axis, `span` input positions and their weights (summing to
 * 1; unused ones weigh 0), at `out * span + tap`.
 */
interface Taps {
  count: number;
  span: number;
  index: Int32Array;
  weight: Float32Array;
}

/** Taps already built, by kind and sizes: pictures of one size, usual in a case, reuse them. */
const cache = new Map<string, Taps>();
const keptTaps = 64;

function taps(
  key: string,
  count: number,
  build: (out: number) => Array<[index: number, weight: number]>,
): Taps {
  const known = cache.get(key);
  if (known) return known;
  const made = make(count, build);
  if (cache.size >= keptTaps) cache.delete(cache.keys().next().value as string);
  cache.set(key, made);
  return made;
}

function make(count: number, build: (out: number) => Array<[index: number, weight: number]>): Taps {
  const built = Array.from({ length: count }, (_, out) => build(out));
  const span = Math.max(1, ...built.map((pairs) => pairs.length));
  const index = new Int32Array(count * span);
  const weight = new Float32Array(count * span);
  built.forEach((pairs, out) => {
    const total = pairs.reduce((sum, [, w]) => sum + w, 0);
    pairs.forEach(([i, w], tap) => {
      index[out * span + tap] = i;
      weight[out * span + tap] = w / total;
    });
  });
  return { count, span, index, weight };
}

const clampIndex = (i: number, size: number) => Math.min(size - 1, Math.max(0, i));

/** Each output pixel averages the input pixels it covers, weighted by how much of each it covers. */
function areaTaps(size: number, target: number): Taps {
  const scale = size / target;
  return taps(`area ${size} ${target}`, target, (out) => {
    const start = out * scale;
    const end = start + scale;
    const pairs: Array<[number, number]> = [];
    for (let i = Math.floor(start); i < Math.min(size, Math.ceil(end)); i++)
      pairs.push([i, Math.min(end, i + 1) - Math.max(start, i)]);
    return pairs;
  });
}

/** A Gaussian of `sigma` pixels out to three sigmas, edges extended. */
function gaussianTaps(size: number, sigma: number): Taps {
  const radius = Math.ceil(3 * sigma);
  return taps(`gaussian ${size} ${sigma}`, size, (out) => {
    const pairs: Array<[number, number]> = [];
    for (let d = -radius; d <= radius; d++)
      pairs.push([clampIndex(out + d, size), Math.exp(-(d * d) / (2 * sigma * sigma))]);
    return pairs;
  });
}

/** Where output position `out` falls between input pixel centres: the left one and the fraction past it. */
function bilinearPosition(out: number, size: number, target: number): [left: number, fraction: number] {
  const at = Math.min(size - 1, Math.max(0, ((out + 0.5) * size) / target - 0.5));
  const left = Math.floor(at);
  return [left, at - left];
}

/** Linear interpolation between the two nearest input pixel centres, edges extended. */
function bilinearTaps(size: number, target: number): Taps {
  return taps(`bilinear ${size} ${target}`, target, (out) => {
    const [left, fraction] = bilinearPosition(out, size, target);
    return [
      [left, 1 - fraction],
      [clampIndex(left + 1, size), fraction],
    ];
  });
}

/** Enlarges bilinearly: along rows first (on the few input rows), then each output row between two rows. */
function enlarged(pixels: Pixels, width: number, height: number): Pixels {
  const { channels } = pixels;
  const across = alongRows(
    pixels.data,
    pixels.width,
    pixels.height,
    channels,
    bilinearTaps(pixels.width, width),
  );
  const stride = width * channels;
  const out = Buffer.allocUnsafe(height * stride);
  // Storing into clamped bytes rounds (and the values, between two in 0..255, never leave that range).
  const bytes = new Uint8ClampedArray(out.buffer, out.byteOffset, out.length);
  const row = (y: number) => across.subarray(y * stride, (y + 1) * stride);
  for (let y = 0; y < height; y++) {
    const [left, fraction] = bilinearPosition(y, pixels.height, height);
    const top = row(left);
    const bottom = row(clampIndex(left + 1, pixels.height));
    const into = bytes.subarray(y * stride, (y + 1) * stride);
    for (let i = 0; i < stride; i++) {
      const value = top[i] as number;
      into[i] = value + fraction * ((bottom[i] as number) - value);
    }
  }
  return { data: out, width, height, channels };
}

/** Rows of `width` pixels filtered along the row by `horizontal`. */
function alongRows(
  data: ArrayLike<number>,
  width: number,
  height: number,
  channels: number,
  horizontal: Taps,
): Float32Array {
  const { count, span, index, weight } = horizontal;
  const stride = count * channels;
  const out = new Float32Array(height * stride);
  for (let y = 0; y < height; y++) {
    const row = y * width * channels;
    let at = y * stride;
    for (let x = 0; x < count; x++) {
      const first = x * span;
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let t = first; t < first + span; t++)
          sum += (weight[t] as number) * (data[row + (index[t] as number) * channels + c] as number);
        out[at++] = sum;
      }
    }
  }
  return out;
}

/** Applies `horizontal` along rows, then `vertical` along columns, rounding once at the end. */
function separable(pixels: Pixels, horizontal: Taps, vertical: Taps): Pixels {
  const { channels } = pixels;
  const across = alongRows(pixels.data, pixels.width, pixels.height, channels, horizontal);
  const stride = horizontal.count * channels;
  const { count, span, index, weight } = vertical;
  const out = Buffer.allocUnsafe(count * stride);
  // Storing into clamped bytes rounds and keeps each value in 0..255.
  const bytes = new Uint8ClampedArray(out.buffer, out.byteOffset, out.length);
  const sums = new Float32Array(stride);
  for (let y = 0; y < count; y++) {
    sums.fill(0);
    for (let t = y * span; t < (y + 1) * span; t++) {
      const w = weight[t] as number;
      if (w === 0) continue;
      const row = across.subarray((index[t] as number) * stride, ((index[t] as number) + 1) * stride);
      for (let i = 0; i < stride; i++) sums[i] = (sums[i] as number) + w * (row[i] as number);
    }
    bytes.set(sums, y * stride);
  }
  return { data: out, width: horizontal.count, height: count, channels };
}

/** The size a copy of `size` is blurred at, `1/scale` of it (at least one pixel a side). */
export function blurSize(size: Size, scale: number): Size {
  return {
    width: Math.max(1, Math.round(size.width / scale)),
    height: Math.max(1, Math.round(size.height / scale)),
  };
}

/** `pixels` shrunk to `size` by area: each output pixel averages the input pixels it covers. */
export function shrunk(pixels: Pixels, size: Size): Pixels {
  return separable(pixels, areaTaps(pixels.width, size.width), areaTaps(pixels.height, size.height));
}

/**
 * `small` blurred by a Gaussian of `sigma` of its own pixels, then enlarged bilinearly to `size`: the
 * blur of a copy computed at a fraction of its size (a Gaussian of sigma x scale in the copy's pixels), with
 * the enlarging blurring a little more, never less.
 */
export function blurredTo(small: Pixels, sigma: number, size: Size): Pixels {
  const blurred = separable(small, gaussianTaps(small.width, sigma), gaussianTaps(small.height, sigma));
  return enlarged(blurred, size.width, size.height);
}
