// Every export attempt, recorded before its first byte is written: what kind, where it goes and the
// staging folder beside the destination that holds it until it is complete. A row still `writing` when the
// vault next opens is an export a crash interrupted: its staging folder is removed then.
import type { Migration } from './migration';

export const migration0013: Migration = {
  version: 13,
  name: 'exports',
  up(db) {
    db.exec(`
      CREATE TABLE exports (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        destination TEXT NOT NULL,
        staging TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('writing', 'complete', 'failed', 'interrupted')),
        started_at TEXT NOT NULL,
        finished_at TEXT
      );
      CREATE INDEX exports_writing ON exports (state) WHERE state = 'writing';
    `);
  },
};
