// Items, their blobs, shreds and categorisations against item.ingest / item.shred / item.categorize: each
// item's hashes, size and type as ingested; shredded (and its blob keys destroyed) exactly when the ledger
// shredded it; its category and annotations those of the latest item.categorize naming it (or, where the
// sync merge decided it from peers' entries, what the merge says it must be).
import type { Vault } from '../identity';
import { itemProjection } from '../review';
import type { PeerOriginRows } from '../sync/merge';
import { shreddedBlobIds } from '../vault';
import { absent, difference, unrecorded } from './difference';
import type { LedgerState } from './replay';

const fields = ['sha256', 'sha1', 'md5', 'size', 'mime'] as const;

function describeCategory(c: { category: unknown; annotations: unknown } | null): string {
  return c ? `${String(c.category)} ${JSON.stringify(c.annotations)}` : 'no category';
}

export function itemDifferences(vault: Vault, state: LedgerState, peers: PeerOriginRows): string[] {
  const out: string[] = [];
  const destroyed = shreddedBlobIds(vault.db);
  const seen = new Set<string>();
  for (const row of itemProjection(vault)) {
    seen.add(row.id);
    const recorded = state.items.get(row.id);
    if (!recorded) {
      out.push(difference('items', row.id, `an item with SHA-256 ${row.sha256}`, unrecorded));
      continue;
    }
    for (const field of fields) {
      if (row[field] !== recorded.details[field])
        out.push(
          difference(
            'items',
            row.id,
            `${field} ${String(row[field])}`,
            `${field} ${String(recorded.details[field])}`,
          ),
        );
    }
    if (row.shredded !== recorded.shredded)
      out.push(
        difference(
          'items',
          row.id,
          row.shredded ? 'shredded' : 'not shredded',
          recorded.shredded ? 'shredded' : 'not shredded',
        ),
      );
    const blobs = [row.originalBlob, ...row.derivativeBlobs];
    for (const blob of blobs) {
      if (destroyed.has(blob) !== recorded.shredded)
        out.push(
          difference(
            'blobs',
            blob,
            destroyed.has(blob) ? `its key destroyed (item ${row.id})` : `its key present (item ${row.id})`,
            recorded.shredded ? 'the item was shredded' : 'the item was never shredded',
          ),
        );
    }
    const tableCategory = describeCategory(row.category);
    // A categorisation the merge decided (a peer's, or a resolution's) is checked against the merge's account.
    const ledgerCategory = describeCategory(peers.categories.get(row.id) ?? recorded.category);
    if (tableCategory !== ledgerCategory)
      out.push(difference('item_categories', row.id, tableCategory, ledgerCategory));
  }
  for (const [id, recorded] of state.items) {
    if (!seen.has(id))
      out.push(
        difference('items', id, absent, `item with SHA-256 ${String(recorded.details.sha256)} was ingested`),
      );
  }
  return out;
}
