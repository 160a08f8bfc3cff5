// Banks and their versions against bank.import / bank.remove: every row recorded with its name, version,
// source, kind, format, counts and importer, removed exactly when the ledger removed it, and holding its
// hashes only while live.
import { bankProjection } from '../matching';
import type { Vault } from '../identity';
import { absent, difference, unrecorded } from './difference';
import type { LedgerState } from './replay';

const fields = ['name', 'version', 'source', 'kind', 'format', 'entries', 'problems'] as const;

export function bankDifferences(vault: Vault, state: LedgerState): string[] {
  const out: string[] = [];
  const rows = new Map(bankProjection(vault).map((b) => [b.id, b]));
  for (const [id, row] of rows) {
    const recorded = state.banks.get(id);
    if (!recorded) {
      out.push(difference('banks', id, `bank "${row.name}" version ${row.version}`, unrecorded));
      continue;
    }
    for (const field of fields) {
      if (row[field] !== recorded.details[field])
        out.push(
          difference(
            'banks',
            id,
            `${field} ${JSON.stringify(row[field])}`,
            `${field} ${JSON.stringify(recorded.details[field])}`,
          ),
        );
    }
    if (row.importedBy !== recorded.actor)
      out.push(difference('banks', id, `imported by ${row.importedBy}`, `imported by ${recorded.actor}`));
    if (row.removed !== recorded.removed)
      out.push(
        difference('banks', id, row.removed ? 'removed' : 'live', recorded.removed ? 'removed' : 'live'),
      );
    const expected = recorded.removed ? 0 : Number(recorded.details.entries);
    if (row.hashes !== expected)
      out.push(difference('bank_hashes', id, `${row.hashes} hash(es)`, `${expected} hash(es)`));
  }
  for (const [id, recorded] of state.banks) {
    if (!rows.has(id))
      out.push(
        difference(
          'banks',
          id,
          absent,
          `bank "${String(recorded.details.name)}" version ${String(recorded.details.version)} was imported`,
        ),
      );
  }
  return out;
}
