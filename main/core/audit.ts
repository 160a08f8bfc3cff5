// The whole vault's ledger as the app's audit screen reads it (pages of entries with their signature
// status and what their subject is), its filtered export with proofs through a staged export, and
// `verify` run from the app. It composes the owners' verbs; it never reads a table itself.
import type { LedgerEntryView, LedgerFilter } from '../../shared/desk';
import { stagedExport } from './exports';
import { readLedger, requireRole, writeLedgerViewExport, type LedgerQuery, type Vault } from './identity';
import { subjectKinds } from './review';
import { verifyVault, type VerifyProgress } from './verify';

/** A date alone means that whole day (from its start, or to its end). */
function bound(value: string, end: boolean): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return new Date(Date.parse(`${value}T00:00:00Z`) + (end ? 86_400_000 : 0)).toISOString();
  }
  return new Date(value).toISOString();
}

function ledgerQuery(filter: LedgerFilter): LedgerQuery {
  return {
    ...(filter.actor !== undefined ? { actor: filter.actor } : {}),
    ...(filter.action !== undefined ? { action: filter.action } : {}),
    ...(filter.subject !== undefined ? { subject: filter.subject } : {}),
    ...(filter.from !== undefined ? { from: bound(filter.from, false) } : {}),
    ...(filter.to !== undefined ? { to: bound(filter.to, true) } : {}),
  };
}

export function ledgerPage(
  vault: Vault,
  filter: LedgerFilter,
  before: number | null,
  limit: number,
): { total: number; entries: LedgerEntryView[] } {
  const page = readLedger(vault, ledgerQuery(filter), before, limit);
  const kinds = subjectKinds(
    vault,
    page.entries.flatMap(({ entry }) => entry.subjects.slice(0, 1)),
  );
  return {
    total: page.total,
    entries: page.entries.map(({ entry, signature }) => ({
      seq: entry.seq,
      time: entry.time,
      actor: entry.actorName,
      action: entry.action,
      subjects: entry.subjects,
      details: JSON.stringify(entry.details),
      signature,
      subjectKind: (entry.subjects[0] && kinds.get(entry.subjects[0])) || 'other',
    })),
  };
}

/** Exports the filtered entries with their proofs, recorded and staged beside `destination`. */
export async function exportLedgerView(
  vault: Vault,
  filter: LedgerFilter,
  destination: string,
): Promise<{ path: string; entries: number }> {
  requireRole(vault, 'ledger.export');
  const shown = Object.fromEntries(Object.entries(filter).map(([k, v]) => [k, String(v)]));
  const outcome = await stagedExport(
    vault,
    { kind: 'ledger-export', destination, subjects: [], details: { view: shown } },
    (sink) => writeLedgerViewExport(vault, ledgerQuery(filter), shown, sink),
  );
  return { path: outcome.path, entries: outcome.result.entries };
}

/** `custody verify` from the app: every problem named, and the run itself a `vault.verify` entry. */
export async function verifyFromApp(vault: Vault, onProgress: (p: VerifyProgress) => void) {
  requireRole(vault, 'vault.verify');
  const result = await verifyVault(vault, onProgress);
  vault.record('vault.verify', [vault.id], {
    problems: result.problems.length,
    blobs: result.blobsChecked,
    entries: result.ledger?.entries ?? 0,
  });
  return {
    ok: result.problems.length === 0,
    problems: result.problems,
    blobsChecked: result.blobsChecked,
    itemsChecked: result.itemsChecked,
    ledgerEntries: result.ledger?.entries ?? 0,
  };
}
