// Merkle tree costs at the size the ledger is designed for: a million entries. Prints figures and asserts
// nothing about time; every proof it makes is verified, so a wrong answer still stops it.
// Run: NODE_OPTIONS=--expose-gc npx tsx test/bench/merkle.bench.ts [leaves]   (the GC flag makes the
// memory figures exact; without it they include garbage not yet collected)
import { performance } from 'node:perf_hooks';
import {
  consistencyProof,
  inclusionProof,
  leafHash,
  MerkleLog,
  SubtreeCache,
} from '../../main/core/ledger/merkle';
import { verifyConsistency, verifyInclusion } from '../../main/core/ledger/proofs';

const leafCount = Number(process.argv[2] ?? 1_000_000);
const proofCount = 1_000;

function time<T>(label: string, run: () => T): T {
  const start = performance.now();
  const result = run();
  console.log(`${label.padEnd(58)} ${(performance.now() - start).toFixed(1).padStart(9)} ms`);
  return result;
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

const collectGarbage = (globalThis as { gc?: () => void }).gc;

/** Heap in use, after a full collection when the GC is exposed. */
function heapUsed(): number {
  collectGarbage?.();
  return process.memoryUsage().heapUsed;
}

/** A deterministic spread of leaf indices. */
function indices(count: number, below: number): number[] {
  let state = 0x9e3779b9;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % below;
  });
}

console.log(`Merkle benchmark: ${leafCount.toLocaleString('en')} leaves, Node ${process.version}`);
if (collectGarbage === undefined) console.log('(GC not exposed: memory figures are approximate)');

const leaves = time(`hash ${leafCount.toLocaleString('en')} leaves (SHA-256 of 8 bytes each)`, () =>
  Array.from({ length: leafCount }, (_, i) => {
    const data = Buffer.alloc(8);
    data.writeBigUInt64BE(BigInt(i));
    return leafHash(data);
  }),
);

const heapWithLeaves = heapUsed();
const log = new MerkleLog();
const root = time('MerkleLog: append every leaf hash, then root()', () => {
  for (const leaf of leaves) log.append(leaf);
  return log.root();
});
console.log(`  root ${Buffer.from(root).toString('hex')}; MerkleLog keeps ${log.peaks().length} peaks`);
const heapWithLog = heapUsed();

let leavesRead = 0;
const cache = new SubtreeCache((start, end) => {
  leavesRead += end - start;
  return leaves.slice(start, end);
});

const first = time('SubtreeCache: first proof (fills the memo, one pass)', () =>
  inclusionProof(0, leafCount, cache.subtreeHash),
);
verifyInclusion(leaves[0] as Uint8Array, 0, leafCount, first, root);
console.log(`  leaf hashes read: ${leavesRead.toLocaleString('en')}`);
const heapWithCache = heapUsed();

const picks = indices(proofCount, leafCount);
leavesRead = 0;
const proofs = time(`generate ${proofCount} inclusion proofs`, () =>
  picks.map((index) => inclusionProof(index, leafCount, cache.subtreeHash)),
);
console.log(
  `  leaf hashes read: ${leavesRead.toLocaleString('en')} (${(leavesRead / proofCount).toFixed(0)} per proof), ` +
    `${proofs[0]?.length ?? 0} hashes per proof`,
);
time(`verify ${proofCount} inclusion proofs`, () =>
  picks.forEach((index, i) =>
    verifyInclusion(leaves[index] as Uint8Array, index, leafCount, proofs[i] ?? [], root),
  ),
);

const oldSize = Math.floor(leafCount * 0.618);
const oldRoot = time(`root at an earlier size (${oldSize.toLocaleString('en')}) from the cache`, () =>
  cache.subtreeHash(0, oldSize),
);
const consistency = time(
  `consistency proof ${oldSize.toLocaleString('en')} -> ${leafCount.toLocaleString('en')}`,
  () => consistencyProof(oldSize, leafCount, cache.subtreeHash),
);
time('verify it', () => verifyConsistency(oldSize, leafCount, consistency, oldRoot, root));

const resumed = time('MerkleLog.resume from peaks, append 1 leaf, root()', () => {
  const next = MerkleLog.resume(log.size, log.peaks());
  next.append(leaves[0] as Uint8Array);
  return next.root();
});
console.log(
  `  (root of ${(leafCount + 1).toLocaleString('en')} leaves: ${Buffer.from(resumed).toString('hex').slice(0, 16)}…)`,
);

console.log(
  `memory: ${leafCount.toLocaleString('en')} leaf hashes held by the benchmark's reader ${mib(heapWithLeaves)} heap; ` +
    `MerkleLog +${mib(heapWithLog - heapWithLeaves)}; SubtreeCache memo +${mib(heapWithCache - heapWithLog)}; ` +
    `rss ${mib(process.memoryUsage().rss)}`,
);
