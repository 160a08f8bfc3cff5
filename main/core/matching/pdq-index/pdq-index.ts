// An in-memory PDQ index that answers "which hashes are within t bits of this one" with exactly the
// brute-force answer, never fewer, for any threshold: multi-index hashing, or a linear scan when cheaper.
// It holds hash values and numeric ids only: no files, no bank metadata. It hands out its built arrays and
// is rebuilt from them (parts / fromParts) so a store can keep it; it never writes anything itself.
import { InvalidInputError } from '../../errors';
import { PDQ_WORDS, pdqHexToWords, pdqWordsToHex, popcount32 } from '../pdq/hamming';
import {
  ballMasks,
  ballSize,
  type Chunk,
  chunkCountFor,
  chunkLayout,
  chunkValue,
  MAX_CHUNKS,
  MIN_CHUNKS,
} from './chunks';
import { checkThreshold, DEFAULT_PDQ_THRESHOLD, sortMatches, type PdqMatch } from './match';

export type PdqSearch = 'auto' | 'multi-index' | 'scan';

export interface PdqIndexOptions {
  /** Default threshold of query(), in bits. Default 31. */
  threshold?: number;
  /** Hashes expected, so storage is allocated once. */
  capacity?: number;
  /** Substrings the hash is split into (11..32). Default: about 256 / log2(size), chosen at build(). */
  chunks?: number;
  /**
   * 'auto' (default) picks the cheaper of multi-index and scan for each query; 'multi-index' and 'scan'
   * force one (for tests and benchmarks: a forced multi-index at a high threshold enumerates a lot).
   */
  search?: PdqSearch;
}

/**
 * Cost of checking one hash in a linear scan, relative to one bucket probe or candidate of the multi-index
 * (measured on 1M and 10M random hashes: about 10 ns against 120-200 ns, as the scan reads memory in order).
 */
const SCAN_COST_PER_HASH = 0.08;

const MAX_ID = 0xffffffff;

/** A built index as its typed arrays: what a store keeps, and what fromParts takes back unchanged. */
export interface PdqIndexParts {
  /** Eight words per hash (see pdqHexToWords), in position order. */
  hashes: Uint32Array;
  /** The id of each position. */
  ids: Uint32Array;
  /** Chunks the hash is split into (see chunkLayout). */
  chunks: number;
  /** Per chunk: where each chunk value's postings start (2^bits + 1 entries). */
  offsets: Uint32Array[];
  /** Per chunk: positions grouped by chunk value. */
  postings: Uint32Array[];
}

interface Tables {
  layout: Chunk[];
  /** Per chunk: offsets[v] .. offsets[v + 1] delimit the postings of the hashes whose chunk value is v. */
  offsets: Uint32Array[];
  /** Per chunk: positions of hashes, grouped by chunk value, in insertion order within a value. */
  postings: Uint32Array[];
}

/**
 * Words summed before the first comparison with the threshold: enough that an unrelated hash (about 16
 * differing bits a word) is almost always already above it, so the branch is predictable.
 */
function screenWords(threshold: number): number {
  return Math.min(PDQ_WORDS, Math.ceil((threshold + 24) / 16));
}

/** Hamming distance of the hash at `hashes[base..]` to `query`, or a partial sum above `limit`, early. */
function distanceUpTo(
  hashes: Uint32Array,
  base: number,
  query: Uint32Array,
  limit: number,
  screen: number,
): number {
  let distance = 0;
  let word = 0;
  for (; word < screen; word++) distance += popcount32((hashes[base + word] ?? 0) ^ (query[word] ?? 0));
  if (distance > limit) return distance;
  for (; word < PDQ_WORDS; word++) distance += popcount32((hashes[base + word] ?? 0) ^ (query[word] ?? 0));
  return distance;
}

/**
 * Search radius of each chunk for threshold t with m chunks (Norouzi et al. 2014, pigeonhole): with
 * t = r*m + a, a hash within t has a chunk among the first a+1 within r bits of the query's, or one among
 * the others within r-1 bits; otherwise its distance would be at least (a+1)(r+1) + (m-a-1)r = t+1.
 * A radius of -1 means the chunk is not searched.
 */
function chunkRadii(chunks: number, threshold: number): number[] {
  const r = Math.floor(threshold / chunks);
  const a = threshold - r * chunks;
  return Array.from({ length: chunks }, (_, j) => (j <= a ? r : r - 1));
}

export class PdqIndex {
  readonly threshold: number;
  readonly #chunks: number | undefined;
  readonly #search: PdqSearch;
  #hashes: Uint32Array;
  #ids: Uint32Array;
  #size = 0;
  #tables: Tables | undefined;

