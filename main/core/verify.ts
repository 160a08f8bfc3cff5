// `verify` for a whole vault: the database's structure, the key slots, every blob (each chunk's tag,
// and each original against its recorded SHA-256), the full ledger, the tables against the ledger
// (projections/), each bank's stored PDQ index against its rows, and that the ledger extends every
// anchored checkpoint (the state directory's and any witness files given). Every problem names the object.
// It sits above the modules and asks each owner for what it holds; it never reads a table itself.
import { createHash } from 'node:crypto';
import { CustodyError } from './errors';
import { keySlotProblems, verifyLedger, type Vault } from './identity';
import { verifyAnchors, type AnchorReport, type LedgerAudit } from './ledger';
import { pdqIndexProblems } from './matching';
import { projectionDifferences } from './projections';
import { derivativeBlobs, liveOriginals } from './review';
import { checkWitnesses, type Witness } from './sync';
import { liveBlobIds, readBlob } from './vault';

export interface VaultVerification {
  problems: string[];
  blobsChecked: number;
  itemsChecked: number;
  ledger: LedgerAudit | null;
  anchors: AnchorReport;
  /** Peers' cosignatures of this ledger held here (sync witnesses). */
  witnesses: Witness[];
}

export interface VerifyOptions {
  /** Witness files to check the ledger against: `custody log anchor` output, exports, receipts. */
  anchorFiles?: readonly string[];
}

export interface VerifyProgress {
  blobsDone: number;
  blobsTotal: number;
}

export async function verifyVault(
  vault: Vault,
  onProgress?: (p: VerifyProgress) => void,
  options: VerifyOptions = {},
): Promise<VaultVerification> {
  const problems = [...vault.storage.integrityProblems(), ...(await keySlotProblems(vault))];
  const blobs = liveBlobIds(vault.db);
  const originals = new Map(liveOriginals(vault).map((o) => [o.blobId, o]));
  const derivatives = new Map(derivativeBlobs(vault).map((d) => [d.blobId, d]));
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
            `item ${item.itemId}: the stored original no longer matches its recorded SHA-256 ${item.sha256}.`,
          );
        }
      }
    } catch (error) {
      if (!(error instanceof CustodyError)) throw error;
      const derivative = derivatives.get(blobId);
      const owner = item
        ? `item ${item.itemId}: `
        : derivative
          ? `item ${derivative.itemId} (its ${derivative.variant} derivative): `
          : '';
      problems.push(`${owner}${error.message}`);
    }
    onProgress?.({ blobsDone: ++blobsDone, blobsTotal: blobs.length });
  }
  const present = new Set(blobs);
  for (const item of originals.values()) {
    if (!present.has(item.blobId)) problems.push(`item ${item.itemId}: its original's key is missing.`);
  }
  let ledger: LedgerAudit | null = null;
  try {
    ledger = await verifyLedger(vault, 'full');
  } catch (error) {
    if (!(error instanceof CustodyError)) throw error;
    problems.push(`ledger: ${error.message}`);
  }
  problems.push(...projectionDifferences(vault));
  problems.push(...pdqIndexProblems(vault));
  const anchors = await verifyAnchors(vault.ledger, vault.storage.stateDir, vault.id, options.anchorFiles);
  problems.push(...anchors.problems.map((problem) => `anchor: ${problem}`));
  const witnesses = checkWitnesses(vault);
  problems.push(...witnesses.problems.map((problem) => `witness: ${problem}`));
  return {
    problems,
    blobsChecked: blobs.length,
    itemsChecked,
    ledger,
    anchors,
    witnesses: witnesses.witnesses,
  };
}
