// Matching the items already in the vault against its banks (after a bank import, say): PDQ hashes missing
// for stored images (ingested before PDQ was needed, or interrupted) are first computed from the encrypted
// original, decrypted in memory only, on the PDQ worker pool, and stored with the error when the image
// cannot be decoded, so a missing hash is always visible. Each item is then matched and put in review order.
import { requireRole, type Vault } from '../identity';
import { itemPdq, Matcher, PdqWorkerPool, recordItemPdq, shownFirst, type ItemMatch } from '../matching';
import { itemFacts, liveItemIds, setOrderRank } from '../review';
import { readBlobFully } from '../vault';
import { isImageMime } from './sniff';

/** Computes and stores the PDQ hash of each listed image that has none; returns how many it computed. */
async function ensureItemPdq(vault: Vault, itemIds: readonly string[], pool: PdqWorkerPool): Promise<number> {
  let computed = 0;
  for (const id of itemIds) {
    const item = itemFacts(vault, id);
    if (!item || item.shreddedAt || !isImageMime(item.mime) || itemPdq(vault, id)) continue;
    const result = await pool.hashBytes(
      item.displayName || item.id,
      await readBlobFully(vault, item.originalBlob),
    );
    recordItemPdq(vault, id, result);
    computed++;
  }
  return computed;
}

export interface StoredItemMatches {
  itemId: string;
  /** Every match found, suppressed ones included; empty for an id the vault does not hold. */
  matches: ItemMatch[];
}

/**
 * Matches the listed items (every item not shredded, in ingest order, when none are listed) against the
 * vault's banks, each recorded as an `item.match` entry; `onItem` sees each item's matches as they land.
 */
export async function matchStoredItems(
  vault: Vault,
  itemIds: readonly string[],
  threshold: number,
  onItem?: (result: StoredItemMatches) => void,
): Promise<StoredItemMatches[]> {
  requireRole(vault, 'item.match');
  const ids = itemIds.length > 0 ? itemIds : liveItemIds(vault);
  const pool = new PdqWorkerPool();
  try {
    await ensureItemPdq(vault, ids, pool);
  } finally {
    await pool.close();
  }
  const matcher = new Matcher(vault, threshold);
  const results: StoredItemMatches[] = [];
  for (const id of ids) {
    const facts = itemFacts(vault, id);
    const item = facts && { id, md5: facts.md5, sha1: facts.sha1, sha256: facts.sha256 };
    const matches = item
      ? vault.db.transaction(() => {
          const found = matcher.matchItem(item);
          setOrderRank(vault, id, shownFirst(found));
          return found;
        })()
      : [];
    results.push({ itemId: id, matches });
    onItem?.({ itemId: id, matches });
  }
  return results;
}
