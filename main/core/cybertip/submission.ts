// Sending a case's report to NCMEC as a persistent state machine: ready -> submitting -> opened -> every file
// uploaded (NCMEC's MD5 checked against ours) and described -> finished, or retracted. The state is saved,
// with a signed `report.submission` ledger entry, before and after every call, so a crash or kill -9 at any
// point resumes where it stopped. It never opens a second report when one may already exist: an ambiguous
// /submit (sent, no answer) is retried once and recorded, then left for a person. Validation and
// credential errors never retry; network failures and 5xx wait in the outbox.
import { createHash, randomUUID } from 'node:crypto';
import type { FileDetails } from '../../../shared/cybertip';
import { CustodyError, InvalidInputError, NotFoundError } from '../errors';
import { signDetached } from '../identity/cms';
import { loadIdentity } from '../identity/store';
import { canonicalize } from '../ledger/canonical-json';
import { readBlobFully } from '../vault/blobs';
import type { Vault } from '../vault/vault';
import type { CyberTipClient } from './api/client';
import { NcmecAmbiguousError, NcmecApiError } from './api/errors';
import { withRetry, type RetryOptions } from './api/retry';
import { prepareReport } from './prepare';
import { fileDetailsToXml } from './file-details-xml';

export type SubmissionState =
  'ready' | 'submitting' | 'opened' | 'finished' | 'retracted' | 'ambiguous' | 'expired' | 'failed';

/** NCMEC deletes an unfinished report 24 hours after opening, or 1 hour after its last change if later. */
export const openReportLifetimeMs = 24 * 3600_000;
export const idleReportLifetimeMs = 3600_000;
/** An ambiguous /submit is sent once more, then left for a person (DESIGN.md, issue 8). */
export const maxSubmitAttempts = 2;

export interface SubmissionFile {
  position: number;
  itemId: string;
  fileName: string;
  md5: string;
  state: 'pending' | 'uploading' | 'uploaded' | 'described';
  fileId: string | null;
  ncmecMd5: string | null;
}

export interface SubmissionStatus {
  id: string;
  caseId: string;
  endpoint: string;
  state: SubmissionState;
  reportId: number | null;
  submitAttempts: number;
  openedAt: string | null;
  finishedAt: string | null;
  /** When NCMEC will delete the report if it is not finished; null once finished or not yet opened. */
  expiresAt: string | null;
  error: string | null;
  files: SubmissionFile[];
}

/** The submission stopped and needs a person: an ambiguous submit, an expired report, a refusal. */
export class SubmissionStoppedError extends CustodyError {
  constructor(
    message: string,
    readonly state: SubmissionState,
  ) {
    super('INVALID_INPUT', message);
  }
}

/** NCMEC could not be reached; the submission waits in the outbox and resumes with the next run. */
export class SubmissionWaitingError extends CustodyError {
  constructor(message: string) {
    super('INTERNAL', message);
  }
}

interface SubmissionRow {
  id: string;
  case_id: string;
  endpoint: string;
  state: SubmissionState;
  report_id: number | null;
  report_xml: string;
  submit_attempts: number;
  opened_at: string | null;
  last_change_at: string | null;
  finished_at: string | null;
  error: string | null;
}

interface FileRow {
  position: number;
  item_id: string;
  original_blob: string;
  file_name: string;
  md5: string;
  details: string;
  state: SubmissionFile['state'];
  file_id: string | null;
  ncmec_md5: string | null;
  details_xml: string | null;
}

function row(vault: Vault, id: string): SubmissionRow {
  const found = vault.db.prepare('SELECT * FROM submissions WHERE id = ?').get(id) as
    SubmissionRow | undefined;
  if (!found) throw new NotFoundError(`There is no submission ${id}.`);
  return found;
}

function files(vault: Vault, id: string): FileRow[] {
  return vault.db
    .prepare('SELECT * FROM submission_files WHERE submission_id = ? ORDER BY position')
    .all(id) as FileRow[];
}

function expiresAt(r: SubmissionRow): string | null {
  if (r.state !== 'opened' || !r.opened_at || !r.last_change_at) return null;
  return new Date(
    Math.max(
      Date.parse(r.opened_at) + openReportLifetimeMs,
      Date.parse(r.last_change_at) + idleReportLifetimeMs,
    ),
  ).toISOString();
}

export function submissionStatus(vault: Vault, id: string): SubmissionStatus {
  const r = row(vault, id);
  return {
    id: r.id,
    caseId: r.case_id,
    endpoint: r.endpoint,
    state: r.state,
    reportId: r.report_id,
    submitAttempts: r.submit_attempts,
    openedAt: r.opened_at,
    finishedAt: r.finished_at,
    expiresAt: expiresAt(r),
    error: r.error,
    files: files(vault, id).map((f) => ({
      position: f.position,
      itemId: f.item_id,
      fileName: f.file_name,
      md5: f.md5,
      state: f.state,
      fileId: f.file_id,
      ncmecMd5: f.ncmec_md5,
    })),
  };
}

