// The organisation's signing identity (certificate chain in clear, private key sealed with the data key),
// used to sign report packages and, later, preservation packages.
import type { Migration } from './migration';

export const migration0007: Migration = {
  version: 7,
  name: 'organisation',
  up(db) {
    db.exec(`
      CREATE TABLE organisation_identity (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        certificate_pem TEXT NOT NULL,
        chain_pem TEXT NOT NULL,
        private_key_sealed BLOB NOT NULL,
        fingerprint TEXT NOT NULL,
        installed_at TEXT NOT NULL,
        installed_by TEXT NOT NULL REFERENCES users(id)
      ) STRICT;
    `);
  },
};
