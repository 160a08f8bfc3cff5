// Sync merge: what this vault took from its peers' verified ledger entries. Peer users (their origin marks
// them; they have no key slot and can never unlock or act here), each received entry once by (origin, seq)
// and whether it is applied or waits for what it refers to, each peer item id's item here, the latest
// decision per subject, kind and origin, and the conflicts between decisions from different workstations.
import type { Migration } from './migration';

export const migration0021: Migration = {
  version: 21,
  name: 'sync-merge',
  up(db) {
    db.exec(`
      -- The ledger origin of a peer workstation's user; NULL for this vault's own users.
      ALTER TABLE users ADD COLUMN origin TEXT;
      CREATE INDEX users_origin ON users(origin) WHERE origin IS NOT NULL;
      CREATE TABLE merge_entries (
        origin TEXT NOT NULL,
        seq INTEGER NOT NULL,
        leaf_hash TEXT NOT NULL,
        action TEXT NOT NULL,
        entry TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('applied', 'waiting', 'refused')),
        received_at TEXT NOT NULL,
        PRIMARY KEY (origin, seq)
      ) STRICT;
      CREATE INDEX merge_entries_waiting ON merge_entries(state) WHERE state = 'waiting';
      CREATE TABLE merge_peer_items (
        origin TEXT NOT NULL,
        peer_item_id TEXT NOT NULL,
        item_id TEXT NOT NULL REFERENCES items(id),
        PRIMARY KEY (origin, peer_item_id)
      ) STRICT;
      CREATE INDEX merge_peer_items_item ON merge_peer_items(item_id);
      CREATE TABLE merge_facts (
        subject TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('category', 'report', 'hold')),
        origin TEXT NOT NULL,
        seq INTEGER NOT NULL,
        leaf_hash TEXT NOT NULL,
        actor TEXT NOT NULL,
        actor_name TEXT NOT NULL,
        time TEXT NOT NULL,
        value TEXT NOT NULL,
        rationale TEXT NOT NULL,
        PRIMARY KEY (subject, kind, origin)
      ) STRICT;
      CREATE TABLE merge_conflicts (
        id TEXT PRIMARY KEY,
        subject TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('category', 'report', 'hold')),
        opened_at TEXT NOT NULL,
        resolved_at TEXT,
        resolution TEXT
      ) STRICT;
      CREATE UNIQUE INDEX merge_conflicts_open ON merge_conflicts(subject, kind) WHERE resolved_at IS NULL;
      CREATE TABLE merge_conflict_sides (
        conflict_id TEXT NOT NULL REFERENCES merge_conflicts(id),
        origin TEXT NOT NULL,
        seq INTEGER NOT NULL,
        leaf_hash TEXT NOT NULL,
        actor TEXT NOT NULL,
        actor_name TEXT NOT NULL,
        time TEXT NOT NULL,
        value TEXT NOT NULL,
        rationale TEXT NOT NULL,
        PRIMARY KEY (conflict_id, origin, seq)
      ) STRICT;
    `);
  },
};
