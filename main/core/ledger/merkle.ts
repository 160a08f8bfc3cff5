// The ledger's RFC 6962 / RFC 9162 Merkle tree: leaf and node hashing, tree heads, and the generation of
// inclusion and consistency proofs. It only reads leaf hashes through the caller's functions and never
// stores, reorders or rewrites a leaf: the log is append-only, so a complete subtree's hash never changes.
import { hash } from 'node:crypto';
import { InvalidInputError } from '../errors';

export class MerkleError extends InvalidInputError {}

/** SHA-256 output size: every leaf, node and root hash in the tree has this length. */
export const hashBytes = 32;

/** Subtrees of 2^8 = 256 leaves and larger are memoised by SubtreeCache; smaller ones are rehashed. */
export const defaultMemoLevel = 8;

const leafPrefix = Buffer.from([0x00]);
const nodePrefix = Buffer.from([0x01]);
/** Scratch `0x01 || left || right` for nodeHash: one-shot hashing of one buffer is Node's fastest path. */
const nodeInput = Buffer.concat([nodePrefix, Buffer.alloc(2 * hashBytes)]);

/** RFC 6962 section 2.1: MTH({}) = SHA-256(). */
export function emptyRoot(): Uint8Array {
  return hash('sha256', Buffer.alloc(0), 'buffer');
}

/** RFC 6962 section 2.1: MTH({d}) = SHA-256(0x00 || d). */
export function leafHash(data: Uint8Array): Uint8Array {
  return hash('sha256', Buffer.concat([leafPrefix, data]), 'buffer');
}

/**
 * RFC 6962 section 2.1: the interior node over two subtrees, SHA-256(0x01 || left || right). Inputs of any
 * length hash correctly (proof verification may be handed a malformed root); 32-byte pairs go fastest.
 */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  if (left.length !== hashBytes || right.length !== hashBytes) {
    return hash('sha256', Buffer.concat([nodePrefix, left, right]), 'buffer');
  }
  nodeInput.set(left, 1);
  nodeInput.set(right, 1 + hashBytes);
  return hash('sha256', nodeInput, 'buffer');
}

/** MTH over a list of leaf hashes (not leaf data): the root of the tree with exactly these leaves. */
export function rootFromLeafHashes(hashes: readonly Uint8Array[]): Uint8Array {
  const log = new MerkleLog();
  for (const hash of hashes) log.append(hash);
  return log.root();
}

/**
 * A log's tree head kept as a compact range: one hash per perfect subtree the log divides into (one per
 * set bit of its size, largest first), so memory is O(log n) whatever the size. Appending is amortised
 * O(1) hashes (O(log n) at worst); `root()` costs O(log n) hashes. For the root at an earlier size, or
 * for proofs, use SubtreeCache.
 */
export class MerkleLog {
  #size = 0;
  /** The perfect subtrees the log divides into, left to right, with their heights. */
  readonly #peaks: { level: number; hash: Uint8Array }[] = [];

  /** Picks up a log from its size and the peaks a previous `peaks()` returned, without its leaves. */
  static resume(size: number, peaks: readonly Uint8Array[]): MerkleLog {
    checkSize(size, 'size');
    const levels = peakLevels(size);
    if (peaks.length !== levels.length) {
      throw new MerkleError(
        `A log of ${size} leaves has ${levels.length} peaks, but ${peaks.length} were given.`,
      );
    }
    const log = new MerkleLog();
    levels.forEach((level, i) => {
      const hash = peaks[i] as Uint8Array;
      checkHash(hash, `peak ${i}`);
      log.#peaks.push({ level, hash: Uint8Array.from(hash) });
    });
    log.#size = size;
    return log;
  }

  get size(): number {
    return this.#size;
  }

  /** Copies of the perfect-subtree roots, largest first: what `resume` needs to continue this log. */
  peaks(): Uint8Array[] {
    return this.#peaks.map((peak) => Uint8Array.from(peak.hash));
  }

