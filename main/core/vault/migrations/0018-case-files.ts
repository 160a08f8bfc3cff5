// A case keeps every file it lists: case_items is keyed by the file's position in the case, not by the
// item, so two uploads with the same bytes (one item) keep both sets of platform details.
import type { Migration } from './migration';

export const migration0018: Migration = {
  version: 18,
  name: 'case-files',
  up(db) {
    db.exec(`
      CREATE TABLE case_items_by_position (
        case_id TEXT NOT NULL REFERENCES cases(id),
        item_id TEXT NOT NULL REFERENCES items(id),
        position INTEGER NOT NULL,
        file TEXT NOT NULL,
        PRIMARY KEY (case_id, position)
      ) STRICT;
      INSERT INTO case_items_by_position (case_id, item_id, position, file)
        SELECT case_id, item_id, position, file FROM case_items;
      DROP TABLE case_items;
      ALTER TABLE case_items_by_position RENAME TO case_items;
      CREATE INDEX case_items_item ON case_items(item_id);
    `);
  },
};
