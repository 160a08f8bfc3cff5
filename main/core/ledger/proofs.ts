// RFC 9162 verification of inclusion and consistency proofs, as transparency-dev/merkle's proof package
// does it. It trusts nothing it is given: every failure throws a ProofError saying what did not match,
// and it never returns a root it has not fully recomputed from the proof.
import { TamperDetectedError } from '../errors';
import { hashBytes, nodeHash } from './merkle';

export class ProofError extends TamperDetectedError {}

/**
 * The root of the tree of `size` leaves that the inclusion proof leads to from `leafHash` at `index`.
 * Throws a ProofError if the arguments or the proof's shape are wrong; compare the result yourself, or
 * call verifyInclusion.
 */
export function rootFromInclusionProof(
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
): Uint8Array {
  checkCount(index, 'leaf index');
  checkCount(size, 'tree size');
  if (index >= size) throw new ProofError(`Leaf index ${index} is not in a tree of ${size} leaves.`);
  checkHash(leafHash, 'The leaf hash');
  proof.forEach((hash, i) => checkHash(hash, `Proof hash ${i}`));
  const { inner, border } = decomposeInclusionProof(BigInt(index), BigInt(size));
  if (proof.length !== inner + border) {
    throw new ProofError(
      `The inclusion proof has ${proof.length} hashes; for leaf ${index} in a tree of ${size} leaves it must have ${inner + border}.`,
    );
  }
  const below = chainInner(leafHash, proof.slice(0, inner), BigInt(index));
  return chainBorderRight(below, proof.slice(inner));
}

/** Checks that the leaf with `leafHash` is at `index` in the tree of `size` leaves whose root is `root`. */
export function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): void {
  const calculated = rootFromInclusionProof(leafHash, index, size, proof);
  if (!equalBytes(calculated, root)) {
    throw new ProofError(
      `The inclusion proof for leaf ${index} does not lead to the root of the tree of ${size} leaves: ` +
        `it gives ${hex(calculated)}, expected ${hex(root)}.`,
    );
  }
}

/**
 * The root of the tree of size2 that the consistency proof leads to, after checking that it also leads
 * to `root1` for size1. Requires 0 < size1 <= size2; equal sizes need an empty proof and return root1.
 */
export function rootFromConsistencyProof(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
): Uint8Array {
  checkCount(size1, 'size1');
  checkCount(size2, 'size2');
  if (size2 < size1)
    throw new ProofError(`size2 (${size2}) is smaller than size1 (${size1}); a log never shrinks.`);
  if (size1 === 0)
    throw new ProofError('A consistency proof from the empty tree (size1 = 0) is meaningless.');
  if (size1 === size2) {
    if (proof.length > 0) {
      throw new ProofError(
        `The trees have the same size (${size1}), so the proof must be empty, not ${proof.length} hashes.`,
      );
    }
    return Uint8Array.from(root1);
  }
  if (proof.length === 0)
    throw new ProofError(`The consistency proof from ${size1} to ${size2} leaves is empty.`);
  proof.forEach((hash, i) => checkHash(hash, `Proof hash ${i}`));

  const old = BigInt(size1);
  const decomposed = decomposeInclusionProof(old - 1n, BigInt(size2));
  const shift = trailingZeros(old);
  const inner = decomposed.inner - shift;
  // The proof starts with the old tree's rightmost perfect subtree, unless that subtree is the old tree.
  const oldIsPerfect = old === 1n << BigInt(shift);
  const seed = oldIsPerfect ? root1 : (proof[0] as Uint8Array);
  const path = oldIsPerfect ? proof : proof.slice(1);
  const expected = (oldIsPerfect ? 0 : 1) + inner + decomposed.border;
  if (proof.length !== expected) {
    throw new ProofError(
      `The consistency proof has ${proof.length} hashes; from ${size1} to ${size2} leaves it must have ${expected}.`,
    );
  }
  const mask = (old - 1n) >> BigInt(shift);
  const innerPath = path.slice(0, inner);
  const borderPath = path.slice(inner);

  const calculated1 = chainBorderRight(chainInnerRight(seed, innerPath, mask), borderPath);
  if (!equalBytes(calculated1, root1)) {
    throw new ProofError(
      `The consistency proof does not lead to the root of the old tree (${size1} leaves): ` +
        `it gives ${hex(calculated1)}, expected ${hex(root1)}.`,
    );
  }
  return chainBorderRight(chainInner(seed, innerPath, mask), borderPath);
}

/** Checks that the tree of size1 with `root1` is a prefix of the tree of size2 with `root2`. */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): void {
  const calculated2 = rootFromConsistencyProof(size1, size2, proof, root1);
  if (!equalBytes(calculated2, root2)) {
    throw new ProofError(
      size1 === size2
        ? `The two roots of the tree of ${size1} leaves differ: ${hex(root1)} and ${hex(root2)}.`
        : `The consistency proof does not lead to the root of the new tree (${size2} leaves): ` +
            `it gives ${hex(calculated2)}, expected ${hex(root2)}.`,
    );
  }
}

/**
 * Splits the inclusion proof for `index` in a tree of `size` leaves where the paths to `index` and to
 * `size - 1` diverge: `inner` hashes below that point, then `border` left-hand hashes above it.
 */
function decomposeInclusionProof(index: bigint, size: bigint): { inner: number; border: number } {
  const inner = bitLength(index ^ (size - 1n));
  return { inner, border: popCount(index >> BigInt(inner)) };
}

/** Hashes up from `seed` at position `index` on its level; bit i of index says which side proof[i] is on. */
function chainInner(seed: Uint8Array, proof: readonly Uint8Array[], index: bigint): Uint8Array {
  return proof.reduce(
    (hash, sibling, i) => (bit(index, i) ? nodeHash(sibling, hash) : nodeHash(hash, sibling)),
    seed,
  );
}

/** Like chainInner, but only left siblings count: the hash of the same subtree at the older size. */
function chainInnerRight(seed: Uint8Array, proof: readonly Uint8Array[], index: bigint): Uint8Array {
  return proof.reduce((hash, sibling, i) => (bit(index, i) ? nodeHash(sibling, hash) : hash), seed);
}

/** Hashes up the right border of the tree, where every sibling is on the left. */
function chainBorderRight(seed: Uint8Array, proof: readonly Uint8Array[]): Uint8Array {
  return proof.reduce((hash, sibling) => nodeHash(sibling, hash), seed);
}

function bit(value: bigint, i: number): boolean {
  return ((value >> BigInt(i)) & 1n) === 1n;
}

function bitLength(value: bigint): number {
  return value === 0n ? 0 : value.toString(2).length;
}

function popCount(value: bigint): number {
  return value.toString(2).replaceAll('0', '').length;
}

/** Number of trailing zero bits of a positive value. */
function trailingZeros(value: bigint): number {
  const bits = value.toString(2);
  return bits.length - 1 - bits.lastIndexOf('1');
}

function checkCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ProofError(`The ${what} must be a whole number from 0 to 2^53 - 1, not ${value}.`);
  }
}

function checkHash(hash: Uint8Array, what: string): void {
  if (hash.length !== hashBytes) {
    throw new ProofError(`${what} is ${hash.length} bytes; it must be ${hashBytes} bytes (SHA-256).`);
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function hex(bytes: Uint8Array): string {
  return bytes.length === 0 ? '(empty)' : Buffer.from(bytes).toString('hex');
}
