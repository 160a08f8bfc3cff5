// The vault's ledger as its users check and export it: both need the signing keys identity keeps (the
// workstation's and every user's), and exporting is a recorded act only some roles may take.
import { stagedExport, type AgeRecipients } from '../exports';
import {
  auditLedger,
  matchingSeqs,
  queryEntries,
  writeLedgerExport,
  writeLedgerView,
  type CheckedEntry,
  type EntryQuery,
  type ExportFiles,
  type ExportSummary,
  type LedgerAudit,
} from '../ledger';
import { requireRole } from './access';
import { storedKeys, verifiersByName } from './keys';
import type { Vault } from './session';
import { userProjection } from './users';

/** Verifies the vault's ledger, every entry (full) or those after the last verified checkpoint. */
export function verifyLedger(vault: Vault, mode: 'full' | 'incremental'): Promise<LedgerAudit> {
  return auditLedger(vault.ledger, verifiersByName(storedKeys(vault.db)), mode);
}

export interface LedgerExported extends ExportSummary {
  /** The export's folder, or its `.tar.age` file when encrypted. */
  path: string;
  encrypted: boolean;
}

/**
 * Records `ledger.export`, then writes an export an outsider can verify without Custody, staged beside
 * `destination` (owner-only, nothing left behind on failure), or age-encrypted into one `.tar.age`.
 */
export async function exportLedger(
  vault: Vault,
  destination: string,
  options: { encryptTo?: AgeRecipients } = {},
): Promise<LedgerExported> {
  requireRole(vault, 'ledger.export');
  vault.record('ledger.export', [], { to: destination });
  const { result, path, encrypted } = await stagedExport(
    vault,
    {
      kind: 'ledger-export',
      destination,
      subjects: [],
      ...(options.encryptTo ? { encryptTo: options.encryptTo } : {}),
    },
    (sink) => writeLedgerExport(vault.ledger, storedKeys(vault.db), sink),
  );
  return { ...result, path, encrypted };
}

/** A ledger filter as people type it: the actor by user name. */
export interface LedgerQuery extends Omit<EntryQuery, 'actorId'> {
  actor?: string;
}

function entryQuery(vault: Vault, query: LedgerQuery): EntryQuery | null {
  const { actor, ...rest } = query;
  if (actor === undefined) return rest;
  const user = userProjection(vault).find((u) => u.name === actor);
  return user ? { ...rest, actorId: user.id } : null;
}

/** A page of the whole vault's ledger, newest first, each entry with its signature checked. */
export function readLedger(
  vault: Vault,
  query: LedgerQuery,
  before: number | null,
  limit: number,
): { total: number; entries: CheckedEntry[] } {
  requireRole(vault, 'ledger.read');
  const resolved = entryQuery(vault, query);
  if (!resolved) return { total: 0, entries: [] };
  return queryEntries(vault.db, resolved, before, limit, verifiersByName(storedKeys(vault.db)));
}

/**
 * Writes the entries a filter finds, with their proofs, into `files` (a staged export's sink); the caller
 * records the export. Signs a checkpoint first so the newest entries are covered.
 */
export function writeLedgerViewExport(
  vault: Vault,
  query: LedgerQuery,
  filter: Record<string, string>,
  files: ExportFiles,
): Promise<ExportSummary> {
  requireRole(vault, 'ledger.export');
  const resolved = entryQuery(vault, query);
  const seqs = resolved ? matchingSeqs(vault.db, resolved) : [];
  return writeLedgerView(vault.ledger, storedKeys(vault.db), seqs, filter, files);
}