  constructor(options: PdqIndexOptions = {}) {
    this.threshold = options.threshold ?? DEFAULT_PDQ_THRESHOLD;
    checkThreshold(this.threshold);
    if (options.chunks !== undefined) {
      const { chunks } = options;
      if (!Number.isInteger(chunks) || chunks < MIN_CHUNKS || chunks > MAX_CHUNKS) {
        throw new InvalidInputError(
          `A PDQ index splits hashes into ${MIN_CHUNKS} to ${MAX_CHUNKS} chunks, not ${chunks}.`,
        );
      }
    }
    this.#chunks = options.chunks;
    this.#search = options.search ?? 'auto';
    const capacity = Math.max(16, options.capacity ?? 0);
    this.#hashes = new Uint32Array(capacity * PDQ_WORDS);
    this.#ids = new Uint32Array(capacity);
  }

  /** Hashes added. */
  get size(): number {
    return this.#size;
  }

  /** Bytes held by the index's typed arrays (hashes, ids, and the multi-index tables once built). */
  get byteLength(): number {
    const tables = this.#tables;
    let bytes = this.#hashes.byteLength + this.#ids.byteLength;
    if (tables) {
      for (const array of [...tables.offsets, ...tables.postings]) bytes += array.byteLength;
    }
    return bytes;
  }

