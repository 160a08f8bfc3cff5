// The PDQ index returns exactly the brute-force answer, never fewer: on the reference needles and haystack
// at thresholds 0, 31 and 63, and on random hashes with near-duplicates planted at every distance 0..63,
// for every search strategy and several chunk layouts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../main/core/errors';
import { PDQ_WORDS, pdqHexToWords, pdqWordsToHex } from '../../main/core/matching/pdq';
import {
  bruteForce,
  PdqIndex,
  type PdqIndexOptions,
  type PdqSearch,
} from '../../main/core/matching/pdq-index';
import { fixture } from '../support/fixtures';
import { seededRandom } from '../support/random';

const SEARCHES: PdqSearch[] = ['auto', 'multi-index', 'scan'];

function hashList(name: string): string[] {
  return readFileSync(fixture('pdq', 'images', 'reg-test-input', name), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function indexOf(hashes: Uint32Array | readonly string[], options: PdqIndexOptions = {}): PdqIndex {
  const index = new PdqIndex(options);
  if (hashes instanceof Uint32Array) {
    for (let id = 0; id * PDQ_WORDS < hashes.length; id++)
      index.add(id, hashes.subarray(id * PDQ_WORDS, (id + 1) * PDQ_WORDS));
  } else {
    hashes.forEach((hash, id) => index.add(id, hash));
  }
  return index;
}

/** `count` pseudo-random 32-bit words, the same for the same seed. */
function randomWords(count: number, seed: number): Uint32Array {
  const { uint32 } = seededRandom(seed);
  return Uint32Array.from({ length: count }, () => uint32());
}

/** `hash` with `distance` distinct bits flipped, chosen by `seed`. */
function flipBits(hash: Uint32Array, distance: number, seed: number): Uint32Array {
  const flipped = hash.slice();
  const order = Array.from({ length: 256 }, (_, bit) => bit);
  const random = randomWords(256, seed);
  order.sort((a, b) => (random[a] ?? 0) - (random[b] ?? 0));
  for (const bit of order.slice(0, distance))
    flipped[bit >>> 5] = (flipped[bit >>> 5] ?? 0) ^ (1 << (bit & 31));
  return flipped;
}

describe('PDQ index on the reference needles and haystack', () => {
  const haystack = hashList('haystack.txt');
  const needles = hashList('needles.txt');

  it('reads 1350 haystack and 100 needle hashes', () => {
    expect([haystack.length, needles.length]).toEqual([1350, 100]);
  });

  for (const search of SEARCHES) {
    it.each([0, 31, 63])(`${search}: same answers as brute force at threshold %i`, (threshold) => {
      const index = indexOf(haystack, { search });
      let found = 0;
      for (const needle of needles) {
        const expected = bruteForce(haystack, needle, threshold);
        expect(index.query(needle, threshold), needle).toEqual(expected);
        found += expected.length;
      }
      if (threshold > 0) expect(found).toBeGreaterThan(needles.length);
    });
  }
});

describe('PDQ index with planted near-duplicates', () => {
  const size = 20_000;
  const haystack = randomWords(size * PDQ_WORDS, 0x5eed);
  const queries = Array.from({ length: 64 }, (_, d) => randomWords(PDQ_WORDS, 1000 + d));
  // For each distance d in 0..63, a hash exactly d bits away from query d replaces a random one.
  const planted = new Map<number, number>();
  queries.forEach((query, distance) => {
    const position = (distance * 311 + 7) % size;
    haystack.set(flipBits(query, distance, 77 + distance), position * PDQ_WORDS);
    planted.set(distance, position);
  });

  const layouts: PdqIndexOptions[] = [
    { search: 'auto' },
    { search: 'multi-index' },
    { search: 'multi-index', chunks: 11 },
    { search: 'multi-index', chunks: 32 },
    { search: 'scan' },
  ];

  for (const options of layouts) {
    it(`${JSON.stringify(options)}: finds every planted hash within the threshold, as brute force`, () => {
      const index = indexOf(haystack, options);
      for (const [distance, query] of queries.entries()) {
        for (const threshold of new Set([Math.max(0, distance - 1), distance, 31, 63])) {
          const answer = index.query(query, threshold);
          expect(answer, `d=${distance} t=${threshold}`).toEqual(bruteForce(haystack, query, threshold));
          const hit = answer.find((match) => match.id === planted.get(distance));
          expect(hit?.distance, `d=${distance} t=${threshold}`).toBe(
            distance <= threshold ? distance : undefined,
          );
        }
      }
    });
  }

  it('answers thresholds above 63 exactly, up to every hash at 256', () => {
    const index = indexOf(haystack.subarray(0, 2000 * PDQ_WORDS), { search: 'multi-index', chunks: 16 });
    const query = queries[5] ?? new Uint32Array(PDQ_WORDS);
    for (const threshold of [96, 128, 140]) {
      expect(index.query(query, threshold)).toEqual(
        bruteForce(haystack.subarray(0, 2000 * PDQ_WORDS), query, threshold),
      );
    }
    expect(index.query(query, 256)).toHaveLength(2000);
  });
});

describe('PDQ index behaviour', () => {
  it('takes hex or words, keeps ids, and sorts closest first', () => {
    const base = randomWords(PDQ_WORDS, 42);
    const index = new PdqIndex();
    index.add(900, flipBits(base, 20, 1));
    index.add(7, pdqWordsToHex(flipBits(base, 3, 2)));
    index.add(4_000_000_000, base);
    index.add(8, flipBits(base, 40, 3));
    expect(index.size).toBe(4);
    expect(index.query(pdqWordsToHex(base))).toEqual([
      { id: 4_000_000_000, distance: 0 },
      { id: 7, distance: 3 },
      { id: 900, distance: 20 },
    ]);
    expect(index.query(base, 40).map((match) => match.id)).toEqual([4_000_000_000, 7, 900, 8]);
  });

  it('stays exact when hashes are added after a search', () => {
    const hashes = randomWords(3000 * PDQ_WORDS, 9);
    const index = indexOf(hashes.subarray(0, 1000 * PDQ_WORDS), { search: 'multi-index' });
    const query = hashes.subarray(1500 * PDQ_WORDS, 1501 * PDQ_WORDS);
    expect(index.query(query, 63)).toEqual(bruteForce(hashes.subarray(0, 1000 * PDQ_WORDS), query, 63));
    for (let id = 1000; id < 3000; id++) index.add(id, hashes.subarray(id * PDQ_WORDS, (id + 1) * PDQ_WORDS));
    expect(index.query(query, 63)).toEqual(bruteForce(hashes, query, 63));
    expect(index.query(query, 0)).toEqual([{ id: 1500, distance: 0 }]);
  });

  it('answers an empty index with nothing', () => {
    expect(new PdqIndex().query('0'.repeat(64), 256)).toEqual([]);
  });

  it('reports the bytes it holds', () => {
    const index = indexOf(randomWords(1000 * PDQ_WORDS, 3), { capacity: 1000 });
    const before = index.byteLength;
    expect(before).toBe(1000 * (32 + 4));
    index.build();
    expect(index.byteLength).toBeGreaterThan(before);
  });

  it('refuses bad thresholds, ids, hashes and layouts with InvalidInputError', () => {
    const index = new PdqIndex();
    const hash = 'f'.repeat(64);
    expect(() => index.query(hash, -1)).toThrow(InvalidInputError);
    expect(() => index.query(hash, 257)).toThrow(InvalidInputError);
    expect(() => index.query(hash, 1.5)).toThrow(InvalidInputError);
    expect(() => index.add(-1, hash)).toThrow(InvalidInputError);
    expect(() => index.add(2 ** 32, hash)).toThrow(InvalidInputError);
    expect(() => index.add(1, 'xyz')).toThrow(/64 hexadecimal digits/);
    expect(() => index.add(1, new Uint32Array(4))).toThrow(InvalidInputError);
    expect(() => new PdqIndex({ chunks: 8 })).toThrow(InvalidInputError);
    expect(() => new PdqIndex({ threshold: 300 })).toThrow(InvalidInputError);
  });

  it('round-trips hex through words', () => {
    const hex = 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22';
    expect(pdqWordsToHex(pdqHexToWords(hex))).toBe(hex);
    expect(pdqHexToWords(hex.toUpperCase())[0]).toBe(0xf8f8f0ce);
  });
});
