// Decisions and what governs them: every decision recorded on an item or a case (a first decision, a blind
// second or sampled review of one, a supervisor's resolution), the fairness-gate policy's versions, appeals
// and the quality-sampling setting. All are projections of their signed ledger entries.
import type { Migration } from './migration';

export const migration0016: Migration = {
  version: 16,
  name: 'decisions',
  up(db) {
    db.exec(`
      CREATE TABLE decisions (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('first', 'second', 'sample', 'resolution')),
        subject_kind TEXT NOT NULL CHECK (subject_kind IN ('item', 'case')),
        subject_id TEXT NOT NULL,
        reviews TEXT REFERENCES decisions(id),
        outcome TEXT NOT NULL,
        rationale TEXT NOT NULL,
        evidence TEXT NOT NULL,
        policy_version INTEGER NOT NULL,
        alone INTEGER NOT NULL,
        alone_reason TEXT NOT NULL,
        state TEXT CHECK (state IN ('stands', 'awaiting-second', 'disputed', 'resolved', 'superseded', 'reversed')),
        sampled INTEGER NOT NULL DEFAULT 0,
        agreed INTEGER,
        decided_by TEXT NOT NULL REFERENCES users(id),
        decided_at TEXT NOT NULL,
        ledger_seq INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX decisions_subject ON decisions(subject_id, decided_at);
      CREATE INDEX decisions_reviews ON decisions(reviews);
      CREATE INDEX decisions_state ON decisions(kind, state);
      CREATE TABLE gate_policies (
        version INTEGER PRIMARY KEY,
        policy TEXT NOT NULL,
        reason TEXT NOT NULL,
        set_by TEXT NOT NULL REFERENCES users(id),
        set_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE appeals (
        id TEXT PRIMARY KEY,
        decision_id TEXT NOT NULL REFERENCES decisions(id),
        statement TEXT NOT NULL,
        entered_by TEXT NOT NULL REFERENCES users(id),
        entered_at TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('open', 'upheld', 'reversed')),
        reviewed_by TEXT REFERENCES users(id),
        reviewed_at TEXT,
        rationale TEXT,
        follow_up TEXT
      ) STRICT;
      CREATE INDEX appeals_decision ON appeals(decision_id);
      CREATE TABLE quality_sampling (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        percent REAL NOT NULL,
        seed TEXT NOT NULL,
        set_by TEXT NOT NULL REFERENCES users(id),
        set_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
