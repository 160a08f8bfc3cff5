// Anchors: the checkpoints a vault's ledger signed, kept outside the vault (one append-only file per vault
// id in the workstation's per-user state directory) or handed out as files, and the RFC 9162 consistency
// proofs that the vault's ledger still extends them. It never writes to the vault, never rewrites a line.
import {
  closeSync,
  fchmodSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  writeSync,
} from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CustodyError, InvalidInputError, TamperDetectedError } from '../errors';
import { openCheckpoint, parseCheckpoint, type Checkpoint } from './checkpoint';
import type { Ledger } from './ledger';
import { consistencyProof, nodeHash, peakLevels, rootFromLeafHashes, type SubtreeHasher } from './merkle';
import { parseNote } from './note';
import { ProofError, verifyConsistency } from './proofs';

/** The vault's ledger does not extend a checkpoint it signed earlier: rolled back, cut back or rewritten. */
export class LedgerRollbackError extends TamperDetectedError {}

/** One line of the anchor store: a signed checkpoint and when this workstation anchored it. */
export interface StoredAnchor {
  checkpoint: string;
  anchoredAt: string;
  /** 1-based line number in the store. */
  line: number;
  size: number;
}

export interface AnchorStoreContents {
  path: string;
  anchors: StoredAnchor[];
  /** Lines that were skipped (a torn last line after a crash), each naming the line. */
  warnings: string[];
}

export interface AnchorReport {
  /** The anchor store file of this vault. */
  store: string;
  /** Checkpoints checked: the store's distinct ones and every file's. */
  anchorsChecked: number;
  /** The largest checkpoint in the store, or null when it holds none. */
  latestAnchoredSize: number | null;
  problems: string[];
  warnings: string[];
}

const vaultIdPattern = /^[A-Za-z0-9-]{1,64}$/;
/** Subtrees of at most this many leaves are hashed straight from the stored leaf hashes. */
const leafBlock = 256;

/** The anchor store of one vault: `<stateDir>/anchors/<vault id>.jsonl`. */
export function anchorStorePath(stateDir: string, vaultId: string): string {
  if (!vaultIdPattern.test(vaultId)) {
    throw new InvalidInputError(`"${vaultId}" is not a vault id an anchor store can be named after.`);
  }
  return join(stateDir, 'anchors', `${vaultId}.jsonl`);
}

function sizeOf(note: string): number | null {
  try {
    return parseCheckpoint(parseNote(note).text).size;
  } catch (error) {
    if (error instanceof CustodyError) return null;
    throw error;
  }
}

/** Reads the store. Unreadable lines (a crash mid-append leaves one) are skipped with a warning. */
export function readAnchorStore(stateDir: string, vaultId: string): AnchorStoreContents {
  const path = anchorStorePath(stateDir, vaultId);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { path, anchors: [], warnings: [] };
    throw error;
  }
  const anchors: StoredAnchor[] = [];
  const warnings: string[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line === '' && i === lines.length - 1) return;
    const torn = i === lines.length - 1 ? ' (it has no newline: an append was interrupted)' : '';
    let value: unknown = null;
    try {
      value = JSON.parse(line);
    } catch {
      // Reported below with the line number.
    }
    const { checkpoint, anchoredAt } = (value ?? {}) as Partial<Record<string, unknown>>;
    const size = typeof checkpoint === 'string' ? sizeOf(checkpoint) : null;
    if (typeof checkpoint !== 'string' || typeof anchoredAt !== 'string' || size === null) {
      warnings.push(
        `Line ${i + 1} of the anchor store ${path} is not a readable anchor and was ignored${torn}.`,
      );
      return;
    }
    anchors.push({ checkpoint, anchoredAt, line: i + 1, size });
  });
  return { path, anchors, warnings };
}

/**
 * Appends one anchor and fsyncs it (and the folder when the file is new), owner-only. After a torn last
 * line the new anchor starts on a line of its own, so only the torn one is ever lost.
 */
