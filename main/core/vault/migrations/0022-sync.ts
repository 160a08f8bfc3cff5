// Sync between offline workstations: this workstation's sync keys (age X25519 identity, witness key),
// the team roster, peers' ledgers held as verified replicas per origin, what each peer acknowledged,
// and witness cosignatures in both directions. Originals received are the merge's (its items hold them).
import type { Migration } from './migration';

export const migration0022: Migration = {
  version: 22,
  name: 'sync',
  up(db) {
    db.exec(`
      -- The secrets are sealed with the data key, bound to their column's name.
      CREATE TABLE sync_identity (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        age_identity_sealed BLOB NOT NULL,
        recipient TEXT NOT NULL,
        witness_key_sealed BLOB NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      -- One row per member workstation ever added; removal is kept (removed_at), never deleted.
      CREATE TABLE sync_roster (
        workstation TEXT PRIMARY KEY,
        origin TEXT NOT NULL UNIQUE,
        fingerprint TEXT NOT NULL,
        role TEXT NOT NULL,
        card TEXT NOT NULL,
        added_at TEXT NOT NULL,
        added_by TEXT NOT NULL,
        removed_at TEXT
      ) STRICT;
      CREATE TABLE sync_replica_entries (
        origin TEXT NOT NULL,
        seq INTEGER NOT NULL,
        leaf BLOB NOT NULL,
        leaf_hash BLOB NOT NULL,
        action TEXT NOT NULL,
        actor TEXT NOT NULL,
        time TEXT NOT NULL,
        PRIMARY KEY (origin, seq)
      ) STRICT;
      CREATE TABLE sync_replica_subjects (
        subject TEXT NOT NULL,
        origin TEXT NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (subject, origin, seq)
      ) STRICT, WITHOUT ROWID;
      -- The verified head of each replica: its size, compact-range peaks and the origin's checkpoint there.
      CREATE TABLE sync_replica_heads (
        origin TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        peaks BLOB NOT NULL,
        checkpoint TEXT NOT NULL
      ) STRICT;
      CREATE TABLE sync_acks (
        peer TEXT NOT NULL,
        origin TEXT NOT NULL,
        size INTEGER NOT NULL,
        PRIMARY KEY (peer, origin)
      ) STRICT;
      -- The latest cosignature per (log, witness): of peers' logs by this workstation, and of this
      -- workstation's own log by its peers. note is the checkpoint with the cosignature line.
      CREATE TABLE sync_cosignatures (
        origin TEXT NOT NULL,
        witness TEXT NOT NULL,
        size INTEGER NOT NULL,
        note TEXT NOT NULL,
        received_at TEXT NOT NULL,
        PRIMARY KEY (origin, witness)
      ) STRICT;
    `);
  },
};