/** The case's submission that is not over (to resume), or its finished one; null when there is none. */
export function currentSubmission(vault: Vault, caseId: string): SubmissionStatus | null {
  const id = vault.db
    .prepare(
      `SELECT id FROM submissions WHERE case_id = ? AND state NOT IN ('retracted', 'expired', 'failed')
       ORDER BY created_at DESC LIMIT 1`,
    )
    .pluck()
    .get(caseId) as string | undefined;
  return id ? submissionStatus(vault, id) : null;
}

/** Creates a submission for a case from its prepared (complete, valid) report, or returns the one under way. */
export async function startSubmission(
  vault: Vault,
  caseId: string,
  endpoint: string,
): Promise<SubmissionStatus> {
  const current = currentSubmission(vault, caseId);
  if (current?.state === 'finished') {
    throw new InvalidInputError(
      `Case ${caseId} was already reported as CyberTipline report ${current.reportId}; it is never submitted twice.`,
    );
  }
  if (current) {
    if (current.endpoint !== endpoint) {
      throw new InvalidInputError(
        `Case ${caseId} has a submission under way to ${current.endpoint}; finish or retract it first.`,
      );
    }
    return current;
  }
  const { draft, reportXml } = await prepareReport(vault, caseId);
  const id = randomUUID();
  const now = new Date().toISOString();
  vault.db.transaction(() => {
    vault.db
      .prepare(
        `INSERT INTO submissions (id, case_id, endpoint, state, report_xml, created_at, created_by) VALUES (?, ?, ?, 'ready', ?, ?, ?)`,
      )
      .run(id, caseId, endpoint, reportXml, now, vault.user.id);
    const insert = vault.db.prepare(
      `INSERT INTO submission_files (submission_id, position, item_id, original_blob, file_name, md5, details, state)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'pending')`,
    );
    draft.files.forEach((file, position) => {
      const md5 = file.details.originalFileHash?.find((h) => h.hashType === 'MD5')?.value ?? '';
      insert.run(
        id,
        position,
        file.itemId,
        file.originalBlob,
        file.details.originalFileName ?? file.fileName,
        md5,
        JSON.stringify(file.details),
      );
    });
    vault.record('report.submission', [caseId, id], { step: 'created', endpoint, files: draft.files.length });
  })();
  return submissionStatus(vault, id);
}

function update(
  vault: Vault,
  id: string,
  fields: Partial<SubmissionRow>,
  entry: Record<string, unknown>,
): void {
  const names = Object.keys(fields);
  vault.db.transaction(() => {
    if (names.length > 0) {
      vault.db
        .prepare(`UPDATE submissions SET ${names.map((n) => `${n} = ?`).join(', ')} WHERE id = ?`)
        .run(...names.map((n) => (fields as Record<string, unknown>)[n] ?? null), id);
    }
    vault.record('report.submission', [row(vault, id).case_id, id], entry);
  })();
}

function exchange(result: {
  requestId: string | undefined;
  timings: { startedAt: string; totalMs: number };
}) {
  return {
    requestId: result.requestId ?? null,
    at: result.timings.startedAt,
    ms: Math.round(result.timings.totalMs),
  };
}

export interface RunOptions {
  retry?: RetryOptions;
  now?: () => number;
  /** Called after every saved step, for progress. */
  onStep?: (status: SubmissionStatus) => void;
}

