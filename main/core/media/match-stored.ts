// Matching the items already in the vault against its banks (after a bank import, say): PDQ hashes missing
// for stored images (ingested before PDQ was needed, or interrupted) are first computed from the encrypted
// original, decrypted chunk by chunk into a bounded decode copy (never the whole of a large blob), on the
// PDQ worker pool under the decoding budget, and stored with the error when the image cannot be decoded,
// so a missing hash is always visible. Each item is then matched and put in review order.
import { requireRole, type Vault } from '../identity';
import {
  itemPdq,
  Matcher,
  PdqWorkerPool,
  recordItemPdq,
  recordItemPdqFrames,
  shownFirst,
  type ItemMatch,
} from '../matching';
import { itemFacts, liveItemIds, setOrderRank } from '../review';
import { readBlob } from '../vault';
import { maxDecodePixels } from './decode-budget';
import { decodeCopyOf } from './decode-copy';
import { hashPlanned, notHashed, planDecode } from './describe-image';
import { isImageMime } from './sniff';

/** Computes and stores the PDQ hash of each listed image that has none; returns how many it computed. */
async function ensureItemPdq(vault: Vault, itemIds: readonly string[], pool: PdqWorkerPool): Promise<number> {
  let computed = 0;
  for (const id of itemIds) {
    const item = itemFacts(vault, id);
    if (!item || item.shreddedAt || !isImageMime(item.mime) || itemPdq(vault, id)) continue;
    const name = item.displayName || item.id;
    const plan = await planDecode(await decodeCopyOf(item.mime, readBlob(vault, item.originalBlob)));
    const hashed = plan.ok
      ? await hashPlanned(name, plan, pool)
      : { pdq: notHashed(name, plan.reason), frames: null };
    vault.db.transaction(() => {
      recordItemPdq(vault, id, hashed.pdq);
      if (hashed.frames) recordItemPdqFrames(vault, id, hashed.pdq, hashed.frames);
    })();
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
  const pool = new PdqWorkerPool({ maxPixels: maxDecodePixels });
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
