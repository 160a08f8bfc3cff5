// The ways out of a submission a person must decide about, each allowed by the role policy and recorded in
// the ledger: retracting the unfinished report NCMEC holds; recording that NCMEC did open report N after an
// ambiguous /submit (the submission continues it); or abandoning the attempt, so the case can be sent anew.
import { InvalidInputError, NotFoundError } from '../../errors';
import { requireRole } from '../../identity';
import type { Vault } from '../../identity';
import type { CyberTipClient } from '../api/client';
import { NcmecApiError } from '../api/errors';
import { configuredClient } from '../ncmec-settings';
import { isInFlight } from './outbox';
import {
  callRecord,
  latestSubmissionId,
  loadSubmission,
  saveStep,
  submissionStatus,
  type SubmissionRow,
  type SubmissionStatus,
} from './store';

/** What a person found out about a stopped submission. */
export type Resolution = { reportId: number } | { abandon: true };

/** Longest reason kept in the ledger. */
const MAX_REASON_CHARS = 1000;

/** The case's newest submission, whatever its state; null when it was never submitted. */
export function latestSubmission(vault: Vault, caseId: string): SubmissionStatus | null {
  const id = latestSubmissionId(vault, caseId);
  return id ? submissionStatus(vault, id) : null;
}

/** The case's newest submission, free to change: not being sent right now. */
function decidable(vault: Vault, caseId: string, verb: string): SubmissionRow {
  const id = latestSubmissionId(vault, caseId);
  if (!id) throw new NotFoundError(`Case ${caseId} has never been submitted: there is nothing to ${verb}.`);
  if (isInFlight(id)) {
    throw new InvalidInputError(
      `Case ${caseId}'s submission is being sent right now. Wait until it stops, then ${verb} it.`,
    );
  }
  return loadSubmission(vault, id);
}

const resolveCommand = (caseId: string) =>
  `custody report resolve --vault VAULT --case ${caseId} (--report-id N | --abandon) --reason TEXT`;

/** Why there is no report at NCMEC to retract, and what to do instead. */
function nothingToRetract(row: SubmissionRow): string {
  switch (row.state) {
    case 'finished':
      return `Report ${row.report_id} is finished; NCMEC does not allow retracting it.`;
    case 'retracted':
      return `Report ${row.report_id} was already retracted.`;
    case 'expired':
      return `NCMEC already deleted report ${row.report_id ?? ''} (it expired): there is nothing to retract. Submit the case again.`;
    case 'ready':
      return `The report of case ${row.case_id} was never opened at NCMEC, so there is nothing to retract: submit it, or give it up with ${resolveCommand(row.case_id)}.`;
    case 'failed':
      return 'No report number is known for this attempt, so there is nothing to retract (NCMEC deletes an unfinished report within 24 hours). Fix what stopped it and submit the case again.';
    default:
      return `No report number is known for case ${row.case_id}: NCMEC may or may not have opened one. Ask NCMEC, then record the answer with ${resolveCommand(row.case_id)}.`;
  }
}

/**
 * Retracts the unfinished report NCMEC holds for the case (opened, or stopped after it was opened), so
 * NCMEC deletes it and the case can be submitted again. A report NCMEC no longer knows is recorded expired.
 */
export async function retractReport(
  vault: Vault,
  caseId: string,
  client?: CyberTipClient,
): Promise<SubmissionStatus> {
  requireRole(vault, 'report.retract');
  const row = decidable(vault, caseId, 'retract');
  const reportId = row.report_id;
  if (reportId === null || (row.state !== 'opened' && row.state !== 'failed')) {
    throw new InvalidInputError(nothingToRetract(row));
  }
  const ncmec = client ?? configuredClient(vault);
  if (ncmec.baseUrl !== row.endpoint) {
    throw new InvalidInputError(
      `Report ${reportId} was opened at ${row.endpoint}, but this vault now sends to ${ncmec.baseUrl}: set ` +
        'the NCMEC settings back to that endpoint to retract it.',
    );
  }
  try {
    const result = await ncmec.retract(reportId);
    saveStep(
      vault,
      row.id,
      { state: 'retracted' },
      { step: 'retracted', reportId, outcome: result.outcome, ...callRecord(result) },
    );
  } catch (error) {
    if (!(error instanceof NcmecApiError && error.responseCode === 5001)) throw error;
    saveStep(
      vault,
      row.id,
      {
        state: 'expired',
        error: `NCMEC no longer knows report ${reportId} (it expired): nothing to retract.`,
      },
      { step: 'expired', reportId, requestId: error.requestId ?? null },
    );
  }
  return submissionStatus(vault, row.id);
}

