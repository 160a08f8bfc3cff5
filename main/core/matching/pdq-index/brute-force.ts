// The reference answer for PDQ search: every hash within the threshold, found by comparing the query with
// each hash in turn. Deliberately plain, with no shortcuts, so it can judge the index; never used to serve.
import { hammingDistanceWords, PDQ_WORDS, pdqHexToWords } from '../pdq/hamming';
import { checkThreshold, sortMatches, type PdqMatch } from './match';

/** Hashes as 64-hex texts, or packed as eight 32-bit words each (see pdqHexToWords). */
export type PdqHashList = readonly string[] | Uint32Array;

/**
 * Every hash in `hashes` within `threshold` of `query`, as { id: position in the list, distance }, sorted
 * by distance then id.
 */
export function bruteForce(hashes: PdqHashList, query: string | Uint32Array, threshold: number): PdqMatch[] {
  checkThreshold(threshold);
  const packed = hashes instanceof Uint32Array ? hashes : packHashes(hashes);
  const target = typeof query === 'string' ? pdqHexToWords(query) : query;
  const matches: PdqMatch[] = [];
  for (let id = 0; id * PDQ_WORDS < packed.length; id++) {
    const distance = hammingDistanceWords(packed, id * PDQ_WORDS, target, 0);
    if (distance <= threshold) matches.push({ id, distance });
  }
  return sortMatches(matches);
}

function packHashes(hashes: readonly string[]): Uint32Array {
  const packed = new Uint32Array(hashes.length * PDQ_WORDS);
  hashes.forEach((hash, i) => pdqHexToWords(hash, packed, i * PDQ_WORDS));
  return packed;
}