export function appendAnchor(
  stateDir: string,
  vaultId: string,
  checkpoint: string,
  anchoredAt: string,
): void {
  const path = anchorStorePath(stateDir, vaultId);
  const dir = join(stateDir, 'anchors');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const fd = openSync(path, 'a+', 0o600);
  try {
    fchmodSync(fd, 0o600);
    const { size } = fstatSync(fd);
    const last = Buffer.alloc(1);
    const afterTorn = size > 0 && readSync(fd, last, 0, 1, size - 1) === 1 && last[0] !== 0x0a;
    writeSync(fd, `${afterTorn ? '\n' : ''}${JSON.stringify({ anchoredAt, checkpoint })}\n`);
    fsyncSync(fd);
    if (size === 0) {
      const dirFd = openSync(dir, 'r');
      try {
        fsyncSync(dirFd);
      } finally {
        closeSync(dirFd);
      }
    }
  } finally {
    closeSync(fd);
  }
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function addPeaks(known: Map<string, Uint8Array>, size: number, peaks: readonly Uint8Array[]): void {
  let start = 0;
  peakLevels(size).forEach((level, i) => {
    const peak = peaks[i];
    if (peak) known.set(`${start}:${start + 2 ** level}`, peak);
    start += 2 ** level;
  });
}

/**
 * Subtree hashes for a consistency proof from `size1` to the head, reading only what lies after the
 * checkpoint: the stored peaks of the head and of the vault's checkpoint at size1 (when it has one) are
 * tree nodes, the rest is hashed from stored leaf hashes. The proof is checked against the anchored root,
 * so a forged stored peak makes it fail, never pass.
 */
function nearHeadHasher(ledger: Ledger, size1: number): SubtreeHasher {
  const known = new Map<string, Uint8Array>();
  addPeaks(known, ledger.size, ledger.peaks());
  const stored = ledger.checkpointAtOrBelow(size1);
  if (stored?.size === size1) addPeaks(known, size1, stored.peaks);
  const hash: SubtreeHasher = (start, end) => {
    const node = known.get(`${start}:${end}`);
    if (node) return node;
    if (end - start <= leafBlock) {
      const leaves = ledger.leafHashes(start, end);
      if (leaves.length !== end - start) {
        throw new TamperDetectedError(
          `Ledger entries ${start} to ${end - 1} are not all stored, though the ledger head counts them.`,
        );
      }
      return rootFromLeafHashes(leaves);
    }
    const k = largestPowerOfTwoBelow(end - start);
    return nodeHash(hash(start, start + k), hash(start + k, end));
  };
  return hash;
}

const restoreAdvice =
  'Nothing in the vault was changed. Open the most recent copy of this vault instead. If this older ' +
  'state is knowingly the one to keep, the history after it is lost: keep a copy of the anchor store ' +
  'for the record, move it out of the state directory, and unlock again.';

/**
 * Proves with an RFC 9162 consistency proof that the ledger extends the signed checkpoint `note`, after
 * checking its signature with the vault's workstation key. `source` names where the checkpoint came from.
 */
export function proveExtends(
  ledger: Ledger,
  note: string,
  source: string,
  hasher?: SubtreeHasher,
  advice = restoreAdvice,
): Checkpoint {
  let checkpoint: Checkpoint;
  try {
    checkpoint = openCheckpoint(note, ledger.checkpointVerifier());
  } catch (error) {
    if (!(error instanceof CustodyError)) throw error;
    throw new LedgerRollbackError(
      `${source} does not hold a checkpoint signed by this vault's workstation key (${ledger.origin}): ${error.message}`,
    );
  }
  const size = ledger.size;
  const rootHex = Buffer.from(checkpoint.rootHash).toString('hex');
  if (checkpoint.size > size) {
    throw new LedgerRollbackError(
      `This vault's ledger has ${size} entries, but ${source} holds its signed checkpoint of ` +
        `${checkpoint.size} entries (root ${rootHex}): the vault was restored from an older copy, or its ` +
        `ledger was cut back after that checkpoint. ${advice}`,
    );
  }
  try {
    const proof = consistencyProof(checkpoint.size, size, hasher ?? nearHeadHasher(ledger, checkpoint.size));
    verifyConsistency(checkpoint.size, size, proof, checkpoint.rootHash, ledger.root());
  } catch (error) {
    if (!(error instanceof ProofError)) throw error;
    throw new LedgerRollbackError(
      `This vault's ledger (${size} entries) does not extend the signed checkpoint of ${checkpoint.size} ` +
        `entries (root ${rootHex}) in ${source}: its history up to that checkpoint was rewritten. ${advice}`,
    );
  }
  return checkpoint;
}

function describe(anchor: StoredAnchor, path: string): string {
  return `the checkpoint this workstation anchored at ${anchor.anchoredAt} (${path}, line ${anchor.line})`;
}

function warn(message: string): void {
  process.emitWarning(message, 'CustodyAnchorWarning');
}

/**
 * At unlock, before anything is written: proves the ledger extends the latest checkpoint in the anchor
 * store (throws LedgerRollbackError otherwise), then anchors the vault's latest checkpoint and, from now
 * on, every checkpoint the ledger commits. A store that cannot be written only warns: the next lock or
 * unlock anchors again.
 */
export function anchorLedger(
  ledger: Ledger,
  stateDir: string,
  vaultId: string,
  clock: () => number = Date.now,
): void {
  const store = readAnchorStore(stateDir, vaultId);
  store.warnings.forEach(warn);
  const largest = Math.max(0, ...store.anchors.map((a) => a.size));
  const checked = new Set<string>();
  for (const anchor of store.anchors.filter((a) => a.size === largest)) {
    if (checked.has(anchor.checkpoint)) continue;
    checked.add(anchor.checkpoint);
    proveExtends(ledger, anchor.checkpoint, describe(anchor, store.path));
  }
  const latest = ledger.latestCheckpoint();
  if (latest && latest.size > largest) {
    proveExtends(ledger, latest.note, `the vault's own checkpoint of ${latest.size} entries`);
  }
  ledger.anchorTo((checkpoint) => {
    try {
      appendAnchor(stateDir, vaultId, checkpoint.note, new Date(clock()).toISOString());
    } catch (error) {
      warn(
        `Checkpoint ${checkpoint.size} could not be anchored in ${store.path}: ${(error as Error).message}. ` +
          'It is anchored again at the next lock or unlock.',
      );
    }
  }, largest);
}

/** The signed checkpoint a witness file holds: a checkpoint note, a receipt's JSON, or an export folder. */
async function witnessNote(file: string): Promise<string> {
  const path = (await stat(file)).isDirectory() ? join(file, 'checkpoint') : file;
  const text = await readFile(path, 'utf8');
  if (text.trimStart().startsWith('{')) {
    const value = JSON.parse(text) as { checkpoint?: unknown };
    if (typeof value.checkpoint === 'string') return value.checkpoint;
    throw new InvalidInputError('The JSON file has no "checkpoint" field.');
  }
  return text;
}

/**
 * For `custody verify`: proves the ledger extends every distinct checkpoint in the anchor store and in
 * each witness file (`custody log anchor` output, a ledger export or its `checkpoint`, a receipt). Each
 * failure is a problem naming its source; nothing throws for a bad anchor.
 */
export async function verifyAnchors(
  ledger: Ledger,
  stateDir: string,
  vaultId: string,
  files: readonly string[] = [],
): Promise<AnchorReport> {
  const store = readAnchorStore(stateDir, vaultId);
  const problems: string[] = [];
  const hasher = ledger.subtrees().subtreeHash;
  const seen = new Set<string>();
  let anchorsChecked = 0;
  const check = (note: string, source: string, advice?: string): void => {
    anchorsChecked++;
    try {
      proveExtends(ledger, note, source, hasher, advice);
    } catch (error) {
      if (!(error instanceof CustodyError)) throw error;
      problems.push(error.message);
    }
  };
  for (const anchor of store.anchors) {
    if (seen.has(anchor.checkpoint)) continue;
    seen.add(anchor.checkpoint);
    check(anchor.checkpoint, describe(anchor, store.path));
  }
  for (const file of files) {
    let note: string;
    try {
      note = await witnessNote(file);
    } catch (error) {
      problems.push(`${file}: cannot be read as a checkpoint: ${(error as Error).message}`);
      continue;
    }
    check(note, file, 'The vault does not hold the history that file vouches for.');
  }
  const latest = store.anchors.length > 0 ? Math.max(...store.anchors.map((a) => a.size)) : null;
  return {
    store: store.path,
    anchorsChecked,
    latestAnchoredSize: latest,
    problems,
    warnings: store.warnings,
  };
}
