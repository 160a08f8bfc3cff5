// `verify` for a whole vault: the database's structure, the key slots, every blob (each chunk's tag,
// and each original against its recorded SHA-256), and the full ledger. Every problem names the object.
import { createHash } from 'node:crypto';
import { CustodyError } from '../errors';
import { auditLedger, type LedgerAudit } from '../ledger/audit';
import { readBlob } from './blobs';
import type { Vault } from './vault';

export interface VaultVerification {
  problems: string[];
  blobsChecked: number;
  itemsChecked: number;
  ledger: LedgerAudit | null;
}

export interface VerifyProgress {
  blobsDone: number;
  blobsTotal: number;
}

export async function verifyVault(
  vault: Vault,
  onProgress?: (p: VerifyProgress) => void,
): Promise<VaultVerification> {
  const problems = await vault.structuralProblems();
  const blobs = vault.db
    .prepare('SELECT id FROM blobs WHERE wrapped_key IS NOT NULL ORDER BY id')
    .pluck()
    .all() as string[];
  const originals = new Map(
    (
      vault.db
        .prepare('SELECT id, sha256, original_blob FROM items WHERE shredded_at IS NULL')
        .all() as Array<{
        id: string;
        sha256: string;
        original_blob: string;
      }>
    ).map((r) => [r.original_blob, r]),
  );
  const derivatives = new Map(
    (
      vault.db.prepare('SELECT item_id, variant, blob_id FROM derivatives').all() as Array<{
        item_id: string;
        variant: string;
        blob_id: string;
      }>
    ).map((r) => [r.blob_id, r]),
  );
  let blobsDone = 0;
  let itemsChecked = 0;
  for (const blobId of blobs) {
    const item = originals.get(blobId);
    const hash = createHash('sha256');
    try {
      for await (const chunk of readBlob(vault, blobId)) hash.update(chunk);
      if (item) {
        itemsChecked++;
        if (hash.digest('hex') !== item.sha256) {
          problems.push(
            `item ${item.id}: the stored original no longer matches its recorded SHA-256 ${item.sha256}.`,
          );
        }
      }
    } catch (error) {
      if (!(error instanceof CustodyError)) throw error;
      const derivative = derivatives.get(blobId);
      const owner = item
        ? `item ${item.id}: `
        : derivative
          ? `item ${derivative.item_id} (its ${derivative.variant} derivative): `
          : '';
      problems.push(`${owner}${error.message}`);
    }
    onProgress?.({ blobsDone: ++blobsDone, blobsTotal: blobs.length });
  }
  const present = new Set(blobs);
  for (const item of originals.values()) {
    if (!present.has(item.original_blob)) problems.push(`item ${item.id}: its original's key is missing.`);
  }
  let ledger: LedgerAudit | null = null;
  try {
    ledger = await auditLedger(vault.db, vault.ledger, 'full');
  } catch (error) {
    if (!(error instanceof CustodyError)) throw error;
    problems.push(`ledger: ${error.message}`);
  }
  return { problems, blobsChecked: blobs.length, itemsChecked, ledger };
}
