// Submitting a case's report to NCMEC: a submission is created from the prepared (complete, valid) report,
// or the one under way is resumed, then driven through the outbox's one-owner guard. Only roles the policy
// lets submit may; a stopped or waiting submission is an outcome to show, not a failure of the call.
import { randomUUID } from 'node:crypto';
import { requireGate } from '../../decisions';
import { InvalidInputError } from '../../errors';
import { requireRole } from '../../identity';
import type { Vault } from '../../identity';
import { caseReport, draftHash } from '../../review';
import type { CyberTipClient } from '../api/client';
import { configuredClient } from '../ncmec-settings';
import { prepareReport } from '../prepare';
import { currentSubmission, driveSubmission } from './outbox';
import type { RunOptions } from './run';
import { SubmissionStoppedError, SubmissionWaitingError } from './steps';
import { createSubmission, submissionStatus, type SubmissionStatus } from './store';

/** The case's submission under way, to resume; refuses a finished case or one sent elsewhere. */
function submissionToResume(vault: Vault, caseId: string, endpoint: string): SubmissionStatus | null {
  const current = currentSubmission(vault, caseId);
  if (current?.state === 'finished') {
    throw new InvalidInputError(
      `Case ${caseId} was already reported as CyberTipline report ${current.reportId}; it is never submitted twice.`,
    );
  }
  if (current && current.endpoint !== endpoint) {
    throw new InvalidInputError(
      `Case ${caseId} has a submission under way to ${current.endpoint}: set the NCMEC settings back to it ` +
        'to finish it, or give it up first (custody report retract, or custody report resolve --abandon).',
    );
  }
  return current;
}

/**
 * Creates a submission for a case from its prepared report, or returns the one under way. The check and
 * the insert are one write transaction, so of two callers (here or in another process) one creates it and
 * the other gets that one.
 */
export async function startSubmission(
  vault: Vault,
  caseId: string,
  endpoint: string,
): Promise<SubmissionStatus> {
  requireRole(vault, 'report.submit');
  const current = submissionToResume(vault, caseId, endpoint);
  if (current) return current;
  const { draft, reportXml } = await prepareReport(vault, caseId);
  const id = randomUUID();
  const raced = vault.db
    .transaction(() => {
      const other = submissionToResume(vault, caseId, endpoint);
      if (other) return other;
      createSubmission(vault, {
        id,
        caseId,
        endpoint,
        reportXml,
        // The saved draft's SHA-256, the one its last case.update recorded: ties the XML to its history.
        draftHash: draftHash(caseReport(vault, caseId).report),
        files: draft.files.map((file) => ({
          itemId: file.itemId,
          originalBlob: file.originalBlob,
          fileName: file.details.originalFileName ?? file.fileName,
          md5: file.details.originalFileHash?.find((h) => h.hashType === 'MD5')?.value ?? '',
          details: JSON.stringify(file.details),
        })),
      });
      return null;
    })
    .immediate();
  return raced ?? submissionStatus(vault, id);
}

export interface SubmitOptions extends RunOptions {
  /** The client to send with; by default the one the vault's NCMEC settings describe. */
  client?: CyberTipClient;
}

/** Where a submission ended: finished, or stopped for a person, or waiting for NCMEC (`stopped` says why). */
export interface SubmitOutcome {
  status: SubmissionStatus;
  stopped: SubmissionStoppedError | SubmissionWaitingError | null;
}

/** Sends the case's report to NCMEC, or resumes its submission, as far as it can go now. */
export async function submitCase(
  vault: Vault,
  caseId: string,
  options: SubmitOptions = {},
): Promise<SubmitOutcome> {
  requireRole(vault, 'report.submit');
  requireGate(vault, caseId);
  const client = options.client ?? configuredClient(vault);
  const started = await startSubmission(vault, caseId, client.baseUrl);
  try {
    return { status: await driveSubmission(vault, started.id, client, options), stopped: null };
  } catch (error) {
    if (error instanceof SubmissionStoppedError || error instanceof SubmissionWaitingError) {
      return { status: submissionStatus(vault, started.id), stopped: error };
    }
    throw error;
  }
}
