// Matching the items already in the vault against its banks: on request (`custody match`), and after a
// bank import or removal, which queue the items they may change in their own transaction; the queue is then
// worked through (in the background in the app, with progress) until empty, so a crash or a lock only
// delays it. PDQ hashes (with their 8 dihedral orientations, and an animation's later frames) missing for
// stored images are first computed from the encrypted original, decrypted chunk by chunk into a bounded
// decode copy (never the whole of a large blob), on the PDQ worker pool under the decoding budget, and
// stored with the error when the image cannot be decoded, so a missing hash is always visible. The vault's
// PDQ index is readied first (preparePdqIndex). Each item is then matched, known matches it did not have before flagged for review, and put in review order.
import { requireRole, type Vault } from '../identity';
import {
  dequeueRematch,
  hasUnsuppressedKnownMatch,
  importBank,
  itemDihedral,
  itemPdq,
  Matcher,
  PdqWorkerPool,
  preparePdqIndex,
  queuedForRematch,
  recordItemDihedral,
  recordItemPdq,
  recordItemPdqFrames,
  rematchQueueLength,
  removeBank,
  shownFirst,
  type ImportItem,
  type BankImport,
  type BankMeta,
  type BankSummary,
  type ItemMatch,
} from '../matching';
import { itemFacts, liveItemIds, setOrderRank } from '../review';
import { readBlob } from '../vault';
import { maxDecodePixels } from './decode-budget';
import { decodeCopyOf } from './decode-copy';
import { hashPlanned, notHashed, planDecode } from './describe-image';
import { isImageMime } from './sniff';

/**
 * Computes and stores the PDQ hash and the dihedral hashes of each listed image that lacks them; returns
 * how many images it decoded.
 */
async function ensureItemPdq(vault: Vault, itemIds: readonly string[], pool: PdqWorkerPool): Promise<number> {
  let computed = 0;
  for (const id of itemIds) {
    const item = itemFacts(vault, id);
    if (!item || item.shreddedAt || !isImageMime(item.mime)) continue;
    const stored = itemPdq(vault, id);
    // An image that could not be decoded keeps its stored error; one hashed without orientations gets them.
    if (stored && (stored.error !== null || itemDihedral(vault, id))) continue;
    const name = item.displayName || item.id;
    const plan = await planDecode(await decodeCopyOf(item.mime, readBlob(vault, item.originalBlob)));
    const hashed = plan.ok
      ? await hashPlanned(name, plan, pool)
      : { pdq: notHashed(name, plan.reason), frames: null };
    vault.db.transaction(() => {
      recordItemPdq(vault, id, hashed.pdq);
      if (hashed.pdq.ok && hashed.pdq.pdq.dihedral) recordItemDihedral(vault, id, hashed.pdq.pdq.dihedral);
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

/** Matches one stored item (flagging known matches it did not have) and puts it in review order. */
function matchStored(vault: Vault, matcher: Matcher, id: string): ItemMatch[] | null {
  const facts = itemFacts(vault, id);
  if (!facts || facts.shreddedAt) {
    dequeueRematch(vault, id);
    return null;
  }
  const item = { id, md5: facts.md5, sha1: facts.sha1, sha256: facts.sha256 };
  return vault.db.transaction(() => {
    const found = matcher.matchItem(item, { flagNew: true });
    setOrderRank(vault, id, shownFirst(found));
    return found;
  })();
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
  await preparePdqIndex(vault);
  const matcher = new Matcher(vault, threshold);
  const results: StoredItemMatches[] = [];
  for (const id of ids) {
    const matches = matchStored(vault, matcher, id) ?? [];
    results.push({ itemId: id, matches });
    onItem?.({ itemId: id, matches });
  }
  return results;
}

/** Imports a bank and, in the same transaction, queues every item in the vault to be matched against it. */
export function importBankAndQueueRematch(
  vault: Vault,
  records: AsyncIterable<ImportItem>,
  meta: BankMeta,
): Promise<BankImport> {
  return importBank(vault, records, meta, { rematch: () => liveItemIds(vault) });
}

/**
 * Removes a bank: in one transaction its matches are cleared, the items they were on put back in review
 * order from the matches left, and queued to be matched again (an allow bank's suppressions are gone).
 */
export function removeBankAndQueueRematch(vault: Vault, idOrName: string, reason: string): BankSummary {
  return removeBank(vault, idOrName, reason, {
    rerank: (itemIds) => {
      for (const id of itemIds) setOrderRank(vault, id, hasUnsuppressedKnownMatch(vault, id));
    },
  });
}

export interface RematchProgress {
  done: number;
  total: number;
  /** Items given a known match they did not have before (flagged for review). */
  flagged: number;
}

export interface RematchOptions {
  onProgress?: (progress: RematchProgress) => void;
  /** Checked between items: false stops the work (the vault was locked); what is left stays queued. */
  proceed?: () => boolean;
  /** Least time between two progress reports, in ms (the last one is always reported). Default 250. */
  progressEveryMs?: number;
}

/** Items matched between two reads of the queue (their missing PDQ hashes computed first). */
const REMATCH_BATCH = 100;

/**
 * Works through the re-match queue until it is empty (items queued meanwhile included) or `proceed` says
 * stop. Finishes work an authorised bank change queued; the ledger records each item.match as the
 * unlocked user's.
 */
export async function rematchQueued(vault: Vault, options: RematchOptions = {}): Promise<RematchProgress> {
  // At unlock this is where the PDQ index is readied, before any item waits for it.
  await preparePdqIndex(vault);
  const proceed = options.proceed ?? (() => true);
  const every = options.progressEveryMs ?? 250;
  const progress: RematchProgress = { done: 0, total: rematchQueueLength(vault), flagged: 0 };
  let reportedAt = 0;
  const report = (force: boolean) => {
    const now = Date.now();
    if (!force && now - reportedAt < every) return;
    reportedAt = now;
    options.onProgress?.({ ...progress });
  };
  if (progress.total === 0) return progress;
  report(true);
  const matcher = new Matcher(vault);
  const pool = new PdqWorkerPool();
  try {
    while (proceed()) {
      const ids = queuedForRematch(vault, REMATCH_BATCH);
      if (ids.length === 0) break;
      await ensureItemPdq(vault, ids, pool);
      for (const id of ids) {
        if (!proceed()) break;
        const startedAt = new Date().toISOString();
        const found = matchStored(vault, matcher, id);
        if (found?.some((m) => m.flaggedAt !== null && m.flaggedAt >= startedAt)) progress.flagged++;
        progress.done++;
        report(false);
      }
      progress.total = Math.max(progress.total, progress.done + rematchQueueLength(vault));
    }
  } finally {
    await pool.close();
  }
  if (proceed()) report(true);
  return progress;
}
