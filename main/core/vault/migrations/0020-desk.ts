// The workstation's own screens: who a case is assigned to and when it was closed, and the indexes the
// search and the ledger viewer page along (category, reviewer, ledger action and time), so a filtered page
// is an index range or a short probe per row, never a sort of the whole table.
import type { Migration } from './migration';

export const migration0020: Migration = {
  version: 20,
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
    `);
  },
};
