// The chat transcripts a case file carries as context: each is an evidence item (ingested like any file)
// linked to its case at the position and path the case file gave it. They are not report files.
import type { Migration } from './migration';

export const migration0020: Migration = {
  version: 20,
  name: 'case-transcripts',
  up(db) {
    db.exec(`
      CREATE TABLE case_transcripts (
        case_id TEXT NOT NULL REFERENCES cases(id),
        item_id TEXT NOT NULL REFERENCES items(id),
        position INTEGER NOT NULL,
        path TEXT NOT NULL,
        PRIMARY KEY (case_id, position)
      ) STRICT;
    `);
  },
};
