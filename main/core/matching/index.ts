// Public surface of matching: hash banks (reading their files, importing, listing, removing), matching
// items against them (exact hashes and PDQ), the stored PDQ hash and matches of each item, and matching
// files against a list with no vault, the re-match queue and the persistent PDQ index. Callers outside
// matching/ import from here, or from the PDQ surfaces ./pdq and ./pdq-index, never from the files behind
// them. Owns the banks, bank_hashes, bank_import_problems, item_pdq, item_pdq_frames, item_pdq_dihedral,
// matches, rematch_queue and pdq_segments tables.
export {
  BankFileError,
  detectFileFormat,
  detectFormat,
  formatNamed,
  formats,
  readBank,
  readBankFile,
  UnrecognisedBankFormatError,
} from './banks/import';
export type {
  BankEntry,
  BankInput,
  BankVideo,
  BankVideoFrame,
  FormatInfo,
  FormatName,
  HashAlgorithm,
  ImportItem,
  ImportProblem,
} from './banks/import';
export { bankProjection, hasLiveBanks, importBank, listBanks, removeBank } from './banks/store';
export type {
  BankImport,
  BankKind,
  BankMeta,
  BankRecord,
  BankSummary,
  ImportOptions,
  RemoveOptions,
} from './banks/store';
export { bestKnownMatches, hasUnsuppressedKnownMatch, knownMatches } from './item-matches';
export { itemIdsMatching, itemIdsNearPdq } from './item-search';
export type { MatchCriteria } from './item-search';
export type { KnownMatch } from './item-matches';
export { itemDihedral, recordItemDihedral } from './item-dihedral';
export type { ItemDihedral } from './item-dihedral';
export { itemPdq, itemPdqFrames, recordItemPdq, recordItemPdqFrames } from './item-pdq';
export type { ItemPdq, ItemPdqFrame } from './item-pdq';
export { itemVpdq, itemVpdqFrames, recordItemVpdq } from './item-vpdq';
export type { ItemVpdq, ItemVpdqFrame, ItemVpdqResult } from './item-vpdq';
export { Matcher, shownFirst } from './matcher';
export type { ItemHashes, ItemMatch, MatchOptions, Suppressor } from './matcher';
export { ALLOW_PDQ_THRESHOLD, suppresses, suppressorOf } from './allow-rules';
export type { Hit } from './allow-rules';
export { awaitsRematch, dequeueRematch, queuedForRematch, rematchQueueLength } from './rematch-queue';
export { openSegments, pdqIndexProblems, preparePdqIndex } from './stored-pdq-index';
export type { BankSegment } from './stored-pdq-index';
export { decodeHeif, ImageDecodeError, needsHeifDecoder, PdqWorkerPool } from './pdq';
export type { PdqFileResult, PdqFramesResult } from './pdq';
export { DEFAULT_PDQ_THRESHOLD } from './pdq-index';
export { quickMatch } from './quick-match';
export type { QuickMatch, QuickResult } from './quick-match';
