// PDQ hash values as text and as numbers: the 64-hex form of the reference, eight 32-bit words, and the
// Hamming distance between two hashes. Pure arithmetic: it never touches pixels, files or an index.
import { InvalidInputError } from '../../errors';

/** Bits in a PDQ hash. */
export const PDQ_BITS = 256;
/** 32-bit words in a PDQ hash. */
export const PDQ_WORDS = 8;

const HEX_PATTERN = /^[0-9a-f]{64}$/;

/**
 * The hash as eight 32-bit words, most significant first: word 0 is hex digits 0..7 of the reference text
 * (which prints the reference's 16-bit word 15 first), so bit k of the reference is bit k % 32 of word
 * 7 - floor(k / 32).
 */
export function pdqHexToWords(
  hex: string,
  into: Uint32Array = new Uint32Array(PDQ_WORDS),
  offset = 0,
): Uint32Array {
  const text = hex.trim().toLowerCase();
  if (!HEX_PATTERN.test(text)) {
    throw new InvalidInputError(
      `"${hex.length > 80 ? `${hex.slice(0, 80)}...` : hex}" is not a PDQ hash: expected 64 hexadecimal digits.`,
    );
  }
  for (let word = 0; word < PDQ_WORDS; word++) {
    into[offset + word] = Number.parseInt(text.slice(word * 8, word * 8 + 8), 16);
  }
  return into;
}

/** The 64-hex text of the hash held in `words[offset..offset+8)`, lower case, as the reference prints it. */
export function pdqWordsToHex(words: ArrayLike<number>, offset = 0): string {
  let hex = '';
  for (let word = 0; word < PDQ_WORDS; word++) {
    hex += ((words[offset + word] ?? 0) >>> 0).toString(16).padStart(8, '0');
  }
  return hex;
}

/** Set bits in a 32-bit word. */
export function popcount32(value: number): number {
  let x = value - ((value >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Hamming distance between the hashes at `a[aOffset..]` and `b[bOffset..]` (eight words each). */
export function hammingDistanceWords(
  a: Uint32Array,
  aOffset: number,
  b: Uint32Array,
  bOffset: number,
): number {
  let distance = 0;
  for (let word = 0; word < PDQ_WORDS; word++) {
    distance += popcount32((a[aOffset + word] ?? 0) ^ (b[bOffset + word] ?? 0));
  }
  return distance;
}

/** Hamming distance between two PDQ hashes given as 64-hex text (0 = identical, 256 = complementary). */
export function hammingDistance(a: string, b: string): number {
  return hammingDistanceWords(pdqHexToWords(a), 0, pdqHexToWords(b), 0);
}
