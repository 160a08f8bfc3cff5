// The ledger's vocabulary, shared with the renderer (which shows an item's history): every action that
// can be recorded. Pure TypeScript.

export const ledgerActions = [
  'vault.create',
  'vault.unlock',
  'vault.unlock_failed',
  'vault.sweep',
  'vault.rotate',
  'user.add',
  'user.passwd',
  'user.remove',
  'item.ingest',
  'item.ingest_failed',
  'item.view',
  'item.reveal',
  'item.shred',
  'item.categorize',
  'settings.wellness',
  'item.match',
  'bank.import',
  'case.create',
  'case.update',
  'report.build',
  'report.submission',
  'ncmec.settings',
  'organisation.identity',
  'bank.remove',
  'ledger.export',
  'export.start',
  'export.finish',
  'export.interrupted',
  'vault.unlock_throttle_reset',
] as const;

export type LedgerAction = (typeof ledgerActions)[number];
