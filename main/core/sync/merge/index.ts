// Public surface of sync/merge: what happens to this vault's projections when a peer workstation's
// verified ledger entries arrive (items, their sources and categorisations, decisions), and the conflicts
// between workstations a supervisor resolves. The rest of main/core/sync/ (bundles, roster, replicas,
// witnesses) imports only this file. It never verifies a bundle: entries reach it already verified.
export { applyMerge } from './apply';
export type { MergeSummary } from './apply';
export { ensurePeerUsers } from './peer-users';
export type { PeerUser } from './peer-users';
export { discardMerge, prepareMerge, removeUnrecordedBlobs } from './prepare';
export type { PreparedMerge, ReceivedOriginal } from './prepare';
export { mergeEntry } from './entries';
export type { MergeEntry } from './entries';
export { peerOriginRows } from './peer-rows';
export type { PeerOriginRows } from './peer-rows';
export { conflictView, listConflicts, resolveConflict } from './resolve';
export { localItemIds } from './store';
export { peerRecordsFor } from './peer-records';
export { peerItemIds } from './store';
