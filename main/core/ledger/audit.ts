// Verifies the ledger stored in a vault: fully (every entry from the first) or incrementally (only the
// entries after the last verified checkpoint, resuming the tree from that checkpoint's peaks). Also
// checks that the stored tree head agrees with the entries. Records how far verification got. The keys
// to check signatures with are the caller's (identity keeps them); this file never reads them itself.
import { openCheckpoint } from './checkpoint';
import { parseEntry } from './entry';
import type { Ledger } from './ledger';
import { leafHash, MerkleLog } from './merkle';
import type { NoteVerifier } from './note';
import { inThreadChecker, parallelChecker } from './signature-check';
import { fullStart, LedgerVerificationError, verifyLeaves, type VerifyStart } from './verify';

/** Below this many entries to check, worker threads cost more than they save. */
const parallelFrom = 20_000;

export interface LedgerAudit {
  mode: 'full' | 'incremental';
  /** Entries checked in this run. */
  entries: number;
  size: number;
  checkpointsChecked: number;
  rootHex: string;
}

/** Verifier keys by name: the workstation's (checkpoints) and every user's (entries). */
export type Verifiers = ReadonlyMap<string, NoteVerifier>;

function incrementalStart(ledger: Ledger, verifiers: Verifiers): VerifyStart | null {
  const checkpoint = ledger.checkpointAtOrBelow(ledger.verifiedSize());
  if (!checkpoint) return null;
  const log = MerkleLog.resume(checkpoint.size, checkpoint.peaks);
  const verifier = verifiers.get(ledger.origin);
  if (!verifier) throw new LedgerVerificationError('The workstation key is missing from the vault.');
  const signed = openCheckpoint(checkpoint.note, verifier);
  if (Buffer.compare(Buffer.from(signed.rootHash), Buffer.from(log.root())) !== 0) {
    throw new LedgerVerificationError(`The stored tree state of checkpoint ${checkpoint.size} was changed.`);
  }
  const last = ledger.leaves(checkpoint.size - 1, checkpoint.size)[0];
  if (!last)
    throw new LedgerVerificationError(`Ledger entry ${checkpoint.size - 1} is missing.`, checkpoint.size - 1);
  return {
    seq: checkpoint.size,
    log,
    prev: Buffer.from(leafHash(last)).toString('hex'),
    hlc: parseEntry(last).hlc,
  };
}

export async function auditLedger(
  ledger: Ledger,
  verifiers: Verifiers,
  mode: 'full' | 'incremental',
): Promise<LedgerAudit> {
  const start = (mode === 'incremental' ? incrementalStart(ledger, verifiers) : null) ?? fullStart();
  const signatures = ledger.size - start.seq >= parallelFrom ? parallelChecker() : inThreadChecker();
  let result;
  try {
    result = await verifyLeaves(ledger.leavesFrom(start.seq), {
      origin: ledger.origin,
      verifiers,
      checkpoints: ledger.checkpointsAbove(start.seq),
      start,
      signatures,
    });
  } finally {
    await signatures.close();
  }
  const headSize = ledger.size;
  if (result.size !== headSize) {
    throw new LedgerVerificationError(
      `The ledger head records ${headSize} entries, but ${result.size} are stored: entries were deleted or added.`,
      Math.min(result.size, headSize),
    );
  }
  if (Buffer.compare(Buffer.from(result.root), Buffer.from(ledger.root())) !== 0) {
    throw new LedgerVerificationError('The stored tree head does not match the entries.');
  }
  ledger.markVerified(result.size);
  return {
    mode: start.seq === 0 ? 'full' : 'incremental',
    entries: result.entries,
    size: result.size,
    checkpointsChecked: result.checkpointsChecked,
    rootHex: Buffer.from(result.root).toString('hex'),
  };
}
