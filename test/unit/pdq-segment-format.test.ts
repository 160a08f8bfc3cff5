// A stored PDQ index segment decodes into an index that answers exactly as the index it was written from
// and as brute force (fast-check over random hashes, planted near-duplicates, crowded buckets past the
// one-byte count, thresholds and the sizes of the decrypted pieces), and a segment that does not add up
// (cut short, too long, another shape, a count changed) is refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../main/core/errors';
import { PDQ_WORDS } from '../../main/core/matching/pdq';
import { bruteForce, PdqIndex } from '../../main/core/matching/pdq-index';
import { encodeSegment, SegmentDecoder } from '../../main/core/matching/pdq-segment-format';

/** The segment's bytes as one buffer. */
function encoded(index: PdqIndex): Buffer {
  return Buffer.concat([...encodeSegment(index.parts())]);
}

/** Feeds `bytes` to a decoder in pieces of the given sizes (cycled), as decryption hands them over. */
function decoded(bytes: Uint8Array, index: PdqIndex, pieces: readonly number[] = [bytes.length]): PdqIndex {
  const parts = index.parts();
  const decoder = new SegmentDecoder({ size: parts.ids.length, chunks: parts.chunks });
  for (let at = 0, n = 0; at < bytes.length; n++) {
    const length = Math.max(1, pieces[n % pieces.length] ?? 1);
    decoder.push(bytes.subarray(at, at + length));
    at += length;
  }
  return decoder.finish();
}

const word = fc.integer({ min: 0, max: 0xffffffff });
const hash = fc.array(word, { minLength: PDQ_WORDS, maxLength: PDQ_WORDS });

/** Hashes: random ones, near-duplicates of them, and a crowd sharing its first 64 bits (one bucket). */
const hashSet = fc
  .record({
    random: fc.array(hash, { minLength: 1, maxLength: 300 }),
    near: fc.array(fc.record({ of: fc.nat(), bits: fc.array(fc.nat({ max: 255 }), { maxLength: 40 }) }), {
      maxLength: 100,
    }),
    crowd: fc.oneof(fc.constant(0), fc.integer({ min: 250, max: 700 })),
    crowdSeed: word,
  })
  .map(({ random, near, crowd, crowdSeed }) => {
    const hashes = random.map((words) => Uint32Array.from(words));
    for (const { of, bits } of near) {
      const copy = (hashes[of % random.length] as Uint32Array).slice();
      for (const bit of bits) copy[bit >>> 5] = (copy[bit >>> 5] ?? 0) ^ (1 << (bit & 31));
      hashes.push(copy);
    }
    for (let i = 0; i < crowd; i++)
      hashes.push(Uint32Array.from([crowdSeed, crowdSeed ^ 0x5a5a5a5a, i, i * 7919, 0, 0, 0, i >>> 3]));
    return hashes;
  });

function indexOver(hashes: readonly Uint32Array[], chunks?: number): PdqIndex {
  const index = new PdqIndex({ capacity: hashes.length, ...(chunks ? { chunks } : {}) });
  hashes.forEach((words, id) => index.add(id, words));
  index.build();
  return index;
}

describe('stored PDQ index segments', () => {
  it('decode to an index with the same answers as the written one and as brute force', () => {
    fc.assert(
      fc.property(
        hashSet,
        fc.option(fc.integer({ min: 16, max: 32 }), { nil: undefined }),
        fc.array(fc.integer({ min: 1, max: 70_000 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.record({ of: fc.nat(), flips: fc.array(fc.nat({ max: 255 }), { maxLength: 48 }) }), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.integer({ min: 0, max: 80 }),
        (hashes, chunks, pieces, queries, threshold) => {
          const written = indexOver(hashes, chunks);
          const read = decoded(encoded(written), written, pieces);
          const all = new Uint32Array(hashes.length * PDQ_WORDS);
          hashes.forEach((words, i) => all.set(words, i * PDQ_WORDS));
          expect(read.size).toBe(written.size);
          for (let i = 0; i < read.size; i++) expect(read.hashAt(i)).toBe(written.hashAt(i));
          for (const { of, flips } of queries) {
            const query = (hashes[of % hashes.length] as Uint32Array).slice();
            for (const bit of flips) query[bit >>> 5] = (query[bit >>> 5] ?? 0) ^ (1 << (bit & 31));
            const want = bruteForce(all, query, threshold);
            expect(read.query(query, threshold)).toEqual(want);
            expect(written.query(query, threshold)).toEqual(want);
          }
        },
      ),
      { numRuns: 30 },
    );
  }, 300_000);

  it('keeps a bucket of 255 or more hashes exact (the count past one byte), in the 10M layout of 11 chunks', () => {
    const crowd = Array.from({ length: 600 }, (_, i) => Uint32Array.from([7, 7, i, i, i, 0, 0, 0]));
    const index = indexOver(crowd, 11);
    const read = decoded(encoded(index), index, [3, 4096]);
    const query = Uint32Array.from([7, 7, 0, 0, 0, 0, 0, 0]);
    expect(read.query(query, 40)).toEqual(index.query(query, 40));
    expect(read.query(query, 40).length).toBeGreaterThan(255);
  });

  it('refuses a segment cut short, too long, of another shape, or with a count changed', () => {
    const index = indexOver(
      Array.from({ length: 50 }, (_, i) => Uint32Array.from([i, i * 3, 1, 2, 3, 4, 5, i])),
    );
    const bytes = encoded(index);
    expect(() => decoded(bytes.subarray(0, bytes.length - 1), index)).toThrow(InvalidInputError);
    expect(() => decoded(Buffer.concat([bytes, Buffer.from([0])]), index)).toThrow(/damaged/);
    const other = indexOver(Array.from({ length: 51 }, (_, i) => Uint32Array.from([i, 0, 0, 0, 0, 0, 0, i])));
    expect(() => decoded(bytes, other)).toThrow(/holds 50 hashes in 16 chunks, not 51/);
    const counts = Buffer.from(bytes);
    const last = counts.length - 1;
    counts[last] = (counts[last] ?? 0) + 1;
    expect(() => decoded(counts, index)).toThrow(/indexes 51 hashes, not 50/);
    const magic = Buffer.from(bytes);
    magic[0] = 0;
    expect(() => decoded(magic, index)).toThrow(/damaged/);
  });
});
