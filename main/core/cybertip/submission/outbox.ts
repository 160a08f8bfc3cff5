// The outbox: every submission not over yet, waiting for NCMEC (ready, submitting, opened) or for a person
// (ambiguous). This is its one definition. Each submission has one owner at a time: callers in this process
// join the run under way (the in-flight map that submitting a case and the background drain both go
// through), and the run itself holds the submission in the database against other processes (./run).
// While a vault is unlocked the outbox retries what waits, in the background. It never runs a submission
// against another endpoint, nor one another process is sending.
import { mayDo } from '../../../../shared/policy';
import { listCases } from '../../review';
import type { Vault } from '../../identity';
import type { CyberTipClient } from '../api/client';
import { configuredClient, readNcmecSettings } from '../ncmec-settings';
import { runSubmission, type RunOptions } from './run';
import { SubmissionStoppedError, SubmissionWaitingError } from './steps';
import {
  latestSubmissionId,
  loadSubmission,
  SubmissionBusyError,
  submissionIdsIn,
  submissionStatus,
  type SubmissionState,
  type SubmissionStatus,
} from './store';

/** The states of a submission in the outbox: neither finished nor given up (retracted, expired, failed). */
const outboxStates = [
  'ready',
  'submitting',
  'opened',
  'ambiguous',
] as const satisfies readonly SubmissionState[];

/** The submissions in the outbox, oldest first. */
export function outboxSubmissions(vault: Vault): string[] {
  return submissionIdsIn(vault, outboxStates);
}

/** The case's submission in the outbox (to resume), or its finished one; null when there is none. */
export function currentSubmission(vault: Vault, caseId: string): SubmissionStatus | null {
  const id = latestSubmissionId(vault, caseId, [...outboxStates, 'finished']);
  return id ? submissionStatus(vault, id) : null;
}

/** One submission of the outbox as a person sees it: with its case's title and 24-hour deadline. */
export interface OutboxEntry extends SubmissionStatus {
  title: string;
  deadlineAt: string;
}

/** The outbox, the case whose deadline comes first at the top. */
export function outboxView(vault: Vault): OutboxEntry[] {
  const cases = new Map(listCases(vault).map((summary) => [summary.id, summary]));
  return outboxSubmissions(vault)
    .flatMap((id) => {
      const status = submissionStatus(vault, id);
      const owner = cases.get(status.caseId);
      return owner ? [{ ...status, title: owner.title, deadlineAt: owner.deadlineAt }] : [];
    })
    .sort((a, b) => a.deadlineAt.localeCompare(b.deadlineAt));
}

interface Flight {
  done: Promise<SubmissionStatus>;
  listeners: Set<(status: SubmissionStatus) => void>;
}

/** The runs under way in this process, by submission id: each submission's one owner. */
const inFlight = new Map<string, Flight>();

/** Whether a run of this submission is under way in this process. */
export function isInFlight(id: string): boolean {
  return inFlight.has(id);
}

/**
 * Runs a submission, or joins the run already under way (its progress is reported to this caller too), so
 * one submission is never driven twice at once. Throws what the run throws.
 */
export function driveSubmission(
  vault: Vault,
  id: string,
  client: CyberTipClient,
  options: RunOptions = {},
): Promise<SubmissionStatus> {
  const listener = options.onProgress;
  const running = inFlight.get(id);
  if (running) {
    if (!listener) return running.done;
    running.listeners.add(listener);
    return running.done.finally(() => running.listeners.delete(listener));
  }
  const listeners = new Set(listener ? [listener] : []);
  const done = runSubmission(vault, id, client, {
    ...options,
    onProgress: (status) => {
      for (const each of listeners) each(status);
    },
  }).finally(() => inFlight.delete(id));
  inFlight.set(id, { done, listeners });
  return done;
}

/** What one pass over the outbox did. */
export interface OutboxDrain {
  /** Submissions that finished in this pass. */
  finished: number;
  /** NCMEC could not be reached: the pass stopped there, and the rest waits for the next. */
  unreachable: boolean;
}

