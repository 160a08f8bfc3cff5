// Public surface of exports: one way to write anything that leaves the vault (staged, recorded, optionally
// age-encrypted). Callers check their own role before calling; this module never decides who may export.
export { stagedExport } from './staged-export';
export type { ExportKind, ExportOutcome, ExportRequest } from './staged-export';
export { checkedRelativePath } from './sink';
export type { AgeRecipients, ExportSink } from './sink';
export { cloudSyncedFolder, exportFolder } from './destination';
export type { DestinationOptions } from './destination';
