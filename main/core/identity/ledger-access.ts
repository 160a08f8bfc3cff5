// The vault's ledger as its users check and export it: both need the signing keys identity keeps (the
// workstation's and every user's), and exporting is a recorded act only some roles may take.
import { auditLedger, writeLedgerExport, type ExportSummary, type LedgerAudit } from '../ledger';
import { requireRole } from './access';
import { storedKeys, verifiersByName } from './keys';
import type { Vault } from './session';

/** Verifies the vault's ledger, every entry (full) or those after the last verified checkpoint. */
export function verifyLedger(vault: Vault, mode: 'full' | 'incremental'): Promise<LedgerAudit> {
  return auditLedger(vault.ledger, verifiersByName(storedKeys(vault.db)), mode);
}

/** Records `ledger.export`, then writes an export an outsider can verify without Custody. */
export function exportLedger(vault: Vault, outDir: string): Promise<ExportSummary> {
  requireRole(vault, 'ledger.export');
  vault.record('ledger.export', [], { to: outDir });
  return writeLedgerExport(vault.ledger, storedKeys(vault.db), outDir);
}
