// Public surface of the ledger: the append-only signed log a vault keeps (appending, reading entries by
// subject, checkpoints), its anchors outside the vault, its verification and its export. Callers outside ledger/ import from here, never
// from the files behind it. The signing keys themselves are identity's: they are passed in, never read here.
export { anchorLedger, anchorStorePath, LedgerRollbackError, verifyAnchors } from './anchors';
export type { AnchorReport } from './anchors';
export { auditLedger } from './audit';
export { canonicalize } from './canonical-json';
export type { LedgerAudit, Verifiers } from './audit';
export { entrySignatureValid, MalformedEntryError, parseEntry, signedBytes } from './entry';
export type { LedgerEntry } from './entry';
export {
  ledgerExportFiles,
  verifyLedgerExport,
  verifyLedgerView,
  writeLedgerExport,
  writeLedgerView,
} from './export';
export type { ExportFiles, ExportSummary, StoredKey } from './export';
export { activityByDay, matchingSeqs, queryEntries } from './query';
export type { CheckedEntry, DailyActivity, EntryQuery, SignatureStatus } from './query';
export { Ledger } from './ledger';
export type { LedgerActor, StoredCheckpoint } from './ledger';
export { openCheckpoint, parseCheckpoint } from './checkpoint';
export type { Checkpoint } from './checkpoint';
export { consistencyProof, inclusionProof, leafHash, MerkleLog, SubtreeCache } from './merkle';
export { verifyConsistency, verifyInclusion } from './proofs';
export { packPeaks, unpackPeaks } from './ledger';
export {
  decodeCanonicalBase64,
  generateSignerKey,
  parseNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
  verifierOf,
  verifyNote,
} from './note';
export type { NoteSigner, NoteVerifier } from './note';
export { LedgerVerificationError } from './verify';
export { inThreadChecker, parallelChecker } from './signature-check';
export type { SignatureChecker, SignatureJob } from './signature-check';
