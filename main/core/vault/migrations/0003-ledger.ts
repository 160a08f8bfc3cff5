// The signed ledger: each user's Ed25519 key, the append-only entries (exact leaf bytes), their subjects
// for look-ups, the tree state needed to append without re-reading, and the signed checkpoints.
import type { Migration } from './migration';

export const migration0003: Migration = {
  version: 3,
  name: 'ledger',
  up(db) {
    db.exec(`
      -- signer_key is the signed-note signer key text, sealed with the data key (bound to the key's name).
      CREATE TABLE signing_keys (
        name TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        verifier_key TEXT NOT NULL,
        signer_key_sealed BLOB NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE ledger_entries (
        seq INTEGER PRIMARY KEY,
        leaf BLOB NOT NULL,
        leaf_hash BLOB NOT NULL,
        action TEXT NOT NULL,
        actor TEXT NOT NULL,
        time TEXT NOT NULL
      ) STRICT;
      CREATE INDEX ledger_entries_actor ON ledger_entries(actor, seq);
      CREATE TABLE ledger_subjects (
        subject TEXT NOT NULL,
        seq INTEGER NOT NULL REFERENCES ledger_entries(seq),
        PRIMARY KEY (subject, seq)
      ) STRICT, WITHOUT ROWID;
      -- One row: the tree's size and compact-range peaks, the last leaf hash and the clock, updated in the
      -- same transaction as every append.
      CREATE TABLE ledger_head (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        size INTEGER NOT NULL,
        peaks BLOB NOT NULL,
        last_leaf_hash BLOB NOT NULL,
        hlc_wall INTEGER NOT NULL,
        hlc_count INTEGER NOT NULL,
        verified_size INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      INSERT INTO ledger_head (id, size, peaks, last_leaf_hash, hlc_wall, hlc_count) VALUES (1, 0, x'', zeroblob(32), 0, 0);
      CREATE TABLE checkpoints (
        size INTEGER PRIMARY KEY,
        note TEXT NOT NULL,
        peaks BLOB NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
