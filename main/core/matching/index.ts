// Public surface of matching: hash banks (reading their files, importing, listing, removing), matching
// items against them (exact hashes and PDQ), the stored PDQ hash and matches of each item, and matching
// files against a list with no vault. Callers outside matching/ import from here, or from the PDQ
// surfaces ./pdq and ./pdq-index, never from the files behind them. Owns the banks, bank_hashes,
// bank_import_problems, item_pdq and matches tables.
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
  FormatInfo,
  FormatName,
  HashAlgorithm,
  ImportItem,
  ImportProblem,
} from './banks/import';
export { bankProjection, hasLiveBanks, importBank, listBanks, removeBank } from './banks/store';
export type { BankImport, BankKind, BankMeta, BankRecord, BankSummary } from './banks/store';
export { bestKnownMatches, knownMatches } from './item-matches';
export { itemIdsMatching, itemIdsNearPdq } from './item-search';
export type { MatchCriteria } from './item-search';
export type { KnownMatch } from './item-matches';
export { itemPdq, recordItemPdq } from './item-pdq';
export type { ItemPdq } from './item-pdq';
export { Matcher, shownFirst } from './matcher';
export type { ItemHashes, ItemMatch } from './matcher';
export { PdqWorkerPool } from './pdq';
export type { PdqFileResult } from './pdq';
export { DEFAULT_PDQ_THRESHOLD } from './pdq-index';
export { quickMatch } from './quick-match';
export type { QuickMatch, QuickResult } from './quick-match';
