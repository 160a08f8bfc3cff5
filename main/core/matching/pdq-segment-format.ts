// The plaintext layout of one stored PDQ index segment, compact so that opening decrypts as few bytes as
// possible: the hashes and postings exactly as the in-memory index holds them, and each chunk's bucket
// offsets as one count byte per bucket (offsets are their running sum). Pure encoding and decoding: it
// never reads or writes a file, and never decides which segment belongs to which bank.
//
//   header   = "CSTDPDQ1" || size u32 || chunks u32 || overflow u32            (little-endian, 20 bytes)
//   overflow = (chunk u32, bucket u32, count u32) for every bucket holding 255 or more hashes, in order
//   hashes   = size x 8 words          postings = chunks x size words (chunk 0 first)
//   counts   = per chunk, 2^bits bytes: a bucket's count, or 255 for "the next overflow entry's count"
import { InvalidInputError } from '../errors';
import { PDQ_WORDS } from './pdq/hamming';
import { PdqIndex, type PdqIndexParts } from './pdq-index';
import { chunkLayout, MAX_CHUNKS, MIN_CHUNKS } from './pdq-index/chunks';

const magic = Buffer.from('CSTDPDQ1', 'latin1');
const headerBytes = magic.length + 12;
const escape = 255;

/** The segment's bytes, in order, as views over the index's arrays where they can be (no copy). */
export function* encodeSegment(parts: PdqIndexParts): Generator<Uint8Array> {
  const size = parts.ids.length;
  const overflow: number[] = [];
  const counts = parts.offsets.map((offsets, chunk) => {
    const bytes = new Uint8Array(offsets.length - 1);
    for (let bucket = 0; bucket < bytes.length; bucket++) {
      const count = (offsets[bucket + 1] ?? 0) - (offsets[bucket] ?? 0);
      if (count >= escape) overflow.push(chunk, bucket, count);
      bytes[bucket] = Math.min(count, escape);
    }
    return bytes;
  });
  const header = Buffer.alloc(headerBytes);
  magic.copy(header);
  header.writeUInt32LE(size, magic.length);
  header.writeUInt32LE(parts.chunks, magic.length + 4);
  header.writeUInt32LE(overflow.length / 3, magic.length + 8);
  yield header;
  yield bytesOf(Uint32Array.from(overflow));
  yield bytesOf(parts.hashes);
  for (const postings of parts.postings) yield bytesOf(postings);
  yield* counts;
}

function bytesOf(words: Uint32Array): Uint8Array {
  return new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
}

/** The words a decoded segment of this shape holds in memory: hashes, postings and offsets. */
function segmentWords(size: number, chunks: number): number {
  return chunkLayout(chunks).reduce((sum, chunk) => sum + 2 ** chunk.bits + 1 + size, size * PDQ_WORDS);
}

function damaged(why: string): InvalidInputError {
  return new InvalidInputError(`The stored PDQ index segment is damaged: ${why}.`);
}

/**
 * Rebuilds a segment's index from its bytes, fed in pieces of any size as they are decrypted, straight into
 * one buffer allocated once: hashes and postings are copied in place, counts summed into offsets. Every
 * length and sum is checked; a segment that does not add up is refused (InvalidInputError).
 */
export class SegmentDecoder {
  readonly #header = Buffer.alloc(headerBytes);
  #at = 0;
  #size = 0;
  #chunks = 0;
  #words: Uint32Array | null = null;
  #bytes = new Uint8Array(0);
  #overflow = new Uint32Array(0);
  #overflowBytes = new Uint8Array(0);
  #offsets: Uint32Array[] = [];
  /** Where the counts start in the stream, and the running state of their decoding. */
  #countsAt = 0;
  #chunk = 0;
  #bucket = 0;
  #sum = 0;
  #nextOverflow = 0;

  constructor(private readonly expected: { size: number; chunks: number }) {}

