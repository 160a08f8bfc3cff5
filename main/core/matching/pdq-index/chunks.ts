// How the multi-index splits a 256-bit PDQ hash into substrings ("chunks"), reads a chunk out of packed
// hash words, and enumerates every chunk value within a Hamming radius. Pure arithmetic on bits: it never
// stores hashes and never decides which chunks a query searches.
import { PDQ_BITS } from '../pdq/hamming';

export interface Chunk {
  /** First bit, counting from the most significant bit of word 0. */
  start: number;
  /** Width in bits. */
  bits: number;
}

/** Fewest chunks: keeps each chunk at most 24 bits, so one chunk's bucket table stays within 64 MB. */
export const MIN_CHUNKS = 11;
/** Most chunks: keeps each chunk at least 8 bits. */
export const MAX_CHUNKS = 32;
/** Chunks chosen for small indexes: 16-bit chunks, 256 KB bucket tables. */
const SMALL_INDEX_CHUNKS = 16;

/** Split the hash into `count` contiguous chunks whose widths differ by at most one bit. */
export function chunkLayout(count: number): Chunk[] {
  const base = Math.floor(PDQ_BITS / count);
  const wider = PDQ_BITS - base * count;
  const layout: Chunk[] = [];
  let start = 0;
  for (let i = 0; i < count; i++) {
    const bits = base + (i < wider ? 1 : 0);
    layout.push({ start, bits });
    start += bits;
  }
  return layout;
}

/**
 * Chunk count for `size` hashes, after Norouzi et al., "Fast Exact Search in Hamming Space with
 * Multi-Index Hashing" (2014): about 256 / log2(size) chunks, so each bucket holds about one hash.
 */
export function chunkCountFor(size: number): number {
  const ideal = Math.floor(PDQ_BITS / Math.log2(Math.max(size, 2)));
  return Math.min(SMALL_INDEX_CHUNKS, Math.max(MIN_CHUNKS, ideal));
}

/** The value of `chunk` in the hash held at `words[offset..offset+8)` (eight 32-bit words, MSB first). */
export function chunkValue(words: Uint32Array, offset: number, chunk: Chunk): number {
  const word = offset + (chunk.start >>> 5);
  const shift = chunk.start & 31;
  const high = words[word] ?? 0;
  if (shift + chunk.bits <= 32) {
    return (high >>> (32 - shift - chunk.bits)) & ((1 << chunk.bits) - 1);
  }
  const lowBits = shift + chunk.bits - 32;
  const highPart = (high & ((1 << (32 - shift)) - 1)) << lowBits;
  return (highPart | ((words[word + 1] ?? 0) >>> (32 - lowBits))) >>> 0;
}

/** Number of `bits`-bit values within Hamming distance `radius` of a given value: sum of C(bits, i). */
export function ballSize(bits: number, radius: number): number {
  let total = 0;
  let binomial = 1;
  for (let i = 0; i <= Math.min(radius, bits); i++) {
    total += binomial;
    binomial = (binomial * (bits - i)) / (i + 1);
  }
  return total;
}

const ballCache = new Map<number, Uint32Array>();

/**
 * Every `bits`-bit mask with at most `radius` bits set, fewest bits first: XOR one with a chunk value to
 * visit each value within the radius exactly once. Cached per (bits, radius).
 */
export function ballMasks(bits: number, radius: number): Uint32Array {
  const key = bits * 64 + radius;
  const cached = ballCache.get(key);
  if (cached) return cached;
  const masks = new Uint32Array(ballSize(bits, radius));
  let n = 0;
  const limit = 2 ** bits;
  for (let weight = 0; weight <= Math.min(radius, bits); weight++) {
    // Gosper's hack: the next larger integer with the same number of set bits.
    let mask = 2 ** weight - 1;
    while (mask < limit) {
      masks[n++] = mask;
      if (mask === 0) break;
      const lowest = mask & -mask;
      const ripple = mask + lowest;
      mask = (((ripple ^ mask) / lowest) >>> 2) | ripple;
    }
  }
  ballCache.set(key, masks);
  return masks;
}
