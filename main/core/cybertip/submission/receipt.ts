// The receipt of a finished submission: what was sent (the report's SHA-256, each file's fileId, our MD5
// and NCMEC's, each fileDetails' SHA-256), the ledger entries that hold every call and the ledger's signed
// checkpoint covering them (a witness `custody verify --anchor` accepts), as canonical JSON
// signed with the organisation's identity when one is installed. Written once, when the report finishes.
import { createHash } from 'node:crypto';
import { NotFoundError } from '../../errors';
import { loadIdentity, signDetached } from '../../identity';
import { canonicalize } from '../../ledger';
import type { Vault } from '../../identity';
import { loadSubmission, loadSubmissionFiles, saveReceipt } from './store';

export interface SubmissionReceipt {
  format: 'custody-cybertip-receipt/1';
  reportId: number;
  caseId: string;
  endpoint: string;
  openedAt: string | null;
  finishedAt: string | null;
  reportXmlSha256: string;
  files: Array<{
    position: number;
    fileName: string;
    fileId: string | null;
    md5: string;
    ncmecMd5: string | null;
    fileDetailsSha256: string | null;
  }>;
  /** The ledger entries of this submission (sequence numbers), which hold every request id and answer time. */
  ledgerEntries: number[];
  /** The workstation's signed checkpoint (C2SP tlog-checkpoint) of the ledger when the receipt was made. */
  checkpoint: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function signedCheckpoint(vault: Vault): string {
  const checkpoint = vault.ledger.checkpoint();
  if (!checkpoint) throw new NotFoundError('The ledger is empty, so a receipt has no checkpoint to carry.');
  return checkpoint.note;
}

/**
 * Writes the finished submission's receipt (canonical JSON) and, when the organisation has a signing
 * identity, a detached CMS signature over it. Without one the receipt is kept unsigned and says so; the
 * ledger entries it cites are signed either way.
 */
export function storeReceipt(vault: Vault, id: string): void {
  const row = loadSubmission(vault, id);
  const receipt: SubmissionReceipt = {
    format: 'custody-cybertip-receipt/1',
    reportId: row.report_id as number,
    caseId: row.case_id,
    endpoint: row.endpoint,
    openedAt: row.opened_at,
    finishedAt: row.finished_at,
    reportXmlSha256: sha256(row.report_xml),
    files: loadSubmissionFiles(vault, id).map((f) => ({
      position: f.position,
      fileName: f.file_name,
      fileId: f.file_id,
      md5: f.md5,
      ncmecMd5: f.ncmec_md5,
      fileDetailsSha256: f.details_xml ? sha256(f.details_xml) : null,
    })),
    ledgerEntries: vault.ledger.seqsForSubject(id),
    checkpoint: signedCheckpoint(vault),
  };
  const text = canonicalize(receipt);
  let signature: Uint8Array | null = null;
  try {
    signature = signDetached(Buffer.from(text), loadIdentity(vault));
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
  saveReceipt(vault, id, text, signature);
}
