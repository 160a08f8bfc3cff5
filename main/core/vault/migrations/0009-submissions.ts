// CyberTipline submissions: one persistent state machine per report sent (ready -> submitting -> opened ->
// each file uploaded and described -> finished, or retracted), saved before and after every call to
// NCMEC so a crash resumes exactly where it stopped; and what NCMEC answered, kept as the receipt.
import type { Migration } from './migration';

export const migration0009: Migration = {
  version: 9,
  name: 'submissions',
  up(db) {
    db.exec(`
      CREATE TABLE submissions (
        id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases(id),
        endpoint TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('ready', 'submitting', 'opened', 'finished', 'retracted', 'ambiguous', 'expired', 'failed')),
        report_id INTEGER,
        report_xml TEXT NOT NULL,
        submit_attempts INTEGER NOT NULL DEFAULT 0,
        opened_at TEXT,
        last_change_at TEXT,
        finished_at TEXT,
        error TEXT,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL REFERENCES users(id)
      ) STRICT;
      CREATE INDEX submissions_case ON submissions(case_id);
      CREATE TABLE submission_files (
        submission_id TEXT NOT NULL REFERENCES submissions(id),
        position INTEGER NOT NULL,
        item_id TEXT NOT NULL REFERENCES items(id),
        original_blob TEXT NOT NULL,
        file_name TEXT NOT NULL,
        md5 TEXT NOT NULL,
        details TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'uploading', 'uploaded', 'described')),
        file_id TEXT,
        ncmec_md5 TEXT,
        details_xml TEXT,
        PRIMARY KEY (submission_id, position)
      ) STRICT;
    `);
  },
};