  append(leaf: Uint8Array): void {
    checkHash(leaf, 'leaf hash');
    if (this.#size >= Number.MAX_SAFE_INTEGER) throw new MerkleError('The log is full (2^53 - 1 leaves).');
    let level = 0;
    let hash = leaf;
    for (let top = this.#peaks.at(-1); top?.level === level; top = this.#peaks.at(-1)) {
      this.#peaks.pop();
      hash = nodeHash(top.hash, hash);
      level++;
    }
    this.#peaks.push({ level, hash: level === 0 ? Uint8Array.from(leaf) : hash });
    this.#size++;
  }

  /** MTH of all leaves appended so far. */
  root(): Uint8Array {
    let root: Uint8Array | undefined;
    for (const peak of this.#peaks.toReversed()) {
      root = root === undefined ? peak.hash : nodeHash(peak.hash, root);
    }
    return root === undefined ? emptyRoot() : Uint8Array.from(root);
  }
}

/** Reads the leaf hashes at positions [start, end) of the log, in order. */
export type LeafHashReader = (start: number, end: number) => readonly Uint8Array[];

/** MTH(D[start:end]): the hash of the tree whose leaves are positions [start, end) of the log. */
export type SubtreeHasher = (start: number, end: number) => Uint8Array;

/**
 * Subtree hashes over a log's leaf hashes, for proofs and historical roots. Every perfect, aligned subtree
 * of 2^memoLevel leaves or more is memoised, filled in leaf order: the first query that reaches a leaf
 * reads it once (in blocks of 2^memoLevel), so the first proof at a new size costs O(new leaves). After
 * that a proof costs O(log n) lookups plus at most 2 * 2^memoLevel leaf reads and hashes (the small
 * subtrees below the memo level). The memo holds about 2n / 2^memoLevel hashes: 8 Ki hashes for a
 * million leaves at the default level. Keep one cache per log for as long as the log is open: it trusts
 * that a leaf never changes once read (the log is append-only), so never query a size the log has not
 * reached.
 */
export class SubtreeCache {
  readonly #readLeaves: LeafHashReader;
  readonly #memoLevel: number;
  /** `#memo[h][i]` is the hash of the i-th perfect subtree of height memoLevel + h. */
  readonly #memo: Uint8Array[][] = [];
  /** Leaves [0, #filled) are covered by the memo; always a multiple of 2^memoLevel. */
  #filled = 0;

  constructor(readLeaves: LeafHashReader, memoLevel = defaultMemoLevel) {
    if (!Number.isInteger(memoLevel) || memoLevel < 0 || memoLevel > 30) {
      throw new MerkleError(`memoLevel must be an integer from 0 to 30, not ${memoLevel}.`);
    }
    this.#readLeaves = readLeaves;
    this.#memoLevel = memoLevel;
  }

