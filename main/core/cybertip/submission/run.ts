// Drives one submission as far as it can go: a small loop that picks the step for the state the submission
// is in (./steps) until it is finished, stopped for a person, or waiting for NCMEC. Safe to call again after
// any failure or crash, since every step is saved; callers go through the outbox's one-owner guard.
import { InvalidInputError } from '../../errors';
import type { Vault } from '../../identity';
import type { CyberTipClient } from '../api/client';
import type { RetryOptions } from '../api/retry';
import {
  describeFiles,
  finishReport,
  openReport,
  stop,
  stopAfterFailedCall,
  SubmissionStoppedError,
  uploadFiles,
  type Step,
  type StepContext,
} from './steps';
import {
  expiresAt,
  loadSubmission,
  loadSubmissionFiles,
  submissionStatus,
  type SubmissionState,
  type SubmissionStatus,
} from './store';

export interface RunOptions {
  retry?: RetryOptions;
  now?: () => number;
  /** Called after every saved step with the submission as saved, for progress. */
  onProgress?: (status: SubmissionStatus) => void;
}

/** The step an opened report takes next, from where its files stand. */
function openedStep(context: StepContext): Step {
  const files = loadSubmissionFiles(context.vault, context.id);
  if (files.some((f) => f.state === 'pending' || f.state === 'uploading')) return uploadFiles;
  if (files.some((f) => f.state === 'uploaded')) return describeFiles;
  return finishReport;
}

/** Stops an opened report NCMEC has deleted for not being finished in time. */
function stopIfExpired(context: StepContext): void {
  const row = loadSubmission(context.vault, context.id);
  const expires = expiresAt(row);
  if (expires && Date.parse(expires) <= context.now()) {
    stop(
      context,
      'expired',
      `Report ${row.report_id} was not finished before ${expires}, so NCMEC deleted it. Submit the case again.`,
      { reportId: row.report_id },
    );
  }
}

/** Drives a submission until it is finished; throws SubmissionStoppedError or SubmissionWaitingError. */
export async function runSubmission(
  vault: Vault,
  id: string,
  client: CyberTipClient,
  options: RunOptions = {},
): Promise<SubmissionStatus> {
  const first = loadSubmission(vault, id);
  if (client.baseUrl !== first.endpoint) {
    throw new InvalidInputError(
      `This submission goes to ${first.endpoint}, but the client is for ${client.baseUrl}. Set the NCMEC ` +
        'settings back to that endpoint to continue it.',
    );
  }
  const context: StepContext = {
    vault,
    id,
    client,
    now: options.now ?? Date.now,
    retry: options.retry,
    progress: () => options.onProgress?.(submissionStatus(vault, id)),
  };
  let state: SubmissionState = first.state;
  for (;;) {
    switch (state) {
      case 'finished':
      case 'retracted':
        return submissionStatus(vault, id);
      case 'ambiguous':
      case 'expired':
      case 'failed':
        throw new SubmissionStoppedError(
          `The submission is ${state}: ${loadSubmission(vault, id).error ?? ''}`,
          state,
        );
      case 'ready':
      case 'submitting':
        state = await openReport(context);
        break;
      case 'opened':
        stopIfExpired(context);
        try {
          state = await openedStep(context)(context);
        } catch (error) {
          stopAfterFailedCall(context, error);
        }
    }
  }
}
