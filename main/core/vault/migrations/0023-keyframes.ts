// A video's keyframe strip: evenly spaced frames and scene changes, each rendered by the core like an
// image's display copies (blurred thumbnail and preview, and an unblurred copy served only after that one
// keyframe was revealed). One row per keyframe and variant; the blobs are the vault's.
import type { Migration } from './migration';

export const migration0023: Migration = {
  version: 23,
  name: 'keyframes',
  up(db) {
    db.exec(`
      CREATE TABLE keyframes (
        item_id TEXT NOT NULL REFERENCES items(id),
        position INTEGER NOT NULL CHECK (position >= 0),
        seconds REAL NOT NULL CHECK (seconds >= 0),
        scene INTEGER NOT NULL CHECK (scene IN (0, 1)),
        variant TEXT NOT NULL CHECK (variant IN ('thumbnail', 'preview', 'clear')),
        blob_id TEXT NOT NULL REFERENCES blobs(id),
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        mime TEXT NOT NULL,
        PRIMARY KEY (item_id, position, variant)
      ) STRICT;
    `);
  },
};
