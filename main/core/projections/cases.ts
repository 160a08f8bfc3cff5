// Case drafts against case.update: the current draft's SHA-256 (canonical JSON) must be the one the last
// case.update recorded. Cases whose updates predate draft hashes (or were never edited) record none and
// are not compared. Peers' cases (sync) against what the merge says their applied entries made them: the
// same cases, each with its items and status.
import type { Vault } from '../identity';
import { caseDraftProjection, peerCaseRows } from '../review';
import type { PeerOriginRows } from '../sync/merge';
import { absent, difference, unrecorded } from './difference';
import type { LedgerState } from './replay';

export function caseDifferences(vault: Vault, state: LedgerState, peers: PeerOriginRows): string[] {
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
  const seen = new Set<string>();
  for (const row of peerCaseRows(vault)) {
    seen.add(row.id);
    const expected = peers.cases.get(row.id);
    const says = `${row.status}, items ${[...row.itemIds].sort().join(', ')}`;
    if (!expected) out.push(difference('peer_cases', row.id, `a case of ${row.origin}: ${says}`, unrecorded));
    else if (says !== `${expected.status}, items ${expected.items.join(', ')}`)
      out.push(
        difference('peer_cases', row.id, says, `${expected.status}, items ${expected.items.join(', ')}`),
      );
  }
  for (const id of peers.cases.keys())
    if (!seen.has(id)) out.push(difference('peer_cases', id, absent, 'a peer created the case'));
  return out;
}
