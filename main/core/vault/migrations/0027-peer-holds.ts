// Peers' legal holds and retention extensions in this vault's preservation tables, each marked with the
// ledger origin of the workstation that placed it (NULL: this workstation's own), and the reason the merge
// gives when it refuses a peer's entry (an author whose role here may not take that action, for one).
import type { Migration } from './migration';

export const migration0027: Migration = {
  version: 27,
  name: 'peer-holds',
  up(db) {
    db.exec(`
      ALTER TABLE legal_holds ADD COLUMN origin TEXT;
      ALTER TABLE retention_extensions ADD COLUMN origin TEXT;
      ALTER TABLE merge_entries ADD COLUMN reason TEXT;
    `);
  },
};
