// The vault's ledger as its users check and export it: both need the signing keys identity keeps (the
// workstation's and every user's), and exporting is a recorded act only some roles may take.
import { stagedExport, type AgeRecipients } from '../exports';
import { auditLedger, writeLedgerExport, type ExportSummary, type LedgerAudit } from '../ledger';
import { requireRole } from './access';
import { storedKeys, verifiersByName } from './keys';
import type { Vault } from './session';

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
