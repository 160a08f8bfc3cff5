// The persistent PDQ index inside a vault against the in-memory index, measured in the same run: at 10M
// random bank hashes (1M with --quick) with 1,000 planted near-duplicates, the build and the write into
// the encrypted vault, the open after unlock (reading the pages back), query p50/p99 for one orientation
// and for all 8 (as an item is matched), memory, and recall of the planted hashes.
// Run: npx tsx test/bench/pdq-vault.bench.ts [--quick]   (prints figures; asserts nothing about time)
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Vault } from '../../main/core/identity';
import { importBank, openSegments } from '../../main/core/matching';
import { PDQ_WORDS } from '../../main/core/matching/pdq';
import { PdqIndex } from '../../main/core/matching/pdq-index';
import { dropSegment, writeSegmentIndex } from '../../main/core/matching/stored-pdq-index';
import { seededRandom } from '../support/random';
import { fmt, mib, quick, table } from './support';

const THRESHOLD = 31;
const PLANTED = 1_000;
const SIZE = quick ? 1_000_000 : 10_000_000;
const credentials = { user: 'bench', passphrase: 'a bench passphrase, long enough' };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

const random = seededRandom(SIZE).uint32;
const hashes = new Uint32Array(SIZE * PDQ_WORDS);
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
  const position = Math.floor((q + 0.5) * (SIZE / PLANTED));
  hashes.set(copy, position * PDQ_WORDS);
  queries.push(query);
  plantedAt.push(position);
}
/** Seven more random "orientations" per query: an item is matched with 8 hashes. */
const orientations = queries.map((query) => [
  query,
  ...Array.from({ length: 7 }, () => Uint32Array.from({ length: PDQ_WORDS }, () => random())),
]);

function measure(index: PdqIndex): Record<string, string> {
  for (const query of queries.slice(0, 50)) index.query(query, THRESHOLD);
  const one: number[] = [];
  const eight: number[] = [];
  let found = 0;
  for (const [q, query] of queries.entries()) {
    let start = performance.now();
    const matches = index.query(query, THRESHOLD);
    one.push(performance.now() - start);
    if (matches.some((match) => match.id === plantedAt[q])) found++;
    start = performance.now();
    for (const orientation of orientations[q] ?? []) index.query(orientation, THRESHOLD);
    eight.push(performance.now() - start);
  }
  one.sort((a, b) => a - b);
  eight.sort((a, b) => a - b);
  return {
    'query p50 ms': fmt(percentile(one, 50), 3),
    'query p99 ms': fmt(percentile(one, 99), 3),
    '8 orientations p50 ms': fmt(percentile(eight, 50), 3),
    '8 orientations p99 ms': fmt(percentile(eight, 99), 3),
    'planted found': `${found}/${PLANTED}`,
  };
}

console.log(
  `PDQ index in a vault${quick ? ' (quick)' : ''}: ${SIZE.toLocaleString('en-US')} hashes, Node ${process.version}, ${availableParallelism()} CPUs`,
);
const dir = await mkdtemp(join(tmpdir(), 'custody-pdq-vault-bench-'));
try {
  const rows: Record<string, string>[] = [];
  gc();
  const before = process.memoryUsage().arrayBuffers;
  let start = performance.now();
  let memoryIndex: PdqIndex | null = new PdqIndex({ capacity: SIZE });
  for (let id = 0; id < SIZE; id++)
    memoryIndex.add(id, hashes.subarray(id * PDQ_WORDS, (id + 1) * PDQ_WORDS));
  memoryIndex.build();
  const buildSeconds = (performance.now() - start) / 1000;
  rows.push({
    index: 'in memory (baseline)',
    'build s': fmt(buildSeconds, 1),
    'write into vault s': '-',
    'open s': `${fmt(buildSeconds, 1)} (rebuilt)`,
    'index memory': mib(memoryIndex.byteLength),
    ...measure(memoryIndex),
  });

  const vault = await Vault.create(join(dir, 'vault'), credentials, { stateDir: join(dir, 'state') });
  async function* one() {
    yield { entry: { algorithm: 'pdq' as const, value: '0'.repeat(64), line: 1 } };
  }
  const { bank } = await importBank(vault, one(), {
    name: 'generated',
    version: '1',
    source: 'bench',
    kind: 'known',
    format: 'pdq',
  });
  start = performance.now();
  const index = memoryIndex;
  vault.db.transaction(() => {
    dropSegment(vault, bank.id);
    writeSegmentIndex(vault, bank.id, index);
  })();
  const writeSeconds = (performance.now() - start) / 1000;
  vault.lock();
  memoryIndex = null;
  gc();
  const vaultBytes = (await stat(join(dir, 'vault', 'vault.db'))).size;

  start = performance.now();
  const reopened = await Vault.unlock(join(dir, 'vault'), credentials, { stateDir: join(dir, 'state') });
  const unlockSeconds = (performance.now() - start) / 1000;
  const baseline = process.memoryUsage().arrayBuffers;
  start = performance.now();
  const [segment] = openSegments(reopened, [bank.id]);
  const openSeconds = (performance.now() - start) / 1000;
  if (!segment) throw new Error('the stored index did not open');
  gc();
  rows.push({
    index: 'stored in the vault',
    'build s': fmt(buildSeconds, 1),
    'write into vault s': `${fmt(writeSeconds, 1)} (vault.db ${mib(vaultBytes)})`,
    'open s': `${fmt(openSeconds, 2)} (+ unlock ${fmt(unlockSeconds, 2)})`,
    'index memory': mib(process.memoryUsage().arrayBuffers - baseline),
    ...measure(segment.index),
  });
  reopened.lock();
  table(`PDQ index, threshold ${THRESHOLD}, ${PLANTED} queries with a planted near-duplicate each`, rows);
  console.log(
    `  (array buffers before building: ${mib(before)}; process RSS now ${mib(process.memoryUsage().rss)})`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
