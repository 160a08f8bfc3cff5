// Preservation: legal holds and their scope (cases, items, reported accounts), law-enforcement extensions of
// retention, the organisation's retention policy documents (each version kept), and the preservation
// packages delivered. Holds are never deleted: a release is recorded on the row with its reason.
import type { Migration } from './migration';

export const migration0017: Migration = {
  version: 17,
  name: 'preservation',
  up(db) {
    db.exec(`
      CREATE TABLE legal_holds (
        id TEXT PRIMARY KEY,
        matter TEXT NOT NULL,
        counsel TEXT NOT NULL REFERENCES users(id),
        reason TEXT,
        created_at TEXT NOT NULL,
        released_at TEXT,
        released_by TEXT REFERENCES users(id),
        release_reason TEXT
      ) STRICT;
      CREATE TABLE legal_hold_scope (
        hold_id TEXT NOT NULL REFERENCES legal_holds(id),
        kind TEXT NOT NULL CHECK (kind IN ('case', 'item', 'account')),
        target TEXT NOT NULL,
        PRIMARY KEY (hold_id, kind, target)
      ) STRICT;
      CREATE TABLE retention_extensions (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('case', 'item')),
        target TEXT NOT NULL,
        agency TEXT NOT NULL,
        reference TEXT NOT NULL,
        requested_on TEXT NOT NULL,
        until TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL REFERENCES users(id)
      ) STRICT;
      CREATE TABLE retention_policies (
        version INTEGER PRIMARY KEY,
        document TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        installed_at TEXT NOT NULL,
        installed_by TEXT NOT NULL REFERENCES users(id)
      ) STRICT;
      CREATE TABLE preservation_packages (
        id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases(id),
        destination TEXT NOT NULL,
        encrypted INTEGER NOT NULL,
        recipients TEXT NOT NULL,
        external_identifier TEXT,
        tag_manifest_sha512 TEXT NOT NULL,
        timestamp TEXT NOT NULL CHECK (timestamp IN ('stamped', 'pending', 'none')),
        files INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        bagged_at TEXT NOT NULL,
        created_by TEXT NOT NULL REFERENCES users(id)
      ) STRICT;
    `);
  },
};
