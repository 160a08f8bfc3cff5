// Cases: a reported context (the report's sections, as imported or edited) with its items, in order, and
// each file's own details from the platform; and the reports built from them.
import type { Migration } from './migration';

export const migration0006: Migration = {
  version: 6,
  name: 'cases',
  up(db) {
    db.exec(`
      CREATE TABLE cases (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        external_id TEXT,
        detected_at TEXT NOT NULL,
        deadline_at TEXT NOT NULL,
        report TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'reported', 'closed')),
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL REFERENCES users(id)
      ) STRICT;
      CREATE INDEX cases_deadline ON cases(status, deadline_at);
      CREATE TABLE case_items (
        case_id TEXT NOT NULL REFERENCES cases(id),
        item_id TEXT NOT NULL REFERENCES items(id),
        position INTEGER NOT NULL,
        file TEXT NOT NULL,
        PRIMARY KEY (case_id, item_id)
      ) STRICT;
      CREATE INDEX case_items_item ON case_items(item_id);
    `);
  },
};
