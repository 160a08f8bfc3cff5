// Public surface of the vault: its storage (folder, key slot file, SQLCipher database, data key), the
// encrypted blob store and the failed-unlock journal. Callers outside vault/ import from here, never from
// the files behind it. The vault owns the `meta` and `blobs` tables; it knows nothing of users or ledgers.
export {
  BlobWriter,
  liveBlobIds,
  placeStagedBlob,
  readBlob,
  readBlobFully,
  readUnrecordedBlob,
  readBlobSync,
  recordBlob,
  removeBlobFile,
  shredBlobKey,
  shreddedBlobIds,
  sweepOrphans,
  syncBlobs,
} from './blobs';
export type { BlobContext, BlobSync, StoredBlob } from './blobs';
export type { VaultDatabase } from './database';
export {
  abandonExportStaging,
  finishExportStaging,
  openExportStaging,
  sweepInterruptedExports,
} from './export-staging';
export type { ExportStaging, InterruptedExport } from './export-staging';
export { defaultStateDir, forgetFailedUnlocks, pendingFailedUnlocks } from './failed-unlocks';
export { deriveDefaultSlotKey, isBoxSlot, slotDigest } from './keyslots';
export type { BoxKeySlot, KeySlot, KeySlotFile, UserSecrets } from './keyslots';
export type { VaultLayout } from './layout';
export { settleUnlockThrottle } from './unlock-throttle';
export type { ThrottleSettlement } from './unlock-throttle';
export { isVault, vaultUserNames, VaultStorage } from './vault';
export type { Credentials, NewVault, UnlockOptions } from './vault';
