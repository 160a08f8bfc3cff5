// The items a search names by what matching knows of them: matched by a bank (by name), by a kind of
// match (an exact hash or PDQ), or whose PDQ hash lies within a distance of a given one (through an index
// of the items' hashes kept for the session). Answers item
// ids for review's search to page through; reads only matching's matches and item_pdq tables.
import type { Vault } from '../identity';
import { PdqIndex } from './pdq-index';

export interface MatchCriteria {
  bank?: string;
  kind?: 'exact' | 'pdq';
}

/** Items with a match (not suppressed) in a bank of that name and/or of that kind. */
export function itemIdsMatching(vault: Vault, criteria: MatchCriteria): string[] {
  const where: string[] = ['m.suppressed_by IS NULL'];
  const params: string[] = [];
  if (criteria.bank !== undefined) {
    where.push('m.bank_name = ?');
    params.push(criteria.bank);
  }
  if (criteria.kind === 'pdq') where.push("m.algorithm = 'pdq'");
  if (criteria.kind === 'exact') where.push("m.algorithm != 'pdq'");
  return vault.db
    .prepare(`SELECT DISTINCT m.item_id FROM matches m WHERE ${where.join(' AND ')}`)
    .pluck()
    .all(...params) as string[];
}

/** The items' PDQ hashes as an index, kept for the unlocked session and topped up with rows added since. */
interface ItemPdqIndex {
  index: PdqIndex;
  itemIds: string[];
  lastRowid: number;
}

const sessionIndexes = new WeakMap<Vault, ItemPdqIndex>();

/**
 * The session's index of item PDQ hashes, with the rows added since it was last used. item_pdq rows are
 * written once and never changed, so rows past the last one seen are all that can be new; a shredded
 * item's id may still come back here, and the caller's join to the items leaves it out.
 */
function itemPdqIndex(vault: Vault): ItemPdqIndex {
  let cached = sessionIndexes.get(vault);
  if (!cached) {
    cached = { index: new PdqIndex(), itemIds: [], lastRowid: 0 };
    sessionIndexes.set(vault, cached);
  }
  const rows = vault.db
    .prepare('SELECT rowid, item_id, hash FROM item_pdq WHERE rowid > ? AND hash IS NOT NULL ORDER BY rowid')
    .raw()
    .iterate(cached.lastRowid) as IterableIterator<[number, string, string]>;
  for (const [rowid, itemId, hash] of rows) {
    cached.index.add(cached.itemIds.length, hash);
    cached.itemIds.push(itemId);
    cached.lastRowid = rowid;
  }
  return cached;
}

/** Items whose PDQ hash is within `distance` bits of `hash`: the same answer as a scan, from the index. */
export function itemIdsNearPdq(vault: Vault, hash: string, distance: number): string[] {
  const { index, itemIds } = itemPdqIndex(vault);
  return index.query(hash.toLowerCase(), distance).map((match) => itemIds[match.id] as string);
}
