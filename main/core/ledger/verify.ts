// Ledger verification, from any source of leaves (the vault database, or an export folder): every entry
// canonical and well formed, numbered in order, chained to the one before, signed by its actor's key,
// stamped with an increasing clock; the tree rebuilt from the leaves; every checkpoint signed by the
// workstation and matching the tree at its size. Stops at, and names, the first thing that is wrong.
import { TamperDetectedError } from '../errors';
import { openCheckpoint } from './checkpoint';
import { entrySignatureValid, MalformedEntryError, parseEntry, zeroHash, type LedgerEntry } from './entry';
import { compareHlc, type Hlc } from './hlc';
import { leafHash, MerkleLog } from './merkle';
import type { NoteVerifier } from './note';

export class LedgerVerificationError extends TamperDetectedError {
  constructor(
    message: string,
    /** The first bad entry's sequence number, when the problem is an entry. */
    readonly seq?: number,
  ) {
    super(message);
  }
}

export interface VerifyStart {
  /** Sequence number of the first leaf given. */
  seq: number;
  /** Tree state before the first leaf (a verified checkpoint's size and peaks); empty for a full check. */
  log: MerkleLog;
  /** Leaf hash (hex) of the entry before the first leaf; zeros for a full check. */
  prev: string;
  hlc: Hlc;
}

export interface LedgerVerification {
  origin: string;
  /** Verifier keys by name: the workstation's (named `origin`) and every user's. */
  verifiers: ReadonlyMap<string, NoteVerifier>;
  /** Signed checkpoints, any order; each must match the tree at its size. */
  checkpoints: ReadonlyArray<{ size: number; note: string }>;
  /** Where to start; omitted for a full check from entry 0. */
  start?: VerifyStart;
}

export interface VerifyResult {
  entries: number;
  size: number;
  root: Uint8Array;
  checkpointsChecked: number;
  log: MerkleLog;
  lastHlc: Hlc;
  lastLeafHash: string;
}

export function fullStart(): VerifyStart {
  return { seq: 0, log: new MerkleLog(), prev: zeroHash, hlc: { wall: -1, count: 0 } };
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** The rule binding a user's key to the entries it may sign: `<origin>/users/<actorName>`. */
function keyMatchesActor(entry: LedgerEntry): boolean {
  return entry.key === `${entry.origin}/users/${entry.actorName}`;
}

export function verifyLeaves(leaves: Iterable<Uint8Array>, options: LedgerVerification): VerifyResult {
  const start = options.start ?? fullStart();
  const workstation = options.verifiers.get(options.origin);
  if (!workstation)
    throw new LedgerVerificationError(`There is no verifier key for the workstation ${options.origin}.`);
  const pending = new Map<number, string>();
  for (const c of options.checkpoints) if (c.size > start.log.size) pending.set(c.size, c.note);
  const log = start.log;
  let prev = start.prev;
  let lastHlc = start.hlc;
  let seq = start.seq;
  let checked = 0;
  let entries = 0;

  for (const bytes of leaves) {
    const fail = (what: string): never => {
      throw new LedgerVerificationError(`Ledger entry ${seq} ${what}.`, seq);
    };
    let entry: LedgerEntry;
    try {
      entry = parseEntry(bytes);
    } catch (error) {
      if (error instanceof MalformedEntryError) return fail(error.message);
      throw error;
    }
    if (entry.seq !== seq)
      fail(`carries sequence number ${entry.seq}: entries were deleted, added or reordered`);
    if (entry.origin !== options.origin) fail(`belongs to another log (${entry.origin})`);
    if (entry.prev !== prev) fail('does not chain to the entry before it (its "prev" hash differs)');
    if (compareHlc(entry.hlc, lastHlc) <= 0) fail('has a clock stamp that does not increase');
    if (!keyMatchesActor(entry))
      fail(`is signed with key ${entry.key}, which is not the key of its actor ${entry.actorName}`);
    const verifier = options.verifiers.get(entry.key);
    if (!verifier) fail(`is signed with an unknown key (${entry.key})`);
    if (!entrySignatureValid(entry, verifier as NoteVerifier))
      fail(`has a signature that does not verify (key ${entry.key})`);
    const hash = leafHash(bytes);
    log.append(hash);
    prev = hex(hash);
    lastHlc = entry.hlc;
    seq++;
    entries++;
    const note = pending.get(log.size);
    if (note !== undefined) {
      checkCheckpoint(note, log, workstation);
      pending.delete(log.size);
      checked++;
    }
  }
  if (pending.size > 0) {
    const size = Math.min(...pending.keys());
    throw new LedgerVerificationError(
      `A checkpoint covers ${size} entries, but the ledger has only ${log.size}: entries were deleted.`,
      log.size,
    );
  }
  return {
    entries,
    size: log.size,
    root: log.root(),
    checkpointsChecked: checked,
    log,
    lastHlc,
    lastLeafHash: prev,
  };
}

function checkCheckpoint(note: string, log: MerkleLog, workstation: NoteVerifier): void {
  let checkpoint;
  try {
    checkpoint = openCheckpoint(note, workstation);
  } catch (error) {
    throw new LedgerVerificationError(
      `The checkpoint at size ${log.size} is not validly signed by the workstation: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (checkpoint.size !== log.size) {
    throw new LedgerVerificationError(
      `The checkpoint filed at size ${log.size} says size ${checkpoint.size}.`,
    );
  }
  if (hex(checkpoint.rootHash) !== hex(log.root())) {
    throw new LedgerVerificationError(
      `The checkpoint at size ${log.size} does not match the entries: the tree they make has another root. ` +
        `An entry before it was changed.`,
      log.size - 1,
    );
  }
}
