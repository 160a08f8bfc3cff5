// Crypto-shredding an item (retention expiry, lawful deletion): its blob keys are destroyed in the same
// transaction as the signed `item.shred` entry, then the files are removed. The item's hashes and history
// stay, so the ledger can still say what existed and when it was destroyed. Nothing is shredded under a
// legal hold or inside its retention period (preservation decides which; both verbs ask it first).
import { InvalidInputError, NotFoundError } from '../errors';
import { requireRole, type Vault } from '../identity';
import { assertDeletable } from '../preservation';
import { removeBlobFile, shredBlobKey } from '../vault';

/** Shreds an item on a person's decision, saying why; refused under a hold or inside retention. */
export async function shredItem(vault: Vault, itemId: string, reason: string): Promise<{ sha256: string }> {
  requireRole(vault, 'item.shred');
  if (reason.trim().length < 3) throw new InvalidInputError('Say why the item is shredded (--reason TEXT).');
  assertDeletable(vault, itemId);
  return destroy(vault, itemId, { reason: reason.trim() });
}

/** What a retention run cites for each item it shreds: the rule that expired and the list confirmed. */
export interface ExpiryCitation {
  rule: string;
  ruleName: string;
  deletableFrom: string | null;
  confirmedList: string;
}

/** Shreds an item whose retention has expired, once counsel or an admin confirmed the list it is on. */
export async function shredExpiredItem(
  vault: Vault,
  itemId: string,
  citation: ExpiryCitation,
): Promise<{ sha256: string }> {
  requireRole(vault, 'retention.run');
  assertDeletable(vault, itemId);
  return destroy(vault, itemId, {
    reason: `retention expired under rule ${citation.rule} (${citation.ruleName})`,
    ...citation,
  });
}

async function destroy(
  vault: Vault,
  itemId: string,
  details: { reason: string } & Record<string, unknown>,
): Promise<{ sha256: string }> {
  const item = vault.db
    .prepare('SELECT id, sha256, original_blob, shredded_at FROM items WHERE id = ?')
    .get(itemId) as
    { id: string; sha256: string; original_blob: string; shredded_at: string | null } | undefined;
  if (!item) throw new NotFoundError(`There is no item ${itemId} in this vault.`);
  if (item.shredded_at)
    throw new InvalidInputError(`Item ${itemId} was already shredded on ${item.shredded_at}.`);
  const now = new Date().toISOString();
  const derived = vault.db
    .prepare(
      'SELECT blob_id FROM derivatives WHERE item_id = ? UNION ALL SELECT blob_id FROM keyframes WHERE item_id = ?',
    )
    .pluck()
    .all(itemId, itemId) as string[];
  vault.db.transaction(() => {
    for (const blob of derived) shredBlobKey(vault.db, blob, now);
    shredBlobKey(vault.db, item.original_blob, now);
    vault.db.prepare('UPDATE items SET shredded_at = ? WHERE id = ?').run(now, itemId);
    vault.record('item.shred', [itemId], { ...details, sha256: item.sha256 });
  })();
  for (const blob of [item.original_blob, ...derived]) await removeBlobFile(vault.layout, blob);
  return { sha256: item.sha256 };
}
