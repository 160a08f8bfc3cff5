import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  consistencyProof,
  emptyRoot,
  inclusionProof,
  leafHash,
  MerkleError,
  MerkleLog,
  nodeHash,
  rootFromLeafHashes,
  SubtreeCache,
} from '../../main/core/ledger/merkle';
import {
  ProofError,
  rootFromConsistencyProof,
  rootFromInclusionProof,
  verifyConsistency,
  verifyInclusion,
} from '../../main/core/ledger/proofs';
import { fixture } from '../support/fixtures';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const fromHex = (text: string) => Uint8Array.from(Buffer.from(text, 'hex'));
const fromBase64 = (text: string) => Uint8Array.from(Buffer.from(text, 'base64'));

/** Synthetic leaf hashes: the leaf hash of each index as 8 bytes. */
function syntheticLeaves(count: number): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => {
    const data = Buffer.alloc(8);
    data.writeBigUInt64BE(BigInt(i));
    return leafHash(data);
  });
}

/** RFC 9162 section 2.1.1 MTH, transcribed recursively: the oracle the fast code is checked against. */
function referenceRoot(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return createHash('sha256').digest();
  if (leaves.length === 1) return leaves[0] as Uint8Array;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

/** RFC 9162 section 2.1.3.1 PATH(m, D[n]), transcribed recursively. */
function referencePath(m: number, leaves: readonly Uint8Array[]): Uint8Array[] {
  if (leaves.length <= 1) return [];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return m < k
    ? [...referencePath(m, leaves.slice(0, k)), referenceRoot(leaves.slice(k))]
    : [...referencePath(m - k, leaves.slice(k)), referenceRoot(leaves.slice(0, k))];
}

/** RFC 9162 section 2.1.4.1 SUBPROOF(m, D[n], b), transcribed recursively. */
function referenceSubproof(m: number, leaves: readonly Uint8Array[], b: boolean): Uint8Array[] {
  if (m === leaves.length) return b ? [] : [referenceRoot(leaves)];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return m <= k
    ? [...referenceSubproof(m, leaves.slice(0, k), b), referenceRoot(leaves.slice(k))]
    : [...referenceSubproof(m - k, leaves.slice(k), false), referenceRoot(leaves.slice(0, k))];
}

function cacheOver(leaves: readonly Uint8Array[], memoLevel?: number) {
  const reads = { calls: 0, leaves: 0 };
  const cache = new SubtreeCache((start, end) => {
    reads.calls++;
    reads.leaves += Math.max(0, Math.min(end, leaves.length) - start);
    return leaves.slice(start, end);
  }, memoLevel);
  return { cache, reads };
}

describe('RFC 6962 hashing', () => {
  it('hashes leaves with a 0x00 prefix and nodes with a 0x01 prefix', () => {
    const data = Buffer.from('entry');
    expect(hex(leafHash(data))).toBe(
      createHash('sha256')
        .update(Buffer.from([0]))
        .update(data)
        .digest('hex'),
    );
    const [l, r] = [new Uint8Array(32).fill(1), new Uint8Array(32).fill(2)];
    expect(hex(nodeHash(l, r))).toBe(
      createHash('sha256')
        .update(Buffer.from([1]))
        .update(l)
        .update(r)
        .digest('hex'),
    );
    expect(hex(nodeHash(l, r))).not.toBe(hex(nodeHash(r, l)));
  });

  it('roots the empty tree at SHA-256 of nothing', () => {
    expect(hex(emptyRoot())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(rootFromLeafHashes([]))).toBe(hex(emptyRoot()));
    expect(hex(new MerkleLog().root())).toBe(hex(emptyRoot()));
  });
});

describe('MerkleLog, SubtreeCache and proof generation agree with the RFC 9162 definitions', () => {
  const leaves = syntheticLeaves(70);

  it('gives the root of every size from 0 to 70, three ways', () => {
    const log = new MerkleLog();
    const { cache } = cacheOver(leaves, 2);
    for (let size = 0; size <= leaves.length; size++) {
      const expected = hex(referenceRoot(leaves.slice(0, size)));
      expect(hex(log.root())).toBe(expected);
      expect(hex(rootFromLeafHashes(leaves.slice(0, size)))).toBe(expected);
      if (size > 0) expect(hex(cache.subtreeHash(0, size))).toBe(expected);
      expect(log.size).toBe(size);
      if (size < leaves.length) log.append(leaves[size] as Uint8Array);
    }
  });

  it('generates the RFC inclusion path for every leaf of every size up to 70, at every memo level', () => {
    for (const memoLevel of [0, 1, 3, 8]) {
      const { cache } = cacheOver(leaves, memoLevel);
      for (let size = 1; size <= leaves.length; size++) {
        const tree = leaves.slice(0, size);
        const root = referenceRoot(tree);
        for (let index = 0; index < size; index++) {
          const proof = inclusionProof(index, size, cache.subtreeHash);
          expect(proof.map(hex)).toEqual(referencePath(index, tree).map(hex));
          verifyInclusion(leaves[index] as Uint8Array, index, size, proof, root);
        }
      }
    }
  });

  it('generates the RFC consistency proof for every pair of sizes up to 70', () => {
    const { cache } = cacheOver(leaves, 2);
    for (let size2 = 1; size2 <= leaves.length; size2++) {
      const tree = leaves.slice(0, size2);
      const root2 = referenceRoot(tree);
      for (let size1 = 1; size1 <= size2; size1++) {
        const proof = consistencyProof(size1, size2, cache.subtreeHash);
        expect(proof.map(hex)).toEqual(referenceSubproof(size1, tree, true).map(hex));
        verifyConsistency(size1, size2, proof, referenceRoot(leaves.slice(0, size1)), root2);
      }
    }
  });

  it('hashes arbitrary, unaligned ranges as MTH of those leaves', () => {
    const { cache } = cacheOver(leaves, 2);
    for (const [start, end] of [
      [3, 7],
      [5, 6],
      [1, 70],
      [13, 42],
    ] as const) {
      expect(hex(cache.subtreeHash(start, end))).toBe(hex(referenceRoot(leaves.slice(start, end))));
    }
  });

  it('refuses impossible requests with a MerkleError', () => {
    const { cache } = cacheOver(leaves);
    expect(() => inclusionProof(5, 5, cache.subtreeHash)).toThrow(MerkleError);
    expect(() => inclusionProof(-1, 5, cache.subtreeHash)).toThrow(/whole number/);
    expect(() => inclusionProof(0.5, 5, cache.subtreeHash)).toThrow(MerkleError);
    expect(() => consistencyProof(0, 5, cache.subtreeHash)).toThrow(/empty tree is meaningless/);
    expect(() => consistencyProof(6, 5, cache.subtreeHash)).toThrow(/larger than size2/);
    expect(consistencyProof(5, 5, cache.subtreeHash)).toEqual([]);
    expect(() => cache.subtreeHash(4, 4)).toThrow(/start < end/);
    expect(() => cache.subtreeHash(0, 71)).toThrow(/the log is shorter than asked/);
    expect(() => new SubtreeCache(() => [], 31)).toThrow(MerkleError);
  });

  it('refuses leaf hashes that are not 32 bytes', () => {
    expect(() => new MerkleLog().append(new Uint8Array(31))).toThrow(/32 bytes/);
    const bad = new SubtreeCache(() => [new Uint8Array(32), new Uint8Array(33)]);
    expect(() => bad.subtreeHash(0, 2)).toThrow(/leaf hash 1 must be 32 bytes/);
  });

  it('hands out copies, so a caller cannot corrupt the memo or the log', () => {
    const { cache } = cacheOver(leaves, 0);
    const first = cache.subtreeHash(0, 64);
    first.fill(0);
    expect(hex(cache.subtreeHash(0, 64))).toBe(hex(referenceRoot(leaves.slice(0, 64))));
    const log = new MerkleLog();
    log.append(leaves[0] as Uint8Array);
    log.root().fill(0);
    log.peaks()[0]?.fill(0);
    expect(hex(log.root())).toBe(hex(leaves[0] as Uint8Array));
  });
});

describe('MerkleLog.resume', () => {
  const leaves = syntheticLeaves(45);

  it('continues a log from its size and peaks alone', () => {
    const full = new MerkleLog();
    for (const leaf of leaves.slice(0, 37)) full.append(leaf);
    expect(full.peaks()).toHaveLength(3); // 37 = 32 + 4 + 1
    const resumed = MerkleLog.resume(37, full.peaks());
    for (const leaf of leaves.slice(37)) {
      full.append(leaf);
      resumed.append(leaf);
      expect(hex(resumed.root())).toBe(hex(full.root()));
    }
    expect(hex(resumed.root())).toBe(hex(referenceRoot(leaves)));
  });

  it('refuses peaks that do not fit the size', () => {
    const peaks = [new Uint8Array(32), new Uint8Array(32)];
    expect(() => MerkleLog.resume(4, peaks)).toThrow(/has 1 peaks, but 2 were given/);
    expect(() => MerkleLog.resume(3, [new Uint8Array(32), new Uint8Array(5)])).toThrow(
      /peak 1 must be 32 bytes/,
    );
    expect(MerkleLog.resume(0, []).size).toBe(0);
  });
});

describe('SubtreeCache memoises complete subtrees', () => {
  it('reads each leaf once for the first proof, then at most 2 * 2^memoLevel leaves per proof', () => {
    const leaves = syntheticLeaves(5000);
    const { cache, reads } = cacheOver(leaves, 4);
    inclusionProof(0, leaves.length, cache.subtreeHash);
    expect(reads.leaves).toBeLessThanOrEqual(leaves.length + 2 * 2 ** 4);
    for (const index of [1, 777, 2048, 4095, 4999, 3]) {
      const before = reads.leaves;
      const proof = inclusionProof(index, leaves.length, cache.subtreeHash);
      expect(reads.leaves - before).toBeLessThanOrEqual(2 * 2 ** 4);
      verifyInclusion(leaves[index] as Uint8Array, index, leaves.length, proof, referenceRoot(leaves));
    }
  });
});

describe('verification refuses every mutation of a good proof', () => {
  const leaves = syntheticLeaves(37);
  const { cache } = cacheOver(leaves, 1);
  const root = (size: number) => referenceRoot(leaves.slice(0, size));

  function flipped(proof: readonly Uint8Array[], element: number, byte: number): Uint8Array[] {
    return proof.map((hash, i) => {
      const copy = Uint8Array.from(hash);
      if (i === element) copy[byte] = (copy[byte] as number) ^ 0x01;
      return copy;
    });
  }

  it('inclusion: any flipped byte, a wrong index or size, an extra or missing hash, a wrong leaf or root', () => {
    for (const size of [2, 3, 8, 13, 37]) {
      for (let index = 0; index < size; index++) {
        const proof = inclusionProof(index, size, cache.subtreeHash);
        const leaf = leaves[index] as Uint8Array;
        verifyInclusion(leaf, index, size, proof, root(size));
        const reject = (l: Uint8Array, i: number, s: number, p: Uint8Array[], r: Uint8Array) =>
          expect(() => verifyInclusion(l, i, s, p, r)).toThrow(ProofError);
        proof.forEach((_, element) => {
          for (let byte = 0; byte < 32; byte += 7)
            reject(leaf, index, size, flipped(proof, element, byte), root(size));
        });
        reject(leaf, index, size, proof.slice(0, -1), root(size));
        reject(leaf, index, size, [...proof, root(size)], root(size));
        reject(leaf, index, size, [root(size), ...proof], root(size));
        if (proof.length > 1) reject(leaf, index, size, [proof[0] as Uint8Array, ...proof], root(size));
        reject(leaf, index + 1, size, proof, root(size));
        if (index > 0) reject(leaf, index - 1, size, proof, root(size));
        reject(leaf, index ^ 2, size, proof, root(size));
        // Only sizes that reshape the proof can be caught here: the size and root a checkpoint signs
        // together are what pin the size (13 and 14 leaves give leaf 0 the same path, for instance).
        reject(leaf, index, size * 2, proof, root(size));
        reject(leaf, index, Math.floor(size / 2), proof, root(size));
        reject(leaves[(index + 1) % size] as Uint8Array, index, size, proof, root(size));
        reject(leaf, index, size, proof, root(size - 1));
        reject(leaf, index, size, proof, flipped([root(size)], 0, 31)[0] as Uint8Array);
      }
    }
  });

  it('consistency: any flipped byte, wrong sizes, an extra or missing hash, swapped or wrong roots', () => {
    for (const size2 of [2, 3, 8, 13, 37]) {
      for (let size1 = 1; size1 < size2; size1++) {
        const proof = consistencyProof(size1, size2, cache.subtreeHash);
        const [r1, r2] = [root(size1), root(size2)];
        verifyConsistency(size1, size2, proof, r1, r2);
        const reject = (s1: number, s2: number, p: Uint8Array[], a: Uint8Array, b: Uint8Array) =>
          expect(() => verifyConsistency(s1, s2, p, a, b)).toThrow(ProofError);
        proof.forEach((_, element) => {
          for (let byte = 0; byte < 32; byte += 5)
            reject(size1, size2, flipped(proof, element, byte), r1, r2);
        });
        reject(size1, size2, proof.slice(0, -1), r1, r2);
        reject(size1, size2, proof.slice(1), r1, r2);
        reject(size1, size2, [...proof, r2], r1, r2);
        reject(size1, size2, [r1, ...proof], r1, r2);
        reject(size1, size2, [], r1, r2);
        reject(size1 + 1, size2, proof, r1, r2);
        reject(size1 - 1, size2, proof, r1, r2);
        reject(size1, size2 * 2, proof, r1, r2);
        reject(size1, Math.floor(size2 / 2), proof, r1, r2);
        reject(size1, size2, proof, r2, r1);
        reject(size1, size2, proof, root(size1 + 1), r2);
        reject(size1, size2, proof, r1, root(size2 - 1));
      }
    }
  });

  it('names the problem in the error', () => {
    const proof = inclusionProof(3, 8, cache.subtreeHash);
    const leaf = leaves[3] as Uint8Array;
    expect(() => verifyInclusion(leaf, 3, 8, proof.slice(1), root(8))).toThrow(
      /has 2 hashes; .* must have 3/,
    );
    expect(() => verifyInclusion(leaf, 8, 8, proof, root(8))).toThrow(
      /Leaf index 8 is not in a tree of 8 leaves/,
    );
    expect(() => verifyInclusion(leaf, 3, 8, proof, root(7))).toThrow(
      /does not lead to the root .* expected/,
    );
    expect(() => verifyInclusion(leaf.subarray(1), 3, 8, proof, root(8))).toThrow(/leaf hash is 31 bytes/);
    const consistency = consistencyProof(3, 8, cache.subtreeHash);
    expect(() => verifyConsistency(3, 8, consistency, root(4), root(8))).toThrow(/root of the old tree/);
    expect(() => verifyConsistency(3, 8, consistency, root(3), root(7))).toThrow(/root of the new tree/);
    expect(() => verifyConsistency(8, 3, [], root(3), root(8))).toThrow(/never shrinks/);
  });

  it('returns the recomputed roots from the root helpers', () => {
    const proof = inclusionProof(5, 13, cache.subtreeHash);
    expect(hex(rootFromInclusionProof(leaves[5] as Uint8Array, 5, 13, proof))).toBe(hex(root(13)));
    const consistency = consistencyProof(6, 13, cache.subtreeHash);
    expect(hex(rootFromConsistencyProof(6, 13, consistency, root(6)))).toBe(hex(root(13)));
    expect(() => rootFromConsistencyProof(6, 13, consistency, root(5))).toThrow(ProofError);
  });
});

interface InclusionVector {
  leafIdx: number;
  treeSize: number;
  root: string;
  leafHash: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

interface ConsistencyVector {
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

function jsonFilesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? jsonFilesUnder(path) : name.endsWith('.json') ? [path] : [];
    });
}

