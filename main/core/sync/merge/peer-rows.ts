// Which rows of this vault the merge, not this vault's own ledger, decided: peer users, and items whose
// categorisation stands as a peer's or as a resolution's. `verify` replays only the local ledger, so it
// checks these rows against what the merge says they should hold instead. Reads only.
import { peerUserIds, type Vault } from '../../identity';
import type { CategoryValue } from './categories';
import { mergedCategory } from './settle';
import { resolvedSubjects, subjectsWithFacts } from './store';

export interface PeerOriginRows {
  /** Users of peer workstations: not added by this vault's ledger. */
  users: ReadonlySet<string>;
  /** Items whose categorisation the merge decided, with the categorisation their row must hold. */
  categories: ReadonlyMap<string, CategoryValue>;
}

export function peerOriginRows(vault: Vault): PeerOriginRows {
  const categories = new Map<string, CategoryValue>();
  const subjects = new Set([...subjectsWithFacts(vault, 'category'), ...resolvedSubjects(vault, 'category')]);
  for (const itemId of subjects) {
    const merged = mergedCategory(vault, itemId);
    if (merged) categories.set(itemId, JSON.parse(merged.value) as CategoryValue);
  }
  return { users: peerUserIds(vault.db), categories };
}
