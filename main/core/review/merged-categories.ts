// An item's current categorisation as the merge of peer workstations' entries reads and sets it: the row a
// peer's `item.categorize` (or a supervisor's resolution of a conflict between them) puts in place, written
// without a ledger entry of this vault because the entry that decided it is the peer's or the resolution's.
// It never checks roles or decides between categorisations (sync/merge does); it only stores the outcome.
import { categories, type Category } from '../../../shared/review';
import { InvalidInputError } from '../errors';
import type { Vault } from '../identity';

export interface CurrentCategory {
  category: Category;
  annotations: string[];
  /** The user who categorised it (a peer user for a peer's categorisation). */
  by: string;
  at: string;
}

/** The item's categorisation row, or null when it has none. */
export function currentCategory(vault: Vault, itemId: string): CurrentCategory | null {
  const row = vault.db
    .prepare(
      'SELECT category, annotations, categorized_by AS by, categorized_at AS at FROM item_categories WHERE item_id = ?',
    )
    .get(itemId) as { category: Category; annotations: string; by: string; at: string } | undefined;
  return row ? { ...row, annotations: JSON.parse(row.annotations) as string[] } : null;
}

/** Puts a merged categorisation in place; call inside the transaction that applies what decided it. */
export function setMergedCategory(vault: Vault, itemId: string, value: CurrentCategory): void {
  if (!categories.includes(value.category))
    throw new InvalidInputError(`Unknown category ${value.category}.`);
  vault.db
    .prepare(
      `INSERT INTO item_categories (item_id, category, annotations, categorized_by, categorized_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (item_id) DO UPDATE SET category = excluded.category, annotations = excluded.annotations,
         categorized_by = excluded.categorized_by, categorized_at = excluded.categorized_at`,
    )
    .run(itemId, value.category, JSON.stringify([...new Set(value.annotations)].sort()), value.by, value.at);
}
