// Each item's stored PDQ hash (or why it could not be computed, so a missing hash is always visible):
// written once per item, at ingest or by a later back-fill, and read for matching and the item's record.
// Owns the item_pdq table; computing the hash is the caller's business.
import type { Vault } from '../identity';
import type { PdqFileResult } from './pdq';

export interface ItemPdq {
  hash: string | null;
  quality: number | null;
  error: string | null;
}

export function itemPdq(vault: Vault, itemId: string): ItemPdq | null {
  const row = vault.db.prepare('SELECT hash, quality, error FROM item_pdq WHERE item_id = ?').get(itemId) as
    ItemPdq | undefined;
  return row ?? null;
}

/** Stores an item's PDQ outcome unless one is stored already; call inside the item's transaction. */
export function recordItemPdq(vault: Vault, itemId: string, result: PdqFileResult): void {
  vault.db
    .prepare('INSERT OR IGNORE INTO item_pdq (item_id, hash, quality, error) VALUES (?, ?, ?, ?)')
    .run(
      itemId,
      result.ok ? result.pdq.hash : null,
      result.ok ? result.pdq.quality : null,
      result.ok ? null : result.error.message,
    );
}
