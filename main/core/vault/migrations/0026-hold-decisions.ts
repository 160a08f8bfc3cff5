// Links between legal holds and the decisions that caused them: placed with the hold or added later by
// counsel. A link is never removed; it only tells counsel which holds to review when a decision is reversed.
import type { Migration } from './migration';

export const migration0026: Migration = {
  version: 26,
  name: 'hold-decisions',
  up(db) {
    db.exec(`
      CREATE TABLE legal_hold_decisions (
        hold_id TEXT NOT NULL REFERENCES legal_holds(id),
        decision_id TEXT NOT NULL,
        linked_by TEXT NOT NULL,
        linked_at TEXT NOT NULL,
        PRIMARY KEY (hold_id, decision_id)
      ) STRICT;
    `);
  },
};