/** Drives a submission as far as it can go; safe to call again after any failure or crash. */
export async function runSubmission(
  vault: Vault,
  id: string,
  client: CyberTipClient,
  options: RunOptions = {},
): Promise<SubmissionStatus> {
  const now = options.now ?? Date.now;
  const step = () => options.onStep?.(submissionStatus(vault, id));
  const outbox = (error: unknown): never => {
    update(
      vault,
      id,
      { error: (error as Error).message },
      { step: 'waiting', reason: (error as Error).message },
    );
    throw new SubmissionWaitingError(
      `NCMEC could not be reached (${(error as Error).message}). The report waits in the outbox; run the submission again.`,
    );
  };
  const stop = (state: SubmissionState, message: string, entry: Record<string, unknown>): never => {
    update(vault, id, { state, error: message }, { step: state, ...entry });
    throw new SubmissionStoppedError(message, state);
  };
  const retrying = <T>(operation: () => Promise<T>) => withRetry(() => operation(), options.retry);

  for (;;) {
    const r = row(vault, id);
    if (r.state === 'finished' || r.state === 'retracted') return submissionStatus(vault, id);
    if (r.state === 'ambiguous' || r.state === 'expired' || r.state === 'failed') {
      throw new SubmissionStoppedError(`The submission is ${r.state}: ${r.error ?? ''}`, r.state);
    }
    if (r.state === 'ready' || r.state === 'submitting') {
      // "submitting" here means a crash while /submit was in flight: NCMEC may or may not have opened it.
      if (r.state === 'submitting' || r.submit_attempts > 0) {
        if (r.submit_attempts >= maxSubmitAttempts) {
          stop(
            'ambiguous',
            "NCMEC may have opened a report for this case without answering. It was not sent again: an unfinished report expires on NCMEC's side within 24 hours; check with NCMEC before submitting anew.",
            { attempts: r.submit_attempts },
          );
        }
      }
      update(
        vault,
        id,
        { state: 'submitting', submit_attempts: r.submit_attempts + 1 },
        { step: 'submitting', attempt: r.submit_attempts + 1 },
      );
      try {
        const result = await client.submit(r.report_xml);
        const at = new Date(now()).toISOString();
        update(
          vault,
          id,
          { state: 'opened', report_id: result.reportId, opened_at: at, last_change_at: at, error: null },
          { step: 'opened', reportId: result.reportId, ...exchange(result) },
        );
      } catch (error) {
        if (error instanceof NcmecAmbiguousError) {
          update(
            vault,
            id,
            { error: error.message },
            { step: 'submit-ambiguous', attempt: r.submit_attempts + 1, requestId: error.requestId ?? null },
          );
          continue;
        }
        if (error instanceof NcmecApiError && error.retryable) {
          update(
            vault,
            id,
            { state: 'ready', submit_attempts: r.submit_attempts },
            { step: 'submit-not-sent' },
          );
          outbox(error);
        }
        stop('failed', error instanceof Error ? error.message : String(error), { endpoint: 'submit' });
      }
      step();
      continue;
    }
    // Opened: upload and describe every file, then finish, within NCMEC's lifetime for open reports.
    const expires = expiresAt(r);
    if (expires && Date.parse(expires) <= now()) {
      stop(
        'expired',
        `Report ${r.report_id} was not finished before ${expires}, so NCMEC deleted it. Submit the case again.`,
        { reportId: r.report_id },
      );
    }
    const reportId = r.report_id as number;
    try {
      for (const file of files(vault, id)) {
        if (file.state === 'pending' || file.state === 'uploading') {
          vault.db
            .prepare(
              "UPDATE submission_files SET state = 'uploading' WHERE submission_id = ? AND position = ?",
            )
            .run(id, file.position);
          const bytes = await readBlobFully(vault, file.original_blob);
          const uploaded = await retrying(() => client.upload(reportId, file.file_name, bytes));
          if (uploaded.hash.toLowerCase() !== file.md5) {
            stop(
              'failed',
              `NCMEC's MD5 of ${file.file_name} (${uploaded.hash}) differs from ours (${file.md5}).`,
              { position: file.position },
            );
          }
          vault.db.transaction(() => {
            vault.db
              .prepare(
                "UPDATE submission_files SET state = 'uploaded', file_id = ?, ncmec_md5 = ? WHERE submission_id = ? AND position = ?",
              )
              .run(uploaded.fileId, uploaded.hash.toLowerCase(), id, file.position);
            update(
              vault,
              id,
              { last_change_at: new Date(now()).toISOString() },
              {
                step: 'uploaded',
                position: file.position,
                item: file.item_id,
                fileId: uploaded.fileId,
                md5: uploaded.hash,
                ...exchange(uploaded),
              },
            );
          })();
          step();
        }
      }
      for (const file of files(vault, id)) {
        if (file.state !== 'uploaded') continue;
        const xml = fileDetailsToXml({
          ...(JSON.parse(file.details) as FileDetails),
          reportId,
          fileId: file.file_id as string,
        });
        const described = await retrying(() => client.fileInfo(xml));
        vault.db.transaction(() => {
          vault.db
            .prepare(
              "UPDATE submission_files SET state = 'described', details_xml = ? WHERE submission_id = ? AND position = ?",
            )
            .run(xml, id, file.position);
          update(
            vault,
            id,
            { last_change_at: new Date(now()).toISOString() },
            { step: 'described', position: file.position, fileId: file.file_id, ...exchange(described) },
          );
        })();
        step();
      }
      const finished = await retrying(() => client.finish(reportId));
      const fileIds = finished.outcome === 'finished' ? finished.files : null;
      vault.db.transaction(() => {
        update(
          vault,
          id,
          { state: 'finished', finished_at: new Date(now()).toISOString(), error: null },
          {
            step: 'finished',
            reportId,
            files: fileIds,
            alreadyFinished: finished.outcome === 'already-finished',
            ...exchange(finished),
          },
        );
        vault.db.prepare("UPDATE cases SET status = 'reported' WHERE id = ?").run(r.case_id);
        storeReceipt(vault, id);
      })();
      step();
    } catch (error) {
      if (error instanceof SubmissionStoppedError) throw error;
      if (error instanceof NcmecApiError && error.responseCode === 5001) {
        stop('expired', `NCMEC no longer knows report ${reportId} (it expired). Submit the case again.`, {
          reportId,
        });
      }
      if (error instanceof NcmecApiError && error.retryable) outbox(error);
      stop('failed', error instanceof Error ? error.message : String(error), { reportId });
    }
  }
}

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
}

