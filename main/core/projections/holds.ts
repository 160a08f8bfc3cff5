// Legal holds and retention extensions against hold.add / hold.release / retention.extend: each of this
// workstation's own recorded, with its scope and whether it was released; each peer's (its origin marks
// it) as the sync merge says that peer's verified entries made it. A hold or extension no entry records,
// or a release the ledger never made, is a difference. Reads only.
import { preservationProjection } from '../preservation';
import type { Vault } from '../identity';
import type { PeerOriginRows } from '../sync/merge';
import { absent, difference, unrecorded } from './difference';
import type { LedgerState } from './replay';

function state(released: boolean): string {
  return released ? 'released' : 'standing';
}

export function holdDifferences(vault: Vault, ledger: LedgerState, peers: PeerOriginRows): string[] {
  const out: string[] = [];
  const rows = preservationProjection(vault);
  const seen = new Set<string>();
  for (const row of rows.holds) {
    seen.add(row.id);
    const expected = row.origin ? peers.holds.get(row.id) : ledger.holds.get(row.id);
    if (!expected || (row.origin && peers.holds.get(row.id)?.origin !== row.origin)) {
      out.push(
        difference('legal_holds', row.id, `a hold placed on ${row.origin ?? 'this workstation'}`, unrecorded),
      );
      continue;
    }
    if (row.released !== expected.released)
      out.push(difference('legal_holds', row.id, state(row.released), state(expected.released)));
    if (row.scope.join(', ') !== expected.scope.join(', '))
      out.push(
        difference(
          'legal_hold_scope',
          row.id,
          `scope ${row.scope.join(', ')}`,
          `scope ${expected.scope.join(', ')}`,
        ),
      );
  }
  for (const [id, hold] of [...ledger.holds, ...peers.holds])
    if (!seen.has(id))
      out.push(difference('legal_holds', id, absent, `a hold was placed (${state(hold.released)})`));
  const extensions = new Set<string>();
  for (const row of rows.extensions) {
    extensions.add(row.id);
    const expected = row.origin ? peers.extensions.get(row.id) : ledger.extensions.get(row.id);
    if (!expected) {
      out.push(difference('retention_extensions', row.id, `an extension until ${row.until}`, unrecorded));
      continue;
    }
    if (row.target !== expected.target || row.until !== expected.until)
      out.push(
        difference(
          'retention_extensions',
          row.id,
          `${row.target} until ${row.until}`,
          `${expected.target} until ${String(expected.until)}`,
        ),
      );
  }
  for (const [id, e] of [...ledger.extensions, ...peers.extensions])
    if (!extensions.has(id))
      out.push(difference('retention_extensions', id, absent, `an extension of ${e.target} was recorded`));
  return out;
}