  /** Consumes the next bytes of the segment. */
  push(piece: Uint8Array): void {
    let from = 0;
    while (from < piece.length) {
      if (this.#at < headerBytes) {
        const take = Math.min(headerBytes - this.#at, piece.length - from);
        this.#header.set(piece.subarray(from, from + take), this.#at);
        this.#at += take;
        from += take;
        if (this.#at === headerBytes) this.#start();
        continue;
      }
      const overflowEnd = headerBytes + this.#overflowBytes.length;
      if (this.#at < overflowEnd) {
        const take = Math.min(overflowEnd - this.#at, piece.length - from);
        this.#overflowBytes.set(piece.subarray(from, from + take), this.#at - headerBytes);
        this.#at += take;
        from += take;
        continue;
      }
      if (this.#at < this.#countsAt) {
        const take = Math.min(this.#countsAt - this.#at, piece.length - from);
        this.#bytes.set(piece.subarray(from, from + take), this.#at - overflowEnd);
        this.#at += take;
        from += take;
        continue;
      }
      from = this.#counts(piece, from);
    }
  }

  #start(): void {
    if (!this.#header.subarray(0, magic.length).equals(magic)) throw damaged('it does not start as one');
    const size = this.#header.readUInt32LE(magic.length);
    const chunks = this.#header.readUInt32LE(magic.length + 4);
    const overflow = this.#header.readUInt32LE(magic.length + 8);
    if (size !== this.expected.size || chunks !== this.expected.chunks)
      throw damaged(
        `it holds ${size} hashes in ${chunks} chunks, not ${this.expected.size} in ${this.expected.chunks}`,
      );
    if (chunks < MIN_CHUNKS || chunks > MAX_CHUNKS || overflow > size * chunks)
      throw damaged('its header does not fit together');
    this.#size = size;
    this.#chunks = chunks;
    this.#overflow = new Uint32Array(overflow * 3);
    this.#overflowBytes = new Uint8Array(this.#overflow.buffer);
    const words = new Uint32Array(segmentWords(size, chunks));
    this.#words = words;
    this.#bytes = new Uint8Array(words.buffer);
    let at = size * PDQ_WORDS + chunks * size;
    this.#offsets = chunkLayout(chunks).map((chunk) => words.subarray(at, (at += 2 ** chunk.bits + 1)));
    this.#countsAt = headerBytes + this.#overflowBytes.length + (size * PDQ_WORDS + chunks * size) * 4;
  }

  /** Sums count bytes into the offsets, chunk by chunk; returns where in `piece` it stopped. */
  #counts(piece: Uint8Array, from: number): number {
    const offsets = this.#offsets[this.#chunk];
    if (!offsets) throw damaged('it is longer than its header says');
    const buckets = offsets.length - 1;
    const take = Math.min(buckets - this.#bucket, piece.length - from);
    let sum = this.#sum;
    let bucket = this.#bucket;
    for (let i = from; i < from + take; i++) {
      let count = piece[i] ?? 0;
      if (count === escape) count = this.#overflowCount(bucket);
      offsets[bucket] = sum;
      sum += count;
      bucket++;
    }
    this.#at += take;
    if (bucket === buckets) {
      if (sum !== this.#size) throw damaged(`chunk ${this.#chunk} indexes ${sum} hashes, not ${this.#size}`);
      offsets[buckets] = sum;
      this.#chunk++;
      sum = 0;
      bucket = 0;
    }
    this.#sum = sum;
    this.#bucket = bucket;
    return from + take;
  }

  #overflowCount(bucket: number): number {
    const n = this.#nextOverflow++;
    if (this.#overflow[n * 3] !== this.#chunk || this.#overflow[n * 3 + 1] !== bucket)
      throw damaged(`bucket ${bucket} of chunk ${this.#chunk} has no count`);
    const count = this.#overflow[n * 3 + 2] ?? 0;
    if (count < escape) throw damaged(`bucket ${bucket} of chunk ${this.#chunk} has a wrong count`);
    return count;
  }

  /** The index, once every byte is in; ids are positions. */
  finish(): PdqIndex {
    const words = this.#words;
    if (!words || this.#chunk !== this.#chunks || this.#nextOverflow * 3 !== this.#overflow.length)
      throw damaged('it ends early');
    const size = this.#size;
    const ids = new Uint32Array(size);
    for (let i = 0; i < size; i++) ids[i] = i;
    const postings = Array.from({ length: this.#chunks }, (_, j) =>
      words.subarray(size * PDQ_WORDS + j * size, size * PDQ_WORDS + (j + 1) * size),
    );
    return PdqIndex.fromParts({
      hashes: words.subarray(0, size * PDQ_WORDS),
      ids,
      chunks: this.#chunks,
      offsets: this.#offsets,
      postings,
    });
  }
}