  /**
   * Add a hash (64-hex, or eight 32-bit words as from pdqHexToWords) under `id`, an integer 0..2^32-1 the
   * caller maps back to its record. Adding after a search costs a rebuild at the next search.
   */
  add(id: number, hash: string | Uint32Array): void {
    if (!Number.isInteger(id) || id < 0 || id > MAX_ID) {
      throw new InvalidInputError(`A PDQ index id is an integer from 0 to ${MAX_ID}, not ${id}.`);
    }
    if (this.#size === this.#ids.length) this.#grow(this.#size * 2);
    const offset = this.#size * PDQ_WORDS;
    if (typeof hash === 'string') pdqHexToWords(hash, this.#hashes, offset);
    else this.#hashes.set(checkWords(hash), offset);
    this.#ids[this.#size] = id;
    this.#size++;
    this.#tables = undefined;
  }

  /**
   * An index over built arrays, as parts() gave them: no copy and no rebuild, so opening a stored index
   * costs only reading it. The arrays' sizes are checked against each other and the chunk layout.
   */
  static fromParts(
    parts: PdqIndexParts,
    options: Omit<PdqIndexOptions, 'capacity' | 'chunks'> = {},
  ): PdqIndex {
    const size = parts.ids.length;
    const layout = chunkLayout(parts.chunks);
    const consistent =
      parts.hashes.length === size * PDQ_WORDS &&
      parts.offsets.length === layout.length &&
      parts.postings.length === layout.length &&
      layout.every(
        (chunk, j) => parts.offsets[j]?.length === 2 ** chunk.bits + 1 && parts.postings[j]?.length === size,
      );
    if (!consistent)
      throw new InvalidInputError('The PDQ index parts do not fit together: the index is damaged.');
    const index = new PdqIndex({ ...options, chunks: parts.chunks });
    index.#hashes = parts.hashes;
    index.#ids = parts.ids;
    index.#size = size;
    index.#tables = { layout, offsets: parts.offsets, postings: parts.postings };
    return index;
  }

  /** The built index as typed arrays (building it first), to keep and give back to fromParts. */
  parts(): PdqIndexParts {
    this.#grow(this.#size);
    const tables = (this.#tables ??= this.#buildTables());
    return {
      hashes: this.#hashes.subarray(0, this.#size * PDQ_WORDS),
      ids: this.#ids.subarray(0, this.#size),
      chunks: tables.layout.length,
      offsets: tables.offsets,
      postings: tables.postings,
    };
  }

  /** The hash at `position` (0 .. size-1, in the order added), as 64 hex digits. */
  hashAt(position: number): string {
    if (!Number.isInteger(position) || position < 0 || position >= this.#size) {
      throw new InvalidInputError(`This PDQ index has no position ${position}.`);
    }
    return pdqWordsToHex(this.#hashes, position * PDQ_WORDS);
  }

  /** Build the multi-index tables now, rather than at the first query that needs them. */
  build(): void {
    this.#tables ??= this.#buildTables();
  }

  #buildTables(): Tables {
    this.#grow(this.#size);
    const layout = chunkLayout(this.#chunks ?? chunkCountFor(this.#size));
    const tables: Tables = { layout, offsets: [], postings: [] };
    const keys = new Uint32Array(this.#size);
    for (const chunk of layout) {
      const offsets = new Uint32Array(2 ** chunk.bits + 1);
      for (let position = 0; position < this.#size; position++) {
        const key = chunkValue(this.#hashes, position * PDQ_WORDS, chunk);
        keys[position] = key;
        offsets[key + 1] = (offsets[key + 1] ?? 0) + 1;
      }
      for (let key = 1; key < offsets.length; key++)
        offsets[key] = (offsets[key] ?? 0) + (offsets[key - 1] ?? 0);
      const postings = new Uint32Array(this.#size);
      for (let position = 0; position < this.#size; position++) {
        const key = keys[position] ?? 0;
        const slot = offsets[key] ?? 0;
        postings[slot] = position;
        offsets[key] = slot + 1;
      }
      // Each offsets[v] now holds the end of value v's postings: shift by one so it holds the start.
      offsets.copyWithin(1, 0, offsets.length - 1);
      offsets[0] = 0;
      tables.offsets.push(offsets);
      tables.postings.push(postings);
    }
    return tables;
  }

  /** Every added hash within `threshold` bits of `hash`, closest first (ties by id). */
  query(hash: string | Uint32Array, threshold = this.threshold): PdqMatch[] {
    checkThreshold(threshold);
    const query = typeof hash === 'string' ? pdqHexToWords(hash) : checkWords(hash);
    if (this.#size === 0) return [];
    if (this.#search === 'scan') return this.#scan(query, threshold);
    const layout = this.#tables?.layout ?? chunkLayout(this.#chunks ?? chunkCountFor(this.#size));
    const radii = chunkRadii(layout.length, threshold);
    if (this.#search === 'auto' && this.#multiIndexCost(layout, radii) > this.#size * SCAN_COST_PER_HASH) {
      return this.#scan(query, threshold);
    }
    const tables = (this.#tables ??= this.#buildTables());
    return this.#multiIndex(tables, radii, query, threshold);
  }

  /** Expected bucket probes plus candidates for a multi-index search with these radii. */
  #multiIndexCost(layout: Chunk[], radii: number[]): number {
    let cost = 0;
    layout.forEach((chunk, j) => {
      const radius = radii[j] ?? -1;
      if (radius >= 0) cost += ballSize(chunk.bits, radius) * (1 + this.#size / 2 ** chunk.bits);
    });
    return cost;
  }

  #scan(query: Uint32Array, threshold: number): PdqMatch[] {
    const hashes = this.#hashes;
    const size = this.#size;
    const screen = screenWords(threshold);
    const matches: PdqMatch[] = [];
    for (let position = 0; position < size; position++) {
      const distance = distanceUpTo(hashes, position * PDQ_WORDS, query, threshold, screen);
      if (distance <= threshold) matches.push({ id: this.#ids[position] ?? 0, distance });
    }
    return sortMatches(matches);
  }

  #multiIndex(tables: Tables, radii: number[], query: Uint32Array, threshold: number): PdqMatch[] {
    const { layout, offsets, postings } = tables;
    const hashes = this.#hashes;
    const keys = layout.map((chunk) => chunkValue(query, 0, chunk));
    const matches: PdqMatch[] = [];
    const screen = screenWords(threshold);
    for (let j = 0; j < layout.length; j++) {
      const radius = radii[j] ?? -1;
      const chunk = layout[j];
      const chunkOffsets = offsets[j];
      const chunkPostings = postings[j];
      if (radius < 0 || !chunk || !chunkOffsets || !chunkPostings) continue;
      const key = keys[j] ?? 0;
      const masks = ballMasks(chunk.bits, radius);
      for (let m = 0; m < masks.length; m++) {
        const bucket = key ^ (masks[m] ?? 0);
        const end = chunkOffsets[bucket + 1] ?? 0;
        for (let p = chunkOffsets[bucket] ?? 0; p < end; p++) {
          const position = chunkPostings[p] ?? 0;
          const distance = distanceUpTo(hashes, position * PDQ_WORDS, query, threshold, screen);
          if (distance > threshold || this.#foundInEarlierChunk(position, j, layout, keys, radii)) continue;
          matches.push({ id: this.#ids[position] ?? 0, distance });
        }
      }
    }
    return sortMatches(matches);
  }

  /** Whether a chunk searched before chunk `j` also holds this hash within its radius (so it is reported). */
  #foundInEarlierChunk(
    position: number,
    j: number,
    layout: Chunk[],
    keys: number[],
    radii: number[],
  ): boolean {
    for (let earlier = 0; earlier < j; earlier++) {
      const chunk = layout[earlier];
      const radius = radii[earlier] ?? -1;
      if (!chunk || radius < 0) continue;
      const value = chunkValue(this.#hashes, position * PDQ_WORDS, chunk);
      if (popcount32(value ^ (keys[earlier] ?? 0)) <= radius) return true;
    }
    return false;
  }

  /** Resize storage to `capacity` hashes (at least the current size). */
  #grow(capacity: number): void {
    if (capacity === this.#ids.length) return;
    const hashes = new Uint32Array(Math.max(capacity, 1) * PDQ_WORDS);
    hashes.set(this.#hashes.subarray(0, this.#size * PDQ_WORDS));
    const ids = new Uint32Array(Math.max(capacity, 1));
    ids.set(this.#ids.subarray(0, this.#size));
    this.#hashes = hashes;
    this.#ids = ids;
  }
}

function checkWords(words: Uint32Array): Uint32Array {
  if (words.length !== PDQ_WORDS) {
    throw new InvalidInputError(`A PDQ hash as words is ${PDQ_WORDS} 32-bit words, not ${words.length}.`);
  }
  return words;
}
