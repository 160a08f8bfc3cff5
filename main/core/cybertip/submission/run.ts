// Drives one submission as far as it can go: a small loop that picks the step for the state the submission
// is in (./steps) until it is finished, stopped for a person, or waiting for NCMEC. Safe to call again after
// any failure or crash, since every step is saved. Each run first takes the submission's flight in the
// database (a leased owner, see claimFlight), so no second run, in this process or another, drives it too.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
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
  claimFlight,
  holderGone,
  liveRuns,
  expiresAt,
  loadSubmission,
  releaseFlight,
  renewFlight,
  SubmissionBusyError,
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

/** How long a run's hold on a submission lasts without renewal, and how often a live run renews it. */
const FLIGHT_LEASE_MS = 60_000;
const FLIGHT_RENEW_MS = 15_000;

const leaseUntil = () => new Date(Date.now() + FLIGHT_LEASE_MS).toISOString();

/** Takes the submission's flight for a new run, or throws SubmissionBusyError naming who holds it. */
function takeFlight(vault: Vault, id: string): string {
  const held = loadSubmission(vault, id);
  const owner = randomUUID();
  if (
    !holderGone(held, Date.now()) ||
    !claimFlight(vault, id, held, { owner, pid: process.pid, host: hostname(), leaseUntil: leaseUntil() })
  ) {
    const now = loadSubmission(vault, id);
    throw new SubmissionBusyError(held.case_id, { pid: now.flight_pid, host: now.flight_host });
  }
  return owner;
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
  const owner = takeFlight(vault, id);
  liveRuns.add(owner);
  const renewal = setInterval(() => {
    if (vault.isUnlocked) renewFlight(vault, id, owner, leaseUntil());
  }, FLIGHT_RENEW_MS).unref();
  try {
    return await runOwned(vault, id, owner, client, options);
  } finally {
    clearInterval(renewal);
    liveRuns.delete(owner);
    if (vault.isUnlocked) releaseFlight(vault, id, owner);
  }
}

async function runOwned(
  vault: Vault,
  id: string,
  owner: string,
  client: CyberTipClient,
  options: RunOptions,
): Promise<SubmissionStatus> {
  const context: StepContext = {
    vault,
    id,
    owner,
    client,
    now: options.now ?? Date.now,
    retry: options.retry,
    progress: () => options.onProgress?.(submissionStatus(vault, id)),
  };
  let state: SubmissionState = loadSubmission(vault, id).state;
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
