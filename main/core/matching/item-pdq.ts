// Each item's stored PDQ hash (or why it could not be computed, so a missing hash is always visible):
// written once per item, at ingest or by a later back-fill, and read for matching and the item's record;
// and the distinct hashes of an animation's later frames. Owns the item_pdq and item_pdq_frames tables;
// computing the hashes is the caller's business.
import type { Vault } from '../identity';
import type { PdqFileResult, PdqFramesResult } from './pdq';

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

export interface ItemPdqFrame extends ItemPdq {
  /** 0-based frame number (frame 0 is item_pdq's). */
  frame: number;
}

/** The stored hashes of an item's frames after the first, in frame order. */
export function itemPdqFrames(vault: Vault, itemId: string): ItemPdqFrame[] {
  return vault.db
    .prepare('SELECT frame, hash, quality, error FROM item_pdq_frames WHERE item_id = ? ORDER BY frame')
    .all(itemId) as ItemPdqFrame[];
}

/**
 * Stores the hashes of an item's later frames, leaving out any equal to an earlier frame's (the first
 * frame's included), or the error that stopped them; call inside the item's transaction.
 */
export function recordItemPdqFrames(
  vault: Vault,
  itemId: string,
  first: PdqFileResult,
  later: PdqFramesResult,
): void {
  const insert = vault.db.prepare(
    'INSERT OR IGNORE INTO item_pdq_frames (item_id, frame, hash, quality, error) VALUES (?, ?, ?, ?, ?)',
  );
  if (!later.ok) {
    insert.run(itemId, 1, null, null, later.error.message);
    return;
  }
  const seen = new Set(first.ok ? [first.pdq.hash] : []);
  for (const { frame, pdq } of later.frames) {
    if (seen.has(pdq.hash)) continue;
    seen.add(pdq.hash);
    insert.run(itemId, frame, pdq.hash, pdq.quality, null);
  }
}
