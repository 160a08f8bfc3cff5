// PDQ hashes of the frames after the first of animated images (GIF, WebP, APNG) and multi-page TIFFs, so
// every frame is matched, not only the first (whose hash stays in item_pdq). Only frames whose hash differs
// from every earlier frame's are stored; a frame that could not be hashed is a row with its error.
import type { Migration } from './migration';

export const migration0014: Migration = {
  version: 14,
  name: 'pdq-frames',
  up(db) {
    db.exec(`
      CREATE TABLE item_pdq_frames (
        item_id TEXT NOT NULL REFERENCES items(id),
        frame INTEGER NOT NULL,
        hash TEXT,
        quality INTEGER,
        error TEXT,
        PRIMARY KEY (item_id, frame)
      ) STRICT;
    `);
  },
};