/**
 * Writes the finished submission's receipt (canonical JSON) and, when the organisation has a signing
 * identity, a detached CMS signature over it. Without one the receipt is kept unsigned and says so; the
 * ledger entries it cites are signed either way.
 */
function storeReceipt(vault: Vault, id: string): void {
  const r = row(vault, id);
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  const receipt: SubmissionReceipt = {
    format: 'custody-cybertip-receipt/1',
    reportId: r.report_id as number,
    caseId: r.case_id,
    endpoint: r.endpoint,
    openedAt: r.opened_at,
    finishedAt: r.finished_at,
    reportXmlSha256: sha256(r.report_xml),
    files: files(vault, id).map((f) => ({
      position: f.position,
      fileName: f.file_name,
      fileId: f.file_id,
      md5: f.md5,
      ncmecMd5: f.ncmec_md5,
      fileDetailsSha256: f.details_xml ? sha256(f.details_xml) : null,
    })),
    ledgerEntries: vault.ledger.seqsForSubject(id),
  };
  const text = canonicalize(receipt);
  let signature: Uint8Array | null = null;
  try {
    signature = signDetached(Buffer.from(text), loadIdentity(vault));
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
  vault.db
    .prepare('UPDATE submissions SET receipt = ?, receipt_signature = ? WHERE id = ?')
    .run(text, signature ? Buffer.from(signature) : null, id);
}

/** The finished submission's receipt and its signature (null when no signing identity was installed). */
export function submissionReceipt(
  vault: Vault,
  id: string,
): { receipt: string; signature: Buffer | null } | null {
  const found = vault.db
    .prepare('SELECT receipt, receipt_signature FROM submissions WHERE id = ?')
    .get(id) as { receipt: string | null; receipt_signature: Buffer | null } | undefined;
  return found?.receipt ? { receipt: found.receipt, signature: found.receipt_signature } : null;
}

/** Retracts an opened, unfinished report (NCMEC deletes it); a finished report cannot be retracted. */
export async function retractSubmission(
  vault: Vault,
  id: string,
  client: CyberTipClient,
): Promise<SubmissionStatus> {
  const r = row(vault, id);
  if (r.state === 'finished')
    throw new InvalidInputError(`Report ${r.report_id} is finished; NCMEC does not allow retracting it.`);
  if (r.state !== 'opened' || r.report_id === null) {
    throw new InvalidInputError(`There is no open report to retract (the submission is ${r.state}).`);
  }
  const result = await client.retract(r.report_id);
  update(
    vault,
    id,
    { state: 'retracted' },
    { step: 'retracted', reportId: r.report_id, outcome: result.outcome, ...exchange(result) },
  );
  return submissionStatus(vault, id);
}

/** Submissions waiting for NCMEC (not sent yet, or opened and not finished), oldest first. */
export function outboxSubmissions(vault: Vault): string[] {
  return vault.db
    .prepare("SELECT id FROM submissions WHERE state IN ('ready', 'opened') ORDER BY created_at")
    .pluck()
    .all() as string[];
}

/**
 * Tries every waiting submission once, in order; each either finishes, stops for a person, or keeps waiting.
 * Returns how many finished. Called when NCMEC may be reachable again (periodically while unlocked).
 */
export async function drainOutbox(
  vault: Vault,
  client: CyberTipClient,
  options: RunOptions = {},
): Promise<number> {
  let finishedCount = 0;
  for (const id of outboxSubmissions(vault)) {
    try {
      if ((await runSubmission(vault, id, client, options)).state === 'finished') finishedCount++;
    } catch (error) {
      if (error instanceof SubmissionWaitingError) break;
      if (!(error instanceof SubmissionStoppedError)) throw error;
    }
  }
  return finishedCount;
}
