// Peers' legal holds and retention extensions in this vault's preservation tables, each marked with the
// ledger origin of the workstation that placed it (NULL: this workstation's own); peers' cases and their
// items here, kept apart from this vault's own cases (never reported or edited here); and the reason the
// merge gives when it refuses a peer's entry (an author whose role here may not take that action, for one).
import type { Migration } from './migration';

export const migration0027: Migration = {
  version: 27,
  name: 'peer-holds',
  up(db) {
    db.exec(`
      ALTER TABLE legal_holds ADD COLUMN origin TEXT;
      ALTER TABLE retention_extensions ADD COLUMN origin TEXT;
      ALTER TABLE merge_entries ADD COLUMN reason TEXT;
      CREATE TABLE peer_cases (
        id TEXT PRIMARY KEY,
        origin TEXT NOT NULL,
        peer_case_id TEXT NOT NULL,
        title TEXT NOT NULL,
        external_id TEXT,
        detected_at TEXT NOT NULL,
        deadline_at TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'reported', 'closed')),
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL REFERENCES users(id),
        UNIQUE (origin, peer_case_id)
      ) STRICT;
      CREATE TABLE peer_case_items (
        case_id TEXT NOT NULL REFERENCES peer_cases(id),
        item_id TEXT NOT NULL REFERENCES items(id),
        PRIMARY KEY (case_id, item_id)
      ) STRICT;
      CREATE INDEX peer_case_items_item ON peer_case_items(item_id);
    `);
  },
};
