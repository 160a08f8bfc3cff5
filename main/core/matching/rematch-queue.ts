// The items still to be matched against the vault's current banks: queued in the same transaction as the
// bank import or removal that changed what they may match, and each taken off in the transaction that
// stores its new matches, so a crash or a lock leaves them queued (and shown as "not yet matched") until
// the next unlock finishes the work. Owns the rematch_queue table; the matching itself is matcher.ts's.
import type { Vault } from '../identity';

/** Queues items for re-matching (an item already queued keeps its place); call inside the bank change. */
export function queueRematch(vault: Vault, itemIds: readonly string[], reason: string): void {
  const insert = vault.db.prepare(
    'INSERT OR IGNORE INTO rematch_queue (item_id, queued_at, reason) VALUES (?, ?, ?)',
  );
  const now = new Date().toISOString();
  for (const id of itemIds) insert.run(id, now, reason);
}

/** Up to `limit` queued items, oldest first. */
export function queuedForRematch(vault: Vault, limit: number): string[] {
  return vault.db
    .prepare('SELECT item_id FROM rematch_queue ORDER BY queued_at, item_id LIMIT ?')
    .pluck()
    .all(limit) as string[];
}

export function rematchQueueLength(vault: Vault): number {
  return vault.db.prepare('SELECT count(*) FROM rematch_queue').pluck().get() as number;
}

/** Whether the item waits to be matched against the current banks. */
export function awaitsRematch(vault: Vault, itemId: string): boolean {
  return vault.db.prepare('SELECT 1 FROM rematch_queue WHERE item_id = ?').get(itemId) !== undefined;
}

/** Takes an item off the queue: it was matched, or it is gone (shredded). */
export function dequeueRematch(vault: Vault, itemId: string): void {
  vault.db.prepare('DELETE FROM rematch_queue WHERE item_id = ?').run(itemId);
}
