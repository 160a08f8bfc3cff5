// Where this vault reports to: NCMEC's test or production service (production only after a recorded,
// deliberate confirmation), and the credentials, the password sealed with the data key. Also each
// finished submission's receipt, signed with the organisation's identity when one is installed.
import type { Migration } from './migration';

export const migration0010: Migration = {
  version: 10,
  name: 'ncmec-settings',
  up(db) {
    db.exec(`
      CREATE TABLE ncmec_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        environment TEXT NOT NULL CHECK (environment IN ('test', 'production', 'local')),
        endpoint TEXT NOT NULL,
        username TEXT NOT NULL,
        password_sealed BLOB NOT NULL,
        production_confirmed_at TEXT,
        production_confirmed_by TEXT REFERENCES users(id),
        updated_at TEXT NOT NULL
      ) STRICT;
      ALTER TABLE submissions ADD COLUMN receipt TEXT;
      ALTER TABLE submissions ADD COLUMN receipt_signature BLOB;
    `);
  },
};
