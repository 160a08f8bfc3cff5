// Hash matching: banks (named, versioned hash lists with a source and a kind), their hashes and the
// problems their import reported, each item's PDQ hash, and the matches found, citing the matched value,
// distance, bank and bank version so a report can quote them later.
import type { Migration } from './migration';

export const migration0004: Migration = {
  version: 4,
  name: 'matching',
  up(db) {
    db.exec(`
      CREATE TABLE banks (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        version TEXT NOT NULL,
        source TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('known', 'allow')),
        format TEXT NOT NULL,
        entries INTEGER NOT NULL,
        problems INTEGER NOT NULL,
        imported_at TEXT NOT NULL,
        imported_by TEXT NOT NULL REFERENCES users(id),
        removed_at TEXT,
        UNIQUE (name, version)
      ) STRICT;
      CREATE TABLE bank_hashes (
        bank_id TEXT NOT NULL REFERENCES banks(id),
        algorithm TEXT NOT NULL CHECK (algorithm IN ('md5', 'sha1', 'sha256', 'pdq')),
        value TEXT NOT NULL,
        label TEXT,
        category TEXT,
        quality INTEGER,
        line INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX bank_hashes_value ON bank_hashes(algorithm, value);
      CREATE INDEX bank_hashes_bank ON bank_hashes(bank_id);
      CREATE TABLE bank_import_problems (
        bank_id TEXT NOT NULL REFERENCES banks(id),
        line INTEGER NOT NULL,
        message TEXT NOT NULL
      ) STRICT;
      CREATE TABLE item_pdq (
        item_id TEXT PRIMARY KEY REFERENCES items(id),
        hash TEXT,
        quality INTEGER,
        error TEXT
      ) STRICT;
      CREATE TABLE matches (
        item_id TEXT NOT NULL REFERENCES items(id),
        bank_id TEXT NOT NULL REFERENCES banks(id),
        bank_name TEXT NOT NULL,
        bank_version TEXT NOT NULL,
        bank_kind TEXT NOT NULL,
        algorithm TEXT NOT NULL,
        matched_value TEXT NOT NULL,
        distance INTEGER NOT NULL,
        label TEXT,
        category TEXT,
        suppressed_by TEXT,
        matched_at TEXT NOT NULL,
        PRIMARY KEY (item_id, bank_id, algorithm, matched_value)
      ) STRICT;
      CREATE INDEX matches_bank ON matches(bank_id);
    `);
  },
};
