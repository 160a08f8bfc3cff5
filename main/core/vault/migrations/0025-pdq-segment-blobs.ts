// The persistent PDQ index moves out of database pages into the blob store: each bank's segment becomes one
// encrypted blob in a compact layout (opening decrypts with AES-GCM instead of reading SQLCipher pages).
// The old pages are dropped; each live bank's segment is rebuilt from its rows at the next unlock.
import type { Migration } from './migration';

export const migration0025: Migration = {
  version: 25,
  name: 'pdq-segment-blobs',
  up(db) {
    db.exec(`
      DROP TABLE pdq_segment_pages;
      DROP TABLE pdq_segments;
      CREATE TABLE pdq_segments (
        bank_id TEXT PRIMARY KEY REFERENCES banks(id),
        blob_id TEXT REFERENCES blobs(id),
        size INTEGER NOT NULL,
        chunks INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
