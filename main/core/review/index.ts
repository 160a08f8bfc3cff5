// Public surface of review: the evidence items as records (what ingest hands over, their sources and
// display copies, their review order), the review queue and each item's record, categorisation, reveals
// and views, shredding, each user's wellness settings, and cases with their reports and 24-hour clocks.
// Callers outside review/ import from here. Owns the items, item_sources, derivatives,
// derivative_failures, keyframes, item_categories, user_settings, cases, case_items and case_transcripts
// tables.
export { exampleCaseFile, writeExampleCase } from './case-example';
export {
  caseDraftProjection,
  caseReport,
  caseReportFiles,
  createCase,
  draftHash,
  listCases,
  markCaseReported,
  saveCaseReport,
} from './cases';
export type { CaseReportFile } from './cases';
export type { ExifPair } from './exif';
export {
  derivativeBlobs,
  derivativeFor,
  derivativeVariants,
  itemFacts,
  itemProjection,
  itemWithSha256,
  liveItemIds,
  liveOriginals,
  recordItemSource,
  readItemOriginal,
  recordNewItem,
  setOrderRank,
} from './item-store';
export { caseTranscripts } from './transcripts';
export { itemKeyframes, keyframeFor, recordKeyframes } from './keyframes';
export type { KeyframeSummary, NewKeyframe } from './keyframes';
export type { CaseTranscript } from './transcripts';
export type {
  DerivativeVariant,
  ItemFacts,
  ItemRecord,
  NewDerivative,
  NewDisplay,
  NewItem,
  NewItemSource,
} from './item-store';
export { assignCase, caseBoard, closeCase, createCaseFromItems, subjectKinds } from './case-desk';
export type { NewCaseFromItems } from './case-desk';
export { categorizeItems, describeEntry, itemDetail, listItems, queueCounts } from './items';
export { currentCategory, setMergedCategory } from './merged-categories';
export type { CurrentCategory } from './merged-categories';
export { searchItems } from './search';
export { ReviewSession } from './session';
export { shredExpiredItem, shredItem } from './shred';
export type { ExpiryCitation } from './shred';
export { readWellness, writeWellness } from './wellness';
export { peerCaseRows, peerCases, recordPeerCase, setPeerCaseStatus } from './peer-cases';
export type { NewPeerCase, PeerCase } from './peer-cases';
export { retainedCases, retainedItems } from './retention-facts';
export type { RetainedCase, RetainedItem } from './retention-facts';