  /** MTH(D[start:end]); any 0 <= start < end works, and tree nodes (what proofs ask for) are fast. */
  readonly subtreeHash: SubtreeHasher = (start, end) => {
    checkSize(start, 'start');
    checkSize(end, 'end');
    if (end <= start) throw new MerkleError(`A subtree needs start < end, but got [${start}, ${end}).`);
    return Uint8Array.from(this.#rangeHash(start, end));
  };

  #rangeHash(start: number, end: number): Uint8Array {
    const width = end - start;
    const level = perfectLevel(width);
    if (level !== undefined && start % width === 0) return this.#perfectHash(level, start / width);
    const k = largestPowerOfTwoBelow(width);
    return nodeHash(this.#rangeHash(start, start + k), this.#rangeHash(start + k, end));
  }

  /** Hash of the perfect subtree of height `level` covering leaves [index * 2^level, (index + 1) * 2^level). */
  #perfectHash(level: number, index: number): Uint8Array {
    if (level < this.#memoLevel) return this.#hashLeaves(index * 2 ** level, (index + 1) * 2 ** level);
    this.#fillTo((index + 1) * 2 ** level);
    return this.#memo[level - this.#memoLevel]?.[index] as Uint8Array;
  }

  /** Extends the memo, block by block in leaf order, until it covers every complete block below `end`. */
  #fillTo(end: number): void {
    const block = 2 ** this.#memoLevel;
    while (this.#filled + block <= end) {
      let hash = this.#hashLeaves(this.#filled, this.#filled + block);
      for (let h = 0; ; h++) {
        const row = (this.#memo[h] ??= []);
        row.push(hash);
        if (row.length % 2 === 1) break;
        hash = nodeHash(row[row.length - 2] as Uint8Array, hash);
      }
      this.#filled += block;
    }
  }

  /** Root of a perfect subtree straight from its leaves, read in one call. */
  #hashLeaves(start: number, end: number): Uint8Array {
    const leaves = this.#readLeaves(start, end);
    if (leaves.length !== end - start) {
      throw new MerkleError(
        `The leaf reader returned ${leaves.length} hashes for [${start}, ${end}); the log is shorter than asked.`,
      );
    }
    let level = leaves.map((leaf, i) => {
      checkHash(leaf, `leaf hash ${start + i}`);
      return leaf;
    });
    while (level.length > 1) {
      const next: Uint8Array[] = [];
      for (let i = 0; i < level.length; i += 2) {
        next.push(nodeHash(level[i] as Uint8Array, level[i + 1] as Uint8Array));
      }
      level = next;
    }
    return level[0] as Uint8Array;
  }
}

/**
 * RFC 9162 section 2.1.3.1 PATH(index, D[0:size]): the sibling hashes from the leaf up to the root.
 * Costs O(log size) calls to `subtreeHash`, each for a node of the tree of that size.
 */
export function inclusionProof(index: number, size: number, subtreeHash: SubtreeHasher): Uint8Array[] {
  checkSize(index, 'index');
  checkSize(size, 'size');
  if (index >= size) throw new MerkleError(`Leaf ${index} is not in a tree of ${size} leaves.`);
  const topDown: Uint8Array[] = [];
  let start = 0;
  let end = size;
  while (end - start > 1) {
    const k = largestPowerOfTwoBelow(end - start);
    if (index < start + k) {
      topDown.push(subtreeHash(start + k, end));
      end = start + k;
    } else {
      topDown.push(subtreeHash(start, start + k));
      start += k;
    }
  }
  return topDown.reverse();
}

/**
 * RFC 9162 section 2.1.4.1 PROOF(size1, D[0:size2]): the hashes that show the tree of size1 is a prefix
 * of the tree of size2. Requires 0 < size1 <= size2; equal sizes give an empty proof.
 * Costs O(log size2) calls to `subtreeHash`, each for a node of the tree of size2.
 */
export function consistencyProof(size1: number, size2: number, subtreeHash: SubtreeHasher): Uint8Array[] {
  checkSize(size1, 'size1');
  checkSize(size2, 'size2');
  if (size1 === 0) throw new MerkleError('A consistency proof from the empty tree is meaningless.');
  if (size1 > size2) throw new MerkleError(`size1 (${size1}) is larger than size2 (${size2}).`);
  const topDown: Uint8Array[] = [];
  let start = 0;
  let end = size2;
  let startsAtOldRoot = true;
  while (end !== size1) {
    const k = largestPowerOfTwoBelow(end - start);
    if (size1 - start <= k) {
      topDown.push(subtreeHash(start + k, end));
      end = start + k;
    } else {
      topDown.push(subtreeHash(start, start + k));
      start += k;
      startsAtOldRoot = false;
    }
  }
  if (!startsAtOldRoot) topDown.push(subtreeHash(start, end));
  return topDown.reverse();
}

/** The largest power of two strictly below n (n >= 2), without 32-bit bitwise operators. */
function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** The height of a perfect subtree of `width` leaves, or undefined when width is not a power of two. */
function perfectLevel(width: number): number | undefined {
  let level = 0;
  for (let w = 1; w < width; w *= 2) level++;
  return 2 ** level === width ? level : undefined;
}

/** Heights of the perfect subtrees a log of `size` leaves divides into, largest first. */
export function peakLevels(size: number): number[] {
  const levels: number[] = [];
  let rest = size;
  for (let level = 52; level >= 0; level--) {
    if (rest >= 2 ** level) {
      levels.push(level);
      rest -= 2 ** level;
    }
  }
  return levels;
}

function checkSize(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new MerkleError(`${what} must be a whole number from 0 to 2^53 - 1, not ${value}.`);
  }
}

function checkHash(hash: Uint8Array, what: string): void {
  if (!(hash instanceof Uint8Array) || hash.length !== hashBytes) {
    throw new MerkleError(`The ${what} must be ${hashBytes} bytes (a SHA-256 hash).`);
  }
}
