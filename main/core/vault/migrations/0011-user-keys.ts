// Per-user key custody: each user's X25519 public key (its private half is in their key slot, sealed
// under their passphrase), which public key a signing key is sealed to (NULL: the vault's value key, as
// before), the organisation's signing key sealed to each user who may sign, and the database key's epoch.
// Slots and keys of existing users are converted at each user's next unlock (their passphrase is needed).
import type { Migration } from './migration';

export const migration0011: Migration = {
  version: 11,
  name: 'user-keys',
  up(db) {
    db.exec(`
      ALTER TABLE users ADD COLUMN box_public_key TEXT;
      ALTER TABLE signing_keys ADD COLUMN sealed_to TEXT;
      CREATE TABLE organisation_key_seals (
        user_name TEXT NOT NULL,
        box_public_key TEXT NOT NULL,
        private_key_boxed BLOB NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (user_name, box_public_key)
      ) STRICT;
      INSERT OR IGNORE INTO meta (key, value) VALUES ('key_epoch', '0');
    `);
  },
};
