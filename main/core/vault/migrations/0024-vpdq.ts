// vPDQ: each video item's frame hashes (one frame per second by default) with quality, timestamp and the
// 8 orientations, or why none could be computed; the videos of vPDQ hash-list banks, each with its frames
// in the reference's line format; and what a match against a video cites: the frame and its timestamp
// (a still found inside a video), or the two vPDQ match percentages (a video found in a vPDQ bank).
import type { Migration } from './migration';

export const migration0024: Migration = {
  version: 24,
  name: 'vpdq',
  up(db) {
    db.exec(`
      CREATE TABLE item_vpdq (
        item_id TEXT PRIMARY KEY REFERENCES items(id),
        every_seconds REAL NOT NULL,
        frames INTEGER NOT NULL,
        problem TEXT,
        error TEXT,
        hashed_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE item_vpdq_frames (
        item_id TEXT NOT NULL REFERENCES item_vpdq(item_id),
        frame INTEGER NOT NULL,
        quality INTEGER NOT NULL,
        hash TEXT NOT NULL,
        timestamp_seconds REAL NOT NULL,
        dihedral TEXT,
        PRIMARY KEY (item_id, frame)
      ) STRICT;
      CREATE TABLE bank_vpdq_videos (
        bank_id TEXT NOT NULL REFERENCES banks(id),
        video INTEGER NOT NULL,
        label TEXT NOT NULL,
        category TEXT,
        line INTEGER NOT NULL,
        frames TEXT NOT NULL,
        PRIMARY KEY (bank_id, video)
      ) STRICT;
      ALTER TABLE matches ADD COLUMN frame INTEGER;
      ALTER TABLE matches ADD COLUMN timestamp_seconds REAL;
      ALTER TABLE matches ADD COLUMN query_percent REAL;
      ALTER TABLE matches ADD COLUMN target_percent REAL;
    `);
  },
};
