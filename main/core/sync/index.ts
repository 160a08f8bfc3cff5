// Public surface of sync: the team roster and its cards, encrypted signed bundles out and in (an import
// verifies everything before it changes anything), peers' ledgers kept as verified replicas per origin,
// and witness cosignatures of each other's checkpoints. Callers outside sync/ import from here.
// Owns the sync_* tables; what peers' entries mean for items and decisions is the merge's (sync/merge).
export { readCard, readCardFile, CardError } from './card';
export type { Card, CardContent } from './card';
export { cosign, verifyCosignature, CosignatureError } from './cosignature';
export { exportBundle } from './export';
export type { ExportOptions, ExportSummary, SyncProgress } from './export';
export { decryptBundle, importBundle } from './import';
export type { ImportSummary } from './import';
export { readBag, BundleRefusedError } from './read-bag';
export type { BagContents } from './read-bag';
export { addToRoster, inspectCard, listRoster, removeFromRoster, syncCard } from './roster';
export type { RosterMember } from './roster';
export { checkWitnesses, replicaEntriesFor, syncStatus, witnessesOfOwnLog } from './status';
export type { OriginStatus, ReplicaEntry, SyncStatus, Witness } from './status';
export { replicaLedgerPage, replicaOrigins } from './audit';
export type { CheckedReplicaEntry, ReplicaOrigin, ReplicaQuery } from './audit';
export { localItemIds } from './merge';
