// The PDQ index workload shared by the `pdq` and `pdq-vault` benchmarks: random bank hashes with 1,000
// near-duplicates planted at distances 0..31, the in-memory index over them, and query latency and recall
// measured the same way for every index. It only generates and measures; it never prints.
import { performance } from 'node:perf_hooks';
import { PDQ_WORDS } from '../../main/core/matching/pdq';
import { PdqIndex } from '../../main/core/matching/pdq-index';
import { seededRandom } from '../support/random';
import { fmt } from './support';

export const THRESHOLD = 31;
export const PLANTED = 1_000;

export interface PdqWorkload {
  size: number;
  /** Eight words per hash, `size` hashes. */
  hashes: Uint32Array;
  /** One query per planted hash. */
  queries: Uint32Array[];
  /** Where each query's near-duplicate sits among the hashes (its id in an index built in order). */
  plantedAt: number[];
  /** Per query: itself and seven random hashes, as an item is matched with its 8 orientations. */
  orientations: Uint32Array[][];
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** `size` random hashes (seeded by the size) with PLANTED near-duplicates of the queries spread among them. */
export function pdqWorkload(size: number): PdqWorkload {
  const random = seededRandom(size).uint32;
  const hashes = new Uint32Array(size * PDQ_WORDS);
  for (let i = 0; i < hashes.length; i++) hashes[i] = random();
  const queries: Uint32Array[] = [];
  const plantedAt: number[] = [];
  for (let q = 0; q < PLANTED; q++) {
    const query = new Uint32Array(PDQ_WORDS);
    for (let w = 0; w < PDQ_WORDS; w++) query[w] = random();
    const copy = query.slice();
    const bits = new Set<number>();
    while (bits.size < q % (THRESHOLD + 1)) bits.add(random() & 255);
    for (const bit of bits) copy[bit >>> 5] = (copy[bit >>> 5] ?? 0) ^ (1 << (bit & 31));
    const position = Math.floor((q + 0.5) * (size / PLANTED));
    hashes.set(copy, position * PDQ_WORDS);
    queries.push(query);
    plantedAt.push(position);
  }
  const orientations = queries.map((query) => [
    query,
    ...Array.from({ length: 7 }, () => Uint32Array.from({ length: PDQ_WORDS }, () => random())),
  ]);
  return { size, hashes, queries, plantedAt, orientations };
}

/** The in-memory index of the workload's hashes, ids in order, with its add and build times. */
export function buildIndex(workload: PdqWorkload): {
  index: PdqIndex;
  addSeconds: number;
  buildSeconds: number;
} {
  const { size, hashes } = workload;
  const addStart = performance.now();
  const index = new PdqIndex({ capacity: size });
  for (let id = 0; id < size; id++) index.add(id, hashes.subarray(id * PDQ_WORDS, (id + 1) * PDQ_WORDS));
  const addSeconds = (performance.now() - addStart) / 1000;
  const buildStart = performance.now();
  index.build();
  return { index, addSeconds, buildSeconds: (performance.now() - buildStart) / 1000 };
}

/**
 * Query latency of `index` over the workload's queries (after 50 warm-up queries): p50/p99 for one hash
 * and, with `orientations`, for all 8 of an item; and how many planted near-duplicates were found.
 */
export function measureQueries(
  index: PdqIndex,
  workload: PdqWorkload,
  options: { orientations?: boolean } = {},
): Record<string, string> {
  const { queries, plantedAt, orientations } = workload;
  for (const query of queries.slice(0, 50)) index.query(query, THRESHOLD);
  const one: number[] = [];
  const eight: number[] = [];
  let found = 0;
  for (const [q, query] of queries.entries()) {
    let start = performance.now();
    const matches = index.query(query, THRESHOLD);
    one.push(performance.now() - start);
    if (matches.some((match) => match.id === plantedAt[q])) found++;
    if (!options.orientations) continue;
    start = performance.now();
    for (const orientation of orientations[q] ?? []) index.query(orientation, THRESHOLD);
    eight.push(performance.now() - start);
  }
  one.sort((a, b) => a - b);
  eight.sort((a, b) => a - b);
  return {
    'query p50 ms': fmt(percentile(one, 50), 3),
    'query p99 ms': fmt(percentile(one, 99), 3),
    ...(options.orientations
      ? {
          '8 orientations p50 ms': fmt(percentile(eight, 50), 3),
          '8 orientations p99 ms': fmt(percentile(eight, 99), 3),
        }
      : {}),
    'planted found': `${found}/${PLANTED}`,
  };
}