/**
 * Tries every submission in the outbox once, oldest first; each finishes, stops for a person, or keeps
 * waiting. Submissions for another endpoint and those already being run, here or by another process, are
 * left alone.
 */
export async function drainOutbox(
  vault: Vault,
  client: CyberTipClient,
  options: RunOptions = {},
): Promise<OutboxDrain> {
  let finished = 0;
  for (const id of outboxSubmissions(vault)) {
    if (isInFlight(id) || loadSubmission(vault, id).endpoint !== client.baseUrl) continue;
    try {
      if ((await driveSubmission(vault, id, client, options)).state === 'finished') finished++;
    } catch (error) {
      if (error instanceof SubmissionWaitingError) return { finished, unreachable: true };
      if (!(error instanceof SubmissionStoppedError || error instanceof SubmissionBusyError)) throw error;
    }
  }
  return { finished, unreachable: false };
}

/** The workstation's lifecycle, as the background outbox follows it. */
export interface UnlockHooks {
  onUnlock(listener: (vault: Vault) => void): () => void;
  onLock(listener: () => void): () => void;
}

export interface BackgroundOutboxOptions {
  /** How often the outbox is tried while a vault is unlocked (default two minutes); 0 turns it off. */
  intervalMs?: number;
  /** Where a pass that failed (not one that found NCMEC unreachable) is reported. */
  onError?: (error: unknown) => void;
  /** Hears every step a background pass saves, as the workstation's `submission.progress` event does. */
  onProgress?: (status: SubmissionStatus) => void;
}

export type DrainResult = { ok: true; drain: OutboxDrain } | { ok: false; error: unknown };

export interface BackgroundOutbox {
  /** Hears every background pass when it ends; returns the way to stop hearing. */
  onDrain(listener: (result: DrainResult) => void): () => void;
  /** Resolves when the next background pass ends. */
  nextDrain(): Promise<DrainResult>;
  /** Stops trying and lets go of the hooks. */
  stop(): void;
}

/**
 * Tries the outbox in the background, one pass at a time, while a vault is unlocked by someone who may
 * submit reports and NCMEC is set up; stops when the vault locks.
 */
export function runOutboxInBackground(
  hooks: UnlockHooks,
  options: BackgroundOutboxOptions = {},
): BackgroundOutbox {
  const every = options.intervalMs ?? 120_000;
  const listeners = new Set<(result: DrainResult) => void>();
  let timer: NodeJS.Timeout | null = null;
  let unlocked: Vault | null = null;
  let draining = false;
  const report = (result: DrainResult) => {
    for (const listener of listeners) listener(result);
  };
  const pass = (vault: Vault) => {
    if (draining || unlocked !== vault || !mayDo(vault.user.role, 'report.submit')) return;
    if (!readNcmecSettings(vault) || outboxSubmissions(vault).length === 0) return;
    draining = true;
    Promise.resolve()
      .then(() =>
        drainOutbox(
          vault,
          configuredClient(vault),
          options.onProgress ? { onProgress: options.onProgress } : {},
        ),
      )
      .then(
        (drain) => report({ ok: true, drain }),
        (error: unknown) => {
          options.onError?.(error);
          report({ ok: false, error });
        },
      )
      .finally(() => {
        draining = false;
      });
  };
  const stopTimer = () => {
    if (timer) clearInterval(timer);
    timer = null;
    unlocked = null;
  };
  const offUnlock = hooks.onUnlock((vault) => {
    stopTimer();
    unlocked = vault;
    if (every > 0) timer = setInterval(() => pass(vault), every).unref();
  });
  const offLock = hooks.onLock(stopTimer);
  const onDrain = (listener: (result: DrainResult) => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  return {
    onDrain,
    nextDrain: () =>
      new Promise((resolve) => {
        const off = onDrain((result) => {
          off();
          resolve(result);
        });
      }),
    stop() {
      stopTimer();
      offUnlock();
      offLock();
    },
  };
}
