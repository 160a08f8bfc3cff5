// Where a vault keeps its files. Only the core knows these paths; the renderer never sees them.
import { join } from 'node:path';

export interface VaultLayout {
  dir: string;
  database: string;
  keySlots: string;
  blobs: string;
  /** Same filesystem as blobs/, so a finished temp file is renamed into place atomically. */
  staging: string;
}

export function vaultLayout(dir: string): VaultLayout {
  return {
    dir,
    database: join(dir, 'vault.db'),
    keySlots: join(dir, 'keyslots.json'),
    blobs: join(dir, 'blobs'),
    staging: join(dir, 'staging'),
  };
}
