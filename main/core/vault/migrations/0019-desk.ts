// The workstation's own screens: who a case is assigned to and when it was closed, and the indexes the
// search and the ledger viewer page along (category, reviewer, ledger action and time), so a filtered page
// is an index range or a short probe per row, never a sort of the whole table.
import type { Migration } from './migration';

export const migration0019: Migration = {
  version: 19,
  name: 'desk',
  up(db) {
    db.exec(`
      ALTER TABLE cases ADD COLUMN assigned_to TEXT REFERENCES users(id);
      ALTER TABLE cases ADD COLUMN closed_at TEXT;
      CREATE INDEX cases_assigned ON cases(assigned_to);
      CREATE INDEX item_categories_category ON item_categories(category, item_id);
      CREATE INDEX item_categories_reviewer ON item_categories(categorized_by, item_id);
      CREATE INDEX ledger_entries_action ON ledger_entries(action, seq);
      CREATE INDEX ledger_entries_time ON ledger_entries(time, seq);
      -- Search: the review order with the shown name, and each item's order key by id, both covering, so a
      -- search reads index pages only (never the wide item rows) until it has its page of ids.
      CREATE INDEX items_search_order ON items(review_rank, ingested_at, id, display_name) WHERE shredded_at IS NULL;
      CREATE INDEX items_search_key ON items(id, review_rank, ingested_at, display_name) WHERE shredded_at IS NULL;
    `);
  },
};
