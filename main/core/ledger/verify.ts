// Ledger verification, from any source of leaves (the vault database, or an export folder): every entry
// canonical and well formed, numbered in order, chained to the one before, signed by its actor's key,
// stamped with an increasing clock; the tree rebuilt from the leaves; every checkpoint signed by the
// workstation and matching the tree at its size. Stops at, and names, the first thing that is wrong.
import { TamperDetectedError } from '../errors';
import { openCheckpoint } from './checkpoint';
import { MalformedEntryError, parseEntry, signedBytes, zeroHash, type LedgerEntry } from './entry';
import { compareHlc, type Hlc } from './hlc';
import { leafHash, MerkleLog } from './merkle';
import type { NoteVerifier } from './note';
import { inThreadChecker, type SignatureChecker, type SignatureJob } from './signature-check';

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
  /** Who checks signatures; defaults to Node's crypto on this thread. */
  signatures?: SignatureChecker;
}

/** Signatures are checked in batches of this many entries, a few batches in flight at a time. */
const signatureBatch = 2048;
const batchesInFlight = 4;

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
/** The actor's first key is `<origin>/users/<name>`; a key issued after a reset adds `/<n>` (names hold no "/"). */
function keyMatchesActor(entry: LedgerEntry): boolean {
  const base = `${entry.origin}/users/${entry.actorName}`;
  return (
    entry.key === base ||
    (entry.key.startsWith(`${base}/`) && /^[0-9]+$/.test(entry.key.slice(base.length + 1)))
  );
}

export async function verifyLeaves(
  leaves: Iterable<Uint8Array>,
  options: LedgerVerification,
): Promise<VerifyResult> {
  const start = options.start ?? fullStart();
  const workstation = options.verifiers.get(options.origin);
  if (!workstation)
    throw new LedgerVerificationError(`There is no verifier key for the workstation ${options.origin}.`);
  const checker = options.signatures ?? inThreadChecker();
  const rawKeys = new Map<string, Uint8Array>();
  const pending = new Map<number, string>();
  for (const c of options.checkpoints) if (c.size > start.log.size) pending.set(c.size, c.note);
  const log = start.log;
  let prev = start.prev;
  let lastHlc = start.hlc;
  let seq = start.seq;
  let checked = 0;
  let entries = 0;

  // Signatures are checked off this thread in batches; the first bad one, by sequence number, wins.
  let firstBadSignature: { seq: number; key: string } | null = null;
  const inFlight = new Set<Promise<void>>();
  let batch: SignatureJob[] = [];
  let batchStart = seq;
  let batchKeys: string[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const [jobs, first, keys] = [batch, batchStart, batchKeys];
    batch = [];
    batchKeys = [];
    const done: Promise<void> = checker.check(jobs).then((bad) => {
      if (bad >= 0 && (firstBadSignature === null || first + bad < firstBadSignature.seq)) {
        firstBadSignature = { seq: first + bad, key: keys[bad] ?? '' };
      }
      inFlight.delete(done);
    });
    inFlight.add(done);
    if (inFlight.size >= batchesInFlight) await Promise.race(inFlight);
  };
  const settle = async (failure: LedgerVerificationError | null) => {
    await flush();
    await Promise.all(inFlight);
    const bad = firstBadSignature as { seq: number; key: string } | null;
    if (bad && (failure === null || failure.seq === undefined || bad.seq <= failure.seq)) {
      throw new LedgerVerificationError(
        `Ledger entry ${bad.seq} has a signature that does not verify (key ${bad.key}).`,
        bad.seq,
      );
    }
    if (failure) throw failure;
  };

  try {
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
      if (!keyMatchesActor(entry)) {
        fail(`is signed with key ${entry.key}, which is not the key of its actor ${entry.actorName}`);
      }
      const verifier = options.verifiers.get(entry.key);
      if (!verifier) return fail(`is signed with an unknown key (${entry.key})`);
      let publicKey = rawKeys.get(entry.key);
      if (!publicKey) {
        publicKey = Uint8Array.from(verifier.publicKey.export({ format: 'der', type: 'spki' }).subarray(12));
        rawKeys.set(entry.key, publicKey);
      }
      if (batch.length === 0) batchStart = seq;
      batch.push({
        message: signedBytes(bytes, entry),
        signature: Buffer.from(entry.sig, 'base64'),
        publicKey,
      });
      batchKeys.push(entry.key);
      if (batch.length >= signatureBatch) await flush();
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
  } catch (error) {
    if (!(error instanceof LedgerVerificationError)) throw error;
    await settle(error);
  }
  await settle(null);
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
