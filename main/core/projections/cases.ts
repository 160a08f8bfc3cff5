// Case drafts against case.update: the current draft's SHA-256 (canonical JSON) must be the one the last
// case.update recorded. Cases whose updates predate draft hashes (or were never edited) record none and
// are not compared.
import type { Vault } from '../identity';
import { caseDraftProjection } from '../review';
import { difference } from './difference';
import type { LedgerState } from './replay';

export function caseDifferences(vault: Vault, state: LedgerState): string[] {
  const out: string[] = [];
  for (const row of caseDraftProjection(vault)) {
    const recorded = state.drafts.get(row.id);
    if (recorded && recorded !== row.draft)
      out.push(
        difference(
          'cases',
          row.id,
          `a draft with SHA-256 ${row.draft}`,
          `the last saved draft had SHA-256 ${recorded}`,
        ),
      );
  }
  return out;
}
