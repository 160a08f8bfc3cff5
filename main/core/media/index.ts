// Public surface of media, the ingest pipeline: files read once, hashed, encrypted, sniffed, their image
// metadata read and display copies rendered, PDQ computed and matched, then handed to review as items;
// case files imported with their media; stored items matched again. Callers outside media/ import from
// here. Media owns no table: what it produces is recorded through review's, matching's and vault's verbs.
export { CaseFileError, importCase } from './import-case';
export type { ImportedCase } from './import-case';
export { ingestPaths } from './ingest';
export type { IngestOptions, IngestOutcome, IngestProgress, IngestSummary, OriginalHashes } from './ingest';
export {
  importBankAndQueueRematch,
  matchStoredItems,
  rematchQueued,
  removeBankAndQueueRematch,
} from './match-stored';
export type { RematchOptions, RematchProgress, StoredItemMatches } from './match-stored';
export { describeReceivedOriginals } from './received';
export type { DescribedOriginal, DescribeOptions, ReceivedBlob } from './received';
