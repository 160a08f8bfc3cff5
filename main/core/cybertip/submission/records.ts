// What preservation and the dashboard read of the reports sent: each finished report (its case, NCMEC's report id, the
// /finish time that starts the statutory retention, and the items it carried) and a case's full submission
// record for a preservation package (report XML, file details, NCMEC's answers and the signed receipt).
// Read only: it never changes a submission.
import type { Vault } from '../../identity';
import { latestSubmissionId, loadSubmission, loadSubmissionFiles, submissionReceipt } from './store';

export interface FinishedReport {
  submissionId: string;
  caseId: string;
  reportId: number;
  finishedAt: string;
  itemIds: string[];
}

export interface SubmissionRecord {
  submissionId: string;
  state: string;
  endpoint: string;
  reportId: number | null;
  openedAt: string | null;
  finishedAt: string | null;
  reportXml: string;
  files: Array<{
    position: number;
    itemId: string;
    fileName: string;
    md5: string;
    fileId: string | null;
    ncmecMd5: string | null;
    detailsXml: string | null;
  }>;
  receipt: string | null;
  receiptSignature: Uint8Array | null;
}

/** Every finished report (since `since`, ISO, when given), oldest first. */
export function finishedReports(vault: Vault, since = ''): FinishedReport[] {
  const rows = vault.db
    .prepare(
      `SELECT id, case_id, report_id, finished_at FROM submissions
       WHERE state = 'finished' AND finished_at IS NOT NULL AND report_id IS NOT NULL AND finished_at >= ?
       ORDER BY finished_at`,
    )
    .all(since) as Array<{ id: string; case_id: string; report_id: number; finished_at: string }>;
  const files = vault.db.prepare('SELECT item_id FROM submission_files WHERE submission_id = ?').pluck();
  return rows.map((row) => ({
    submissionId: row.id,
    caseId: row.case_id,
    reportId: row.report_id,
    finishedAt: row.finished_at,
    itemIds: files.all(row.id) as string[],
  }));
}

/** The case's newest submission as sent and answered, or null when it was never submitted. */
export function caseSubmissionRecord(vault: Vault, caseId: string): SubmissionRecord | null {
  const id = latestSubmissionId(vault, caseId);
  if (!id) return null;
  const row = loadSubmission(vault, id);
  const receipt = submissionReceipt(vault, id);
  return {
    submissionId: row.id,
    state: row.state,
    endpoint: row.endpoint,
    reportId: row.report_id,
    openedAt: row.opened_at,
    finishedAt: row.finished_at,
    reportXml: row.report_xml,
    files: loadSubmissionFiles(vault, id).map((f) => ({
      position: f.position,
      itemId: f.item_id,
      fileName: f.file_name,
      md5: f.md5,
      fileId: f.file_id,
      ncmecMd5: f.ncmec_md5,
      detailsXml: f.details_xml,
    })),
    receipt: receipt?.receipt ?? null,
    receiptSignature: receipt?.signature ?? null,
  };
}
