// The vault's first schema: vault metadata, users and the digests of their key slots.
import type { Migration } from './migration';

export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('analyst', 'supervisor', 'counsel', 'admin')),
        created_at TEXT NOT NULL,
        removed_at TEXT
      ) STRICT;
      -- keyslots.json lives outside the encrypted database; its slots' digests live inside, so a changed
      -- slot is detected by verify. A user may briefly have two digests while a passphrase change lands.
      CREATE TABLE key_slot_digests (
        user_name TEXT NOT NULL,
        digest TEXT NOT NULL,
        PRIMARY KEY (user_name, digest)
      ) STRICT;
    `);
  },
};
