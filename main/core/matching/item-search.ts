// The items a search names by what matching knows of them: matched by a bank (by name), by a kind of
// match (an exact hash or PDQ), or whose PDQ hash lies within a distance of a given one. Answers item
// ids for review's search to page through; reads only matching's matches and item_pdq tables.
import type { Vault } from '../identity';
import { hammingDistanceWords, pdqHexToWords } from './pdq';

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

/** Items whose PDQ hash is within `distance` bits of `hash` (one pass over the stored hashes). */
export function itemIdsNearPdq(vault: Vault, hash: string, distance: number): string[] {
  const target = pdqHexToWords(hash.toLowerCase());
  const words = new Uint32Array(8);
  const near: string[] = [];
  const rows = vault.db
    .prepare('SELECT item_id, hash FROM item_pdq WHERE hash IS NOT NULL')
    .raw()
    .iterate() as IterableIterator<[string, string]>;
  for (const [itemId, stored] of rows) {
    pdqHexToWords(stored, words);
    if (hammingDistanceWords(target, 0, words, 0) <= distance) near.push(itemId);
  }
  return near;
}
