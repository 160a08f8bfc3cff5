// Matching that misses nothing: each item's 8 dihedral PDQ hashes (rotations and mirrors), which
// orientation a PDQ match was found in, the allow entry that suppressed a match, a flag on matches a
// re-match found after a bank changed, the queue of items still to be re-matched (so a crash or a lock
// never leaves one silently unmatched), and the persistent PDQ index: one segment of pages per bank.
import type { Migration } from './migration';

export const migration0015: Migration = {
  version: 15,
  name: 'matching-complete',
  up(db) {
    db.exec(`
      CREATE TABLE item_pdq_dihedral (
        item_id TEXT PRIMARY KEY REFERENCES items(id),
        quality INTEGER NOT NULL,
        hashes TEXT NOT NULL
      ) STRICT;
      ALTER TABLE matches ADD COLUMN transform TEXT;
      ALTER TABLE matches ADD COLUMN suppressor TEXT;
      ALTER TABLE matches ADD COLUMN flagged_at TEXT;
      CREATE TABLE rematch_queue (
        item_id TEXT PRIMARY KEY REFERENCES items(id),
        queued_at TEXT NOT NULL,
        reason TEXT NOT NULL
      ) STRICT;
      CREATE TABLE pdq_segments (
        bank_id TEXT PRIMARY KEY REFERENCES banks(id),
        size INTEGER NOT NULL,
        chunks INTEGER NOT NULL,
        pages INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE pdq_segment_pages (
        bank_id TEXT NOT NULL REFERENCES pdq_segments(bank_id),
        page INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (bank_id, page)
      ) STRICT;
      INSERT INTO rematch_queue (item_id, queued_at, reason)
        SELECT id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'dihedral matching'
        FROM items WHERE shredded_at IS NULL AND EXISTS (SELECT 1 FROM banks WHERE removed_at IS NULL);
    `);
  },
};
