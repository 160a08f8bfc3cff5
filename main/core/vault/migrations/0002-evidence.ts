// Evidence storage: encrypted blobs, items (one per distinct SHA-256) and their sources (every place an
// item was ingested from).
import type { Migration } from './migration';

export const migration0002: Migration = {
  version: 2,
  name: 'evidence',
  up(db) {
    db.exec(`
      -- One row per stored object. wrapped_key is the blob's own AES key sealed under the data key; setting it
      -- to NULL (crypto-shredding) destroys the object even in backups of blobs/.
      CREATE TABLE blobs (
        id TEXT PRIMARY KEY,
        wrapped_key BLOB,
        size INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        shredded_at TEXT
      ) STRICT;
      CREATE TABLE items (
        id TEXT PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,
        sha1 TEXT NOT NULL,
        md5 TEXT NOT NULL,
        size INTEGER NOT NULL,
        mime TEXT NOT NULL,
        original_blob TEXT NOT NULL REFERENCES blobs(id),
        metadata TEXT NOT NULL,
        ingested_at TEXT NOT NULL,
        ingested_by TEXT NOT NULL REFERENCES users(id),
        shredded_at TEXT
      ) STRICT;
      CREATE INDEX items_sha1 ON items(sha1);
      CREATE INDEX items_md5 ON items(md5);
      CREATE TABLE item_sources (
        id TEXT PRIMARY KEY,
        item_id TEXT NOT NULL REFERENCES items(id),
        original_path TEXT NOT NULL,
        file_name TEXT NOT NULL,
        modified_at TEXT,
        changed_at TEXT,
        created_at TEXT,
        ingested_at TEXT NOT NULL,
        ingested_by TEXT NOT NULL REFERENCES users(id)
      ) STRICT;
      CREATE INDEX item_sources_item ON item_sources(item_id);
    `);
  },
};