/** Why the submission cannot be resolved that way, and what to do instead. */
function notResolvable(row: SubmissionRow, resolution: Resolution): string {
  if (row.state === 'opened') {
    return `Report ${row.report_id} is open at NCMEC and under way: submit it to finish it, or retract it (custody report retract --vault VAULT --case ${row.case_id}).`;
  }
  if (row.state === 'finished') return `Report ${row.report_id} is finished: there is nothing to resolve.`;
  if (row.state === 'ready' && 'reportId' in resolution) {
    return 'NCMEC never received this report (nothing was sent), so it cannot have opened one: submit it, or abandon it.';
  }
  if (row.state === 'failed' && row.report_id !== null && 'reportId' in resolution) {
    return `This submission's report is ${row.report_id}, not ${resolution.reportId}.`;
  }
  return `Case ${row.case_id}'s last submission is over (${row.state}): there is nothing to resolve. Submit the case again.`;
}

/**
 * Records what a person found out about a submission that cannot go on by itself. `{ reportId }`: NCMEC
 * did open that report (after an ambiguous or interrupted /submit, or one stopped after opening it), so
 * the submission continues it from `opened`. `{ abandon: true }`: this attempt is given up (NCMEC deletes an
 * unfinished report within 24 hours), so the case can be submitted again.
 */
export function resolveSubmission(
  vault: Vault,
  caseId: string,
  resolution: Resolution,
  reason: string,
): SubmissionStatus {
  requireRole(vault, 'report.resolve');
  const why = reason.trim();
  if (why === '' || why.length > MAX_REASON_CHARS) {
    throw new InvalidInputError(
      `Say why, in at most ${MAX_REASON_CHARS} characters: the ledger keeps the reason.`,
    );
  }
  const row = decidable(vault, caseId, 'resolve');
  const previousState = row.state;
  if ('reportId' in resolution) {
    const { reportId } = resolution;
    if (!Number.isSafeInteger(reportId) || reportId <= 0) {
      throw new InvalidInputError(
        `${String(reportId)} is not a CyberTipline report number (a positive integer).`,
      );
    }
    const reopens = row.state === 'failed' && row.report_id === reportId;
    if (!reopens && row.state !== 'ambiguous' && row.state !== 'submitting') {
      throw new InvalidInputError(notResolvable(row, resolution));
    }
    // Opened when the first /submit was sent at the latest: the earliest NCMEC may delete it.
    const openedAt = row.opened_at ?? row.last_change_at ?? new Date().toISOString();
    saveStep(
      vault,
      row.id,
      {
        state: 'opened',
        report_id: reportId,
        opened_at: openedAt,
        last_change_at: row.last_change_at ?? openedAt,
        error: null,
      },
      { step: 'resolved', outcome: 'opened', reportId, reason: why, previousState },
    );
  } else {
    if (row.state !== 'ambiguous' && row.state !== 'submitting' && row.state !== 'ready') {
      throw new InvalidInputError(notResolvable(row, resolution));
    }
    saveStep(
      vault,
      row.id,
      { state: 'failed', error: `Abandoned by ${vault.user.name}: ${why}` },
      { step: 'abandoned', reason: why, previousState },
    );
  }
  return submissionStatus(vault, row.id);
}