function loadVectors<T>(kind: string): [string, T][] {
  const dir = fixture('merkle', 'testdata', kind);
  return jsonFilesUnder(dir).map((path) => [
    relative(dir, path),
    JSON.parse(readFileSync(path, 'utf8')) as T,
  ]);
}

describe('transparency-dev/merkle reference vectors', () => {
  const inclusion = loadVectors<InclusionVector>('inclusion');
  const consistency = loadVectors<ConsistencyVector>('consistency');
  const tree = JSON.parse(readFileSync(fixture('merkle', 'tree-vectors.json'), 'utf8')) as {
    hasher: Record<string, string>;
    leafInputsHex: string[];
    rootHashesBySize: string[];
    nodeHashesByLevel: string[][];
  };
  const leaves = tree.leafInputsHex.map((input) => leafHash(fromHex(input)));

  it('has every vector file', () => {
    expect(inclusion).toHaveLength(98);
    expect(consistency).toHaveLength(98);
    expect(inclusion.filter(([, v]) => v.wantErr)).toHaveLength(92);
    expect(consistency.filter(([, v]) => v.wantErr)).toHaveLength(92);
  });

  it('matches the hasher vectors', () => {
    const hasher = tree.hasher;
    expect(hex(emptyRoot())).toBe(hasher.emptyRoot);
    expect(hex(leafHash(new Uint8Array()))).toBe(hasher.leafHash_empty);
    expect(hex(leafHash(Buffer.from('L123456')))).toBe(hasher.leafHash_ascii_L123456);
    expect(hex(nodeHash(Buffer.from('N123'), Buffer.from('N456')))).toBe(hasher.nodeHash_ascii_N123_N456);
  });

  it('matches the root of every size, incrementally and from the cache', () => {
    const expected = tree.rootHashesBySize;
    expect(expected).toHaveLength(9);
    const log = new MerkleLog();
    const { cache } = cacheOver(leaves, 1);
    expected.forEach((rootHex, size) => {
      expect(hex(rootFromLeafHashes(leaves.slice(0, size)))).toBe(rootHex);
      expect(hex(log.root())).toBe(rootHex);
      if (size > 0) expect(hex(cache.subtreeHash(0, size))).toBe(rootHex);
      if (size < leaves.length) log.append(leaves[size] as Uint8Array);
    });
  });

  it('matches every node hash, level by level', () => {
    const { cache } = cacheOver(leaves, 1);
    const levels = tree.nodeHashesByLevel;
    expect(levels.flat()).toHaveLength(15);
    levels.forEach((hashes, level) =>
      hashes.forEach((nodeHex, index) => {
        expect(hex(cache.subtreeHash(index * 2 ** level, (index + 1) * 2 ** level))).toBe(nodeHex);
      }),
    );
  });

  describe('inclusion', () => {
    it.each(inclusion)('%s', (_file, v) => {
      const run = () =>
        verifyInclusion(
          fromBase64(v.leafHash),
          v.leafIdx,
          v.treeSize,
          (v.proof ?? []).map(fromBase64),
          fromBase64(v.root),
        );
      if (v.wantErr) expect(run).toThrow(ProofError);
      else expect(run).not.toThrow();
    });

    it('generates each happy-path proof over the reference leaves exactly', () => {
      const generated = inclusion.filter(
        ([, v]) => !v.wantErr && hex(fromBase64(v.leafHash)) === hex(leaves[v.leafIdx] ?? new Uint8Array()),
      );
      expect(generated.length).toBe(5);
      const { cache } = cacheOver(leaves, 1);
      for (const [, v] of generated) {
        expect(inclusionProof(v.leafIdx, v.treeSize, cache.subtreeHash).map(hex)).toEqual(
          (v.proof ?? []).map((p) => hex(fromBase64(p))),
        );
      }
    });
  });

  describe('consistency', () => {
    it.each(consistency)('%s', (_file, v) => {
      const run = () =>
        verifyConsistency(
          v.size1,
          v.size2,
          (v.proof ?? []).map(fromBase64),
          fromBase64(v.root1),
          fromBase64(v.root2),
        );
      if (v.wantErr) expect(run).toThrow(ProofError);
      else expect(run).not.toThrow();
    });

    it('generates each happy-path proof over the reference leaves exactly', () => {
      const roots = tree.rootHashesBySize;
      const generated = consistency.filter(
        ([, v]) => !v.wantErr && hex(fromBase64(v.root2)) === roots[v.size2] && v.size1 > 0,
      );
      expect(generated.length).toBe(5);
      const { cache } = cacheOver(leaves, 1);
      for (const [, v] of generated) {
        expect(consistencyProof(v.size1, v.size2, cache.subtreeHash).map(hex)).toEqual(
          (v.proof ?? []).map((p) => hex(fromBase64(p))),
        );
      }
    });
  });
});
