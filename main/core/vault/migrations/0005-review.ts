// Review: the derivatives the core renders for display (blurred thumbnail and preview, and an unblurred
// preview served only after a reveal), each item's current category and annotations (a projection of the
// ledger's `item.categorize` entries), and each user's wellness settings.
import type { Migration } from './migration';

export const migration0005: Migration = {
  version: 5,
  name: 'review',
  up(db) {
    db.exec(`
      CREATE TABLE derivatives (
        item_id TEXT NOT NULL REFERENCES items(id),
        variant TEXT NOT NULL CHECK (variant IN ('thumbnail', 'preview', 'clear')),
        blob_id TEXT NOT NULL REFERENCES blobs(id),
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        mime TEXT NOT NULL,
        PRIMARY KEY (item_id, variant)
      ) STRICT;
      CREATE TABLE derivative_failures (
        item_id TEXT PRIMARY KEY REFERENCES items(id),
        reason TEXT NOT NULL
      ) STRICT;
      CREATE TABLE item_categories (
        item_id TEXT PRIMARY KEY REFERENCES items(id),
        category TEXT NOT NULL CHECK (category IN ('A1', 'A2', 'B1', 'B2', 'none')),
        annotations TEXT NOT NULL,
        categorized_by TEXT NOT NULL REFERENCES users(id),
        categorized_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE user_settings (
        user_id TEXT PRIMARY KEY REFERENCES users(id),
        wellness TEXT NOT NULL
      ) STRICT;
      -- The first source's file name, shown in the review grid without a join per row.
      ALTER TABLE items ADD COLUMN display_name TEXT NOT NULL DEFAULT '';
      UPDATE items SET display_name = coalesce((SELECT file_name FROM item_sources s WHERE s.item_id = items.id ORDER BY s.ingested_at LIMIT 1), '');
      CREATE INDEX items_ingested ON items(ingested_at);
    `);
  },
};
