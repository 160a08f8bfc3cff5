// Where a vault keeps its files. Only the core knows these paths; the renderer never sees them.
import { join } from 'node:path';

export interface VaultLayout {
  dir: string;
  database: string;
  keySlots: string;
  /** The slots of an unfinished key rotation, wrapping the new database key; see rotation.ts. */
  nextKeySlots: string;
  /** A copy of vault.db under the old key, kept only while the database is being re-keyed. */
  rotationBackup: string;
  blobs: string;
  /** Same filesystem as blobs/, so a finished temp file is renamed into place atomically. */
  staging: string;
}

export function vaultLayout(dir: string): VaultLayout {
  return {
    dir,
    database: join(dir, 'vault.db'),
    keySlots: join(dir, 'keyslots.json'),
    nextKeySlots: join(dir, 'keyslots.next.json'),
    rotationBackup: join(dir, 'vault.db.rotating'),
    blobs: join(dir, 'blobs'),
    staging: join(dir, 'staging'),
  };
}
